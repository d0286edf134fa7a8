package service

import (
	"context"
	"errors"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// PlanInput is a plan as an office edits it.
type PlanInput struct {
	Name        string          `json:"name"`
	Year        int             `json:"year"`
	Kind        domain.PlanKind `json:"kind"`
	Start       domain.Date     `json:"start"`
	End         domain.Date     `json:"end"`
	OwnerUnitID domain.ID       `json:"owner_unit_id"`
	Cadence     domain.Cadence  `json:"cadence"`
	DueDay      int             `json:"due_day"`
	SevereGap   float64         `json:"severe_gap"`
	DueSoonDays int             `json:"due_soon_days"`
	Archived    bool            `json:"archived"`
}

func (s *Service) checkPlan(ctx context.Context, in PlanInput) (domain.Plan, error) {
	p := printer(ctx)
	pl := domain.Plan{Name: strings.TrimSpace(in.Name), Year: in.Year, Kind: in.Kind, Start: in.Start, End: in.End, OwnerUnitID: in.OwnerUnitID,
		Cadence: in.Cadence, DueDay: in.DueDay, SevereGap: in.SevereGap, DueSoonDays: in.DueSoonDays, Archived: in.Archived}
	if pl.Name == "" {
		return pl, invalid(ctx, "name", "err.required", p.T("field.plan_name"))
	}
	if pl.Year == 0 && !pl.Start.IsZero() {
		pl.Year = pl.Start.Year()
	}
	if pl.Year < 2000 || pl.Year > 2100 {
		return pl, invalid(ctx, "year", "err.plan.year")
	}
	if pl.Kind == "" {
		pl.Kind = domain.PlanAnnual
	}
	if pl.Kind != domain.PlanAnnual && pl.Kind != domain.PlanCampaign {
		return pl, invalid(ctx, "kind", "err.invalid_value", p.T("field.plan_kind"))
	}
	if pl.Start.IsZero() {
		pl.Start = domain.NewDate(pl.Year, 1, 1)
	}
	if pl.End.IsZero() {
		pl.End = domain.NewDate(pl.Year, 12, 31)
	}
	if pl.End < pl.Start {
		return pl, invalid(ctx, "end", "err.dates.order")
	}
	if pl.Cadence == "" {
		pl.Cadence = domain.CadenceMonthly
	}
	if !pl.Cadence.Valid() {
		return pl, invalid(ctx, "cadence", "err.invalid_value", p.T("field.cadence"))
	}
	maxDay := 31
	if pl.Cadence == domain.CadenceWeekly {
		maxDay = 7
	}
	if pl.DueDay < 0 || pl.DueDay > maxDay {
		return pl, invalid(ctx, "due_day", "err.plan.due_day", maxDay)
	}
	if pl.SevereGap == 0 {
		pl.SevereGap = domain.DefaultSevereGap
	}
	if pl.SevereGap < 1 || pl.SevereGap > 100 {
		return pl, invalid(ctx, "severe_gap", "err.range", p.T("field.severe_gap"), 1, 100)
	}
	if pl.DueSoonDays == 0 {
		pl.DueSoonDays = domain.DefaultDueSoonDays
	}
	if pl.DueSoonDays < 0 || pl.DueSoonDays > 60 {
		return pl, invalid(ctx, "due_soon_days", "err.range", p.T("field.due_soon_days"), 0, 60)
	}
	return pl, nil
}

// CreatePlan adds a plan (office).
func (s *Service) CreatePlan(ctx context.Context, p *Principal, in PlanInput) (*domain.Plan, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, in.OwnerUnitID); err != nil {
		return nil, err
	}
	pl, err := s.checkPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	if pl.OwnerUnitID != 0 && m.Unit(pl.OwnerUnitID) == nil {
		return nil, invalid(ctx, "owner_unit_id", "err.not_found", printer(ctx).T("thing.unit"))
	}
	err = s.update(ctx, func(tx *store.Tx) error { return s.insertPlan(ctx, tx, p, &pl) })
	if err != nil {
		return nil, err
	}
	return &pl, nil
}

func (s *Service) insertPlan(ctx context.Context, tx *store.Tx, p *Principal, pl *domain.Plan) error {
	if err := tx.InsertPlan(ctx, pl, s.Now()); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return conflict(ctx, "err.plan.name_taken", pl.Name)
		}
		return err
	}
	_, err := s.audit(ctx, tx, p, store.Change{Action: "plan.create", Entity: "plan", EntityID: pl.ID, After: pl})
	return err
}

// UpdatePlan edits a plan (office).
func (s *Service) UpdatePlan(ctx context.Context, p *Principal, id domain.ID, in PlanInput) (*domain.Plan, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	old := m.Plan(id)
	if old == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.plan"))
	}
	if err := s.requireOrgOffice(ctx, p, m, old.OwnerUnitID); err != nil {
		return nil, err
	}
	pl, err := s.checkPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	pl.ID = id
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePlan(ctx, pl, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.plan.name_taken", pl.Name)
			}
			return fromStore(ctx, err, "thing.plan")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "plan.update", Entity: "plan", EntityID: id, Before: *old, After: pl})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &pl, nil
}

// Goals lists a plan's goals for anyone who may see the plan's tasks.
func (s *Service) Goals(ctx context.Context, p *Principal, planID domain.ID) ([]domain.Goal, error) {
	if p == nil {
		return nil, forbidden(ctx)
	}
	return s.db.Read().Goals(ctx, planID)
}

// SaveGoal creates (ID 0) or edits a goal of a plan (office).
func (s *Service) SaveGoal(ctx context.Context, p *Principal, g domain.Goal) (*domain.Goal, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	pl := m.Plan(g.PlanID)
	if pl == nil {
		return nil, invalid(ctx, "plan_id", "err.not_found", printer(ctx).T("thing.plan"))
	}
	if err := s.requireOrgOffice(ctx, p, m, pl.OwnerUnitID); err != nil {
		return nil, err
	}
	if err := s.checkOwnPlan(ctx, "goal", g.ID, g.PlanID); err != nil {
		return nil, err
	}
	if err := s.checkGoalRef(ctx, "parent_id", g.ParentID, g.PlanID); err != nil {
		return nil, err
	}
	g.Title, g.Code = strings.TrimSpace(g.Title), strings.TrimSpace(g.Code)
	if g.Title == "" {
		return nil, invalid(ctx, "title", "err.required", printer(ctx).T("field.goal_title"))
	}
	if g.ParentID == g.ID && g.ID != 0 {
		return nil, invalid(ctx, "parent_id", "err.unit.cycle")
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		action := "goal.update"
		if g.ID == 0 {
			action = "goal.create"
			if err := tx.InsertGoal(ctx, &g); err != nil {
				return err
			}
		} else if err := tx.UpdateGoal(ctx, g); err != nil {
			return fromStore(ctx, err, "thing.goal")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: action, Entity: "goal", EntityID: g.ID, After: g})
		return err
	})
	return &g, err
}

// Indicators lists a plan's indicators.
func (s *Service) Indicators(ctx context.Context, p *Principal, planID domain.ID) ([]domain.Indicator, error) {
	if p == nil {
		return nil, forbidden(ctx)
	}
	return s.db.Read().Indicators(ctx, planID)
}

// SaveIndicator creates (ID 0) or edits an indicator (office).
func (s *Service) SaveIndicator(ctx context.Context, p *Principal, in domain.Indicator) (*domain.Indicator, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	pl := m.Plan(in.PlanID)
	if pl == nil {
		return nil, invalid(ctx, "plan_id", "err.not_found", printer(ctx).T("thing.plan"))
	}
	if err := s.requireOrgOffice(ctx, p, m, pl.OwnerUnitID); err != nil {
		return nil, err
	}
	if err := s.checkOwnPlan(ctx, "indicator", in.ID, in.PlanID); err != nil {
		return nil, err
	}
	if err := s.checkGoalRef(ctx, "goal_id", in.GoalID, in.PlanID); err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return nil, invalid(ctx, "name", "err.required", printer(ctx).T("field.indicator_name"))
	}
	if in.Direction == "" {
		in.Direction = domain.DirectionUp
	}
	if in.Direction != domain.DirectionUp && in.Direction != domain.DirectionDown {
		return nil, invalid(ctx, "direction", "err.invalid_value", printer(ctx).T("field.direction"))
	}
	if in.TaskID != 0 && m.Task(in.TaskID) == nil {
		return nil, invalid(ctx, "task_id", "err.not_found", printer(ctx).T("thing.task"))
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		action := "indicator.update"
		if in.ID == 0 {
			action = "indicator.create"
			if err := tx.InsertIndicator(ctx, &in); err != nil {
				return err
			}
		} else if err := tx.UpdateIndicator(ctx, in); err != nil {
			return fromStore(ctx, err, "thing.indicator")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: action, Entity: "indicator", EntityID: in.ID, After: in})
		return err
	})
	return &in, err
}

// checkOwnPlan makes sure an existing goal or indicator belongs to the plan
// it is saved under, so one plan's office cannot edit another plan's rows by
// ID: another plan's row is missing (404).
func (s *Service) checkOwnPlan(ctx context.Context, kind string, id, planID domain.ID) error {
	ok, err := s.inPlan(ctx, kind, id, planID)
	if err != nil {
		return err
	}
	if !ok {
		return notFound(ctx, "err.not_found", printer(ctx).T("thing."+kind))
	}
	return nil
}

// checkGoalRef makes sure a goal the body names in field (a parent goal, an
// indicator's goal) is one of the plan's: anything else is bad input (422)
// naming the field.
func (s *Service) checkGoalRef(ctx context.Context, field string, id, planID domain.ID) error {
	ok, err := s.inPlan(ctx, "goal", id, planID)
	if err != nil {
		return err
	}
	if !ok {
		return invalid(ctx, field, "err.not_found", printer(ctx).T("thing.goal"))
	}
	return nil
}

// inPlan reports whether the goal or indicator id (0: none) is one of the plan's.
func (s *Service) inPlan(ctx context.Context, kind string, id, planID domain.ID) (bool, error) {
	if id == 0 {
		return true, nil
	}
	if kind == "goal" {
		gs, err := s.db.Read().Goals(ctx, planID)
		if err != nil {
			return false, err
		}
		for _, g := range gs {
			if g.ID == id {
				return true, nil
			}
		}
		return false, nil
	}
	is, err := s.db.Read().Indicators(ctx, planID)
	if err != nil {
		return false, err
	}
	for _, in := range is {
		if in.ID == id {
			return true, nil
		}
	}
	return false, nil
}
