package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// DeliveryState is where a message to one channel stands.
type DeliveryState string

const (
	DeliveryPending DeliveryState = "pending" // waits for run_at (also between retries)
	DeliverySending DeliveryState = "sending" // claimed by one instance
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed" // gave up, or interrupted while sending; a sysadmin may retry it
)

// DeliveryStates lists the states in display order.
var DeliveryStates = []DeliveryState{DeliveryPending, DeliverySending, DeliverySent, DeliveryFailed}

// Delivery is a message to send on one channel: one notification, or one
// day's digest of them.
type Delivery struct {
	ID             domain.ID      `json:"id"`
	AccountID      domain.ID      `json:"account_id"`
	NotificationID domain.ID      `json:"notification_id,omitempty"`
	Channel        domain.Channel `json:"channel"`
	Key            string         `json:"key"`
	Subject        string         `json:"subject"`
	Body           string         `json:"-"`
	Link           string         `json:"link,omitempty"`
	State          DeliveryState  `json:"state"`
	Attempts       int            `json:"attempts"`
	RunAt          time.Time      `json:"run_at"`
	LastError      string         `json:"last_error,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	SentAt         time.Time      `json:"sent_at,omitzero"`
}

const deliveryCols = `id, account_id, notification_id, channel, dedupe_key, subject, body, link, state, attempts, run_at, last_error,
	created_at, sent_at`

func scanDelivery(sc scanner) (Delivery, error) {
	var d Delivery
	var nid sql.NullInt64
	var runAt, created, sent nullTime
	err := sc.Scan(&d.ID, &d.AccountID, &nid, &d.Channel, &d.Key, &d.Subject, &d.Body, &d.Link, &d.State, &d.Attempts, &runAt,
		&d.LastError, &created, &sent)
	d.NotificationID, d.RunAt, d.CreatedAt, d.SentAt = nid.Int64, runAt.T, created.T, sent.T
	return d, err
}

// InsertDelivery schedules a message and sets its ID. It reports false, and
// stores nothing, when the account already has one on the channel with the
// same key.
func (tx *Tx) InsertDelivery(ctx context.Context, d *Delivery) (bool, error) {
	err := tx.queryRow(ctx, `INSERT INTO deliveries (account_id, notification_id, channel, dedupe_key, subject, body, link, state, attempts,
		run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9)
		ON CONFLICT (account_id, channel, dedupe_key) DO NOTHING RETURNING id`,
		d.AccountID, nullID(d.NotificationID), string(d.Channel), d.Key, d.Subject, d.Body, d.Link, ts(d.RunAt), ts(d.CreatedAt)).Scan(&d.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("insert delivery", err)
	}
	d.State = DeliveryPending
	return true, nil
}

// ClaimDelivery takes the next due message for owner until leaseUntil and
// counts an attempt; nil when none is due. As with jobs, a row is claimed
// by one instance only (SKIP LOCKED on PostgreSQL, the writer on SQLite).
func (tx *Tx) ClaimDelivery(ctx context.Context, owner string, now, leaseUntil time.Time) (*Delivery, error) {
	return claimOne(ctx, tx, "claim delivery", "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, lease_owner = $2, lease_until = $3",
		"SELECT id FROM deliveries WHERE state = 'pending' AND run_at <= $1 ORDER BY run_at, id LIMIT 1", deliveryCols,
		[]any{ts(now), owner, ts(leaseUntil)}, scanDelivery)
}

// HasDueDelivery reports whether a message is due at now, or a claim
// expired; a cheap read that spares the writer when idle.
func (r *Reader) HasDueDelivery(ctx context.Context, now time.Time) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT id FROM deliveries WHERE (state = 'pending' AND run_at <= $1)
		OR (state = 'sending' AND lease_until <= $1) LIMIT 1) due`, ts(now)).Scan(&n)
	return n > 0, wrap("due deliveries", err)
}

// FailInterrupted marks messages whose claim expired as failed: their
// instance stopped while sending, and they may have gone out. They are
// not sent again on their own (a duplicate is worse than a sysadmin's
// look); a sysadmin may retry them.
func (tx *Tx) FailInterrupted(ctx context.Context, reason string, now time.Time) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE deliveries SET state = 'failed', last_error = $1, lease_owner = '', lease_until = NULL
		WHERE state = 'sending' AND lease_until <= $2`, reason, ts(now))
	return rowsChanged("fail interrupted deliveries", res, err)
}

// FinishDelivery records how sending went: sent, failed, or pending again
// at retryAt. It returns ErrLeaseLost when owner no longer holds the row.
func (tx *Tx) FinishDelivery(ctx context.Context, id domain.ID, owner string, state DeliveryState, lastError string, retryAt, now time.Time) error {
	var runAt, sentAt any
	if state == DeliveryPending {
		runAt = ts(retryAt)
	}
	if state == DeliverySent {
		sentAt = ts(now)
	}
	res, err := tx.exec(ctx, `UPDATE deliveries SET state = $1, last_error = $2, run_at = COALESCE($3, run_at), sent_at = $4,
		lease_owner = '', lease_until = NULL WHERE id = $5 AND state = 'sending' AND lease_owner = $6`,
		string(state), lastError, runAt, sentAt, id, owner)
	return leaseHeld("finish delivery", id, res, err)
}

// DeliveryFilter narrows a listing of deliveries.
type DeliveryFilter struct {
	State     DeliveryState
	AccountID domain.ID
	Limit     int
	Offset    int
}

// Deliveries lists messages, newest first.
func (r *Reader) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	q := "SELECT " + deliveryCols + " FROM deliveries WHERE 1=1"
	var args []any
	if f.State != "" {
		args = append(args, string(f.State))
		q += fmt.Sprintf(" AND state = $%d", len(args))
	}
	if f.AccountID != 0 {
		args = append(args, f.AccountID)
		q += fmt.Sprintf(" AND account_id = $%d", len(args))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
	return collect(ctx, r.q, "list deliveries", q, args, scanDelivery)
}

// Delivery returns one message.
func (r *Reader) Delivery(ctx context.Context, id domain.ID) (Delivery, error) {
	d, err := scanDelivery(r.q.QueryRowContext(ctx, "SELECT "+deliveryCols+" FROM deliveries WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("delivery", id)
	}
	return d, wrap("get delivery", err)
}

// RetryDelivery schedules a failed message again at now with fresh attempts.
func (tx *Tx) RetryDelivery(ctx context.Context, id domain.ID, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE deliveries SET state = 'pending', attempts = 0, run_at = $1 WHERE id = $2 AND state = 'failed'`, ts(now), id)
	return affected("retry delivery", id, res, err)
}

// PruneDeliveries deletes messages sent before a cutoff.
func (tx *Tx) PruneDeliveries(ctx context.Context, sentBefore time.Time) (int64, error) {
	res, err := tx.exec(ctx, "DELETE FROM deliveries WHERE state = 'sent' AND sent_at < $1", ts(sentBefore))
	return rowsChanged("prune deliveries", res, err)
}
