package demo

import (
	"fmt"
	"math"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
)

// Progress profiles: how a task's cumulative percent moves over the year.
const (
	profOnTrack = iota // a little ahead of the planned path
	profLagging        // 5–18 points behind on AsOf
	profSevere         // 20 or more points behind on AsOf
	profDone           // due before AsOf and finished in time
	profSprint         // due before AsOf, behind, then 100 at the last report
	profStuck          // due before AsOf and stuck at 80–95: overdue
	profOngoing        // 长期坚持: rises without reaching 100
	profIdle           // not started on AsOf: no reports
)

// node is a milestone as planned.
type node struct {
	due  domain.Date
	pct  float64
	desc string
	id   domain.ID
}

// knot is a point of the planned path.
type knot struct {
	d   domain.Date
	pct float64
}

// task is a task being generated, with its trajectory and reporting state.
type task struct {
	id                     domain.ID
	plan                   int // 0: key tasks, 1: units' goals
	number, title, content string
	category               domain.Category
	unit                   *unit
	co                     []*unit
	coName                 string
	sector                 int
	fronts                 []int
	goal                   int // -1: none
	start, due             domain.Date
	ongoing                bool
	weight                 float64
	nodes                  []node
	measure                measure
	path                   []knot

	kind   int
	lead   int     // days ahead of plan (on track, done)
	bonus  float64 // points ahead of plan (on track, done)
	target float64 // progress at ref (behind profiles); factor (ongoing)
	cap    float64 // on track: the most reported until two weeks before due
	ref    domain.Date
	refPct float64

	last float64 // last reported progress
	done int     // nodes completed
}

// makePath builds the planned path: 0 the day before the start, the nodes,
// then 100 on the due date (the year end for ongoing tasks).
func (t *task) makePath(yearEnd domain.Date) {
	t.path = append(t.path[:0], knot{t.start.AddDays(-1), 0})
	for _, n := range t.nodes {
		t.path = append(t.path, knot{n.due, n.pct})
	}
	end := t.due
	if t.ongoing {
		end = yearEnd
	}
	if last := t.path[len(t.path)-1]; last.d < end && last.pct < 100 {
		t.path = append(t.path, knot{end, 100})
	}
}

// planned returns the planned cumulative percent on d (time-linear between
// knots, as the status engine's expected percent without nodes).
func (t *task) planned(d domain.Date) float64 {
	if d <= t.path[0].d {
		return 0
	}
	for i := 1; i < len(t.path); i++ {
		a, b := t.path[i-1], t.path[i]
		if d <= b.d {
			return a.pct + (b.pct-a.pct)*float64(d-a.d)/float64(b.d-a.d)
		}
	}
	return t.path[len(t.path)-1].pct
}

// expected is the status engine's expected percent on d.
func (t *task) expected(d domain.Date) float64 {
	in := status.Input{Start: t.start}
	if !t.ongoing {
		in.Due = t.due
	}
	for _, n := range t.nodes {
		in.Milestones = append(in.Milestones, status.Milestone{Due: n.due, PlannedPct: n.pct})
	}
	e, _ := status.Expected(in, d)
	return e
}

// lastDate is the last day reports speak for: AsOf, or the due date.
func (t *task) lastDate(asOf domain.Date) domain.Date {
	if !t.ongoing && t.due < asOf {
		return t.due
	}
	return asOf
}

// slotDate is the date of the task's report in the week starting on monday:
// its Friday, or the last day when that comes first; 0 when none is due.
func (t *task) slotDate(monday, asOf domain.Date) domain.Date {
	d := monday.AddDays(4)
	if end := t.lastDate(asOf); end < d {
		d = end
	}
	if d < monday || d < t.start || t.kind == profIdle {
		return 0
	}
	return d
}

// assign picks the task's profile. trait is its unit's performance.
func (g *gen) assign(t *task, trait int) {
	asOf := g.asOf
	t.kind = profOnTrack
	t.lead, t.bonus = g.between(12, 26), 0.5+g.r.Float64()*2.5
	t.cap = 100
	if !g.chance(0.15) { // most finish close to the due date, not weeks early
		t.cap = round1(97 + g.r.Float64()*2.5)
	}
	last := t.lastDate(asOf)
	t.ref = t.slotDate(last.AddDays(1-weekdayISO(last)), asOf)
	if t.start > asOf || t.ref == 0 {
		t.kind = profIdle
		return
	}
	t.refPct = t.planned(t.ref)
	if t.ongoing {
		t.kind, t.target = profOngoing, 0.75+g.r.Float64()*0.35
		return
	}
	if t.due <= asOf {
		switch x := g.r.Float64(); {
		case x < 0.05:
			t.kind, t.target = profStuck, float64(g.between(80, 95))
		case x < 0.15:
			t.kind, t.target = profSprint, float64(g.between(55, 85))
		default:
			t.kind = profDone
		}
		return
	}
	odds := [3][2]float64{{0.78, 0.94}, {0.65, 0.90}, {0.40, 0.78}}[trait]
	x := g.r.Float64()
	if x < odds[0] {
		return
	}
	e := t.expected(asOf)
	gap := 5 + g.r.Float64()*13
	kind := profLagging
	if x >= odds[1] {
		kind, gap = profSevere, 20.5+g.r.Float64()*14.5
		if e < gap {
			kind, gap = profLagging, 5+g.r.Float64()*13
		}
	}
	if e < gap+0.5 {
		return
	}
	t.kind, t.target = kind, round1(e-gap)
}

// progress is the cumulative percent the task reports on d.
func (t *task) progress(d domain.Date) float64 {
	var p float64
	switch t.kind {
	case profOnTrack, profDone:
		if p = t.planned(d.AddDays(t.lead)); p > 0 {
			p += t.bonus
		}
		if !t.ongoing && d < t.due.AddDays(-14) {
			p = math.Min(p, t.cap)
		}
	case profLagging, profSevere, profStuck, profSprint:
		if d >= t.ref {
			p = t.target
			if t.kind == profSprint {
				p = 100
			}
		} else if t.refPct > 0 {
			p = t.target * t.planned(d) / t.refPct
		}
	case profOngoing:
		p = math.Min(95, t.planned(d)*t.target)
	}
	return round1(math.Max(0, math.Min(100, p)))
}

// nextNode says when the task's next target not yet reached at progress p
// falls after d, and what it is.
func (t *task) nextNode(d domain.Date, p float64) (when, goal string) {
	if t.ongoing {
		return "年底", "持续巩固提升工作成效"
	}
	for _, n := range t.nodes {
		if n.due >= d && n.pct > p {
			if n.pct >= 100 {
				return dateText(n.due), "全面完成年度目标任务"
			}
			return dateText(n.due), fmt.Sprintf("累计完成%.0f%%", n.pct)
		}
	}
	return dateText(t.due), "全面完成年度目标任务"
}

func dateText(d domain.Date) string {
	return monthText(d.Year(), int(d.Month()), d.Day(), d.MonthEnd().Day())
}

func weekdayISO(d domain.Date) int {
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	return wd
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
