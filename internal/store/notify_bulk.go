// Notifications in bulk, for the escalation sweep: many rows per
// statement, the dedupe keys respected.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
)

// NewNotification is a notification to insert in bulk.
type NewNotification struct {
	domain.Notification
	// Fresh is set after the insert when it was stored (the recipient did
	// not have its key yet).
	Fresh bool
}

// InsertNotifications stores many notifications, skipping those whose
// recipient already has their key, and sets the IDs and Fresh of those
// stored.
func (tx *Tx) InsertNotifications(ctx context.Context, ns []NewNotification) error {
	type key struct {
		account domain.ID
		key     string
	}
	index := make(map[key]int, len(ns))
	for i := range ns {
		index[key{ns[i].AccountID, ns[i].Key}] = i
	}
	const cols = 8
	for start := 0; start < len(ns); start += batchRows {
		end := min(start+batchRows, len(ns))
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			n := &ns[i].Notification
			args = append(args, n.AccountID, n.Kind, n.Subject, n.Body, n.Link, n.Key, ts(n.CreatedAt), n.DigestPending)
		}
		q := "INSERT INTO notifications (account_id, kind, subject, body, link, dedupe_key, created_at, digest_pending) VALUES " +
			tx.valuesList(end-start, cols) + " ON CONFLICT (account_id, dedupe_key) DO NOTHING RETURNING id, account_id, dedupe_key"
		rows, err := tx.bulkQuery(ctx, end-start, q, args...)
		if err != nil {
			return wrap("insert notifications", err)
		}
		for rows.Next() {
			var id, account domain.ID
			var k string
			if err := rows.Scan(&id, &account, &k); err != nil {
				rows.Close()
				return wrap("insert notifications", err)
			}
			if i, ok := index[key{account, k}]; ok {
				ns[i].ID, ns[i].Fresh = id, true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return wrap("insert notifications", err)
		}
	}
	return nil
}

// InsertDeliveries stores many messages to send, skipping those already
// there (same recipient, channel and key).
func (tx *Tx) InsertDeliveries(ctx context.Context, ds []Delivery) error {
	const cols = 9
	for start := 0; start < len(ds); start += batchRows {
		end := min(start+batchRows, len(ds))
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			d := &ds[i]
			args = append(args, d.AccountID, nullID(d.NotificationID), string(d.Channel), d.Key, d.Subject, d.Body, d.Link, ts(d.RunAt), ts(d.CreatedAt))
		}
		q := "INSERT INTO deliveries (account_id, notification_id, channel, dedupe_key, subject, body, link, run_at, created_at) VALUES " +
			tx.valuesList(end-start, cols) + " ON CONFLICT (account_id, channel, dedupe_key) DO NOTHING"
		if _, err := tx.bulkExec(ctx, end-start, q, args...); err != nil {
			return wrap("insert deliveries", err)
		}
	}
	return nil
}

// bulkExec and bulkQuery run a multi-row statement of n rows: a full
// batch through the prepared-statement cache (its SQL is always the same),
// a partial one straight (its SQL varies, and would fill the cache).
func (tx *Tx) bulkExec(ctx context.Context, n int, q string, args ...any) (sql.Result, error) {
	if n == batchRows {
		return tx.exec(ctx, q, args...)
	}
	return tx.q.ExecContext(ctx, q, args...)
}

func (tx *Tx) bulkQuery(ctx context.Context, n int, q string, args ...any) (*sql.Rows, error) {
	if n == batchRows {
		return tx.query(ctx, q, args...)
	}
	return tx.q.QueryContext(ctx, q, args...)
}

// valuesList returns "(…),(…)" placeholders for n rows of cols values.
func (tx *Tx) valuesList(n, cols int) string {
	var b strings.Builder
	k := 1
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteByte(',')
			}
			if tx.dialect == SQLite {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", k)
			}
			k++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// AccountLangs returns the language of every active account.
func (r *Reader) AccountLangs(ctx context.Context) (map[domain.ID]string, error) {
	type row struct {
		id   domain.ID
		lang string
	}
	rows, err := collect(ctx, r.q, "account languages", "SELECT id, lang FROM accounts WHERE status = 'active'", nil, func(sc scanner) (row, error) {
		var x row
		return x, sc.Scan(&x.id, &x.lang)
	})
	out := make(map[domain.ID]string, len(rows))
	for _, x := range rows {
		out[x.id] = x.lang
	}
	return out, err
}

// PersonAccounts returns the active accounts of people (a leader's
// accounts, to tell them of a 约谈 proposal).
func (r *Reader) PersonAccounts(ctx context.Context, people []domain.ID) (map[domain.ID][]domain.ID, error) {
	out := map[domain.ID][]domain.ID{}
	if len(people) == 0 {
		return out, nil
	}
	ph, args := idList(people, 0)
	type row struct{ person, account domain.ID }
	rows, err := collect(ctx, r.q, "person accounts", "SELECT person_id, id FROM accounts WHERE status = 'active' AND person_id IN ("+ph+") ORDER BY id",
		args, func(sc scanner) (row, error) {
			var x row
			return x, sc.Scan(&x.person, &x.account)
		})
	for _, x := range rows {
		out[x.person] = append(out[x.person], x.account)
	}
	return out, err
}
