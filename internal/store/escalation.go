package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// The escalation sweep's reads and writes: indexed selections of the cases
// with something due, and batched writes (many rows per statement) of what
// it records.

// SweepCase is an open case as the sweep sees it.
type SweepCase struct {
	domain.Case
	SignAlert domain.SignAlert
}

const sweepCols = `id, number, title, leader_id, lead_unit_id, state, deadline, escalation, round, sign_due, signed_at, signed_by_id, sign_alert`

func scanSweepCase(sc scanner) (SweepCase, error) {
	var c SweepCase
	var leader, signedBy sql.NullInt64
	var signDue, signedAt nullTime
	err := sc.Scan(&c.ID, &c.Number, &c.Title, &leader, &c.LeadUnitID, &c.State, &c.Deadline, &c.Escalation, &c.Round, &signDue, &signedAt,
		&signedBy, &c.SignAlert)
	c.LeaderID, c.SignedByID, c.SignDue, c.SignedAt = leader.Int64, signedBy.Int64, signDue.T, signedAt.T
	c.CoUnitIDs, c.TaskIDs = []domain.ID{}, []domain.ID{}
	return c, err
}

// CasesToEscalate returns the open cases with a rung due: for each rung
// reached so far, those whose deadline is on or before the threshold of
// the next rung the settings have (th is domain.EscalationThresholds; 0
// marks a rung left out). Each selection is a range of the cases_ladder
// index, so cases with nothing due are never read.
func (r *Reader) CasesToEscalate(ctx context.Context, th [domain.EscalationTalk + 1]domain.Date) ([]SweepCase, error) {
	var out []SweepCase
	for reached := domain.EscalationNone; reached < domain.EscalationTalk; reached++ {
		limit := domain.Date(0)
		for next := reached + 1; next <= domain.EscalationTalk && limit == 0; next++ {
			limit = th[next]
		}
		if limit == 0 {
			continue
		}
		cs, err := collect(ctx, r.q, "cases to escalate", "SELECT "+sweepCols+` FROM cases
			WHERE state IN ('assigned', 'working') AND escalation = $1 AND deadline <= $2 ORDER BY id`,
			[]any{int(reached), limit}, scanSweepCase)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// UnsignedCases returns the cases waiting to be signed past their signing
// limit at now whose reminders have not all gone out.
func (r *Reader) UnsignedCases(ctx context.Context, now time.Time) ([]SweepCase, error) {
	return collect(ctx, r.q, "unsigned cases", "SELECT "+sweepCols+` FROM cases
		WHERE state = 'assigned' AND sign_alert < 2 AND sign_due <= $1 ORDER BY id`, []any{ts(now)}, scanSweepCase)
}

// SweepCasesByID reloads cases for the sweep inside its write transaction,
// where no other write can come between the read and the write.
func (r *Reader) SweepCasesByID(ctx context.Context, ids []domain.ID) ([]SweepCase, error) {
	var out []SweepCase
	for start := 0; start < len(ids); start += batchRows {
		chunk := ids[start:min(start+batchRows, len(ids))]
		ph, args := idList(chunk, 0)
		cs, err := collect(ctx, r.q, "sweep cases", "SELECT "+sweepCols+" FROM cases WHERE id IN ("+ph+") ORDER BY id", args, scanSweepCase)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// idList returns "$k+1,$k+2,…" and the arguments for ids.
func idList(ids []domain.ID, k int) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = fmt.Sprintf("$%d", k+i+1), id
	}
	return strings.Join(ph, ","), args
}

// SetEscalations moves cases to the rungs given (case ID → rung), one
// statement per rung and batch.
func (tx *Tx) SetEscalations(ctx context.Context, levels map[domain.ID]domain.Escalation, now time.Time) error {
	byLevel := map[domain.Escalation][]domain.ID{}
	for id, l := range levels {
		byLevel[l] = append(byLevel[l], id)
	}
	for l, ids := range byLevel {
		if err := tx.setColumn(ctx, "escalation", int(l), ids, now); err != nil {
			return err
		}
	}
	return nil
}

// SetSignAlerts records how far the signing reminders of cases have gone.
func (tx *Tx) SetSignAlerts(ctx context.Context, alerts map[domain.ID]domain.SignAlert, now time.Time) error {
	byAlert := map[domain.SignAlert][]domain.ID{}
	for id, a := range alerts {
		byAlert[a] = append(byAlert[a], id)
	}
	for a, ids := range byAlert {
		if err := tx.setColumn(ctx, "sign_alert", int(a), ids, now); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) setColumn(ctx context.Context, col string, v int, ids []domain.ID, now time.Time) error {
	for start := 0; start < len(ids); start += batchRows {
		chunk := ids[start:min(start+batchRows, len(ids))]
		ph, args := idList(chunk, 2)
		if _, err := tx.q.ExecContext(ctx, "UPDATE cases SET "+col+" = $1, updated_at = $2 WHERE id IN ("+ph+")",
			append([]any{v, ts(now)}, args...)...); err != nil {
			return wrap("set case "+col, err)
		}
	}
	return nil
}

// InsertCaseEvents appends many steps to timelines and sets their IDs.
func (tx *Tx) InsertCaseEvents(ctx context.Context, events []domain.CaseEvent) error {
	rows := make([][]any, len(events))
	for i, e := range events {
		rows[i] = []any{e.CaseID, string(e.Kind), ts(e.At), nullID(e.ActorID), e.Actor, nullID(e.UnitID), string(e.FromState), string(e.ToState),
			e.Text, e.Progress, e.FromDate, e.ToDate, string(e.Rating), e.Round}
	}
	return tx.multiInsert(ctx, "case_events", []string{"case_id", "kind", "at", "actor_id", "actor", "unit_id", "from_state", "to_state",
		"body", "progress", "from_date", "to_date", "rating", "round"}, rows, "id", func(i int, id domain.ID) { events[i].ID = id })
}

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

// InsertCases stores many new cases with their units and tasks in a few
// statements and sets their IDs (bulk loads: benchmarks, imports).
func (tx *Tx) InsertCases(ctx context.Context, cs []domain.Case, now time.Time) error {
	at := ts(now)
	rows := make([][]any, len(cs))
	for i := range cs {
		c := &cs[i]
		c.CreatedAt, c.UpdatedAt = now, now
		rows[i] = []any{c.Number, c.Year, c.Seq, c.Title, c.Content, string(c.Source), string(c.Urgency), nullID(c.LeaderID), c.LeadUnitID,
			c.TimeLimit.Days, c.TimeLimit.Date, c.Deadline, c.OriginalDeadline, c.WindowStart, string(c.State), c.Round, c.Progress, c.Returned,
			c.ReturnCount, c.ReopenCount, string(c.Rating), int(c.Escalation), nullID(c.RaisedByID), c.RaisedBy, nullID(c.SignedByID), c.SignedBy,
			at, ts(c.AssignedAt), ts(c.SignDue), ts(c.SignedAt), ts(c.ReportedAt), ts(c.ClosedAt), at}
	}
	cols := []string{"number", "year", "seq", "title", "content", "source", "urgency", "leader_id", "lead_unit_id", "limit_days", "limit_date",
		"deadline", "original_deadline", "window_start", "state", "round", "progress", "returned", "return_count", "reopen_count", "rating",
		"escalation", "raised_by_id", "raised_by", "signed_by_id", "signed_by", "created_at", "assigned_at", "sign_due", "signed_at",
		"reported_at", "closed_at", "updated_at"}
	if err := tx.multiInsert(ctx, "cases", cols, rows, "id", func(i int, id domain.ID) { cs[i].ID = id }); err != nil {
		return err
	}
	var units, tasks [][]any
	for _, c := range cs {
		for i, u := range c.Units() {
			role := "co"
			if i == 0 {
				role = "lead"
			}
			units = append(units, []any{c.ID, u, role, i})
		}
		for _, t := range c.TaskIDs {
			tasks = append(tasks, []any{c.ID, t})
		}
	}
	if err := tx.multiInsert(ctx, "case_units", []string{"case_id", "unit_id", "role", "sort"}, units, "", nil); err != nil {
		return err
	}
	return tx.multiInsert(ctx, "case_tasks", []string{"case_id", "task_id"}, tasks, "", nil)
}

// CaseEvent returns one step of a timeline (without files).
func (r *Reader) CaseEvent(ctx context.Context, id domain.ID) (domain.CaseEvent, error) {
	var e domain.CaseEvent
	var at nullTime
	var actor, unit sql.NullInt64
	err := r.q.QueryRowContext(ctx, `SELECT id, case_id, kind, at, actor_id, actor, unit_id, from_state, to_state, body, progress, from_date,
		to_date, rating, round FROM case_events WHERE id = $1`, id).Scan(&e.ID, &e.CaseID, &e.Kind, &at, &actor, &e.Actor, &unit, &e.FromState,
		&e.ToState, &e.Text, &e.Progress, &e.FromDate, &e.ToDate, &e.Rating, &e.Round)
	if err == sql.ErrNoRows {
		return e, notFound("case event", id)
	}
	e.At, e.ActorID, e.UnitID, e.Files = at.T, actor.Int64, unit.Int64, []domain.CaseFile{}
	return e, wrap("get case event", err)
}

// UnitLadder counts a unit's open cases (as lead unit) by the rung they
// reached.
func (r *Reader) UnitLadder(ctx context.Context, unit domain.ID) (map[domain.Escalation]int, error) {
	type row struct {
		e domain.Escalation
		n int
	}
	rows, err := collect(ctx, r.q, "unit ladder", `SELECT escalation, COUNT(*) FROM cases WHERE lead_unit_id = $1 AND state IN ('assigned', 'working')
		GROUP BY escalation`, []any{unit}, func(sc scanner) (row, error) {
		var x row
		return x, sc.Scan(&x.e, &x.n)
	})
	out := map[domain.Escalation]int{}
	for _, x := range rows {
		out[x.e] = x.n
	}
	return out, err
}

// UnitRungs returns the latest rungs recorded on the cases a unit leads,
// newest first.
func (r *Reader) UnitRungs(ctx context.Context, unit domain.ID, limit int) ([]domain.CaseEvent, error) {
	return collect(ctx, r.q, "unit rungs", fmt.Sprintf(`SELECT e.id, e.case_id, e.kind, e.at, e.body FROM case_events e
		WHERE e.case_id IN (SELECT case_id FROM case_units WHERE unit_id = $1 AND role = 'lead')
		AND e.kind IN ('remind', 'urge', 'notice', 'talk_proposal', 'sign_remind', 'sign_overdue') ORDER BY e.id DESC LIMIT %d`, limit),
		[]any{unit}, func(sc scanner) (domain.CaseEvent, error) {
			var e domain.CaseEvent
			var at nullTime
			err := sc.Scan(&e.ID, &e.CaseID, &e.Kind, &at, &e.Text)
			e.At, e.Files = at.T, []domain.CaseFile{}
			return e, err
		})
}
