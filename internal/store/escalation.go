// The escalation sweep's reads and writes: indexed selections of the cases
// with something due, and batched writes (many rows per statement) of what
// it records.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

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
