package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const planCols = "id, name, year, kind, start_date, end_date, owner_unit_id, cadence, due_day, severe_gap, due_soon_days, archived"

func scanPlan(sc interface{ Scan(...any) error }) (domain.Plan, error) {
	var p domain.Plan
	var owner sql.NullInt64
	err := sc.Scan(&p.ID, &p.Name, &p.Year, &p.Kind, &p.Start, &p.End, &owner, &p.Cadence, &p.DueDay, &p.SevereGap, &p.DueSoonDays, &p.Archived)
	p.OwnerUnitID = owner.Int64
	return p, err
}

// Plans returns every plan, newest year first.
func (r *Reader) Plans(ctx context.Context) ([]domain.Plan, error) {
	return collect(ctx, r.q, "list plans", "SELECT "+planCols+" FROM plans ORDER BY year DESC, id", nil,
		func(sc scanner) (domain.Plan, error) { return scanPlan(sc) })
}

// Plan returns one plan.
func (r *Reader) Plan(ctx context.Context, id domain.ID) (domain.Plan, error) {
	p, err := scanPlan(r.q.QueryRowContext(ctx, "SELECT "+planCols+" FROM plans WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return p, notFound("plan", id)
	}
	return p, wrap("get plan", err)
}

// PlanByName returns a plan by its name.
func (r *Reader) PlanByName(ctx context.Context, name string) (domain.Plan, error) {
	p, err := scanPlan(r.q.QueryRowContext(ctx, "SELECT "+planCols+" FROM plans WHERE name = $1", name))
	if err == sql.ErrNoRows {
		return p, notFound("plan", name)
	}
	return p, wrap("get plan", err)
}

// InsertPlan stores a plan and sets its ID.
func (tx *Tx) InsertPlan(ctx context.Context, p *domain.Plan, now time.Time) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO plans (name, year, kind, start_date, end_date, owner_unit_id, cadence, due_day,
		severe_gap, due_soon_days, archived, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
		p.Name, p.Year, p.Kind, p.Start, p.End, nullID(p.OwnerUnitID), p.Cadence, p.DueDay, p.SevereGap, p.DueSoonDays, p.Archived, ts(now)).Scan(&p.ID)
	return wrap("insert plan", err)
}

// UpdatePlan saves a plan.
func (tx *Tx) UpdatePlan(ctx context.Context, p domain.Plan, now time.Time) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, `UPDATE plans SET name=$1, year=$2, kind=$3, start_date=$4, end_date=$5, owner_unit_id=$6,
		cadence=$7, due_day=$8, severe_gap=$9, due_soon_days=$10, archived=$11, updated_at=$12 WHERE id=$13`,
		p.Name, p.Year, p.Kind, p.Start, p.End, nullID(p.OwnerUnitID), p.Cadence, p.DueDay, p.SevereGap, p.DueSoonDays, p.Archived, ts(now), p.ID)
	return affected("update plan", p.ID, res, err)
}

// Goals returns a plan's goals (all plans' when planID is 0).
func (r *Reader) Goals(ctx context.Context, planID domain.ID) ([]domain.Goal, error) {
	q := "SELECT id, plan_id, parent_id, code, title, description, sort FROM goals"
	var args []any
	if planID != 0 {
		q += " WHERE plan_id = $1"
		args = append(args, planID)
	}
	return collect(ctx, r.q, "list goals", q+" ORDER BY plan_id, sort, id", args, func(sc scanner) (domain.Goal, error) {
		var g domain.Goal
		var parent sql.NullInt64
		err := sc.Scan(&g.ID, &g.PlanID, &parent, &g.Code, &g.Title, &g.Description, &g.Sort)
		g.ParentID = parent.Int64
		return g, err
	})
}

// InsertGoal stores a goal and sets its ID.
func (tx *Tx) InsertGoal(ctx context.Context, g *domain.Goal) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, "INSERT INTO goals (plan_id, parent_id, code, title, description, sort) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
		g.PlanID, nullID(g.ParentID), g.Code, g.Title, g.Description, g.Sort).Scan(&g.ID)
	return wrap("insert goal", err)
}

// UpdateGoal saves a goal.
func (tx *Tx) UpdateGoal(ctx context.Context, g domain.Goal) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, "UPDATE goals SET parent_id=$1, code=$2, title=$3, description=$4, sort=$5 WHERE id=$6",
		nullID(g.ParentID), g.Code, g.Title, g.Description, g.Sort, g.ID)
	return affected("update goal", g.ID, res, err)
}

// Indicators returns a plan's indicators (all when planID is 0).
func (r *Reader) Indicators(ctx context.Context, planID domain.ID) ([]domain.Indicator, error) {
	q := "SELECT id, plan_id, goal_id, task_id, name, measure, baseline, target, direction FROM indicators"
	var args []any
	if planID != 0 {
		q += " WHERE plan_id = $1"
		args = append(args, planID)
	}
	return collect(ctx, r.q, "list indicators", q+" ORDER BY id", args, func(sc scanner) (domain.Indicator, error) {
		var in domain.Indicator
		var goal, task sql.NullInt64
		err := sc.Scan(&in.ID, &in.PlanID, &goal, &task, &in.Name, &in.Measure, &in.Baseline, &in.Target, &in.Direction)
		in.GoalID, in.TaskID = goal.Int64, task.Int64
		return in, err
	})
}

// InsertIndicator stores an indicator and sets its ID.
func (tx *Tx) InsertIndicator(ctx context.Context, in *domain.Indicator) error {
	tx.MarkStructural()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO indicators (plan_id, goal_id, task_id, name, measure, baseline, target, direction)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
		in.PlanID, nullID(in.GoalID), nullID(in.TaskID), in.Name, in.Measure, in.Baseline, in.Target, in.Direction).Scan(&in.ID)
	return wrap("insert indicator", err)
}

// UpdateIndicator saves an indicator.
func (tx *Tx) UpdateIndicator(ctx context.Context, in domain.Indicator) error {
	tx.MarkStructural()
	res, err := tx.q.ExecContext(ctx, `UPDATE indicators SET goal_id=$1, task_id=$2, name=$3, measure=$4, baseline=$5, target=$6, direction=$7 WHERE id=$8`,
		nullID(in.GoalID), nullID(in.TaskID), in.Name, in.Measure, in.Baseline, in.Target, in.Direction, in.ID)
	return affected("update indicator", in.ID, res, err)
}

// IndicatorValues returns an indicator's actual values in date order.
func (r *Reader) IndicatorValues(ctx context.Context, indicatorID domain.ID) ([]domain.IndicatorValue, error) {
	return collect(ctx, r.q, "list indicator values", "SELECT id, indicator_id, value_date, value, report_id, note FROM indicator_values WHERE indicator_id = $1 ORDER BY value_date, id",
		[]any{indicatorID}, scanIndicatorValue)
}

// InsertIndicatorValue stores an actual value and sets its ID.
func (tx *Tx) InsertIndicatorValue(ctx context.Context, v *domain.IndicatorValue, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, "INSERT INTO indicator_values (indicator_id, value_date, value, report_id, note, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
		v.IndicatorID, v.Date, v.Value, nullID(v.ReportID), v.Note, ts(now)).Scan(&v.ID)
	return wrap("insert indicator value", err)
}

// CountedIndicatorValues returns the actual values of a plan's indicators
// that count: entered directly, or carried by an approved report. They come
// in indicator and date order.
func (r *Reader) CountedIndicatorValues(ctx context.Context, planID domain.ID) ([]domain.IndicatorValue, error) {
	return collect(ctx, r.q, "indicator values", `SELECT v.id, v.indicator_id, v.value_date, v.value, v.report_id, v.note
		FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id LEFT JOIN reports r ON r.id = v.report_id
		WHERE i.plan_id = $1 AND (v.report_id IS NULL OR r.status = 'approved')
		ORDER BY v.indicator_id, v.value_date, v.id`, []any{planID}, scanIndicatorValue)
}

// ReplaceReportIndicatorValues sets the indicator values a report carries.
func (tx *Tx) ReplaceReportIndicatorValues(ctx context.Context, reportID domain.ID, date domain.Date, values map[domain.ID]float64, now time.Time) error {
	if _, err := tx.exec(ctx, "DELETE FROM indicator_values WHERE report_id = $1", reportID); err != nil {
		return wrap("clear report indicator values", err)
	}
	for id, v := range values {
		if _, err := tx.exec(ctx, "INSERT INTO indicator_values (indicator_id, value_date, value, report_id, note, created_at) VALUES ($1,$2,$3,$4,'',$5)",
			id, date, v, reportID, ts(now)); err != nil {
			return wrap("insert indicator value", err)
		}
	}
	return nil
}

// ReportIndicatorValues returns the indicator values a report carries.
func (r *Reader) ReportIndicatorValues(ctx context.Context, reportID domain.ID) (map[domain.ID]float64, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT indicator_id, value FROM indicator_values WHERE report_id = $1", reportID)
	if err != nil {
		return nil, wrap("report indicator values", err)
	}
	defer rows.Close()
	out := map[domain.ID]float64{}
	for rows.Next() {
		var id domain.ID
		var v float64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, wrap("scan indicator value", err)
		}
		out[id] = v
	}
	return out, rows.Err()
}

func scanIndicatorValue(sc scanner) (domain.IndicatorValue, error) {
	var v domain.IndicatorValue
	var rep sql.NullInt64
	err := sc.Scan(&v.ID, &v.IndicatorID, &v.Date, &v.Value, &rep, &v.Note)
	v.ReportID = rep.Int64
	return v, err
}
