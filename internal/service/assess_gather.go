// Gathering what a scheme scores from: the units of its categories, their
// tasks of the scheme's year at the check date, their indicators, their
// supervision record, the examiners' entries and evaluation results.
// Everything is measured at the scheme's check date, so a result computed
// later from the same records is the same.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// AssessmentInputs gathers the inputs of a scheme (office, leaders and
// examiners: the inputs show every unit's record).
func (s *Service) AssessmentInputs(ctx context.Context, p *Principal, schemeID domain.ID) (domain.AssessInputs, error) {
	sc, err := s.loadScheme(ctx, s.db.Read(), p, schemeID)
	if err != nil {
		return domain.AssessInputs{}, err
	}
	if !seesAllResults(p) {
		return domain.AssessInputs{}, forbidden(ctx)
	}
	return s.gather(ctx, sc)
}

// gather collects the inputs of sc, with no caller's scope.
func (s *Service) gather(ctx context.Context, sc domain.Scheme) (domain.AssessInputs, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return domain.AssessInputs{}, err
	}
	in := domain.AssessInputs{Tasks: map[domain.ID][]domain.AssessTask{}, Indicators: map[domain.ID][]domain.AssessIndicator{},
		Supervision: map[domain.ID]domain.AssessSupervision{}, Values: map[string]map[domain.ID]float64{},
		Manual: map[string]map[domain.ID][]domain.ManualScore{}, Evaluations: map[string]map[domain.ID]float64{}}
	in.Units = assessUnits(m, sc)
	units := map[domain.ID]bool{}
	for _, u := range in.Units {
		units[u.ID] = true
	}
	taskOf, err := s.gatherTasks(ctx, m, sc, units, &in)
	if err != nil {
		return in, err
	}
	if err := s.gatherIndicators(ctx, m, sc, taskOf, &in); err != nil {
		return in, err
	}
	if err := s.gatherSupervision(ctx, sc, units, &in); err != nil {
		return in, err
	}
	if err := s.gatherEntries(ctx, sc, units, &in); err != nil {
		return in, err
	}
	var evals []string
	crit, _ := criteriaOf(sc.SchemeBody)
	for _, c := range crit {
		if c.Method == domain.MethodEvaluation && c.Params.Evaluation != "" && !containsString(evals, c.Params.Evaluation) {
			evals = append(evals, c.Params.Evaluation)
		}
	}
	if len(evals) > 0 {
		ev, err := s.assessEvaluations(ctx, sc.Year, evals)
		if err != nil {
			return in, err
		}
		for code, byUnit := range ev {
			in.Evaluations[code] = byUnit
		}
	}
	return in, nil
}

// assessUnits returns the active units in the scheme's categories, in
// category order, then tree order.
func assessUnits(m *readmodel.Model, sc domain.Scheme) []domain.AssessUnit {
	var out []domain.AssessUnit
	tree := m.TreeOrder()
	for _, cat := range sc.Categories {
		for i, u := range tree {
			if u.Active && u.Category == cat.Name {
				out = append(out, domain.AssessUnit{ID: u.ID, Name: u.Name, Category: u.Category, Sort: i})
			}
		}
	}
	return out
}

// gatherTasks puts each task of the scheme's year under each of its lead
// units that is assessed: progress, expected progress and status at the
// end of the check date, reports missing or late by then, and whether an approved
// 容错免责 exemption of the task for the year covers its failure. It
// returns the tasks it took, by ID, with the units they count for.
func (s *Service) gatherTasks(ctx context.Context, m *readmodel.Model, sc domain.Scheme, units map[domain.ID]bool,
	in *domain.AssessInputs) (map[domain.ID][]domain.ID, error) {
	asOf := sc.CheckDate
	ev := m.Evaluate(asOf, m.Calendar)
	var tasks []*readmodel.Task
	taskOf := map[domain.ID][]domain.ID{}
	for _, t := range m.Tasks {
		if t.Plan == nil || t.Plan.Year != sc.Year {
			continue
		}
		for _, u := range t.LeadUnitIDs {
			if units[u] {
				taskOf[t.ID] = append(taskOf[t.ID], u)
			}
		}
		if len(taskOf[t.ID]) > 0 {
			tasks = append(tasks, t)
		}
	}
	if len(tasks) == 0 {
		return taskOf, nil
	}
	subs, err := s.firstSubmissions(ctx, tasks, asOf)
	if err != nil {
		return nil, err
	}
	exempt, err := s.db.Read().Exemptions(ctx, store.ExemptionFilter{Kind: domain.FailureTask, Year: sc.Year,
		States: []domain.ExemptionState{domain.ExemptionApproved}})
	if err != nil {
		return nil, err
	}
	exempted := map[domain.ID]bool{}
	for _, e := range exempt {
		exempted[e.TargetID] = true
	}
	for _, t := range tasks {
		res := ev.Of(t)
		due := t.Due
		if t.Ongoing {
			due = 0
		}
		at := domain.AssessTask{TaskID: t.ID, Number: t.Number, Category: t.Category, Weight: t.Weight, Progress: res.Progress,
			Expected: res.Expected, Overdue: res.Status == domain.StatusOverdue,
			Lagging: res.Status == domain.StatusLagging || res.Status == domain.StatusSevere, Exempt: exempted[t.ID]}
		// The check date counts whole ("截至12月31日"): a task due by then
		// is measured against all of it, and one not done has failed,
		// even when it was due on the check date itself (which the status
		// engine, a view during the day, still calls 临期).
		if due != 0 && due <= asOf {
			at.Expected = 100
			if res.Status != domain.StatusDone {
				at.Overdue, at.Lagging = true, false
			}
		}
		tc := taskCompliance(t, asOf, subs[t.ID])
		at.Missing, at.Late = tc.Missing, tc.Late
		for _, u := range taskOf[t.ID] {
			in.Tasks[u] = append(in.Tasks[u], at)
		}
	}
	return taskOf, nil
}

// gatherIndicators lists, per unit, the indicators of the year's plans
// tied to the unit's tasks, each with its latest counted value on or
// before the check date; indicator actuals also feed the rank criteria
// that rank a value by the indicator's name.
func (s *Service) gatherIndicators(ctx context.Context, m *readmodel.Model, sc domain.Scheme, taskOf map[domain.ID][]domain.ID, in *domain.AssessInputs) error {
	r := s.db.Read()
	for _, pl := range m.Plans {
		if pl.Year != sc.Year {
			continue
		}
		inds, err := r.Indicators(ctx, pl.ID)
		if err != nil {
			return err
		}
		var mine []domain.Indicator
		for _, ind := range inds {
			if ind.TaskID != 0 && len(taskOf[ind.TaskID]) > 0 {
				mine = append(mine, ind)
			}
		}
		if len(mine) == 0 {
			continue
		}
		vals, err := r.CountedIndicatorValues(ctx, pl.ID)
		if err != nil {
			return err
		}
		latest := map[domain.ID]float64{}
		has := map[domain.ID]bool{}
		for _, v := range vals { // by indicator, then date: the last one kept wins
			if v.Date <= sc.CheckDate {
				latest[v.IndicatorID], has[v.IndicatorID] = v.Value, true
			}
		}
		for _, ind := range mine {
			ai := domain.AssessIndicator{Name: ind.Name, Baseline: ind.Baseline, Target: ind.Target, Actual: latest[ind.ID], HasActual: has[ind.ID],
				Direction: ind.Direction}
			for _, u := range taskOf[ind.TaskID] {
				in.Indicators[u] = append(in.Indicators[u], ai)
				if ai.HasActual {
					if in.Values[ind.Name] == nil {
						in.Values[ind.Name] = map[domain.ID]float64{}
					}
					in.Values[ind.Name][u] += ai.Actual
				}
			}
		}
	}
	return nil
}
