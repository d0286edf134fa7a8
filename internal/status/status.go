// Package status is the engine everyone relies on: where a task stands on a
// date, and how tasks roll up to units, sectors, fronts, leaders and plans.
// It is pure: no I/O, no clock, no storage types.
package status

import (
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/workday"
)

// Params are the configurable thresholds of the engine.
type Params struct {
	// SevereGap is the gap in points (expected − progress) from which a
	// lagging task is severe; 0 means the default of 20.
	SevereGap float64
	// DueSoonDays: a task due within this many working days is due soon;
	// 0 means the default of 5, a negative value turns due_soon off.
	DueSoonDays int
	// Calendar counts working days; nil means Monday–Friday.
	Calendar workday.Calendar
}

func (p Params) severeGap() float64 {
	if p.SevereGap <= 0 {
		return domain.DefaultSevereGap
	}
	return p.SevereGap
}

func (p Params) dueSoonDays() int {
	if p.DueSoonDays == 0 {
		return domain.DefaultDueSoonDays
	}
	return p.DueSoonDays
}

func (p Params) calendar() workday.Calendar {
	if p.Calendar == nil {
		return workday.Weekends{}
	}
	return p.Calendar
}

// Milestone is what the engine needs of a node.
type Milestone struct {
	Due         domain.Date
	PlannedPct  float64
	CompletedOn domain.Date // zero while not completed
}

// Input is what the engine needs of a task.
type Input struct {
	// Start is the task's start; callers give tasks without one January 1
	// of the plan year.
	Start domain.Date
	// Due is zero for ongoing tasks.
	Due        domain.Date
	Milestones []Milestone
	// Progress is the cumulative percent of the latest approved report dated
	// on or before the as-of date (0 without one).
	Progress float64
}

// Result is where a task stands.
type Result struct {
	Status domain.Status
	// Expected is the expected cumulative percent (序时进度); HasExpected is
	// false for tasks with neither a due date nor milestones.
	Expected    float64
	HasExpected bool
	Progress    float64
	// Missed counts milestones whose date has passed without completion.
	Missed int
}

// Gap is expected minus progress, in points (positive when behind).
func (r Result) Gap() float64 {
	if !r.HasExpected {
		return 0
	}
	return r.Expected - r.Progress
}

// Expected returns the expected cumulative percent of a task on asOf: from
// milestones when it has any (the planned percent of the last milestone due
// on or before asOf), else elapsed days over total days, both inclusive.
func Expected(in Input, asOf domain.Date) (float64, bool) {
	if len(in.Milestones) > 0 {
		var pct float64
		var last domain.Date
		found := false
		for _, m := range in.Milestones {
			if m.Due <= asOf && (!found || m.Due >= last) {
				last, pct, found = m.Due, m.PlannedPct, true
			}
		}
		return clampPct(pct), true
	}
	if in.Due.IsZero() {
		return 0, false
	}
	if asOf < in.Start {
		return 0, true
	}
	total := domain.DaysInclusive(in.Start, in.Due)
	if total <= 0 {
		return 100, true
	}
	elapsed := domain.DaysInclusive(in.Start, asOf)
	if elapsed >= total {
		return 100, true
	}
	return float64(elapsed*100) / float64(total), true
}

// Evaluate returns the status of a task on asOf, with precedence
// done > overdue > not_started > ongoing > severe > lagging > due_soon > on_track.
func Evaluate(in Input, asOf domain.Date, p Params) Result {
	expected, has := Expected(in, asOf)
	r := Result{Expected: expected, HasExpected: has, Progress: in.Progress}
	for _, m := range in.Milestones {
		if m.Due < asOf && (m.CompletedOn.IsZero() || m.CompletedOn > asOf) {
			r.Missed++
		}
	}
	switch {
	case in.Progress >= 100:
		r.Status = domain.StatusDone
	case !in.Due.IsZero() && asOf > in.Due:
		r.Status = domain.StatusOverdue
	case asOf < in.Start:
		r.Status = domain.StatusNotStarted
	case in.Due.IsZero():
		r.Status = domain.StatusOngoing
	case has && expected-in.Progress >= p.severeGap():
		r.Status = domain.StatusSevere
	case (has && in.Progress < expected) || r.Missed > 0:
		r.Status = domain.StatusLagging
	case p.dueSoonDays() >= 0 && workday.Between(p.calendar(), asOf, in.Due) <= p.dueSoonDays():
		r.Status = domain.StatusDueSoon
	default:
		r.Status = domain.StatusOnTrack
	}
	return r
}

// Point is an approved report's cumulative percent on its date. Seq orders
// reports of the same date: the higher one was approved later and wins.
type Point struct {
	Date     domain.Date
	Seq      int64
	Progress float64
}

// SortPoints orders points by date, then seq, as ProgressAt expects.
func SortPoints(pts []Point) {
	sort.Slice(pts, func(i, j int) bool {
		if pts[i].Date != pts[j].Date {
			return pts[i].Date < pts[j].Date
		}
		return pts[i].Seq < pts[j].Seq
	})
}

// ProgressAt returns the progress of the latest point dated on or before
// asOf (0 without one). pts must be sorted by SortPoints.
func ProgressAt(pts []Point, asOf domain.Date) float64 {
	i := sort.Search(len(pts), func(i int) bool { return pts[i].Date > asOf })
	if i == 0 {
		return 0
	}
	return pts[i-1].Progress
}

func clampPct(v float64) float64 {
	if v < 0 {
		return 0
	}
	if v > 100 {
		return 100
	}
	return v
}
