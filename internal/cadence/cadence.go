// Package cadence computes reporting periods (周推进、月专报、季通报), their
// deadlines, and which periods of a task are missing or late. Pure.
package cadence

import (
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// Period is one reporting period of a cadence.
type Period struct {
	Key      string      `json:"key"` // 2023-W27, 2023-07, 2023-Q3
	Start    domain.Date `json:"start"`
	End      domain.Date `json:"end"`
	Deadline domain.Date `json:"deadline"`
}

// Default deadline days: Friday of the week; the 5th of the following month.
const (
	DefaultWeeklyDueDay  = 5
	DefaultMonthlyDueDay = 5
)

// Of returns the period of cadence c that contains d. dueDay is the plan's
// deadline day: a weekday 1–7 of the same week for weekly plans, a day of
// the month after the period for monthly and quarterly ones; 0 takes the
// default.
func Of(c domain.Cadence, dueDay int, d domain.Date) Period {
	switch c {
	case domain.CadenceWeekly:
		// ISO weeks start on Monday.
		wd := int(d.Weekday())
		if wd == 0 {
			wd = 7
		}
		start := d.AddDays(1 - wd)
		y, w := start.AddDays(3).Time().ISOWeek()
		if dueDay < 1 || dueDay > 7 {
			dueDay = DefaultWeeklyDueDay
		}
		return Period{Key: fmt.Sprintf("%d-W%02d", y, w), Start: start, End: start.AddDays(6), Deadline: start.AddDays(dueDay - 1)}
	case domain.CadenceQuarterly:
		q := (int(d.Month()) - 1) / 3
		start := domain.NewDate(d.Year(), time.Month(q*3+1), 1)
		end := domain.NewDate(d.Year(), time.Month(q*3+4), 0)
		return Period{Key: fmt.Sprintf("%d-Q%d", d.Year(), q+1), Start: start, End: end, Deadline: nextMonthDay(end, dueDay)}
	default:
		start := domain.NewDate(d.Year(), d.Month(), 1)
		end := d.MonthEnd()
		return Period{Key: fmt.Sprintf("%d-%02d", d.Year(), int(d.Month())), Start: start, End: end, Deadline: nextMonthDay(end, dueDay)}
	}
}

// nextMonthDay is day dueDay of the month after end, clamped to that month.
func nextMonthDay(end domain.Date, dueDay int) domain.Date {
	if dueDay < 1 || dueDay > 31 {
		dueDay = DefaultMonthlyDueDay
	}
	first := end.AddDays(1)
	last := first.MonthEnd()
	d := domain.NewDate(first.Year(), first.Month(), dueDay)
	if d > last {
		d = last
	}
	return d
}

// Between returns the periods of c that overlap [from, to], in order.
func Between(c domain.Cadence, dueDay int, from, to domain.Date) []Period {
	var out []Period
	if from.IsZero() || to < from {
		return out
	}
	for p := Of(c, dueDay, from); p.Start <= to; p = Of(c, dueDay, p.End.AddDays(1)) {
		out = append(out, p)
	}
	return out
}

// State is how a period of a task stands on a date.
type State string

const (
	OnTime  State = "on_time" // 按时报送
	Late    State = "late"    // 迟报
	Missing State = "missing" // 未报送 (deadline passed)
	Pending State = "pending" // not yet due, nothing reported
)

// PeriodState is one period of one task with its state.
type PeriodState struct {
	Period    Period      `json:"period"`
	State     State       `json:"state"`
	Submitted domain.Date `json:"submitted"`
}

// Compliance returns the state of every period of a task from its first to
// the one containing asOf. submitted maps a period key to the date its first
// report was submitted. Periods after the task's due date are not asked for.
func Compliance(c domain.Cadence, dueDay int, start, due, asOf domain.Date, submitted map[string]domain.Date) []PeriodState {
	to := asOf
	if !due.IsZero() && due < to {
		to = due
	}
	var out []PeriodState
	for _, p := range Between(c, dueDay, start, to) {
		ps := PeriodState{Period: p}
		sub, ok := submitted[p.Key]
		switch {
		case ok && sub <= p.Deadline:
			ps.State, ps.Submitted = OnTime, sub
		case ok && sub <= asOf:
			ps.State, ps.Submitted = Late, sub
		case asOf > p.Deadline:
			ps.State = Missing
		default:
			ps.State = Pending
		}
		out = append(out, ps)
	}
	return out
}
