package readmodel

import (
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
	"github.com/luoshi/luoshi/internal/workday"
)

type evalKey struct {
	asOf domain.Date
}

// Evaluation is the status of every task of a model on one date.
type Evaluation struct {
	AsOf    domain.Date
	results []status.Result
	index   map[domain.ID]int
}

// maxEvals bounds the per-model cache of evaluated dates.
const maxEvals = 16

// Evaluate returns the status of every task on asOf, computed once per
// model and date. cal counts working days for due_soon: nil or the
// model's own Calendar (the one to pass) is the official calendar; any
// other calendar is evaluated afresh and not cached.
func (m *Model) Evaluate(asOf domain.Date, cal workday.Calendar) *Evaluation {
	if cal == nil {
		cal = m.Calendar
	} else if t, ok := cal.(*workday.Table); !ok || t != m.Calendar {
		return EvaluateTasks(m.Tasks, m.taskIndex, asOf, cal)
	}
	key := evalKey{asOf: asOf}
	// The lock is held while evaluating: callers asking for the same date at
	// once wait for one evaluation (a few milliseconds) instead of each
	// running it.
	c := m.evals
	c.mu.Lock()
	defer c.mu.Unlock()
	if ev, ok := c.m[key]; ok {
		return ev
	}
	ev := EvaluateTasks(m.Tasks, m.taskIndex, asOf, cal)
	if len(c.m) >= maxEvals {
		c.m = map[evalKey]*Evaluation{}
	}
	c.m[key] = ev
	return ev
}

// EvaluateTasks runs the status engine over tasks; index maps task IDs to
// their position in tasks.
func EvaluateTasks(tasks []*Task, index map[domain.ID]int, asOf domain.Date, cal workday.Calendar) *Evaluation {
	ev := &Evaluation{AsOf: asOf, results: make([]status.Result, len(tasks)), index: index}
	for i, t := range tasks {
		p := t.Params()
		p.Calendar = cal
		ev.results[i] = status.Evaluate(t.Input(asOf), asOf, p)
	}
	return ev
}

// Of returns a task's result.
func (ev *Evaluation) Of(t *Task) status.Result {
	if i, ok := ev.index[t.ID]; ok {
		return ev.results[i]
	}
	return status.Result{}
}
