package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const taskCols = `id, plan_id, parent_id, goal_id, number, title, content, category, sector_id, responsible,
	start_date, due_date, ongoing, weight, cadence, sort, search_text, created_at, updated_at`

// TaskRow is a task as stored, with its normalised search text.
type TaskRow struct {
	domain.Task
	SearchText string
}

func scanTask(sc interface{ Scan(...any) error }) (TaskRow, error) {
	var t TaskRow
	var parent, goal, sector sql.NullInt64
	var created, updated nullTime
	err := sc.Scan(&t.ID, &t.PlanID, &parent, &goal, &t.Number, &t.Title, &t.Content, &t.Category, &sector, &t.Responsible,
		&t.Start, &t.Due, &t.Ongoing, &t.Weight, &t.Cadence, &t.Sort, &t.SearchText, &created, &updated)
	t.ParentID, t.GoalID, t.SectorID = parent.Int64, goal.Int64, sector.Int64
	t.CreatedAt, t.UpdatedAt = created.T, updated.T
	return t, err
}

// Task returns one task with its units, fronts and leaders.
func (r *Reader) Task(ctx context.Context, id domain.ID) (domain.Task, error) {
	t, err := scanTask(r.q.QueryRowContext(ctx, "SELECT "+taskCols+" FROM tasks WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return t.Task, notFound("task", id)
	}
	if err != nil {
		return t.Task, wrap("get task", err)
	}
	err = r.fillTaskRelations(ctx, &t.Task)
	return t.Task, err
}

// TaskIDByNumber returns the ID of a plan's task with the given number.
func (r *Reader) TaskIDByNumber(ctx context.Context, planID domain.ID, number string) (domain.ID, error) {
	var id domain.ID
	err := r.q.QueryRowContext(ctx, "SELECT id FROM tasks WHERE plan_id = $1 AND number = $2", planID, number).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, notFound("task", number)
	}
	return id, wrap("find task", err)
}

func (r *Reader) fillTaskRelations(ctx context.Context, t *domain.Task) error {
	t.LeadUnitIDs, t.CoUnitIDs, t.FrontIDs, t.LeaderIDs = []domain.ID{}, []domain.ID{}, []domain.ID{}, []domain.ID{}
	rows, err := r.q.QueryContext(ctx, "SELECT unit_id, role FROM task_units WHERE task_id = $1 ORDER BY sort, unit_id", t.ID)
	if err != nil {
		return wrap("task units", err)
	}
	for rows.Next() {
		var id domain.ID
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			rows.Close()
			return wrap("scan task unit", err)
		}
		if role == "lead" {
			t.LeadUnitIDs = append(t.LeadUnitIDs, id)
		} else {
			t.CoUnitIDs = append(t.CoUnitIDs, id)
		}
	}
	rows.Close()
	if t.FrontIDs, err = r.ids(ctx, "SELECT front_id FROM task_fronts WHERE task_id = $1 ORDER BY front_id", t.ID); err != nil {
		return err
	}
	t.LeaderIDs, err = r.ids(ctx, "SELECT person_id FROM task_leaders WHERE task_id = $1 ORDER BY sort, person_id", t.ID)
	return err
}

func (r *Reader) ids(ctx context.Context, q string, args ...any) ([]domain.ID, error) {
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("list ids", err)
	}
	defer rows.Close()
	out := []domain.ID{}
	for rows.Next() {
		var id domain.ID
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("scan id", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// InsertTask stores a task with its relations and sets its ID.
func (tx *Tx) InsertTask(ctx context.Context, t *domain.Task, searchText string, now time.Time) error {
	tx.MarkStructural()
	err := tx.queryRow(ctx, `INSERT INTO tasks (plan_id, parent_id, goal_id, number, title, content, category, sector_id, responsible,
		start_date, due_date, ongoing, weight, cadence, sort, search_text, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17) RETURNING id`,
		t.PlanID, nullID(t.ParentID), nullID(t.GoalID), t.Number, t.Title, t.Content, t.Category, nullID(t.SectorID), t.Responsible,
		t.Start, t.Due, t.Ongoing, t.Weight, string(t.Cadence), t.Sort, searchText, ts(now)).Scan(&t.ID)
	if err != nil {
		return wrap("insert task "+t.Number, err)
	}
	t.CreatedAt, t.UpdatedAt = now, now
	return tx.writeTaskRelations(ctx, *t, false)
}

// UpdateTask saves a task and replaces its relations.
func (tx *Tx) UpdateTask(ctx context.Context, t domain.Task, searchText string, now time.Time) error {
	tx.MarkStructural()
	res, err := tx.exec(ctx, `UPDATE tasks SET parent_id=$1, goal_id=$2, number=$3, title=$4, content=$5, category=$6, sector_id=$7,
		responsible=$8, start_date=$9, due_date=$10, ongoing=$11, weight=$12, cadence=$13, sort=$14, search_text=$15, updated_at=$16 WHERE id=$17`,
		nullID(t.ParentID), nullID(t.GoalID), t.Number, t.Title, t.Content, t.Category, nullID(t.SectorID), t.Responsible,
		t.Start, t.Due, t.Ongoing, t.Weight, string(t.Cadence), t.Sort, searchText, ts(now), t.ID)
	if err := affected("update task", t.ID, res, err); err != nil {
		return err
	}
	return tx.writeTaskRelations(ctx, t, true)
}

func (tx *Tx) writeTaskRelations(ctx context.Context, t domain.Task, replace bool) error {
	if replace {
		for _, q := range []string{"DELETE FROM task_units WHERE task_id = $1", "DELETE FROM task_fronts WHERE task_id = $1", "DELETE FROM task_leaders WHERE task_id = $1"} {
			if _, err := tx.exec(ctx, q, t.ID); err != nil {
				return wrap("clear task relations", err)
			}
		}
	}
	seen := map[domain.ID]bool{}
	i := 0
	for _, group := range []struct {
		role string
		ids  []domain.ID
	}{{"lead", t.LeadUnitIDs}, {"co", t.CoUnitIDs}} {
		for _, id := range group.ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if _, err := tx.exec(ctx, "INSERT INTO task_units (task_id, unit_id, role, sort) VALUES ($1,$2,$3,$4)", t.ID, id, group.role, i); err != nil {
				return wrap("insert task unit", err)
			}
			i++
		}
	}
	for _, id := range dedupe(t.FrontIDs) {
		if _, err := tx.exec(ctx, "INSERT INTO task_fronts (task_id, front_id) VALUES ($1,$2)", t.ID, id); err != nil {
			return wrap("insert task front", err)
		}
	}
	for i, id := range dedupe(t.LeaderIDs) {
		if _, err := tx.exec(ctx, "INSERT INTO task_leaders (task_id, person_id, sort) VALUES ($1,$2,$3)", t.ID, id, i); err != nil {
			return wrap("insert task leader", err)
		}
	}
	return nil
}

func dedupe(ids []domain.ID) []domain.ID {
	seen := map[domain.ID]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Milestones returns a task's milestones in order.
func (r *Reader) Milestones(ctx context.Context, taskID domain.ID) ([]domain.Milestone, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, task_id, seq, due_date, description, planned_pct, completed_on, evidence FROM milestones WHERE task_id = $1 ORDER BY seq", taskID)
	if err != nil {
		return nil, wrap("list milestones", err)
	}
	defer rows.Close()
	var out []domain.Milestone
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, wrap("scan milestone", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// milestonesOf is Milestones through the transaction's prepared statements.
func (tx *Tx) milestonesOf(ctx context.Context, taskID domain.ID) ([]domain.Milestone, error) {
	rows, err := tx.query(ctx, "SELECT id, task_id, seq, due_date, description, planned_pct, completed_on, evidence FROM milestones WHERE task_id = $1 ORDER BY seq", taskID)
	if err != nil {
		return nil, wrap("list milestones", err)
	}
	defer rows.Close()
	var out []domain.Milestone
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, wrap("scan milestone", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMilestone(sc interface{ Scan(...any) error }) (domain.Milestone, error) {
	var m domain.Milestone
	err := sc.Scan(&m.ID, &m.TaskID, &m.Seq, &m.Due, &m.Description, &m.PlannedPct, &m.CompletedOn, &m.Evidence)
	return m, err
}

// ReplaceMilestones sets a task's milestones. New nodes are matched to the
// stored ones by due date, so that deleting or inserting a node never moves
// another node's completion or evidence; when the count is unchanged, the
// nodes left unmatched pair up by position (an edit of a node's date).
func (tx *Tx) ReplaceMilestones(ctx context.Context, taskID domain.ID, ms []domain.Milestone) error {
	tx.MarkStructural()
	old, err := tx.milestonesOf(ctx, taskID)
	if err != nil {
		return err
	}
	match := matchMilestones(old, ms)
	used := map[domain.ID]bool{}
	for _, o := range match {
		if o != nil {
			used[o.ID] = true
		}
	}
	for _, o := range old {
		if !used[o.ID] {
			if _, err := tx.exec(ctx, "DELETE FROM milestones WHERE id = $1", o.ID); err != nil {
				return wrap("delete milestone", err)
			}
		}
	}
	renumber := false
	for i, o := range match {
		if o != nil && o.Seq != i+1 {
			renumber = true
		}
	}
	if renumber {
		// Kept nodes change places: park them on negative numbers first so
		// that UNIQUE (task_id, seq) holds at every step.
		if _, err := tx.exec(ctx, "UPDATE milestones SET seq = -seq WHERE task_id = $1", taskID); err != nil {
			return wrap("renumber milestones", err)
		}
	}
	for i := range ms {
		m := &ms[i]
		m.TaskID, m.Seq = taskID, i+1
		if prev := match[i]; prev != nil {
			if m.CompletedOn.IsZero() {
				m.CompletedOn = prev.CompletedOn
			}
			if m.Evidence == "" {
				m.Evidence = prev.Evidence
			}
			m.ID = prev.ID
			if _, err := tx.exec(ctx, `UPDATE milestones SET seq=$1, due_date=$2, description=$3, planned_pct=$4, completed_on=$5, evidence=$6 WHERE id=$7`,
				m.Seq, m.Due, m.Description, m.PlannedPct, m.CompletedOn, m.Evidence, m.ID); err != nil {
				return wrap("update milestone", err)
			}
			continue
		}
		err := tx.queryRow(ctx, `INSERT INTO milestones (task_id, seq, due_date, description, planned_pct, completed_on, evidence)
			VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, taskID, m.Seq, m.Due, m.Description, m.PlannedPct, m.CompletedOn, m.Evidence).Scan(&m.ID)
		if err != nil {
			return wrap("insert milestone", err)
		}
	}
	return nil
}

// matchMilestones pairs each new node with the stored node it continues, or
// nil for a new one: first by due date, then (when the number of nodes is
// unchanged) by position among the rest.
func matchMilestones(old, ms []domain.Milestone) []*domain.Milestone {
	match := make([]*domain.Milestone, len(ms))
	taken := make([]bool, len(old))
	for i, m := range ms {
		for j := range old {
			if !taken[j] && old[j].Due == m.Due {
				match[i], taken[j] = &old[j], true
				break
			}
		}
	}
	if len(old) == len(ms) {
		for i := range ms {
			if match[i] == nil && !taken[i] {
				match[i], taken[i] = &old[i], true
			}
		}
	}
	return match
}

// InsertMilestones adds the nodes of a task that has none yet (a new task),
// without reading what is stored.
func (tx *Tx) InsertMilestones(ctx context.Context, taskID domain.ID, ms []domain.Milestone) error {
	tx.MarkStructural()
	for i := range ms {
		m := &ms[i]
		m.TaskID, m.Seq = taskID, i+1
		err := tx.queryRow(ctx, `INSERT INTO milestones (task_id, seq, due_date, description, planned_pct, completed_on, evidence)
			VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, taskID, m.Seq, m.Due, m.Description, m.PlannedPct, m.CompletedOn, m.Evidence).Scan(&m.ID)
		if err != nil {
			return wrap("insert milestone", err)
		}
	}
	return nil
}

// CompleteMilestone marks a node completed on a date (if not already).
func (tx *Tx) CompleteMilestone(ctx context.Context, id domain.ID, on domain.Date, evidence string) error {
	tx.MarkStructural()
	res, err := tx.exec(ctx, "UPDATE milestones SET completed_on=$1, evidence=$2 WHERE id=$3 AND completed_on IS NULL", on, evidence, id)
	if err != nil {
		return wrap("complete milestone", err)
	}
	_, err = res.RowsAffected()
	return err
}

// ReopenMilestone clears a node's completion.
func (tx *Tx) ReopenMilestone(ctx context.Context, id domain.ID) error {
	tx.MarkStructural()
	res, err := tx.exec(ctx, "UPDATE milestones SET completed_on=NULL WHERE id=$1", id)
	return affected("reopen milestone", id, res, err)
}
