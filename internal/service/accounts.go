package service

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// BootstrapResult lists the admin accounts created at first start with
// their one-time passwords.
type BootstrapResult struct {
	Created []Credential
}

// Credential is a login and the password to hand over once.
type Credential struct {
	Login    string
	Role     domain.Role
	Password string
}

// EnsureAdmins creates the three separated admin accounts (sysadmin,
// secadmin, auditor) when they do not exist. With password set, all three
// get it; otherwise each gets a random one-time password that must be
// changed at first login.
func (s *Service) EnsureAdmins(ctx context.Context, password string) (*BootstrapResult, error) {
	res := &BootstrapResult{}
	admins := []struct {
		login string
		role  domain.Role
		name  string
	}{
		{domain.LoginSysAdmin, domain.RoleSysAdmin, "admin.sysadmin"},
		{domain.LoginSecAdmin, domain.RoleSecAdmin, "admin.secadmin"},
		{domain.LoginAuditor, domain.RoleAuditor, "admin.auditor"},
	}
	sys := SystemPrincipal("bootstrap")
	for _, a := range admins {
		_, err := s.db.Read().AccountByLogin(ctx, a.login)
		if err == nil {
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		pw, mustChange := password, false
		if pw == "" {
			pw, mustChange = auth.OneTimePassword(16), true
		}
		hash, err := auth.HashPassword(pw, s.cfg.PasswordParams)
		if err != nil {
			return nil, err
		}
		acct := domain.Account{Login: a.login, DisplayName: printer(ctx).T(a.name), Status: domain.AccountActive,
			MustChangePassword: mustChange, PasswordHash: hash, Grants: []domain.Grant{{Role: a.role}}}
		err = s.update(ctx, func(tx *store.Tx) error {
			if err := tx.InsertAccount(ctx, &acct, s.Now()); err != nil {
				return err
			}
			_, err := s.audit(ctx, tx, sys, store.Change{Action: "account.create", Entity: "account", EntityID: acct.ID, After: acct})
			return err
		})
		if err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				continue // another instance created it at the same moment
			}
			return nil, err
		}
		res.Created = append(res.Created, Credential{Login: a.login, Role: a.role, Password: pw})
	}
	return res, nil
}

var loginPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$`)

// AccountInput is what the system admin gives for a new account.
type AccountInput struct {
	Login       string    `json:"login"`
	DisplayName string    `json:"display_name"`
	PersonID    domain.ID `json:"person_id"`
	// Password is optional: a one-time password is generated when empty.
	Password string `json:"password,omitempty"`
}

// CreateAccount creates an account without roles (the security admin grants
// them). Only the system admin (or the operator) may do it.
func (s *Service) CreateAccount(ctx context.Context, p *Principal, in AccountInput) (*domain.Account, string, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, "", err
	}
	in.Login = strings.TrimSpace(in.Login)
	if !loginPattern.MatchString(in.Login) {
		return nil, "", invalid(ctx, "login", "err.account.login_format")
	}
	if in.PersonID != 0 {
		if _, err := s.db.Read().Person(ctx, in.PersonID); err != nil {
			return nil, "", fromStore(ctx, err, "thing.person")
		}
	}
	pw, mustChange := in.Password, true
	if pw == "" {
		pw = auth.OneTimePassword(16)
	} else if key := auth.CheckStrength(pw, in.Login); key != "" {
		return nil, "", invalid(ctx, "password", key)
	}
	hash, err := auth.HashPassword(pw, s.cfg.PasswordParams)
	if err != nil {
		return nil, "", err
	}
	acct := domain.Account{Login: in.Login, DisplayName: strings.TrimSpace(in.DisplayName), PersonID: in.PersonID,
		Status: domain.AccountActive, MustChangePassword: mustChange, PasswordHash: hash}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(ctx, &acct, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.account.login_taken", in.Login)
			}
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.create", Entity: "account", EntityID: acct.ID, After: acct})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return &acct, pw, nil
}

// SetAccountStatus enables or disables an account (system admin). A
// disabled account's sessions end at once.
func (s *Service) SetAccountStatus(ctx context.Context, p *Principal, id domain.ID, st domain.AccountStatus) error {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return err
	}
	if st != domain.AccountActive && st != domain.AccountDisabled {
		return invalid(ctx, "status", "err.invalid_value", printer(ctx).T("field.status"))
	}
	if !p.System && id == p.Account.ID {
		return invalid(ctx, "status", "err.account.self")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		before, err := tx.Account(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.account")
		}
		after := before
		after.Status = st
		if err := tx.UpdateAccount(ctx, after, s.Now()); err != nil {
			return err
		}
		if st == domain.AccountDisabled {
			if err := tx.DeleteSessionsOf(ctx, id); err != nil {
				return err
			}
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "account.status", Entity: "account", EntityID: id,
			Before: map[string]any{"status": before.Status}, After: map[string]any{"status": st}})
		return err
	})
}

// ResetPassword gives an account a new one-time password (system admin).
func (s *Service) ResetPassword(ctx context.Context, p *Principal, id domain.ID) (string, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return "", err
	}
	pw := auth.OneTimePassword(16)
	hash, err := auth.HashPassword(pw, s.cfg.PasswordParams)
	if err != nil {
		return "", err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, id, hash, true, s.Now()); err != nil {
			return fromStore(ctx, err, "thing.account")
		}
		if err := tx.DeleteSessionsOf(ctx, id); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.password_reset", Entity: "account", EntityID: id})
		return err
	})
	return pw, err
}

// SetPasswordAsOperator sets an account's password from the command line.
func (s *Service) SetPasswordAsOperator(ctx context.Context, p *Principal, login, password string, mustChange bool) error {
	if !p.System {
		return forbidden(ctx)
	}
	acct, err := s.db.Read().AccountByLogin(ctx, login)
	if err != nil {
		return fromStore(ctx, err, "thing.account")
	}
	if key := auth.CheckStrength(password, login); key != "" {
		return invalid(ctx, "password", key)
	}
	hash, err := auth.HashPassword(password, s.cfg.PasswordParams)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, acct.ID, hash, mustChange, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.password_reset", Entity: "account", EntityID: acct.ID})
		return err
	})
}

// SetGrants replaces an account's roles (security admin). The three admin
// roles are never granted here: each belongs to its own bootstrap account,
// and an admin account holds no other role, so no one can do another's job.
func (s *Service) SetGrants(ctx context.Context, p *Principal, id domain.ID, grants []domain.Grant) error {
	if err := requireAny(ctx, p, domain.RoleSecAdmin); err != nil {
		return err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	for _, g := range grants {
		if !g.Role.Valid() {
			return invalid(ctx, "role", "err.invalid_value", printer(ctx).T("field.role"))
		}
		if g.Role.IsAdmin() && !p.System {
			return invalid(ctx, "role", "err.grant.admin_role")
		}
		if g.Role.NeedsUnit() && g.UnitID == 0 {
			return invalid(ctx, "unit_id", "err.grant.needs_unit", printer(ctx).T("role."+string(g.Role)))
		}
		if g.UnitID != 0 && m.Unit(g.UnitID) == nil {
			return notFound(ctx, "err.not_found", printer(ctx).T("thing.unit"))
		}
	}
	return s.update(ctx, func(tx *store.Tx) error {
		before, err := tx.Account(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.account")
		}
		if isAdminAccount(before) && !p.System {
			return invalid(ctx, "role", "err.grant.admin_account")
		}
		if err := tx.SetGrants(ctx, id, grants); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "account.grants", Entity: "account", EntityID: id, Before: before.Grants, After: grants})
		return err
	})
}

func isAdminAccount(a domain.Account) bool {
	for _, g := range a.Grants {
		if g.Role.IsAdmin() {
			return true
		}
	}
	return false
}

// Unlock clears a lockout (security admin).
func (s *Service) Unlock(ctx context.Context, p *Principal, id domain.ID) error {
	if err := requireAny(ctx, p, domain.RoleSecAdmin); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Account(ctx, id); err != nil {
			return fromStore(ctx, err, "thing.account")
		}
		if err := tx.RecordLogin(ctx, id, 0, time.Time{}, time.Time{}); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.unlock", Entity: "account", EntityID: id})
		return err
	})
}

// Accounts lists accounts for the system and security admins.
func (s *Service) Accounts(ctx context.Context, p *Principal) ([]domain.Account, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin, domain.RoleSecAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().Accounts(ctx)
}

// Account returns one account for the admins, or p's own.
func (s *Service) Account(ctx context.Context, p *Principal, id domain.ID) (domain.Account, error) {
	if p.System || id == p.Account.ID || p.Has(domain.RoleSysAdmin) || p.Has(domain.RoleSecAdmin) {
		a, err := s.db.Read().Account(ctx, id)
		return a, fromStore(ctx, err, "thing.account")
	}
	return domain.Account{}, forbidden(ctx)
}
