package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const notificationCols = `id, account_id, kind, subject, body, link, dedupe_key, created_at, read_at, digest_pending`

func scanNotification(sc scanner) (domain.Notification, error) {
	var n domain.Notification
	var created, read nullTime
	err := sc.Scan(&n.ID, &n.AccountID, &n.Kind, &n.Subject, &n.Body, &n.Link, &n.Key, &created, &read, &n.DigestPending)
	n.CreatedAt, n.ReadAt = created.T, read.T
	return n, err
}

// InsertNotification stores a notification and sets its ID. It reports
// false, and stores nothing, when the recipient already has one with the
// same key.
func (tx *Tx) InsertNotification(ctx context.Context, n *domain.Notification) (bool, error) {
	err := tx.queryRow(ctx, `INSERT INTO notifications (account_id, kind, subject, body, link, dedupe_key, created_at, digest_pending)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (account_id, dedupe_key) DO NOTHING RETURNING id`,
		n.AccountID, n.Kind, n.Subject, n.Body, n.Link, n.Key, ts(n.CreatedAt), n.DigestPending).Scan(&n.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("insert notification", err)
	}
	return true, nil
}

// NotificationFilter narrows an inbox listing.
type NotificationFilter struct {
	UnreadOnly bool
	Limit      int
	Offset     int
}

// Notifications lists an account's inbox, newest first.
func (r *Reader) Notifications(ctx context.Context, accountID domain.ID, f NotificationFilter) ([]domain.Notification, error) {
	q := "SELECT " + notificationCols + " FROM notifications WHERE account_id = $1"
	if f.UnreadOnly {
		q += " AND read_at IS NULL"
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
	return collect(ctx, r.q, "list notifications", q, []any{accountID}, scanNotification)
}

// CountNotifications counts an account's notifications (or its unread ones).
func (r *Reader) CountNotifications(ctx context.Context, accountID domain.ID, unreadOnly bool) (int, error) {
	q := "SELECT COUNT(*) FROM notifications WHERE account_id = $1"
	if unreadOnly {
		q += " AND read_at IS NULL"
	}
	var n int
	err := r.q.QueryRowContext(ctx, q, accountID).Scan(&n)
	return n, wrap("count notifications", err)
}

// Notification returns one of an account's notifications; another
// account's is not found.
func (r *Reader) Notification(ctx context.Context, accountID, id domain.ID) (domain.Notification, error) {
	n, err := scanNotification(r.q.QueryRowContext(ctx, "SELECT "+notificationCols+" FROM notifications WHERE id = $1 AND account_id = $2", id, accountID))
	if errors.Is(err, sql.ErrNoRows) {
		return n, notFound("notification", id)
	}
	return n, wrap("get notification", err)
}

// MarkNotificationRead marks one of an account's notifications read (the
// first reading counts); another account's is not found.
func (tx *Tx) MarkNotificationRead(ctx context.Context, accountID, id domain.ID, at time.Time) error {
	res, err := tx.exec(ctx, "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND account_id = $3", ts(at), id, accountID)
	return affected("mark notification read", id, res, err)
}

// MarkAllNotificationsRead marks every unread notification of an account
// read and returns how many there were.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context, accountID domain.ID, at time.Time) (int64, error) {
	res, err := tx.exec(ctx, "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL", ts(at), accountID)
	return rowsChanged("mark all read", res, err)
}

// DigestAccounts lists the accounts with notifications created up to
// before that wait for a digest.
func (r *Reader) DigestAccounts(ctx context.Context, before time.Time) ([]domain.ID, error) {
	return collect(ctx, r.q, "digest accounts", `SELECT DISTINCT account_id FROM notifications WHERE digest_pending AND created_at <= $1
		ORDER BY account_id`, []any{ts(before)}, func(sc scanner) (domain.ID, error) {
		var id domain.ID
		return id, sc.Scan(&id)
	})
}

// PendingDigest lists an account's notifications created up to before that
// wait for a digest, oldest first.
func (r *Reader) PendingDigest(ctx context.Context, accountID domain.ID, before time.Time) ([]domain.Notification, error) {
	return collect(ctx, r.q, "pending digest", "SELECT "+notificationCols+` FROM notifications
		WHERE account_id = $1 AND digest_pending AND created_at <= $2 ORDER BY id`, []any{accountID, ts(before)}, scanNotification)
}

// ClearDigestPending marks notifications as gathered into a digest.
func (tx *Tx) ClearDigestPending(ctx context.Context, ids []domain.ID) error {
	for start := 0; start < len(ids); start += batchRows {
		chunk := ids[start:min(start+batchRows, len(ids))]
		ph := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			ph[i], args[i] = fmt.Sprintf("$%d", i+1), id
		}
		if _, err := tx.q.ExecContext(ctx, "UPDATE notifications SET digest_pending = FALSE WHERE id IN ("+strings.Join(ph, ",")+")", args...); err != nil {
			return wrap("clear digest", err)
		}
	}
	return nil
}

// NotifyPrefs returns an account's saved choices; false when it has none.
func (r *Reader) NotifyPrefs(ctx context.Context, accountID domain.ID) (domain.NotifyPrefs, bool, error) {
	var p domain.NotifyPrefs
	var channels string
	err := r.q.QueryRowContext(ctx, "SELECT channels, digest FROM notify_prefs WHERE account_id = $1", accountID).Scan(&channels, &p.Digest)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, wrap("get notify prefs", err)
	}
	p.Channels = []domain.Channel{}
	for _, c := range strings.Split(channels, ",") {
		if c != "" {
			p.Channels = append(p.Channels, domain.Channel(c))
		}
	}
	return p, true, nil
}

// PutNotifyPrefs saves an account's choices.
func (tx *Tx) PutNotifyPrefs(ctx context.Context, accountID domain.ID, p domain.NotifyPrefs, now time.Time) error {
	cs := make([]string, len(p.Channels))
	for i, c := range p.Channels {
		cs[i] = string(c)
	}
	_, err := tx.exec(ctx, `INSERT INTO notify_prefs (account_id, channels, digest, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id) DO UPDATE SET channels = excluded.channels, digest = excluded.digest, updated_at = excluded.updated_at`,
		accountID, strings.Join(cs, ","), p.Digest, ts(now))
	return wrap("put notify prefs", err)
}

// ChannelRow is a channel's stored settings; Config is JSON with secrets.
type ChannelRow struct {
	Channel   domain.Channel
	Enabled   bool
	Config    string
	UpdatedAt time.Time
}

// NotifyChannels returns the stored channel settings.
func (r *Reader) NotifyChannels(ctx context.Context) ([]ChannelRow, error) {
	return collect(ctx, r.q, "notify channels", "SELECT channel, enabled, config, updated_at FROM notify_channels ORDER BY channel", nil,
		func(sc scanner) (ChannelRow, error) {
			var c ChannelRow
			var at nullTime
			err := sc.Scan(&c.Channel, &c.Enabled, &c.Config, &at)
			c.UpdatedAt = at.T
			return c, err
		})
}

// PutNotifyChannel saves a channel's settings.
func (tx *Tx) PutNotifyChannel(ctx context.Context, c ChannelRow, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO notify_channels (channel, enabled, config, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel) DO UPDATE SET enabled = excluded.enabled, config = excluded.config, updated_at = excluded.updated_at`,
		string(c.Channel), c.Enabled, c.Config, ts(now))
	return wrap("put notify channel", err)
}

// Contact is where an account's messages go.
type Contact struct {
	AccountID domain.ID
	Login     string
	Name      string
	Email     string
	Phone     string
	Lang      string
	Active    bool
}

// Contact returns an account's name, language and its person's addresses.
func (r *Reader) Contact(ctx context.Context, accountID domain.ID) (Contact, error) {
	var c Contact
	var status string
	var person, email, phone sql.NullString
	err := r.q.QueryRowContext(ctx, `SELECT a.id, a.login, a.display_name, a.lang, a.status, p.name, p.email, p.phone
		FROM accounts a LEFT JOIN people p ON p.id = a.person_id WHERE a.id = $1`, accountID).
		Scan(&c.AccountID, &c.Login, &c.Name, &c.Lang, &status, &person, &email, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("account", accountID)
	}
	if err != nil {
		return c, wrap("get contact", err)
	}
	if person.String != "" {
		c.Name = person.String
	}
	if c.Name == "" {
		c.Name = c.Login
	}
	c.Email, c.Phone, c.Active = strings.TrimSpace(email.String), strings.TrimSpace(phone.String), status == string(domain.AccountActive)
	return c, nil
}

// GrantHolder is an active account holding a role on a unit (0: the whole tree).
type GrantHolder struct {
	AccountID domain.ID
	Role      domain.Role
	UnitID    domain.ID
}

// GrantHolders lists the grants of roles held by active accounts.
func (r *Reader) GrantHolders(ctx context.Context, roles ...domain.Role) ([]GrantHolder, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	ph := make([]string, len(roles))
	args := make([]any, len(roles))
	for i, role := range roles {
		ph[i], args[i] = fmt.Sprintf("$%d", i+1), string(role)
	}
	return collect(ctx, r.q, "grant holders", `SELECT g.account_id, g.role, g.unit_id FROM grants g JOIN accounts a ON a.id = g.account_id
		WHERE a.status = 'active' AND g.role IN (`+strings.Join(ph, ",")+`) ORDER BY g.account_id`, args,
		func(sc scanner) (GrantHolder, error) {
			var g GrantHolder
			return g, sc.Scan(&g.AccountID, &g.Role, &g.UnitID)
		})
}
