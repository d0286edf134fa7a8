package store

import (
	"context"
	"database/sql"

	"github.com/luoshi/luoshi/internal/domain"
)

// AllTasks streams every task without relations; read models join them
// with AllTaskUnits, AllTaskFronts and AllTaskLeaders.
func (r *Reader) AllTasks(ctx context.Context, fn func(TaskRow)) error {
	rows, err := r.q.QueryContext(ctx, "SELECT "+taskCols+" FROM tasks ORDER BY plan_id, sort, id")
	if err != nil {
		return wrap("all tasks", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return wrap("scan task", err)
		}
		fn(t)
	}
	return rows.Err()
}

// TaskUnit is a row of task_units.
type TaskUnit struct {
	TaskID, UnitID domain.ID
	Lead           bool
}

// AllTaskUnits streams every task–unit link in display order.
func (r *Reader) AllTaskUnits(ctx context.Context, fn func(TaskUnit)) error {
	rows, err := r.q.QueryContext(ctx, "SELECT task_id, unit_id, role FROM task_units ORDER BY task_id, sort, unit_id")
	if err != nil {
		return wrap("all task units", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tu TaskUnit
		var role string
		if err := rows.Scan(&tu.TaskID, &tu.UnitID, &role); err != nil {
			return wrap("scan task unit", err)
		}
		tu.Lead = role == "lead"
		fn(tu)
	}
	return rows.Err()
}

// AllPairs streams (task, other) pairs from a link table query.
func (r *Reader) allPairs(ctx context.Context, q string, fn func(a, b domain.ID)) error {
	rows, err := r.q.QueryContext(ctx, q)
	if err != nil {
		return wrap("pairs", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b domain.ID
		if err := rows.Scan(&a, &b); err != nil {
			return wrap("scan pair", err)
		}
		fn(a, b)
	}
	return rows.Err()
}

// AllTaskFronts streams every task–front link.
func (r *Reader) AllTaskFronts(ctx context.Context, fn func(taskID, frontID domain.ID)) error {
	return r.allPairs(ctx, "SELECT task_id, front_id FROM task_fronts ORDER BY task_id, front_id", fn)
}

// AllTaskLeaders streams every task–leader link.
func (r *Reader) AllTaskLeaders(ctx context.Context, fn func(taskID, personID domain.ID)) error {
	return r.allPairs(ctx, "SELECT task_id, person_id FROM task_leaders ORDER BY task_id, sort, person_id", fn)
}

// AllMilestones streams every milestone in task and sequence order.
func (r *Reader) AllMilestones(ctx context.Context, fn func(domain.Milestone)) error {
	rows, err := r.q.QueryContext(ctx, "SELECT id, task_id, seq, due_date, description, planned_pct, completed_on, evidence FROM milestones ORDER BY task_id, seq")
	if err != nil {
		return wrap("all milestones", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return wrap("scan milestone", err)
		}
		fn(m)
	}
	return rows.Err()
}

// Snapshot runs fn against a single consistent view of the database: a
// read-only transaction, so that a read model never sees half of a write.
func (db *DB) Snapshot(ctx context.Context, fn func(r *Reader) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect == Postgres, Isolation: isolationFor(db.dialect)})
	if err != nil {
		return wrap("begin snapshot", err)
	}
	defer tx.Rollback()
	return fn(&Reader{q: tx, dialect: db.dialect})
}

func isolationFor(d Dialect) sql.IsolationLevel {
	if d == Postgres {
		return sql.LevelRepeatableRead
	}
	// A SQLite read transaction in WAL mode is already a snapshot.
	return sql.LevelDefault
}
