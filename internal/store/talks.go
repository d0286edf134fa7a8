package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const talkCols = `id, unit_id, state, proposal, planned_on, held_on, talker_id, talker, talkee_id, talkee, reasons, commitments, note,
	created_by_id, created_by, created_at, recorded_by, recorded_at, updated_at`

func scanTalk(sc scanner) (domain.Talk, error) {
	var t domain.Talk
	var talker, talkee, by sql.NullInt64
	var created, recorded, updated nullTime
	err := sc.Scan(&t.ID, &t.UnitID, &t.State, &t.Proposal, &t.PlannedOn, &t.HeldOn, &talker, &t.Talker, &talkee, &t.Talkee, &t.Reasons,
		&t.Commitments, &t.Note, &by, &t.CreatedBy, &created, &t.RecordedBy, &recorded, &updated)
	t.TalkerID, t.TalkeeID, t.CreatedByID = talker.Int64, talkee.Int64, by.Int64
	t.CreatedAt, t.RecordedAt, t.UpdatedAt = created.T, recorded.T, updated.T
	t.CaseIDs, t.TaskIDs = []domain.ID{}, []domain.ID{}
	return t, err
}

// TalkFilter narrows a listing of talks. Zero fields do not filter.
type TalkFilter struct {
	IDs     []domain.ID
	UnitIDs []domain.ID
	States  []domain.TalkState
	CaseID  domain.ID
	Year    int
}

func (f TalkFilter) where() (string, []any) {
	var c conds
	c.ids("id", f.IDs)
	c.ids("unit_id", f.UnitIDs)
	texts(&c, "state", f.States)
	if f.CaseID != 0 {
		c.add("id IN (SELECT talk_id FROM talk_cases WHERE case_id = $%d)", f.CaseID)
	}
	if f.Year != 0 {
		c.add("created_at >= $%d AND created_at < $%d", fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	return c.where()
}

// Talks lists the talks that pass f, newest first, with their cases and tasks.
func (r *Reader) Talks(ctx context.Context, f TalkFilter) ([]domain.Talk, error) {
	where, args := f.where()
	talks, err := collect(ctx, r.q, "list talks", "SELECT "+talkCols+" FROM talks WHERE "+where+" ORDER BY id DESC", args, scanTalk)
	if err != nil || len(talks) == 0 {
		return talks, err
	}
	index := make(map[domain.ID]int, len(talks))
	for i, t := range talks {
		index[t.ID] = i
	}
	type link struct{ talk, id domain.ID }
	scan := func(sc scanner) (link, error) {
		var l link
		return l, sc.Scan(&l.talk, &l.id)
	}
	for _, q := range []struct {
		table, col string
		add        func(t *domain.Talk, id domain.ID)
	}{
		{"talk_cases", "case_id", func(t *domain.Talk, id domain.ID) { t.CaseIDs = append(t.CaseIDs, id) }},
		{"talk_tasks", "task_id", func(t *domain.Talk, id domain.ID) { t.TaskIDs = append(t.TaskIDs, id) }},
	} {
		links, err := collect(ctx, r.q, "talk links", "SELECT talk_id, "+q.col+" FROM "+q.table+" WHERE talk_id IN (SELECT id FROM talks WHERE "+
			where+") ORDER BY talk_id, "+q.col, args, scan)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			q.add(&talks[index[l.talk]], l.id)
		}
	}
	return talks, nil
}

// Talk returns one talk.
func (r *Reader) Talk(ctx context.Context, id domain.ID) (domain.Talk, error) {
	ts, err := r.Talks(ctx, TalkFilter{IDs: []domain.ID{id}})
	if err != nil {
		return domain.Talk{}, err
	}
	if len(ts) == 0 {
		return domain.Talk{}, notFound("talk", id)
	}
	return ts[0], nil
}

// InsertTalk stores a new talk with its links and sets its ID.
func (tx *Tx) InsertTalk(ctx context.Context, t *domain.Talk, now time.Time) error {
	t.CreatedAt, t.UpdatedAt = now, now
	err := tx.queryRow(ctx, `INSERT INTO talks (unit_id, state, proposal, planned_on, held_on, talker_id, talker, talkee_id, talkee, reasons,
		commitments, note, created_by_id, created_by, created_at, recorded_by, recorded_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$15) RETURNING id`,
		t.UnitID, string(t.State), t.Proposal, t.PlannedOn, t.HeldOn, nullID(t.TalkerID), t.Talker, nullID(t.TalkeeID), t.Talkee, t.Reasons,
		t.Commitments, t.Note, nullID(t.CreatedByID), t.CreatedBy, ts(now), t.RecordedBy, ts(t.RecordedAt)).Scan(&t.ID)
	if err != nil {
		return wrap("insert talk", err)
	}
	for _, id := range t.CaseIDs {
		if _, err := tx.exec(ctx, "INSERT INTO talk_cases (talk_id, case_id) VALUES ($1,$2)", t.ID, id); err != nil {
			return wrap("insert talk case", err)
		}
	}
	for _, id := range t.TaskIDs {
		if _, err := tx.exec(ctx, "INSERT INTO talk_tasks (talk_id, task_id) VALUES ($1,$2)", t.ID, id); err != nil {
			return wrap("insert talk task", err)
		}
	}
	return nil
}

// UpdateTalk saves a talk's state and record (its links do not change).
func (tx *Tx) UpdateTalk(ctx context.Context, t domain.Talk, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE talks SET state=$1, planned_on=$2, held_on=$3, talker_id=$4, talker=$5, talkee_id=$6, talkee=$7,
		commitments=$8, note=$9, recorded_by=$10, recorded_at=$11, updated_at=$12 WHERE id=$13`,
		string(t.State), t.PlannedOn, t.HeldOn, nullID(t.TalkerID), t.Talker, nullID(t.TalkeeID), t.Talkee, t.Commitments, t.Note,
		t.RecordedBy, ts(t.RecordedAt), ts(now), t.ID)
	return affected("update talk", t.ID, res, err)
}

// TalkedCases returns, of the given cases, those some talk answers (in any
// state): their 约谈 proposals are settled.
func (r *Reader) TalkedCases(ctx context.Context, caseIDs []domain.ID) (map[domain.ID]bool, error) {
	out := map[domain.ID]bool{}
	for start := 0; start < len(caseIDs); start += batchRows {
		chunk := caseIDs[start:min(start+batchRows, len(caseIDs))]
		ph, args := idList(chunk, 0)
		ids, err := collect(ctx, r.q, "talked cases", "SELECT DISTINCT case_id FROM talk_cases WHERE case_id IN ("+ph+")", args,
			func(sc scanner) (domain.ID, error) {
				var id domain.ID
				return id, sc.Scan(&id)
			})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, nil
}

// ProposedCases returns the cases with a 约谈 proposal on their timeline
// that no talk created since answers, newest proposal first, with the
// proposal's event.
func (r *Reader) ProposedCases(ctx context.Context) ([]domain.Case, map[domain.ID]domain.CaseEvent, error) {
	type row struct {
		caseID domain.ID
		ev     domain.CaseEvent
	}
	rows, err := collect(ctx, r.q, "talk proposals", `SELECT e.case_id, e.id, e.at, e.actor, e.body FROM case_events e
		WHERE e.kind = 'talk_proposal' AND NOT EXISTS (SELECT 1 FROM talk_cases tc JOIN talks t ON t.id = tc.talk_id
			WHERE tc.case_id = e.case_id AND t.created_at >= e.at)
		ORDER BY e.id DESC`, nil, func(sc scanner) (row, error) {
		var x row
		var at nullTime
		err := sc.Scan(&x.caseID, &x.ev.ID, &at, &x.ev.Actor, &x.ev.Text)
		x.ev.CaseID, x.ev.At, x.ev.Kind = x.caseID, at.T, domain.EventTalkProposal
		return x, err
	})
	if err != nil {
		return nil, nil, err
	}
	events := map[domain.ID]domain.CaseEvent{}
	var ids []domain.ID
	for _, x := range rows {
		if _, seen := events[x.caseID]; !seen {
			events[x.caseID] = x.ev
			ids = append(ids, x.caseID)
		}
	}
	var cases []domain.Case
	for start := 0; start < len(ids); start += batchRows {
		cs, err := r.Cases(ctx, CaseFilter{IDs: ids[start:min(start+batchRows, len(ids))]})
		if err != nil {
			return nil, nil, err
		}
		cases = append(cases, cs...)
	}
	return cases, events, nil
}

const accountabilityCols = `id, decision, person_id, person, unit_id, measure, decided_on, reasons, case_id, talk_id, created_by_id, created_by, created_at`

func scanAccountability(sc scanner) (domain.Accountability, error) {
	var a domain.Accountability
	var person, caseID, talk, by sql.NullInt64
	var created nullTime
	err := sc.Scan(&a.ID, &a.Decision, &person, &a.Person, &a.UnitID, &a.Measure, &a.Date, &a.Reasons, &caseID, &talk, &by, &a.CreatedBy, &created)
	a.PersonID, a.CaseID, a.TalkID, a.CreatedByID, a.CreatedAt = person.Int64, caseID.Int64, talk.Int64, by.Int64, created.T
	return a, err
}

// AccountabilityFilter narrows a listing of accountability records.
type AccountabilityFilter struct {
	IDs     []domain.ID
	UnitIDs []domain.ID
	CaseID  domain.ID
	TalkID  domain.ID
	Year    int
}

// AccountabilityRecords lists the records that pass f, newest first.
func (r *Reader) AccountabilityRecords(ctx context.Context, f AccountabilityFilter) ([]domain.Accountability, error) {
	var conds []string
	var args []any
	if len(f.IDs) > 0 {
		ph, a := idList(f.IDs, len(args))
		args = append(args, a...)
		conds = append(conds, "id IN ("+ph+")")
	}
	if len(f.UnitIDs) > 0 {
		ph, a := idList(f.UnitIDs, len(args))
		args = append(args, a...)
		conds = append(conds, "unit_id IN ("+ph+")")
	}
	if f.CaseID != 0 {
		args = append(args, f.CaseID)
		conds = append(conds, fmt.Sprintf("case_id = $%d", len(args)))
	}
	if f.TalkID != 0 {
		args = append(args, f.TalkID)
		conds = append(conds, fmt.Sprintf("talk_id = $%d", len(args)))
	}
	if f.Year != 0 {
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
		conds = append(conds, fmt.Sprintf("decided_on >= $%d AND decided_on <= $%d", len(args)-1, len(args)))
	}
	where := "1=1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	return collect(ctx, r.q, "list accountability", "SELECT "+accountabilityCols+" FROM accountability WHERE "+where+" ORDER BY decided_on DESC, id DESC",
		args, scanAccountability)
}

// InsertAccountability stores a record and sets its ID.
func (tx *Tx) InsertAccountability(ctx context.Context, a *domain.Accountability, now time.Time) error {
	a.CreatedAt = now
	err := tx.queryRow(ctx, `INSERT INTO accountability (decision, person_id, person, unit_id, measure, decided_on, reasons, case_id, talk_id,
		created_by_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
		a.Decision, nullID(a.PersonID), a.Person, a.UnitID, a.Measure, a.Date, a.Reasons, nullID(a.CaseID), nullID(a.TalkID),
		nullID(a.CreatedByID), a.CreatedBy, ts(now)).Scan(&a.ID)
	return wrap("insert accountability", err)
}
