package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/domain"
)

// Bulk writes send many rows per statement: on PostgreSQL every statement
// is a network round trip, and a 10,000-task import would otherwise make
// about 100,000 of them.

// batchRows is how many rows one multi-row statement carries; it keeps the
// parameter count well under both engines' limits.
const batchRows = 400

// multiInsert runs INSERT INTO table (cols) VALUES (…),(…) for rows in
// chunks, with an optional RETURNING clause whose values are passed to scan
// in row order.
func (tx *Tx) multiInsert(ctx context.Context, table string, cols []string, rows [][]any, returning string, scan func(i int, id domain.ID)) error {
	for start := 0; start < len(rows); start += batchRows {
		end := min(start+batchRows, len(rows))
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
		args := make([]any, 0, (end-start)*len(cols))
		n := 1
		for i := start; i < end; i++ {
			if i > start {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := range cols {
				if j > 0 {
					b.WriteByte(',')
				}
				// SQLite binds "$n" by name, a linear search per parameter;
				// plain "?" binds by position.
				if tx.dialect == SQLite {
					b.WriteByte('?')
				} else {
					fmt.Fprintf(&b, "$%d", n)
				}
				n++
			}
			b.WriteByte(')')
			args = append(args, rows[i]...)
		}
		if returning == "" {
			if _, err := tx.q.ExecContext(ctx, b.String(), args...); err != nil {
				return wrap("insert "+table, err)
			}
			continue
		}
		b.WriteString(" RETURNING " + returning)
		res, err := tx.q.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return wrap("insert "+table, err)
		}
		i := start
		for res.Next() {
			var id domain.ID
			if err := res.Scan(&id); err != nil {
				res.Close()
				return wrap("insert "+table, err)
			}
			scan(i, id)
			i++
		}
		res.Close()
		if err := res.Err(); err != nil {
			return wrap("insert "+table, err)
		}
		if i != end {
			return fmt.Errorf("insert %s: %d ids for %d rows", table, i-start, end-start)
		}
	}
	return nil
}

// NewTask is a task to insert in bulk with its nodes and search text.
type NewTask struct {
	Task       *domain.Task
	Milestones []domain.Milestone
	Search     string
}

// InsertTasks stores many new tasks with their relations and nodes, and
// sets their IDs.
func (tx *Tx) InsertTasks(ctx context.Context, news []NewTask, now time.Time) error {
	tx.MarkStructural()
	at := ts(now)
	rows := make([][]any, len(news))
	for i, n := range news {
		t := n.Task
		rows[i] = []any{t.PlanID, nullID(t.ParentID), nullID(t.GoalID), t.Number, t.Title, t.Content, t.Category, nullID(t.SectorID),
			t.Responsible, t.Start, t.Due, t.Ongoing, t.Weight, string(t.Cadence), t.Sort, n.Search, at, at}
	}
	cols := []string{"plan_id", "parent_id", "goal_id", "number", "title", "content", "category", "sector_id", "responsible",
		"start_date", "due_date", "ongoing", "weight", "cadence", "sort", "search_text", "created_at", "updated_at"}
	if err := tx.multiInsert(ctx, "tasks", cols, rows, "id", func(i int, id domain.ID) {
		news[i].Task.ID, news[i].Task.CreatedAt, news[i].Task.UpdatedAt = id, now, now
	}); err != nil {
		return err
	}
	var units, fronts, leaders, nodes [][]any
	var nodeRefs []*domain.Milestone
	for _, n := range news {
		t := n.Task
		seen := map[domain.ID]bool{}
		k := 0
		for _, g := range []struct {
			role string
			ids  []domain.ID
		}{{"lead", t.LeadUnitIDs}, {"co", t.CoUnitIDs}} {
			for _, id := range g.ids {
				if !seen[id] {
					seen[id] = true
					units = append(units, []any{t.ID, id, g.role, k})
					k++
				}
			}
		}
		for _, id := range dedupe(t.FrontIDs) {
			fronts = append(fronts, []any{t.ID, id})
		}
		for j, id := range dedupe(t.LeaderIDs) {
			leaders = append(leaders, []any{t.ID, id, j})
		}
		for j := range n.Milestones {
			m := &n.Milestones[j]
			m.TaskID, m.Seq = t.ID, j+1
			nodes = append(nodes, []any{t.ID, m.Seq, m.Due, m.Description, m.PlannedPct, m.CompletedOn, m.Evidence})
			nodeRefs = append(nodeRefs, m)
		}
	}
	if err := tx.multiInsert(ctx, "task_units", []string{"task_id", "unit_id", "role", "sort"}, units, "", nil); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "task_fronts", []string{"task_id", "front_id"}, fronts, "", nil); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "task_leaders", []string{"task_id", "person_id", "sort"}, leaders, "", nil); err != nil {
		return err
	}
	return tx.multiInsert(ctx, "milestones", []string{"task_id", "seq", "due_date", "description", "planned_pct", "completed_on", "evidence"},
		nodes, "id", func(i int, id domain.ID) { nodeRefs[i].ID = id })
}

// AuditAll appends many changes to the chain in order, in bulk.
func (tx *Tx) AuditAll(ctx context.Context, a Actor, at time.Time, cs []Change) error {
	if tx.unaudited && len(cs) > 0 {
		return errUnaudited
	}
	rows := make([][]any, 0, len(cs))
	for _, c := range cs {
		e := domain.AuditEntry{Seq: tx.head.seq + 1, At: at.UTC().Truncate(time.Microsecond), ActorID: a.ID, Actor: a.Login, IP: a.IP,
			Action: c.Action, Entity: c.Entity, ClaimedDate: c.ClaimedDate, PrevHash: tx.head.hash}
		if c.EntityID != nil {
			e.EntityID = fmt.Sprint(c.EntityID)
		}
		var err error
		if e.Before, err = marshalState(c.Before); err != nil {
			return err
		}
		if e.After, err = marshalState(c.After); err != nil {
			return err
		}
		e.Hash = audit.Hash(e)
		rows = append(rows, []any{e.Seq, ts(e.At), nullID(e.ActorID), e.Actor, e.IP, e.Action, e.Entity, e.EntityID, e.ClaimedDate,
			nullString(e.Before), nullString(e.After), e.PrevHash, e.Hash})
		tx.head.seq, tx.head.hash, tx.head.dirty = e.Seq, e.Hash, true
	}
	tx.audited = tx.audited || len(cs) > 0
	return tx.multiInsert(ctx, "audit_log", []string{"seq", "at", "actor_id", "actor", "ip", "action", "entity", "entity_id", "claimed_date",
		"before_json", "after_json", "prev_hash", "hash"}, rows, "", nil)
}
