package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// accountCreatedView is a new account and, when the server generated it,
// its one-time password (shown once, to be changed at first login).
type accountCreatedView struct {
	Account         domain.Account `json:"account"`
	OneTimePassword string         `json:"one_time_password,omitempty"`
}

// passwordResetView carries the one-time password of a reset.
type passwordResetView struct {
	OneTimePassword string `json:"one_time_password"`
}

// accountStatusInput enables or disables an account.
type accountStatusInput struct {
	Status domain.AccountStatus `json:"status"`
}

// grantsInput replaces an account's roles.
type grantsInput struct {
	Grants []domain.Grant `json:"grants"`
}

func (s *server) listAccounts(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	accts, err := s.svc.Accounts(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]domain.Account, 0, len(accts))
	for _, a := range accts {
		out = append(out, accountJSON(a))
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (s *server) createAccount(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.AccountInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	acct, pw, err := s.svc.CreateAccount(r.Context(), p, in)
	if err != nil {
		return err
	}
	out := accountCreatedView{Account: accountJSON(*acct)}
	if in.Password == "" {
		out.OneTimePassword = pw
	}
	return created(w, fmt.Sprintf("%s/accounts/%d", prefix, acct.ID), out)
}

func (s *server) getAccount(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeAccount(w, r, p, id)
}

// writeAccount answers with the account as it now stands.
func (s *server) writeAccount(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) error {
	a, err := s.svc.Account(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, accountJSON(a))
}

func (s *server) setAccountStatus(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in accountStatusInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.svc.SetAccountStatus(r.Context(), p, id, in.Status); err != nil {
		return err
	}
	return s.writeAccount(w, r, p, id)
}

func (s *server) resetPassword(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pw, err := s.svc.ResetPassword(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, passwordResetView{OneTimePassword: pw})
}

func (s *server) setGrants(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in grantsInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Grants == nil {
		in.Grants = []domain.Grant{}
	}
	if err := s.svc.SetGrants(r.Context(), p, id, in.Grants); err != nil {
		return err
	}
	return s.writeAccount(w, r, p, id)
}

func (s *server) unlockAccount(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Unlock(r.Context(), p, id); err != nil {
		return err
	}
	return s.writeAccount(w, r, p, id)
}
