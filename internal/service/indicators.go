package service

import (
	"context"
	"math"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// IndicatorStatus is an indicator with its latest counted value.
type IndicatorStatus struct {
	domain.Indicator
	Latest *domain.IndicatorValue `json:"latest,omitempty"`
	// Attainment is how far the latest value has moved from the baseline
	// to the target, in percent.
	Attainment *float64                `json:"attainment,omitempty"`
	History    []domain.IndicatorValue `json:"history"`
}

// IndicatorStatuses lists a plan's indicators with their values: those
// entered by the office, and those reported with an approved report.
func (s *Service) IndicatorStatuses(ctx context.Context, p *Principal, planID domain.ID) ([]IndicatorStatus, error) {
	inds, err := s.Indicators(ctx, p, planID)
	if err != nil {
		return nil, err
	}
	vals, err := s.db.Read().CountedIndicatorValues(ctx, planID)
	if err != nil {
		return nil, err
	}
	by := map[domain.ID][]domain.IndicatorValue{}
	for _, v := range vals {
		by[v.IndicatorID] = append(by[v.IndicatorID], v)
	}
	out := make([]IndicatorStatus, 0, len(inds))
	for _, in := range inds {
		st := IndicatorStatus{Indicator: in, History: by[in.ID]}
		if st.History == nil {
			st.History = []domain.IndicatorValue{}
		}
		if n := len(st.History); n > 0 {
			last := st.History[n-1]
			a := math.Round(in.Attainment(last.Value)*10) / 10
			st.Latest, st.Attainment = &last, &a
		}
		out = append(out, st)
	}
	return out, nil
}

// RecordIndicatorValue records an indicator's actual value on a date
// (office covering the plan).
func (s *Service) RecordIndicatorValue(ctx context.Context, p *Principal, v domain.IndicatorValue) (*domain.IndicatorValue, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	inds, err := s.db.Read().Indicators(ctx, 0)
	if err != nil {
		return nil, err
	}
	var ind *domain.Indicator
	for i := range inds {
		if inds[i].ID == v.IndicatorID {
			ind = &inds[i]
		}
	}
	if ind == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.indicator"))
	}
	pl := m.Plan(ind.PlanID)
	if pl == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.plan"))
	}
	if err := s.requireOrgOffice(ctx, p, m, pl.OwnerUnitID); err != nil {
		return nil, err
	}
	if v.Date.IsZero() {
		v.Date = s.Today()
	}
	if v.Date > s.Today() {
		return nil, invalid(ctx, "date", "err.report.future")
	}
	if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
		return nil, invalid(ctx, "value", "err.invalid_value", printer(ctx).T("field.indicator_value"))
	}
	v.Note = truncate(strings.TrimSpace(v.Note), 500)
	v.ReportID = 0
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertIndicatorValue(ctx, &v, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "indicator.value", Entity: "indicator", EntityID: v.IndicatorID, ClaimedDate: v.Date, After: v})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// taskIndicators returns the indicators attached to a task.
func (s *Service) taskIndicators(ctx context.Context, planID, taskID domain.ID) ([]domain.Indicator, error) {
	inds, err := s.db.Read().Indicators(ctx, planID)
	if err != nil {
		return nil, err
	}
	var out []domain.Indicator
	for _, in := range inds {
		if in.TaskID == taskID {
			out = append(out, in)
		}
	}
	return out, nil
}

// TaskIndicators lists the indicators attached to a task p may see, with
// their values.
func (s *Service) TaskIndicators(ctx context.Context, p *Principal, taskID domain.ID) ([]IndicatorStatus, error) {
	t, _, err := s.Task(ctx, p, taskID)
	if err != nil {
		return nil, err
	}
	all, err := s.IndicatorStatuses(ctx, p, t.PlanID)
	if err != nil {
		return nil, err
	}
	var out []IndicatorStatus
	for _, st := range all {
		if st.TaskID == taskID {
			out = append(out, st)
		}
	}
	return out, nil
}
