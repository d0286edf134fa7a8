package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// planDetailView is a plan with the roll-up of its tasks the caller can
// see on the as-of date.
type planDetailView struct {
	domain.Plan
	AsOf    domain.Date         `json:"as_of"`
	Summary service.GroupStatus `json:"summary"`
}

// goalInput is a goal of a plan as an office writes it.
type goalInput struct {
	ParentID    domain.ID `json:"parent_id"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Sort        int       `json:"sort"`
}

// indicatorInput is an indicator of a plan as an office writes it.
type indicatorInput struct {
	GoalID    domain.ID        `json:"goal_id"`
	TaskID    domain.ID        `json:"task_id"`
	Name      string           `json:"name"`
	Measure   string           `json:"measure"`
	Baseline  float64          `json:"baseline"`
	Target    float64          `json:"target"`
	Direction domain.Direction `json:"direction"`
}

// listPlans lists every plan: plans are the directory of work, while the
// tasks in them are scoped.
func (s *server) listPlans(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(append([]domain.Plan{}, m.Plans...)))
}

// plan returns the plan of the {id} wildcard.
func (s *server) plan(r *http.Request, p *service.Principal) (*domain.Plan, *readmodel.Model, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return nil, nil, err
	}
	pl := m.Plan(id)
	if pl == nil {
		return nil, nil, notFound(r.Context(), "thing.plan")
	}
	return pl, m, nil
}

func (s *server) getPlan(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	asOf := s.asOf(q)
	if q.err != nil {
		return q.err
	}
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	return s.writePlan(w, r, p, http.StatusOK, pl.ID, asOf)
}

func (s *server) writePlan(w http.ResponseWriter, r *http.Request, p *service.Principal, code int, id domain.ID, asOf domain.Date) error {
	scope, m, err := s.svc.Scope(r.Context(), p)
	if err != nil {
		return err
	}
	pl := m.Plan(id)
	if pl == nil {
		return notFound(r.Context(), "thing.plan")
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, readmodel.Filter{PlanID: id})
	d := planDetailView{Plan: *pl, AsOf: asOf, Summary: service.GroupStatusOf(pl.Name, readmodel.Summary(ev, tasks))}
	if code == http.StatusCreated {
		return created(w, fmt.Sprintf("%s/plans/%d", prefix, id), d)
	}
	return writeJSON(w, code, d)
}

func (s *server) createPlan(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.PlanInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	pl, err := s.svc.CreatePlan(r.Context(), p, in)
	if err != nil {
		return err
	}
	return s.writePlan(w, r, p, http.StatusCreated, pl.ID, s.svc.Today())
}

func (s *server) updatePlan(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.PlanInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.UpdatePlan(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.writePlan(w, r, p, http.StatusOK, id, s.svc.Today())
}

func (s *server) listGoals(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	goals, err := s.svc.Goals(r.Context(), p, pl.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(goals))
}

func (s *server) createGoal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.saveGoal(w, r, p, 0)
}

func (s *server) updateGoal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "goal_id")
	if err != nil {
		return err
	}
	return s.saveGoal(w, r, p, id)
}

// saveGoal creates (id 0) or edits a goal of the plan in the path. The
// goal must belong to that plan: the service checks the office against the
// plan it is given.
func (s *server) saveGoal(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) error {
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	if id != 0 {
		goals, err := s.svc.Goals(r.Context(), p, pl.ID)
		if err != nil {
			return err
		}
		if !hasID(goals, id, func(g domain.Goal) domain.ID { return g.ID }) {
			return notFound(r.Context(), "thing.goal")
		}
	}
	var in goalInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := s.svc.SaveGoal(r.Context(), p, domain.Goal{ID: id, PlanID: pl.ID, ParentID: in.ParentID, Code: in.Code, Title: in.Title,
		Description: in.Description, Sort: in.Sort})
	if err != nil {
		return err
	}
	if id == 0 {
		return created(w, fmt.Sprintf("%s/plans/%d/goals/%d", prefix, pl.ID, g.ID), g)
	}
	return writeJSON(w, http.StatusOK, g)
}

func (s *server) listIndicators(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	inds, err := s.svc.IndicatorStatuses(r.Context(), p, pl.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(inds))
}

// indicatorValueInput is an actual value the office records.
type indicatorValueInput struct {
	Date  domain.Date `json:"date"`
	Value float64     `json:"value"`
	Note  string      `json:"note"`
}

// recordIndicatorValue records an indicator's actual value (office).
func (s *server) recordIndicatorValue(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	id, err := pathID(r, "indicator_id")
	if err != nil {
		return err
	}
	var in indicatorValueInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	inds, err := s.svc.Indicators(r.Context(), p, pl.ID)
	if err != nil {
		return err
	}
	found := false
	for _, ind := range inds {
		found = found || ind.ID == id
	}
	if !found {
		return notFound(r.Context(), "thing.indicator")
	}
	v, err := s.svc.RecordIndicatorValue(r.Context(), p, domain.IndicatorValue{IndicatorID: id, Date: in.Date, Value: in.Value, Note: in.Note})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/plans/%d/indicators", prefix, pl.ID), v)
}

func (s *server) createIndicator(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.saveIndicator(w, r, p, 0)
}

func (s *server) updateIndicator(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "indicator_id")
	if err != nil {
		return err
	}
	return s.saveIndicator(w, r, p, id)
}

// saveIndicator creates (id 0) or edits an indicator of the plan in the path.
func (s *server) saveIndicator(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) error {
	pl, _, err := s.plan(r, p)
	if err != nil {
		return err
	}
	if id != 0 {
		inds, err := s.svc.Indicators(r.Context(), p, pl.ID)
		if err != nil {
			return err
		}
		if !hasID(inds, id, func(i domain.Indicator) domain.ID { return i.ID }) {
			return notFound(r.Context(), "thing.indicator")
		}
	}
	var in indicatorInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ind, err := s.svc.SaveIndicator(r.Context(), p, domain.Indicator{ID: id, PlanID: pl.ID, GoalID: in.GoalID, TaskID: in.TaskID, Name: in.Name,
		Measure: in.Measure, Baseline: in.Baseline, Target: in.Target, Direction: in.Direction})
	if err != nil {
		return err
	}
	if id == 0 {
		return created(w, fmt.Sprintf("%s/plans/%d/indicators/%d", prefix, pl.ID, ind.ID), ind)
	}
	return writeJSON(w, http.StatusOK, ind)
}

func hasID[T any](items []T, id domain.ID, idOf func(T) domain.ID) bool {
	for _, it := range items {
		if idOf(it) == id {
			return true
		}
	}
	return false
}
