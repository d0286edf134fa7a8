package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// Session is a logged-in browser session.
type Session struct {
	Token     string // only returned at login; the cookie value
	CSRF      string
	Principal *Principal
}

// dummyHash lets a login for an unknown account cost what a real one costs.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wb3Ydw4S3Y6jHk5m7dYJ5gYkH0jB2b1vK1m8pN3oWkA"

// checkCredentials verifies a login and password with the lockout rules:
// five failures in a row lock the account for fifteen minutes. Every
// failure is audited.
func (s *Service) checkCredentials(ctx context.Context, login, password, ip string) (*Principal, error) {
	login = strings.TrimSpace(login)
	bad := &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login.bad")}
	acct, err := s.db.Read().AccountByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		s.checkPassword(ctx, password, dummyHash)
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if acct.LockedUntil.After(now) {
		return nil, &domain.Error{Kind: domain.KindLocked, Message: printer(ctx).T("err.login.locked", acct.LockedUntil.In(s.cfg.Location).Format("15:04"))}
	}
	ok, err := s.checkPassword(ctx, password, acct.PasswordHash)
	if err != nil {
		return nil, err
	}
	p := &Principal{Account: acct, IP: ip}
	if !ok {
		failed := acct.FailedLogins + 1
		var until time.Time
		action := "auth.login_failed"
		if failed >= s.cfg.MaxFailedLogins {
			until, failed, action = now.Add(s.cfg.LockoutFor), 0, "auth.locked"
		}
		err := s.update(ctx, func(tx *store.Tx) error {
			if err := tx.RecordLogin(ctx, acct.ID, failed, until, time.Time{}); err != nil {
				return err
			}
			_, err := s.audit(ctx, tx, p, store.Change{Action: action, Entity: "account", EntityID: acct.ID,
				After: map[string]any{"failed_logins": acct.FailedLogins + 1, "locked_until": until}})
			return err
		})
		if err != nil {
			return nil, err
		}
		if !until.IsZero() {
			return nil, &domain.Error{Kind: domain.KindLocked, Message: printer(ctx).T("err.login.locked", until.In(s.cfg.Location).Format("15:04"))}
		}
		return nil, bad
	}
	if acct.Status != domain.AccountActive {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login.disabled")}
	}
	return p, nil
}

// Login checks a password and opens a browser session.
func (s *Service) Login(ctx context.Context, login, password, ip, userAgent string) (*Session, error) {
	p, err := s.checkCredentials(ctx, login, password, ip)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	sess := &Session{Token: auth.Token(32), CSRF: auth.Token(24), Principal: p}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.RecordLogin(ctx, p.Account.ID, 0, time.Time{}, now); err != nil {
			return err
		}
		if err := tx.InsertSession(ctx, store.Session{TokenHash: auth.HashToken(sess.Token), AccountID: p.Account.ID, CSRF: sess.CSRF,
			CreatedAt: now, LastSeenAt: now, IP: ip, UserAgent: truncate(userAgent, 200)}); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "auth.login", Entity: "account", EntityID: p.Account.ID})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// TokenLogin checks a password (with the same lockout) and issues a named
// API token, for integrations that start from credentials.
func (s *Service) TokenLogin(ctx context.Context, login, password, name, ip string) (*APITokenCreated, error) {
	p, err := s.checkCredentials(ctx, login, password, ip)
	if err != nil {
		return nil, err
	}
	if p.Account.MustChangePassword {
		return nil, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("err.password.must_change")}
	}
	if strings.TrimSpace(name) == "" {
		name = "api"
	}
	return s.CreateAPIToken(ctx, p, name)
}

// touchEvery limits session activity writes to one a minute per session.
const touchEvery = time.Minute

// cachedSession is a resolved session, valid while nothing has changed
// accounts, roles, sessions or tokens (the audit head's auth sequence):
// every logout, password, role or account change moves it.
type cachedSession struct {
	seq       int64
	sess      store.Session
	acct      domain.Account
	lastTouch time.Time
}

type headKey struct{}

// WithHeads returns ctx carrying the audit head read for this request, so
// that the session check and the read model share one read.
func WithHeads(ctx context.Context, h store.Heads) context.Context {
	return context.WithValue(ctx, headKey{}, h)
}

// headMaxAge bounds how stale a page may be about another instance's
// writes; this instance's own writes are always seen at once.
const headMaxAge = 100 * time.Millisecond

// Heads returns the audit head (or the one ctx carries).
func (s *Service) Heads(ctx context.Context) (store.Heads, error) {
	if h, ok := ctx.Value(headKey{}).(store.Heads); ok {
		return h, nil
	}
	return s.db.RecentHeads(ctx, headMaxAge)
}

// Authenticate resolves a session cookie. Sessions idle past the timeout
// are ended.
func (s *Service) Authenticate(ctx context.Context, token, ip string) (*Session, error) {
	unauth := &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	if token == "" {
		return nil, unauth
	}
	hash := auth.HashToken(token)
	heads, err := s.Heads(ctx)
	if err != nil {
		return nil, err
	}
	seq := heads.Auth
	now := s.Now()
	var cs *cachedSession
	if v, ok := s.sessions.Load(hash); ok {
		c := v.(*cachedSession)
		if c.seq == seq && now.Sub(c.sess.LastSeenAt) <= s.cfg.IdleTimeout {
			cs = c
		}
	}
	if cs == nil {
		sess, err := s.db.Read().Session(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			s.sessions.Delete(hash)
			return nil, unauth
		}
		if err != nil {
			return nil, err
		}
		if now.Sub(sess.LastSeenAt) > s.cfg.IdleTimeout {
			s.sessions.Delete(hash)
			s.update(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, hash) })
			return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.session_expired")}
		}
		acct, err := s.db.Read().Account(ctx, sess.AccountID)
		if err != nil || acct.Status != domain.AccountActive {
			return nil, unauth
		}
		cs = &cachedSession{seq: seq, sess: sess, acct: acct, lastTouch: sess.LastSeenAt}
		s.sessions.Store(hash, cs)
	}
	if now.Sub(cs.lastTouch) > touchEvery {
		if err := s.update(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, hash, now) }); err != nil {
			return nil, err
		}
		next := *cs
		next.lastTouch, next.sess.LastSeenAt = now, now
		s.sessions.Store(hash, &next)
		cs = &next
	}
	acct := cs.acct
	return &Session{CSRF: cs.sess.CSRF, Principal: &Principal{Account: acct, IP: ip}}, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string, p *Principal) error {
	s.sessions.Delete(auth.HashToken(token))
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, auth.HashToken(token)); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "auth.logout", Entity: "account", EntityID: p.Account.ID})
		return err
	})
}

// ChangePassword lets an account replace its own password.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string) error {
	acct, err := s.db.Read().Account(ctx, p.Account.ID)
	if err != nil {
		return fromStore(ctx, err, "thing.account")
	}
	if ok, _ := s.checkPassword(ctx, current, acct.PasswordHash); !ok {
		return invalid(ctx, "current", "err.password.current")
	}
	if key := auth.CheckStrength(next, acct.Login); key != "" {
		return invalid(ctx, "new", key)
	}
	if next == current {
		return invalid(ctx, "new", "err.password.same")
	}
	hash, err := auth.HashPassword(next, s.cfg.PasswordParams)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, acct.ID, hash, false, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.password_change", Entity: "account", EntityID: acct.ID})
		return err
	})
}

// APITokenCreated is a new token; Token is shown once and never stored.
type APITokenCreated struct {
	store.APIToken
	Token string `json:"token"`
}

// CreateAPIToken issues a bearer token acting as p for integrations.
func (s *Service) CreateAPIToken(ctx context.Context, p *Principal, name string) (*APITokenCreated, error) {
	if p.System {
		return nil, forbidden(ctx)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, invalid(ctx, "name", "err.required", printer(ctx).T("field.token_name"))
	}
	tok := "lst_" + auth.Token(32)
	out := &APITokenCreated{APIToken: store.APIToken{AccountID: p.Account.ID, Name: truncate(name, 100), TokenHash: auth.HashToken(tok), CreatedAt: s.Now()}, Token: tok}
	err := s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAPIToken(ctx, &out.APIToken); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "token.create", Entity: "api_token", EntityID: out.ID, After: out.APIToken})
		return err
	})
	return out, err
}

// APITokens lists p's tokens.
func (s *Service) APITokens(ctx context.Context, p *Principal) ([]store.APIToken, error) {
	return s.db.Read().APITokens(ctx, p.Account.ID)
}

// RevokeAPIToken revokes one of p's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, p *Principal, id domain.ID) error {
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(ctx, p.Account.ID, id, s.Now()); err != nil {
			return fromStore(ctx, err, "thing.api_token")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "token.revoke", Entity: "api_token", EntityID: id})
		return err
	})
}

// cachedToken is a resolved API token, valid like a cachedSession.
type cachedToken struct {
	seq       int64
	tok       store.APIToken
	acct      domain.Account
	lastTouch time.Time
}

// AuthenticateToken resolves a bearer token.
func (s *Service) AuthenticateToken(ctx context.Context, token, ip string) (*Principal, error) {
	unauth := &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.token.bad")}
	if token == "" {
		return nil, unauth
	}
	hash := auth.HashToken(token)
	heads, err := s.Heads(ctx)
	if err != nil {
		return nil, err
	}
	var ct *cachedToken
	if v, ok := s.tokens.Load(hash); ok && v.(*cachedToken).seq == heads.Auth {
		ct = v.(*cachedToken)
	}
	if ct == nil {
		t, err := s.db.Read().APITokenByHash(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			s.tokens.Delete(hash)
			return nil, unauth
		}
		if err != nil {
			return nil, err
		}
		acct, err := s.db.Read().Account(ctx, t.AccountID)
		if err != nil || acct.Status != domain.AccountActive {
			return nil, unauth
		}
		ct = &cachedToken{seq: heads.Auth, tok: t, acct: acct, lastTouch: t.LastUsedAt}
		s.tokens.Store(hash, ct)
	}
	now := s.Now()
	if now.Sub(ct.lastTouch) > touchEvery {
		next := *ct
		next.lastTouch = now
		s.tokens.Store(hash, &next)
		s.update(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, ct.tok.ID, now) })
	}
	return &Principal{Account: ct.acct, IP: ip}, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// SetLanguage stores an account's preferred language (zh-Hans, zh-Hant, en).
func (s *Service) SetLanguage(ctx context.Context, p *Principal, lang string) error {
	if p.System || p.Account.Lang == lang {
		return nil
	}
	acct, err := s.db.Read().Account(ctx, p.Account.ID)
	if err != nil {
		return fromStore(ctx, err, "thing.account")
	}
	before := acct.Lang
	acct.Lang = lang
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateAccount(ctx, acct, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "account.lang", Entity: "account", EntityID: acct.ID,
			Before: map[string]any{"lang": before}, After: map[string]any{"lang": lang}})
		return err
	})
}

// checkPassword verifies a password, at most a few at a time: each argon2id
// check takes its memory cost in RAM, so a crowd of logins waits its turn
// instead of multiplying the server's memory.
func (s *Service) checkPassword(ctx context.Context, password, hash string) (bool, error) {
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.hashing }()
	return auth.CheckPassword(password, hash)
}
