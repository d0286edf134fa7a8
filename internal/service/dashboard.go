package service

import (
	"context"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/status"
)

// Dashboard is the 作战图 of a viewer's scope on a date.
type Dashboard struct {
	AsOf    domain.Date
	Year    int
	PlanID  domain.ID
	Plans   []domain.Plan
	Model   *readmodel.Model
	Eval    *readmodel.Evaluation
	Tasks   []*readmodel.Task
	Summary status.Summary
	// Behind are the overdue, severely lagging and lagging tasks, most urgent first.
	Behind  []*readmodel.Task
	DueSoon []*readmodel.Task
	Units   []readmodel.Group
	Sectors []readmodel.Group
	Fronts  []readmodel.Group
	Leaders []readmodel.Group
	// Trajectory is weighted expected against actual progress at each month
	// end of the year up to the as-of date (and the as-of date itself).
	Trajectory []TrajectoryPoint
	// Heat is the gap (expected − progress, weighted) per lead unit and month.
	Heat Heatmap
	// TimeShare is the share of the year elapsed (时间过半?).
	TimeShare float64
}

// TrajectoryPoint is one sample of the 作战图's progress chart.
type TrajectoryPoint struct {
	Date     domain.Date
	Expected float64
	Progress float64
}

// Heatmap is a unit × month grid of gaps.
type Heatmap struct {
	Units   []*readmodel.Unit
	Months  []domain.Date
	Gap     [][]float64
	Missing [][]bool
}

// DashboardFilter chooses what the 作战图 shows.
type DashboardFilter struct {
	AsOf   domain.Date
	PlanID domain.ID
}

// Dashboard builds the 作战图 for p.
func (s *Service) Dashboard(ctx context.Context, p *Principal, f DashboardFilter) (*Dashboard, error) {
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if f.AsOf.IsZero() {
		f.AsOf = s.Today()
	}
	d := &Dashboard{AsOf: f.AsOf, Year: f.AsOf.Year(), PlanID: f.PlanID, Model: m}
	ev := m.Evaluate(f.AsOf, m.Calendar)
	d.Eval = ev
	filter := readmodel.Filter{PlanID: f.PlanID}
	if f.PlanID == 0 {
		filter.Year = d.Year
	} else if pl := m.Plan(f.PlanID); pl != nil {
		d.Year = pl.Year
	}
	// Plans the viewer can see tasks of, for the plan picker.
	seen := map[domain.ID]bool{}
	for _, t := range m.Find(ev, scope, readmodel.Filter{}) {
		seen[t.PlanID] = true
	}
	for _, pl := range m.Plans {
		if seen[pl.ID] {
			d.Plans = append(d.Plans, pl)
		}
	}
	d.Tasks = m.Find(ev, scope, filter)
	d.Summary = readmodel.Summary(ev, d.Tasks)
	for _, t := range d.Tasks {
		switch ev.Of(t).Status {
		case domain.StatusOverdue, domain.StatusSevere, domain.StatusLagging:
			d.Behind = append(d.Behind, t)
		case domain.StatusDueSoon:
			d.DueSoon = append(d.DueSoon, t)
		}
	}
	readmodel.SortByUrgency(ev, d.Behind)
	sort.SliceStable(d.DueSoon, func(i, j int) bool { return d.DueSoon[i].Due < d.DueSoon[j].Due })
	d.Units = m.Rollup(ev, d.Tasks, readmodel.ByUnit)
	d.Sectors = m.Rollup(ev, d.Tasks, readmodel.BySector)
	d.Fronts = m.Rollup(ev, d.Tasks, readmodel.ByFront)
	d.Leaders = m.Rollup(ev, d.Tasks, readmodel.ByLeader)
	for _, gs := range [][]readmodel.Group{d.Units, d.Sectors, d.Fronts, d.Leaders} {
		readmodel.RankByGap(gs)
	}
	start, end := domain.NewDate(d.Year, 1, 1), domain.NewDate(d.Year, 12, 31)
	if pl := m.Plan(f.PlanID); pl != nil {
		start, end = pl.Start, pl.End
	}
	if f.AsOf >= start {
		d.TimeShare = float64(domain.DaysInclusive(start, min(f.AsOf, end))*100) / float64(domain.DaysInclusive(start, end))
	}
	d.Trajectory, d.Heat = s.history(m, d.Tasks, start, end, f.AsOf)
	return d, nil
}

// history samples progress at each month end between start and asOf.
func (s *Service) history(m *readmodel.Model, tasks []*readmodel.Task, start, end, asOf domain.Date) ([]TrajectoryPoint, Heatmap) {
	var dates []domain.Date
	for d := start.MonthEnd(); d < asOf && d <= end; d = d.AddDays(1).MonthEnd() {
		dates = append(dates, d)
	}
	if asOf >= start {
		dates = append(dates, min(asOf, end))
	}
	var traj []TrajectoryPoint
	byUnit := map[domain.ID][]*readmodel.Task{}
	for _, t := range tasks {
		for _, u := range t.LeadUnitIDs {
			byUnit[u] = append(byUnit[u], t)
		}
	}
	var hm Heatmap
	for _, u := range m.TreeOrder() {
		if len(byUnit[u.ID]) > 0 {
			hm.Units = append(hm.Units, u)
		}
	}
	hm.Months = dates
	hm.Gap = make([][]float64, len(hm.Units))
	hm.Missing = make([][]bool, len(hm.Units))
	for i := range hm.Units {
		hm.Gap[i] = make([]float64, len(dates))
		hm.Missing[i] = make([]bool, len(dates))
	}
	for j, d := range dates {
		ev := m.Evaluate(d, m.Calendar)
		sum := readmodel.Summary(ev, tasks)
		traj = append(traj, TrajectoryPoint{Date: d, Expected: sum.Expected, Progress: sum.Progress})
		for i, u := range hm.Units {
			us := readmodel.Summary(ev, byUnit[u.ID])
			if us.Measured == 0 || us.Expected == 0 {
				hm.Missing[i][j] = true
				continue
			}
			hm.Gap[i][j] = us.Expected - us.Progress
		}
	}
	return traj, hm
}

// MonthStart is the first instant of a date in the deployment's zone, for charts.
func (s *Service) MonthStart(d domain.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.cfg.Location)
}
