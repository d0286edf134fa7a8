package readmodel

import (
	"math"
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
)

// 时间过半、任务过半: at a date D a group of tasks passes when its weighted
// progress Σw·p/Σw (over tasks with a due date; ongoing tasks are listed but
// not averaged) is at least the share of the period elapsed. The period is
// the calendar year of D, or the span of the plan when one plan is reviewed.
// No rounding: 49.9 against 50 fails ("49% does not count as half").

// halfTimeSlack absorbs float noise in Σw·p/Σw only; it is far below any
// difference a person can see (0.01 points).
const halfTimeSlack = 1e-9

// TimeShare is the elapsed share of [start, end] on d, in percent, days
// counted inclusively: 0 before start, 100 from end on.
func TimeShare(start, end, d domain.Date) float64 {
	switch {
	case end < start || d < start:
		return 0
	case d >= end:
		return 100
	}
	return float64(domain.DaysInclusive(start, d)*100) / float64(domain.DaysInclusive(start, end))
}

// HalfTimePass applies the rule to a roll-up: true when nothing is measured
// (there is no progress to judge), else progress ≥ time.
func HalfTimePass(s status.Summary, timeShare float64) bool {
	return s.Measured == 0 || s.Progress >= timeShare-halfTimeSlack
}

// HalfTimeRow is one group checked against the rule.
type HalfTimeRow struct {
	By      GroupBy
	ID      domain.ID
	Name    string
	Summary status.Summary
	// Done, Lagging, Severe and Overdue count tasks by status (disjoint).
	Done, Lagging, Severe, Overdue int
	Time                           float64
	Pass                           bool
	// Behind are the group's overdue, severely lagging and lagging tasks,
	// most urgent first.
	Behind []*Task
}

// Gap is time progress minus task progress (positive when behind); 0 when
// nothing is measured.
func (r HalfTimeRow) Gap() float64 {
	if r.Summary.Measured == 0 {
		return 0
	}
	return r.Time - r.Summary.Progress
}

// HalfTimeGroups are the four groupings of a review.
type HalfTimeGroups struct {
	Total                           HalfTimeRow
	Units, Sectors, Fronts, Leaders []HalfTimeRow
}

// HalfTime checks tasks grouped by lead unit, sector, front and leader
// against timeShare. A leader's tasks are those naming them as leader in
// charge and those of the sectors and fronts they lead on ev's date
// (CurrentLeaders), each task once. keep chooses which rows to return
// (nil keeps all); the total covers every task. Rows come failing first,
// then by gap (largest first), then by name.
func (m *Model) HalfTime(ev *Evaluation, tasks []*Task, timeShare float64, keep func(by GroupBy, id domain.ID) bool) HalfTimeGroups {
	out := HalfTimeGroups{Total: halfTimeRow(ev, "", 0, "", tasks, timeShare)}
	for _, by := range []GroupBy{ByUnit, BySector, ByFront} {
		var rows []HalfTimeRow
		for _, g := range m.Rollup(ev, tasks, by) {
			if keep == nil || keep(by, g.ID) {
				rows = append(rows, halfTimeRow(ev, by, g.ID, g.Name, g.Tasks, timeShare))
			}
		}
		sortHalfTime(rows)
		switch by {
		case ByUnit:
			out.Units = rows
		case BySector:
			out.Sectors = rows
		case ByFront:
			out.Fronts = rows
		}
	}
	for id, ts := range m.leaderTasks(tasks, ev.AsOf) {
		if keep != nil && !keep(ByLeader, id) {
			continue
		}
		if p := m.personByID[id]; p != nil {
			out.Leaders = append(out.Leaders, halfTimeRow(ev, ByLeader, id, p.Name, ts, timeShare))
		}
	}
	sortHalfTime(out.Leaders)
	return out
}

// leaderTasks maps each leader to their tasks (see HalfTime), in task order.
func (m *Model) leaderTasks(tasks []*Task, d domain.Date) map[domain.ID][]*Task {
	sectorLeads := map[domain.ID][]domain.ID{}
	for _, s := range m.Sectors {
		for _, l := range m.CurrentLeaders(domain.GroupSector, s.ID, d) {
			sectorLeads[s.ID] = append(sectorLeads[s.ID], l.PersonID)
		}
	}
	frontLeads := map[domain.ID][]domain.ID{}
	for _, f := range m.Fronts {
		for _, l := range m.CurrentLeaders(domain.GroupFront, f.ID, d) {
			frontLeads[f.ID] = append(frontLeads[f.ID], l.PersonID)
		}
	}
	out := map[domain.ID][]*Task{}
	for _, t := range tasks {
		seen := map[domain.ID]bool{}
		add := func(ids []domain.ID) {
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					out[id] = append(out[id], t)
				}
			}
		}
		add(t.LeaderIDs)
		add(sectorLeads[t.SectorID])
		for _, f := range t.FrontIDs {
			add(frontLeads[f])
		}
	}
	return out
}

// TaskLeaders names who is in charge of a task on d: its own leaders, else
// the current leaders of its sector.
func (m *Model) TaskLeaders(t *Task, d domain.Date) []string {
	if len(t.LeaderIDs) > 0 {
		return m.PersonNames(t.LeaderIDs)
	}
	var ids []domain.ID
	for _, l := range m.CurrentLeaders(domain.GroupSector, t.SectorID, d) {
		ids = append(ids, l.PersonID)
	}
	return m.PersonNames(ids)
}

func halfTimeRow(ev *Evaluation, by GroupBy, id domain.ID, name string, tasks []*Task, timeShare float64) HalfTimeRow {
	r := HalfTimeRow{By: by, ID: id, Name: name, Summary: Summary(ev, tasks), Time: timeShare}
	r.Pass = HalfTimePass(r.Summary, timeShare)
	r.Done = r.Summary.Counts[domain.StatusDone]
	r.Lagging = r.Summary.Counts[domain.StatusLagging]
	r.Severe = r.Summary.Counts[domain.StatusSevere]
	r.Overdue = r.Summary.Counts[domain.StatusOverdue]
	for _, t := range tasks {
		if ev.Of(t).Status.Behind() {
			r.Behind = append(r.Behind, t)
		}
	}
	SortByUrgency(ev, r.Behind)
	return r
}

func sortHalfTime(rows []HalfTimeRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Pass != b.Pass {
			return !a.Pass
		}
		if ga, gb := a.Gap(), b.Gap(); math.Abs(ga-gb) > halfTimeSlack {
			return ga > gb
		}
		return a.Name < b.Name
	})
}
