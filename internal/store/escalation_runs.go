// The escalation sweep's runs: what each recorded, for the office.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// EscalationRun is one sweep and what it did.
type EscalationRun struct {
	ID            domain.ID   `json:"id"`
	AsOf          domain.Date `json:"as_of"`
	StartedAt     time.Time   `json:"started_at"`
	FinishedAt    time.Time   `json:"finished_at,omitzero"`
	DurationMS    int64       `json:"duration_ms"`
	TriggeredBy   string      `json:"triggered_by"`
	Cases         int         `json:"cases"`
	Reminds       int         `json:"reminds"`
	Urges         int         `json:"urges"`
	Notices       int         `json:"notices"`
	Talks         int         `json:"talks"`
	SignReminds   int         `json:"sign_reminds"`
	SignOverdues  int         `json:"sign_overdues"`
	Notifications int         `json:"notifications"`
}

// RunItem is a step a sweep recorded.
type RunItem struct {
	RunID   domain.ID            `json:"run_id"`
	CaseID  domain.ID            `json:"case_id"`
	EventID domain.ID            `json:"event_id"`
	Kind    domain.CaseEventKind `json:"kind"`
}

const runCols = `id, as_of, started_at, finished_at, duration_ms, triggered_by, cases, reminds, urges, notices, talks, sign_reminds,
	sign_overdues, notifications`

func scanRun(sc scanner) (EscalationRun, error) {
	var r EscalationRun
	var started, finished nullTime
	err := sc.Scan(&r.ID, &r.AsOf, &started, &finished, &r.DurationMS, &r.TriggeredBy, &r.Cases, &r.Reminds, &r.Urges, &r.Notices, &r.Talks,
		&r.SignReminds, &r.SignOverdues, &r.Notifications)
	r.StartedAt, r.FinishedAt = started.T, finished.T
	return r, err
}

// InsertEscalationRun stores a sweep and sets its ID.
func (tx *Tx) InsertEscalationRun(ctx context.Context, r *EscalationRun) error {
	err := tx.queryRow(ctx, `INSERT INTO escalation_runs (as_of, started_at, finished_at, duration_ms, triggered_by, cases, reminds, urges,
		notices, talks, sign_reminds, sign_overdues, notifications) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
		r.AsOf, ts(r.StartedAt), ts(r.FinishedAt), r.DurationMS, r.TriggeredBy, r.Cases, r.Reminds, r.Urges, r.Notices, r.Talks,
		r.SignReminds, r.SignOverdues, r.Notifications).Scan(&r.ID)
	return wrap("insert escalation run", err)
}

// FinishEscalationRun saves a sweep's totals and end.
func (tx *Tx) FinishEscalationRun(ctx context.Context, r EscalationRun) error {
	res, err := tx.exec(ctx, `UPDATE escalation_runs SET finished_at=$1, duration_ms=$2, cases=$3, reminds=$4, urges=$5, notices=$6, talks=$7,
		sign_reminds=$8, sign_overdues=$9, notifications=$10 WHERE id=$11`, ts(r.FinishedAt), r.DurationMS, r.Cases, r.Reminds, r.Urges,
		r.Notices, r.Talks, r.SignReminds, r.SignOverdues, r.Notifications, r.ID)
	return affected("finish escalation run", r.ID, res, err)
}

// InsertRunItems stores steps a sweep recorded.
func (tx *Tx) InsertRunItems(ctx context.Context, items []RunItem) error {
	rows := make([][]any, len(items))
	for i, it := range items {
		rows[i] = []any{it.RunID, it.CaseID, nullID(it.EventID), string(it.Kind)}
	}
	return tx.multiInsert(ctx, "escalation_run_items", []string{"run_id", "case_id", "event_id", "kind"}, rows, "", nil)
}

// EscalationRuns lists the latest sweeps, newest first; withWork keeps
// those that recorded something.
func (r *Reader) EscalationRuns(ctx context.Context, limit int, withWork bool) ([]EscalationRun, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	where := ""
	if withWork {
		where = " WHERE cases > 0 OR sign_reminds > 0 OR sign_overdues > 0"
	}
	return collect(ctx, r.q, "escalation runs", fmt.Sprintf("SELECT %s FROM escalation_runs%s ORDER BY id DESC LIMIT %d", runCols, where, limit),
		nil, scanRun)
}

// EscalationRun returns one sweep with its items in the order recorded.
func (r *Reader) EscalationRun(ctx context.Context, id domain.ID) (EscalationRun, []RunItem, error) {
	run, err := scanRun(r.q.QueryRowContext(ctx, "SELECT "+runCols+" FROM escalation_runs WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return run, nil, notFound("escalation run", id)
	}
	if err != nil {
		return run, nil, wrap("get escalation run", err)
	}
	items, err := collect(ctx, r.q, "escalation run items", `SELECT run_id, case_id, event_id, kind FROM escalation_run_items
		WHERE run_id = $1 ORDER BY case_id, event_id`, []any{id}, func(sc scanner) (RunItem, error) {
		var it RunItem
		var ev sql.NullInt64
		err := sc.Scan(&it.RunID, &it.CaseID, &ev, &it.Kind)
		it.EventID = ev.Int64
		return it, err
	})
	return run, items, err
}

// PruneEscalationRuns deletes the runs before before that recorded
// nothing (the sweep runs every few minutes; the busy ones are kept).
func (tx *Tx) PruneEscalationRuns(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM escalation_runs WHERE started_at < $1 AND cases = 0 AND sign_reminds = 0 AND sign_overdues = 0`, ts(before))
	if err != nil {
		return 0, wrap("prune escalation runs", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("prune escalation runs", err)
}
