package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const accountCols = `id, login, person_id, display_name, password_hash, status, lang, must_change_password,
	failed_logins, locked_until, last_login_at, created_at`

func scanAccount(sc interface{ Scan(...any) error }) (domain.Account, error) {
	var a domain.Account
	var person sql.NullInt64
	var locked, last, created nullTime
	err := sc.Scan(&a.ID, &a.Login, &person, &a.DisplayName, &a.PasswordHash, &a.Status, &a.Lang, &a.MustChangePassword,
		&a.FailedLogins, &locked, &last, &created)
	a.PersonID, a.LockedUntil, a.LastLoginAt, a.CreatedAt = person.Int64, locked.T, last.T, created.T
	return a, err
}

// Account returns an account with its grants.
func (r *Reader) Account(ctx context.Context, id domain.ID) (domain.Account, error) {
	a, err := scanAccount(r.q.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return a, notFound("account", id)
	}
	if err != nil {
		return a, wrap("get account", err)
	}
	a.Grants, err = r.grants(ctx, a.ID)
	return a, err
}

// AccountByLogin returns an account by its login name.
func (r *Reader) AccountByLogin(ctx context.Context, login string) (domain.Account, error) {
	a, err := scanAccount(r.q.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE login = $1", login))
	if err == sql.ErrNoRows {
		return a, notFound("account", login)
	}
	if err != nil {
		return a, wrap("get account", err)
	}
	a.Grants, err = r.grants(ctx, a.ID)
	return a, err
}

// Accounts lists every account with its grants.
func (r *Reader) Accounts(ctx context.Context) ([]domain.Account, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+accountCols+" FROM accounts ORDER BY id")
	if err != nil {
		return nil, wrap("list accounts", err)
	}
	var out []domain.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			rows.Close()
			return nil, wrap("scan account", err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	all, err := r.allGrants(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Grants = all[out[i].ID]
	}
	return out, nil
}

// CountAccounts returns how many accounts exist.
func (r *Reader) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts").Scan(&n)
	return n, wrap("count accounts", err)
}

func (r *Reader) grants(ctx context.Context, accountID domain.ID) ([]domain.Grant, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT role, unit_id FROM grants WHERE account_id = $1 ORDER BY role, unit_id", accountID)
	if err != nil {
		return nil, wrap("list grants", err)
	}
	defer rows.Close()
	var out []domain.Grant
	for rows.Next() {
		var g domain.Grant
		if err := rows.Scan(&g.Role, &g.UnitID); err != nil {
			return nil, wrap("scan grant", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (r *Reader) allGrants(ctx context.Context) (map[domain.ID][]domain.Grant, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT account_id, role, unit_id FROM grants ORDER BY account_id, role, unit_id")
	if err != nil {
		return nil, wrap("list grants", err)
	}
	defer rows.Close()
	out := map[domain.ID][]domain.Grant{}
	for rows.Next() {
		var id domain.ID
		var g domain.Grant
		if err := rows.Scan(&id, &g.Role, &g.UnitID); err != nil {
			return nil, wrap("scan grant", err)
		}
		out[id] = append(out[id], g)
	}
	return out, rows.Err()
}

// InsertAccount stores an account with its grants and sets its ID.
func (tx *Tx) InsertAccount(ctx context.Context, a *domain.Account, now time.Time) error {
	tx.MarkAuth()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO accounts (login, person_id, display_name, password_hash, status, lang,
		must_change_password, failed_logins, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,0,$8,$8) RETURNING id`,
		a.Login, nullID(a.PersonID), a.DisplayName, a.PasswordHash, a.Status, a.Lang, a.MustChangePassword, ts(now)).Scan(&a.ID)
	if err != nil {
		return wrap("insert account", err)
	}
	a.CreatedAt = now
	return tx.SetGrants(ctx, a.ID, a.Grants)
}

// UpdateAccount saves an account's profile fields (not its grants or password).
func (tx *Tx) UpdateAccount(ctx context.Context, a domain.Account, now time.Time) error {
	tx.MarkAuth()
	res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET person_id=$1, display_name=$2, status=$3, lang=$4, updated_at=$5 WHERE id=$6`,
		nullID(a.PersonID), a.DisplayName, a.Status, a.Lang, ts(now), a.ID)
	return affected("update account", a.ID, res, err)
}

// SetPassword replaces an account's password hash.
func (tx *Tx) SetPassword(ctx context.Context, id domain.ID, hash string, mustChange bool, now time.Time) error {
	tx.MarkAuth()
	res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET password_hash=$1, must_change_password=$2, failed_logins=0,
		locked_until=NULL, updated_at=$3 WHERE id=$4`, hash, mustChange, ts(now), id)
	return affected("set password", id, res, err)
}

// RecordLogin stores the outcome of a login attempt.
func (tx *Tx) RecordLogin(ctx context.Context, id domain.ID, failed int, lockedUntil, lastLogin time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE accounts SET failed_logins=$1, locked_until=$2,
		last_login_at=COALESCE($3, last_login_at) WHERE id=$4`, failed, ts(lockedUntil), ts(lastLogin), id)
	return affected("record login", id, res, err)
}

// SetGrants replaces an account's grants.
func (tx *Tx) SetGrants(ctx context.Context, id domain.ID, grants []domain.Grant) error {
	tx.MarkAuth()
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM grants WHERE account_id = $1", id); err != nil {
		return wrap("clear grants", err)
	}
	for _, g := range grants {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO grants (account_id, role, unit_id) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
			id, g.Role, g.UnitID); err != nil {
			return wrap("insert grant", err)
		}
	}
	return nil
}

// Session is a server-side login session. The cookie holds a token whose
// SHA-256 is stored; the CSRF token is handed to forms.
type Session struct {
	TokenHash  string
	AccountID  domain.ID
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
}

// InsertSession stores a session.
func (tx *Tx) InsertSession(ctx context.Context, s Session) error {
	tx.MarkAuth()
	_, err := tx.q.ExecContext(ctx, `INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, ip, user_agent)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, s.TokenHash, s.AccountID, s.CSRF, ts(s.CreatedAt), ts(s.LastSeenAt), s.IP, s.UserAgent)
	return wrap("insert session", err)
}

// Session returns a session by token hash.
func (r *Reader) Session(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	var created, seen nullTime
	err := r.q.QueryRowContext(ctx, `SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, ip, user_agent
		FROM sessions WHERE token_hash = $1`, tokenHash).Scan(&s.TokenHash, &s.AccountID, &s.CSRF, &created, &seen, &s.IP, &s.UserAgent)
	s.CreatedAt, s.LastSeenAt = created.T, seen.T
	if err == sql.ErrNoRows {
		return s, notFound("session", "…")
	}
	return s, wrap("get session", err)
}

// TouchSession records activity on a session.
func (tx *Tx) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := tx.q.ExecContext(ctx, "UPDATE sessions SET last_seen_at=$1 WHERE token_hash=$2", ts(at), tokenHash)
	return wrap("touch session", err)
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	tx.MarkAuth()
	_, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash=$1", tokenHash)
	return wrap("delete session", err)
}

// DeleteSessionsOf ends every session of an account.
func (tx *Tx) DeleteSessionsOf(ctx context.Context, accountID domain.ID) error {
	tx.MarkAuth()
	_, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE account_id=$1", accountID)
	return wrap("delete sessions", err)
}

// DeleteIdleSessions removes sessions last seen before cutoff.
func (tx *Tx) DeleteIdleSessions(ctx context.Context, cutoff time.Time) (int64, error) {
	tx.MarkAuth()
	res, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < $1", ts(cutoff))
	if err != nil {
		return 0, wrap("delete idle sessions", err)
	}
	return res.RowsAffected()
}

// APIToken is a bearer token for integrations; only its hash is stored.
type APIToken struct {
	ID         domain.ID `json:"id"`
	AccountID  domain.ID `json:"account_id"`
	Name       string    `json:"name"`
	TokenHash  string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// InsertAPIToken stores a token and sets its ID.
func (tx *Tx) InsertAPIToken(ctx context.Context, t *APIToken) error {
	tx.MarkAuth()
	err := tx.q.QueryRowContext(ctx, "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1,$2,$3,$4) RETURNING id",
		t.AccountID, t.Name, t.TokenHash, ts(t.CreatedAt)).Scan(&t.ID)
	return wrap("insert api token", err)
}

const tokenCols = "id, account_id, name, token_hash, created_at, last_used_at, revoked_at"

func scanToken(sc interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var c, u, rv nullTime
	err := sc.Scan(&t.ID, &t.AccountID, &t.Name, &t.TokenHash, &c, &u, &rv)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = c.T, u.T, rv.T
	return t, err
}

// APITokenByHash returns an unrevoked token by hash.
func (r *Reader) APITokenByHash(ctx context.Context, hash string) (APIToken, error) {
	t, err := scanToken(r.q.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", hash))
	if err == sql.ErrNoRows {
		return t, notFound("api token", "…")
	}
	return t, wrap("get api token", err)
}

// APITokens lists an account's tokens.
func (r *Reader) APITokens(ctx context.Context, accountID domain.ID) ([]APIToken, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE account_id = $1 ORDER BY id", accountID)
	if err != nil {
		return nil, wrap("list api tokens", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, wrap("scan api token", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of an account's tokens.
func (tx *Tx) RevokeAPIToken(ctx context.Context, accountID, id domain.ID, at time.Time) error {
	tx.MarkAuth()
	res, err := tx.q.ExecContext(ctx, "UPDATE api_tokens SET revoked_at=$1 WHERE id=$2 AND account_id=$3 AND revoked_at IS NULL", ts(at), id, accountID)
	return affected("revoke api token", id, res, err)
}

// TouchAPIToken records a token's use.
func (tx *Tx) TouchAPIToken(ctx context.Context, id domain.ID, at time.Time) error {
	_, err := tx.q.ExecContext(ctx, "UPDATE api_tokens SET last_used_at=$1 WHERE id=$2", ts(at), id)
	return wrap("touch api token", err)
}

// Setting returns a stored setting, or "" if unset.
func (r *Reader) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, wrap("get setting", err)
}

// PutSetting stores a setting.
func (tx *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := tx.q.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1,$2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return wrap("put setting", err)
}
