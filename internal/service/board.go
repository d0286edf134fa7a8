package service

import (
	"context"
	"math"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/status"
)

// TaskStatus is one task in the status report (a contract of `luoshi status --json`).
type TaskStatus struct {
	ID        domain.ID     `json:"id"`
	Plan      string        `json:"plan"`
	Number    string        `json:"number"`
	Title     string        `json:"title"`
	Category  string        `json:"category"`
	LeadUnits []string      `json:"lead_units"`
	CoUnits   []string      `json:"co_units"`
	Sector    string        `json:"sector"`
	Fronts    []string      `json:"fronts"`
	Leaders   []string      `json:"leaders"`
	Start     domain.Date   `json:"start"`
	Due       domain.Date   `json:"due"`
	Weight    float64       `json:"weight"`
	Progress  float64       `json:"progress"`
	Expected  *float64      `json:"expected"`
	Gap       *float64      `json:"gap"`
	Status    domain.Status `json:"status"`
	// MissedMilestones counts nodes past their date and not completed.
	MissedMilestones int `json:"missed_milestones"`
	// Exemption is the approved exemption (容错免责) from the task lagging
	// or being overdue, when there is one.
	Exemption *domain.ExemptionRef `json:"exemption,omitempty"`
}

// GroupStatus is a roll-up row (unit, sector, front, leader or plan).
type GroupStatus struct {
	Name     string         `json:"name"`
	Tasks    int            `json:"tasks"`
	Progress float64        `json:"progress"`
	Expected float64        `json:"expected"`
	Behind   bool           `json:"behind"`
	Counts   map[string]int `json:"counts"`
	// Measured tasks have a due date; AtOrAbove of them are at or above
	// expected (时间过半、任务过半 by count).
	Measured  int `json:"measured"`
	AtOrAbove int `json:"at_or_above"`
}

// StatusReport is the engine's result on a date.
type StatusReport struct {
	AsOf    domain.Date   `json:"as_of"`
	Summary GroupStatus   `json:"summary"`
	Tasks   []TaskStatus  `json:"tasks"`
	Units   []GroupStatus `json:"units"`
	Sectors []GroupStatus `json:"sectors"`
	Fronts  []GroupStatus `json:"fronts"`
	Leaders []GroupStatus `json:"leaders"`
	Plans   []GroupStatus `json:"plans"`
}

// round1 rounds to one decimal, the precision shown everywhere.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// TaskStatusOf describes a task's result for reports and the API.
func TaskStatusOf(m *readmodel.Model, t *readmodel.Task, r status.Result) TaskStatus {
	ts := TaskStatus{ID: t.ID, Number: t.Number, Title: t.Title, Category: string(t.Category),
		LeadUnits: m.UnitNames(t.LeadUnitIDs), CoUnits: m.UnitNames(t.CoUnitIDs), Sector: m.SectorName(t.SectorID),
		Fronts: m.FrontNames(t.FrontIDs), Leaders: m.PersonNames(t.LeaderIDs), Start: t.Start(), Weight: t.Weight,
		Progress: r.Progress, Status: r.Status, MissedMilestones: r.Missed}
	if t.Plan != nil {
		ts.Plan = t.Plan.Name
	}
	if !t.Ongoing {
		ts.Due = t.Due
	}
	if r.HasExpected {
		e, g := round1(r.Expected), round1(r.Expected-r.Progress)
		ts.Expected, ts.Gap = &e, &g
	}
	return ts
}

// GroupStatusOf describes a roll-up.
func GroupStatusOf(name string, s status.Summary) GroupStatus {
	g := GroupStatus{Name: name, Tasks: s.Tasks, Progress: round1(s.Progress), Expected: round1(s.Expected), Behind: s.Behind,
		Counts: map[string]int{}, Measured: s.Measured, AtOrAbove: s.AtOrAbove}
	for st, n := range s.Counts {
		g.Counts[string(st)] = n
	}
	return g
}

func groupStatuses(gs []readmodel.Group) []GroupStatus {
	out := make([]GroupStatus, 0, len(gs))
	for _, g := range gs {
		out = append(out, GroupStatusOf(g.Name, g.Summary))
	}
	return out
}

// StatusReport evaluates the tasks in p's scope that pass f on asOf.
func (s *Service) StatusReport(ctx context.Context, p *Principal, f readmodel.Filter, asOf domain.Date) (*StatusReport, error) {
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.Today()
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, f)
	readmodel.SortByNumber(tasks)
	rep := &StatusReport{AsOf: asOf, Tasks: make([]TaskStatus, 0, len(tasks)),
		Summary: GroupStatusOf("", readmodel.Summary(ev, tasks))}
	exempt, err := s.approvedRefs(ctx, domain.FailureTask)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		ts := TaskStatusOf(m, t, ev.Of(t))
		if ref, ok := exempt[t.ID]; ok {
			ts.Exemption = &ref
		}
		rep.Tasks = append(rep.Tasks, ts)
	}
	rep.Units = groupStatuses(m.Rollup(ev, tasks, readmodel.ByUnit))
	rep.Sectors = groupStatuses(m.Rollup(ev, tasks, readmodel.BySector))
	rep.Fronts = groupStatuses(m.Rollup(ev, tasks, readmodel.ByFront))
	rep.Leaders = groupStatuses(m.Rollup(ev, tasks, readmodel.ByLeader))
	rep.Plans = groupStatuses(m.Rollup(ev, tasks, readmodel.ByPlan))
	return rep, nil
}
