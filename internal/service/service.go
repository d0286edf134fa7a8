// Package service is where luoshi's operations live: every read is scoped
// by the org tree, every change of state runs in one transaction with its
// audit record, and every refusal is a domain error in the user's language.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/textsearch"
)

// Config holds the policies the service enforces.
type Config struct {
	// Now is the clock (LUOSHI_NOW pins it); nil means time.Now.
	Now func() time.Time
	// Location is the deployment's time zone (China Standard Time).
	Location *time.Location
	// PasswordParams are argon2id's costs.
	PasswordParams auth.Params
	// MaxFailedLogins within a row lock the account for LockoutFor.
	MaxFailedLogins int
	LockoutFor      time.Duration
	// IdleTimeout ends sessions without activity.
	IdleTimeout time.Duration
	// MaxFileBytes limits one evidence file; MaxFilesPerReport their number.
	MaxFileBytes      int64
	MaxFilesPerReport int
	Logger            *slog.Logger
}

// Defaults fills unset fields with the product's defaults.
func (c Config) Defaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Location == nil {
		c.Location = time.FixedZone("CST", 8*3600)
	}
	if c.PasswordParams.Memory == 0 {
		c.PasswordParams = auth.DefaultParams
	}
	if c.MaxFailedLogins == 0 {
		c.MaxFailedLogins = 5
	}
	if c.LockoutFor == 0 {
		c.LockoutFor = 15 * time.Minute
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.MaxFileBytes == 0 {
		c.MaxFileBytes = 20 << 20
	}
	if c.MaxFilesPerReport == 0 {
		c.MaxFilesPerReport = 10
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Service runs luoshi's operations.
type Service struct {
	db     *store.DB
	models *readmodel.Cache
	norm   *textsearch.Normalizer
	cfg    Config
	// sessions and tokens cache resolved sessions and API tokens by token
	// hash (see Authenticate and AuthenticateToken).
	sessions, tokens sync.Map
	// hashing bounds concurrent password checks (see checkPassword).
	hashing chan struct{}
	// ntf is the notification service's state (see notifier in notify.go).
	ntfOnce sync.Once
	ntf     notifier
	// caseRules are the case rules last read, with their audit sequence
	// (see caseSettingsAt).
	caseRules atomic.Pointer[seqCaseSettings]
	// caseLists are the case listings read at the current audit sequence.
	caseLists caseLists
	// unread are the accounts' unread notification counts (see UnreadCount).
	unread unreadCounts
}

// New returns a service over db.
func New(db *store.DB, models *readmodel.Cache, norm *textsearch.Normalizer, cfg Config) *Service {
	return &Service{db: db, models: models, norm: norm, cfg: cfg.Defaults(),
		hashing: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
}

// Now returns the service clock's time.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// Today returns the current date in the deployment's time zone.
func (s *Service) Today() domain.Date { return domain.DateOf(s.cfg.Now().In(s.cfg.Location)) }

// Location returns the deployment's time zone.
func (s *Service) Location() *time.Location { return s.cfg.Location }

// Normalizer returns the search normaliser.
func (s *Service) Normalizer() *textsearch.Normalizer { return s.norm }

// DB returns the store, for the few callers (health checks, benchmarks)
// that need it directly.
func (s *Service) DB() *store.DB { return s.db }

// Model returns the current read model.
func (s *Service) Model(ctx context.Context) (*readmodel.Model, error) {
	h, err := s.Heads(ctx)
	if err != nil {
		return nil, err
	}
	return s.models.GetAt(ctx, h.Seq)
}

// Config returns the service's policies.
func (s *Service) Config() Config { return s.cfg }

// Principal is who is asking: an account (from a session or an API token),
// or the local operator running a command.
type Principal struct {
	Account domain.Account
	IP      string
	// System is the operator at the command line: trusted, audited as such.
	System bool
}

// SystemPrincipal returns the command-line operator.
func SystemPrincipal(name string) *Principal {
	if name == "" {
		name = "cli"
	}
	return &Principal{Account: domain.Account{Login: name}, System: true}
}

func (p *Principal) actor() store.Actor {
	login := p.Account.Login
	if p.System {
		login = "system:" + login
	}
	return store.Actor{ID: p.Account.ID, Login: login, IP: p.IP}
}

// Has reports whether p holds role r (the system operator holds none).
func (p *Principal) Has(r domain.Role) bool { return !p.System && p.Account.Has(r) }

// printer returns the request's message printer.
func printer(ctx context.Context) *i18n.Printer { return i18n.From(ctx) }

// invalid returns a bad-input error about a field.
func invalid(ctx context.Context, field, key string, args ...any) error {
	return &domain.Error{Kind: domain.KindInvalid, Field: field, Message: printer(ctx).T(key, args...)}
}

func notFound(ctx context.Context, key string, args ...any) error {
	return &domain.Error{Kind: domain.KindNotFound, Message: printer(ctx).T(key, args...)}
}

func forbidden(ctx context.Context) error {
	return &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("err.forbidden")}
}

func conflict(ctx context.Context, key string, args ...any) error {
	return &domain.Error{Kind: domain.KindConflict, Message: printer(ctx).T(key, args...)}
}

// fromStore turns store sentinels into user-facing errors; whatKey names the
// thing in messages ("task", "unit", …).
func fromStore(ctx context.Context, err error, whatKey string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return &domain.Error{Kind: domain.KindNotFound, Message: printer(ctx).T("err.not_found", printer(ctx).T(whatKey)), Err: err}
	case errors.Is(err, store.ErrDuplicate):
		return &domain.Error{Kind: domain.KindConflict, Message: printer(ctx).T("err.duplicate", printer(ctx).T(whatKey)), Err: err}
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return fmt.Errorf("%s: %w", whatKey, err)
}

// update runs fn in a write transaction.
func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	return s.db.Update(ctx, fn)
}

// audit records a change made by p.
func (s *Service) audit(ctx context.Context, tx *store.Tx, p *Principal, c store.Change) (int64, error) {
	return tx.Audit(ctx, p.actor(), s.Now(), c)
}

// scope returns what p may see in model m.
func (s *Service) scope(p *Principal, m *readmodel.Model) readmodel.Scope {
	if p.System {
		return readmodel.Scope{All: true}
	}
	return m.ScopeFor(p.Account.Grants, p.Account.PersonID, s.Today())
}

// Scope returns what p may see now.
func (s *Service) Scope(ctx context.Context, p *Principal) (readmodel.Scope, *readmodel.Model, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return readmodel.Scope{}, nil, err
	}
	return s.scope(p, m), m, nil
}

// requireAny fails unless p is the system operator or holds one of roles.
func requireAny(ctx context.Context, p *Principal, roles ...domain.Role) error {
	if p == nil {
		return &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if p.System {
		return nil
	}
	for _, r := range roles {
		if p.Account.Has(r) {
			return nil
		}
	}
	return forbidden(ctx)
}

// unitsWith returns the unit subtrees in which p holds role r.
func unitsWith(m *readmodel.Model, p *Principal, r domain.Role) map[domain.ID]bool {
	out := map[domain.ID]bool{}
	for _, g := range p.Account.Grants {
		if g.Role != r {
			continue
		}
		if g.UnitID == 0 {
			for _, u := range m.Units {
				out[u.ID] = true
			}
			continue
		}
		for id := range m.Subtree(g.UnitID) {
			out[id] = true
		}
	}
	return out
}

// officeCovers reports whether p is an office whose scope includes every
// one of the given units (the system operator covers all).
func officeCovers(m *readmodel.Model, p *Principal, units ...domain.ID) bool {
	if p.System {
		return true
	}
	in := unitsWith(m, p, domain.RoleOffice)
	if len(in) == 0 {
		return false
	}
	for _, id := range units {
		if !in[id] {
			return false
		}
	}
	return true
}
