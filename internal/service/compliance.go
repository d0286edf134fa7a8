package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// TaskCompliance is how one task's reporting stands.
type TaskCompliance struct {
	Task    *readmodel.Task
	Periods []cadence.PeriodState
	Missing int
	Late    int
	OnTime  int
}

// UnitCompliance sums a unit's tasks.
type UnitCompliance struct {
	Unit    *readmodel.Unit
	Tasks   int
	Missing int
	Late    int
	OnTime  int
}

// Compliance computes missing (未报送) and late (迟报) reports for the tasks
// in p's scope that pass f, as of asOf.
func (s *Service) Compliance(ctx context.Context, p *Principal, f readmodel.Filter, asOf domain.Date) ([]TaskCompliance, []UnitCompliance, error) {
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, f)
	subs, err := s.firstSubmissions(ctx, tasks, asOf)
	if err != nil {
		return nil, nil, err
	}
	var out []TaskCompliance
	byUnit := map[domain.ID]*UnitCompliance{}
	for _, t := range tasks {
		tc := taskCompliance(t, asOf, subs[t.ID])
		out = append(out, tc)
		for _, uid := range t.LeadUnitIDs {
			uc := byUnit[uid]
			if uc == nil {
				uc = &UnitCompliance{Unit: m.Unit(uid)}
				byUnit[uid] = uc
			}
			uc.Tasks++
			uc.Missing += tc.Missing
			uc.Late += tc.Late
			uc.OnTime += tc.OnTime
		}
	}
	var units []UnitCompliance
	for _, u := range m.TreeOrder() {
		if uc := byUnit[u.ID]; uc != nil {
			units = append(units, *uc)
		}
	}
	return out, units, nil
}

// taskCompliance is a task's reporting periods up to asOf with their state
// and counts, from the first submission of each period.
func taskCompliance(t *readmodel.Task, asOf domain.Date, firsts map[string]domain.Date) TaskCompliance {
	due := t.Due
	if t.Ongoing {
		due = 0
	}
	dueDay := 0
	if t.Plan != nil {
		dueDay = t.Plan.DueDay
	}
	tc := TaskCompliance{Task: t, Periods: cadence.Compliance(t.Cadence(), dueDay, t.Start(), due, asOf, firsts)}
	for _, ps := range tc.Periods {
		switch ps.State {
		case cadence.Missing:
			tc.Missing++
		case cadence.Late:
			tc.Late++
		case cadence.OnTime:
			tc.OnTime++
		}
	}
	return tc
}

// firstSubmissions reads when each period of the tasks was first reported,
// for their compliance as of asOf. Only reports dated from a quarter
// before the earliest start to a quarter after asOf are read: a report's
// date lies in its period, and no period runs longer.
func (s *Service) firstSubmissions(ctx context.Context, tasks []*readmodel.Task, asOf domain.Date) (map[domain.ID]map[string]domain.Date, error) {
	subs := map[domain.ID]map[string]domain.Date{}
	if len(tasks) == 0 {
		return subs, nil
	}
	want := make(map[domain.ID]bool, len(tasks))
	from, open := tasks[0].Start(), false
	for _, t := range tasks {
		want[t.ID] = true
		from, open = min(from, t.Start()), open || t.Start().IsZero()
	}
	if from = from.AddDays(-92); open {
		from = 0
	}
	err := s.db.Read().Submissions(ctx, s.cfg.Location, from, asOf.AddDays(92), func(sd store.SubmissionDate) {
		if !want[sd.TaskID] {
			return
		}
		mp := subs[sd.TaskID]
		if mp == nil {
			mp = map[string]domain.Date{}
			subs[sd.TaskID] = mp
		}
		if d, ok := mp[sd.Period]; !ok || sd.Date < d {
			mp[sd.Period] = sd.Date
		}
	})
	return subs, err
}
