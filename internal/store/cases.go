package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const caseCols = `id, number, year, seq, title, content, source, urgency, leader_id, lead_unit_id, limit_days, limit_date,
	deadline, original_deadline, window_start, state, round, progress, returned, return_count, reopen_count, rating, escalation,
	raised_by_id, raised_by, signed_by_id, signed_by, created_at, assigned_at, sign_due, signed_at, reported_at, closed_at, updated_at`

func scanCase(sc scanner) (domain.Case, error) {
	var c domain.Case
	var leader, raised, signed sql.NullInt64
	var created, assigned, signDue, signedAt, reported, closed, updated nullTime
	err := sc.Scan(&c.ID, &c.Number, &c.Year, &c.Seq, &c.Title, &c.Content, &c.Source, &c.Urgency, &leader, &c.LeadUnitID,
		&c.TimeLimit.Days, &c.TimeLimit.Date, &c.Deadline, &c.OriginalDeadline, &c.WindowStart, &c.State, &c.Round, &c.Progress,
		&c.Returned, &c.ReturnCount, &c.ReopenCount, &c.Rating, &c.Escalation, &raised, &c.RaisedBy, &signed, &c.SignedBy,
		&created, &assigned, &signDue, &signedAt, &reported, &closed, &updated)
	c.LeaderID, c.RaisedByID, c.SignedByID = leader.Int64, raised.Int64, signed.Int64
	c.CreatedAt, c.AssignedAt, c.SignDue, c.SignedAt = created.T, assigned.T, signDue.T, signedAt.T
	c.ReportedAt, c.ClosedAt, c.UpdatedAt = reported.T, closed.T, updated.T
	c.CoUnitIDs, c.TaskIDs = []domain.ID{}, []domain.ID{}
	return c, err
}

// CaseFilter narrows a case listing. Zero fields do not filter.
type CaseFilter struct {
	IDs []domain.ID
	// UnitIDs: cases in which one of these units is the lead unit or, unless
	// LeadOnly, a co-unit.
	UnitIDs  []domain.ID
	LeadOnly bool
	// Visible, when set, keeps only the cases a caller may read.
	Visible  *CaseVisibility
	States   []domain.CaseState
	Source   domain.CaseSource
	LeaderID domain.ID
	TaskID   domain.ID
	Year     int
}

// CaseVisibility is what a caller outside the whole-district office may
// read: cases with one of its units, cases it raised, and cases on the
// instruction of the person behind it.
type CaseVisibility struct {
	UnitIDs   []domain.ID
	AccountID domain.ID
	PersonID  domain.ID
}

// where builds the filter's condition on the cases table.
func (f CaseFilter) where() (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	list := func(ids []domain.ID) string {
		ph := make([]string, len(ids))
		for i, id := range ids {
			ph[i] = arg(id)
		}
		return strings.Join(ph, ",")
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "id IN ("+list(f.IDs)+")")
	}
	if len(f.UnitIDs) > 0 {
		role := ""
		if f.LeadOnly {
			role = " AND role = 'lead'"
		}
		conds = append(conds, "id IN (SELECT case_id FROM case_units WHERE unit_id IN ("+list(f.UnitIDs)+")"+role+")")
	}
	if v := f.Visible; v != nil {
		var or []string
		if len(v.UnitIDs) > 0 {
			or = append(or, "id IN (SELECT case_id FROM case_units WHERE unit_id IN ("+list(v.UnitIDs)+"))")
		}
		if v.AccountID != 0 {
			or = append(or, "raised_by_id = "+arg(v.AccountID))
		}
		if v.PersonID != 0 {
			or = append(or, "leader_id = "+arg(v.PersonID))
		}
		if len(or) == 0 {
			or = append(or, "1=0")
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, s := range f.States {
			ph[i] = arg(string(s))
		}
		conds = append(conds, "state IN ("+strings.Join(ph, ",")+")")
	}
	if f.Source != "" {
		conds = append(conds, "source = "+arg(string(f.Source)))
	}
	if f.LeaderID != 0 {
		conds = append(conds, "leader_id = "+arg(f.LeaderID))
	}
	if f.TaskID != 0 {
		conds = append(conds, "id IN (SELECT case_id FROM case_tasks WHERE task_id = "+arg(f.TaskID)+")")
	}
	if f.Year != 0 {
		conds = append(conds, "year = "+arg(f.Year))
	}
	if len(conds) == 0 {
		return "1=1", nil
	}
	return strings.Join(conds, " AND "), args
}

// Case returns one case with its co-units and linked tasks.
func (r *Reader) Case(ctx context.Context, id domain.ID) (domain.Case, error) {
	cs, err := r.Cases(ctx, CaseFilter{IDs: []domain.ID{id}})
	if err != nil {
		return domain.Case{}, err
	}
	if len(cs) == 0 {
		return domain.Case{}, notFound("case", id)
	}
	return cs[0], nil
}

// Cases lists the cases that pass f, newest first, with their co-units and
// linked tasks (three queries whatever the number of cases).
func (r *Reader) Cases(ctx context.Context, f CaseFilter) ([]domain.Case, error) {
	where, args := f.where()
	cases, err := collect(ctx, r.q, "list cases", "SELECT "+caseCols+" FROM cases WHERE "+where+" ORDER BY id DESC", args, scanCase)
	if err != nil || len(cases) == 0 {
		return cases, err
	}
	index := make(map[domain.ID]int, len(cases))
	for i, c := range cases {
		index[c.ID] = i
	}
	type link struct {
		caseID, id domain.ID
		role       string
	}
	units, err := collect(ctx, r.q, "list case units", "SELECT case_id, unit_id, role FROM case_units WHERE case_id IN (SELECT id FROM cases WHERE "+
		where+") AND role = 'co' ORDER BY case_id, sort, unit_id", args, func(sc scanner) (link, error) {
		var l link
		err := sc.Scan(&l.caseID, &l.id, &l.role)
		return l, err
	})
	if err != nil {
		return nil, err
	}
	for _, l := range units {
		c := &cases[index[l.caseID]]
		c.CoUnitIDs = append(c.CoUnitIDs, l.id)
	}
	tasks, err := collect(ctx, r.q, "list case tasks", "SELECT case_id, task_id FROM case_tasks WHERE case_id IN (SELECT id FROM cases WHERE "+
		where+") ORDER BY case_id, task_id", args, func(sc scanner) (link, error) {
		var l link
		err := sc.Scan(&l.caseID, &l.id)
		return l, err
	})
	if err != nil {
		return nil, err
	}
	for _, l := range tasks {
		c := &cases[index[l.caseID]]
		c.TaskIDs = append(c.TaskIDs, l.id)
	}
	return cases, nil
}

// NextCaseSeq gives out the next sequence number of a year.
func (tx *Tx) NextCaseSeq(ctx context.Context, year int) (int, error) {
	var seq int
	err := tx.queryRow(ctx, `INSERT INTO case_numbers (year, last_seq) VALUES ($1, 1)
		ON CONFLICT (year) DO UPDATE SET last_seq = case_numbers.last_seq + 1 RETURNING last_seq`, year).Scan(&seq)
	return seq, wrap("next case number", err)
}

// InsertCase stores a new case with its units and tasks and sets its ID.
func (tx *Tx) InsertCase(ctx context.Context, c *domain.Case, now time.Time) error {
	c.CreatedAt, c.UpdatedAt = now, now
	err := tx.queryRow(ctx, `INSERT INTO cases (number, year, seq, title, content, source, urgency, leader_id, lead_unit_id, limit_days,
		limit_date, deadline, original_deadline, window_start, state, round, progress, returned, return_count, reopen_count, rating, escalation,
		raised_by_id, raised_by, signed_by_id, signed_by, created_at, assigned_at, sign_due, signed_at, reported_at, closed_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$27)
		RETURNING id`,
		c.Number, c.Year, c.Seq, c.Title, c.Content, string(c.Source), string(c.Urgency), nullID(c.LeaderID), c.LeadUnitID, c.TimeLimit.Days,
		c.TimeLimit.Date, c.Deadline, c.OriginalDeadline, c.WindowStart, string(c.State), c.Round, c.Progress, c.Returned, c.ReturnCount,
		c.ReopenCount, string(c.Rating), int(c.Escalation), nullID(c.RaisedByID), c.RaisedBy, nullID(c.SignedByID), c.SignedBy,
		ts(now), ts(c.AssignedAt), ts(c.SignDue), ts(c.SignedAt), ts(c.ReportedAt), ts(c.ClosedAt)).Scan(&c.ID)
	if err != nil {
		return wrap("insert case "+c.Number, err)
	}
	return tx.writeCaseLinks(ctx, *c, false)
}

// UpdateCase saves every field of a case and replaces its units and tasks.
func (tx *Tx) UpdateCase(ctx context.Context, c domain.Case, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE cases SET title=$1, content=$2, source=$3, urgency=$4, leader_id=$5, lead_unit_id=$6, limit_days=$7,
		limit_date=$8, deadline=$9, original_deadline=$10, window_start=$11, state=$12, round=$13, progress=$14, returned=$15,
		return_count=$16, reopen_count=$17, rating=$18, escalation=$19, signed_by_id=$20, signed_by=$21, assigned_at=$22, sign_due=$23,
		signed_at=$24, reported_at=$25, closed_at=$26, updated_at=$27 WHERE id=$28`,
		c.Title, c.Content, string(c.Source), string(c.Urgency), nullID(c.LeaderID), c.LeadUnitID, c.TimeLimit.Days,
		c.TimeLimit.Date, c.Deadline, c.OriginalDeadline, c.WindowStart, string(c.State), c.Round, c.Progress, c.Returned,
		c.ReturnCount, c.ReopenCount, string(c.Rating), int(c.Escalation), nullID(c.SignedByID), c.SignedBy, ts(c.AssignedAt), ts(c.SignDue),
		ts(c.SignedAt), ts(c.ReportedAt), ts(c.ClosedAt), ts(now), c.ID)
	if err := affected("update case", c.ID, res, err); err != nil {
		return err
	}
	return tx.writeCaseLinks(ctx, c, true)
}

func (tx *Tx) writeCaseLinks(ctx context.Context, c domain.Case, replace bool) error {
	if replace {
		if _, err := tx.exec(ctx, "DELETE FROM case_units WHERE case_id = $1", c.ID); err != nil {
			return wrap("clear case units", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM case_tasks WHERE case_id = $1", c.ID); err != nil {
			return wrap("clear case tasks", err)
		}
	}
	for i, u := range c.Units() {
		role := "co"
		if i == 0 {
			role = "lead"
		}
		if _, err := tx.exec(ctx, "INSERT INTO case_units (case_id, unit_id, role, sort) VALUES ($1,$2,$3,$4)", c.ID, u, role, i); err != nil {
			return wrap("insert case unit", err)
		}
	}
	for _, t := range c.TaskIDs {
		if _, err := tx.exec(ctx, "INSERT INTO case_tasks (case_id, task_id) VALUES ($1,$2)", c.ID, t); err != nil {
			return wrap("insert case task", err)
		}
	}
	return nil
}

// CaseSettings returns the office's rules; ok is false while they have
// never been saved.
func (r *Reader) CaseSettings(ctx context.Context) (domain.CaseSettings, bool, error) {
	var st domain.CaseSettings
	var updated nullTime
	err := r.q.QueryRowContext(ctx, `SELECT number_pattern, sign_hours, office_hours, blue_days, remind_days, urge_at_deadline,
		notice_after_days, talk_after_days, reopen_days, task_case_days, updated_at, updated_by FROM case_settings WHERE id = 1`).
		Scan(&st.NumberPattern, &st.SignHours, &st.OfficeHours, &st.BlueDays, &st.RemindDays, &st.UrgeAtDeadline,
			&st.NoticeAfterDays, &st.TalkAfterDays, &st.ReopenDays, &st.TaskCaseDays, &updated, &st.UpdatedBy)
	if err == sql.ErrNoRows {
		return st, false, nil
	}
	st.UpdatedAt = updated.T
	return st, err == nil, wrap("case settings", err)
}

// SaveCaseSettings stores the office's rules.
func (tx *Tx) SaveCaseSettings(ctx context.Context, st domain.CaseSettings) error {
	_, err := tx.exec(ctx, `INSERT INTO case_settings (id, number_pattern, sign_hours, office_hours, blue_days, remind_days, urge_at_deadline,
		notice_after_days, talk_after_days, reopen_days, task_case_days, updated_at, updated_by) VALUES (1,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
		ON CONFLICT (id) DO UPDATE SET number_pattern=$1, sign_hours=$2, office_hours=$3, blue_days=$4, remind_days=$5, urge_at_deadline=$6,
		notice_after_days=$7, talk_after_days=$8, reopen_days=$9, task_case_days=$10, updated_at=$11, updated_by=$12`,
		st.NumberPattern, st.SignHours, st.OfficeHours, st.BlueDays, st.RemindDays, st.UrgeAtDeadline, st.NoticeAfterDays,
		st.TalkAfterDays, st.ReopenDays, st.TaskCaseDays, ts(st.UpdatedAt), st.UpdatedBy)
	return wrap("save case settings", err)
}
