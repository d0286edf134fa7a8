// What background jobs will remind people of about rectification: these
// are read-only sweeps the job runner calls as of a date (the controllable
// clock), and sends to the notifiers. Nothing here sends anything.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// DueRechecks lists the closed items whose 回头看 falls on or before asOf
// and has not been recorded: the office is to be reminded to go back.
func (s *Service) DueRechecks(ctx context.Context, asOf domain.Date) ([]domain.Rectification, error) {
	return s.db.Read().Rectifications(ctx, store.RectFilter{RecheckBy: asOf})
}

// OverdueRectifications lists the items overdue on asOf: the unit is to
// be urged (催办) and the office told.
func (s *Service) OverdueRectifications(ctx context.Context, asOf domain.Date) ([]domain.Rectification, error) {
	open, err := s.db.Read().Rectifications(ctx, store.RectFilter{States: []domain.RectState{
		domain.RectIssued, domain.RectInProgress, domain.RectApplied, domain.RectVerified}})
	if err != nil {
		return nil, err
	}
	var out []domain.Rectification
	for _, r := range open {
		if r.Overdue(asOf) {
			out = append(out, r)
		}
	}
	return out, nil
}

// RectificationsDueSoon lists the items the unit still works on whose
// deadline falls within the next n working days after asOf (on the
// deadline itself included): the unit is to be reminded (提醒).
func (s *Service) RectificationsDueSoon(ctx context.Context, asOf domain.Date, n int) ([]domain.Rectification, error) {
	cal, err := s.inspectCalendar(ctx)
	if err != nil {
		return nil, err
	}
	open, err := s.db.Read().Rectifications(ctx, store.RectFilter{States: []domain.RectState{domain.RectIssued, domain.RectInProgress}})
	if err != nil {
		return nil, err
	}
	var out []domain.Rectification
	for _, r := range open {
		if r.Deadline >= asOf && workday.Between(cal, asOf, r.Deadline) <= n {
			out = append(out, r)
		}
	}
	return out, nil
}

// SelfCheckReminder is a self-inspection request past its deadline and
// the units that have not answered it.
type SelfCheckReminder struct {
	Check   domain.SelfCheck `json:"check"`
	UnitIDs []domain.ID      `json:"unit_ids"`
}

// UnansweredSelfChecks lists, for every request whose deadline has passed
// on asOf, the units that have not answered: they are to be urged.
func (s *Service) UnansweredSelfChecks(ctx context.Context, asOf domain.Date) ([]SelfCheckReminder, error) {
	all, err := s.db.Read().SelfChecks(ctx, store.SelfCheckFilter{})
	if err != nil {
		return nil, err
	}
	var out []SelfCheckReminder
	for _, c := range all {
		if c.Deadline.IsZero() || c.Deadline >= asOf {
			continue
		}
		rem := SelfCheckReminder{Check: c}
		for _, a := range c.Answers {
			if !a.Answered {
				rem.UnitIDs = append(rem.UnitIDs, a.UnitID)
			}
		}
		if len(rem.UnitIDs) > 0 {
			out = append(out, rem)
		}
	}
	return out, nil
}
