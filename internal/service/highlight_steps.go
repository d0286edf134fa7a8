// The steps on highlights: the unit writes, declares, changes or withdraws
// its own; the office covering it accepts or returns and evaluates. Each
// step is audited with the record before and after.

package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// highlightUnit works out the unit a unit account writes for, refusing
// units it does not act for.
func highlightUnit(ctx context.Context, m *readmodel.Model, p *Principal, unit domain.ID) (domain.ID, error) {
	if p == nil {
		return 0, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	acting := unitsActing(m, p)
	if unit == 0 && len(acting) == 1 {
		for id := range acting {
			unit = id
		}
	}
	if unit == 0 {
		if len(acting) == 0 {
			return 0, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("hl.err.unit_only")}
		}
		return 0, invalid(ctx, "unit_id", "hl.err.unit_missing")
	}
	if !acting[unit] {
		return 0, &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: printer(ctx).T("hl.err.unit_scope", m.UnitName(unit))}
	}
	return unit, nil
}

// checkHighlightTasks accepts only tasks the unit leads or works on.
func checkHighlightTasks(ctx context.Context, m *readmodel.Model, unit domain.ID, ids []domain.ID) ([]domain.ID, error) {
	ids = dedupeIDs(ids)
	for _, id := range ids {
		t := m.Task(id)
		if t == nil || (!containsID(t.LeadUnitIDs, unit) && !containsID(t.CoUnitIDs, unit)) {
			return nil, invalid(ctx, "task_ids", "hl.err.task", id, m.UnitName(unit))
		}
	}
	if ids == nil {
		ids = []domain.ID{}
	}
	return ids, nil
}

// CreateHighlight writes a new highlight for one of p's units (a draft, or
// declared when in.Declare). A third of the unit's year is refused.
func (s *Service) CreateHighlight(ctx context.Context, p *Principal, in HighlightInput) (*HighlightItem, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	unit, err := highlightUnit(ctx, m, p, in.UnitID)
	if err != nil {
		return nil, err
	}
	if in.Year == 0 {
		in.Year = s.Today().Year()
	}
	ambitions, err := s.HighlightAmbitions(ctx)
	if err != nil {
		return nil, err
	}
	h := domain.Highlight{UnitID: unit, Year: in.Year, Title: in.Title, Content: in.Content, Ambition: in.Ambition, State: domain.HighlightDraft,
		CreatedBy: actorName(p)}
	if err := domain.CheckHighlight(&h, ambitions); err != nil {
		return nil, hlError(ctx, err)
	}
	if h.TaskIDs, err = checkHighlightTasks(ctx, m, unit, in.TaskIDs); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		have, err := tx.Highlights(ctx, store.HighlightFilter{UnitIDs: []domain.ID{unit}, Year: h.Year})
		if err != nil {
			return err
		}
		var slots []int
		for _, x := range have {
			slots = append(slots, x.Slot)
		}
		slot, err := domain.HighlightSlot(slots)
		if err != nil {
			return hlError(ctx, err)
		}
		now := s.Now()
		if in.Declare {
			if err := h.Declare(actorName(p), now); err != nil {
				return hlError(ctx, err)
			}
		}
		if err := tx.InsertHighlight(ctx, &h, slot, now); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return hlError(ctx, &domain.HighlightRefusal{Kind: domain.KindConflict, Code: "too_many", Args: []any{domain.MaxHighlights}})
			}
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "highlight.create", Entity: "highlight", EntityID: h.ID, After: h})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Highlight(ctx, p, h.ID)
}

// highlightStep loads a highlight inside a transaction, checks that p may
// take the step (unit: one of p's units; office: p's office covers it),
// applies it and saves it with its audit entry.
func (s *Service) highlightStep(ctx context.Context, p *Principal, id domain.ID, office bool, action string,
	step func(m *readmodel.Model, h *domain.Highlight) error) (*HighlightItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if office {
		if err := requireOffice(ctx, p); err != nil {
			return nil, err
		}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		row, err := highlightFor(ctx, tx, m, scope, p, id, office)
		if err != nil {
			return err
		}
		before := row.Highlight
		h := row.Highlight
		if err := step(m, &h); err != nil {
			return hlError(ctx, err)
		}
		if action == "highlight.delete" {
			if err := tx.DeleteHighlight(ctx, id); err != nil {
				return err
			}
			_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "highlight", EntityID: id, Before: before})
			return err
		}
		if err := tx.UpdateHighlight(ctx, h); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "highlight", EntityID: id, Before: before, After: h})
		return err
	})
	if err != nil || action == "highlight.delete" {
		return nil, err
	}
	return s.Highlight(ctx, p, id)
}

// highlightFor loads a highlight inside tx for a step by p: on one of p's
// units, or (office) by an office covering it.
func highlightFor(ctx context.Context, tx *store.Tx, m *readmodel.Model, scope readmodel.Scope, p *Principal, id domain.ID, office bool) (store.HighlightRow, error) {
	row, err := tx.Highlight(ctx, id)
	if err := recordLoaded(ctx, err, m, scope, p, row.UnitID, "hl.thing"); err != nil {
		return row, err
	}
	if office {
		return row, officeOver(ctx, m, p, row.UnitID)
	}
	_, err = highlightUnit(ctx, m, p, row.UnitID)
	return row, err
}

// UpdateHighlight changes a draft or returned highlight of p's unit (and
// declares it when in.Declare).
func (s *Service) UpdateHighlight(ctx context.Context, p *Principal, id domain.ID, in HighlightInput) (*HighlightItem, error) {
	ambitions, err := s.HighlightAmbitions(ctx)
	if err != nil {
		return nil, err
	}
	return s.highlightStep(ctx, p, id, false, "highlight.update", func(m *readmodel.Model, h *domain.Highlight) error {
		if !h.CanEdit() {
			return &domain.HighlightRefusal{Kind: domain.KindConflict, Code: "not_editable", Args: []any{h.State}}
		}
		h.Title, h.Content, h.Ambition = in.Title, in.Content, in.Ambition
		if err := domain.CheckHighlight(h, ambitions); err != nil {
			return err
		}
		tasks, err := checkHighlightTasks(ctx, m, h.UnitID, in.TaskIDs)
		if err != nil {
			return err
		}
		h.TaskIDs, h.UpdatedAt = tasks, s.Now()
		if in.Declare {
			return h.Declare(actorName(p), s.Now())
		}
		return nil
	})
}

// DeclareHighlight submits a draft or returned highlight to the office.
func (s *Service) DeclareHighlight(ctx context.Context, p *Principal, id domain.ID) (*HighlightItem, error) {
	return s.highlightStep(ctx, p, id, false, "highlight.declare", func(_ *readmodel.Model, h *domain.Highlight) error {
		return h.Declare(actorName(p), s.Now())
	})
}

// DeleteHighlight withdraws a draft or returned highlight, freeing its place.
func (s *Service) DeleteHighlight(ctx context.Context, p *Principal, id domain.ID) error {
	_, err := s.highlightStep(ctx, p, id, false, "highlight.delete", func(_ *readmodel.Model, h *domain.Highlight) error {
		if !h.CanEdit() {
			return &domain.HighlightRefusal{Kind: domain.KindConflict, Code: "not_editable", Args: []any{h.State}}
		}
		return nil
	})
	return err
}

// DecideHighlight accepts or returns a declared highlight (office covering
// the unit); returning needs the reason.
func (s *Service) DecideHighlight(ctx context.Context, p *Principal, id domain.ID, d HighlightDecision) (*HighlightItem, error) {
	action := "highlight.accept"
	if !d.Accept {
		action = "highlight.return"
	}
	return s.highlightStep(ctx, p, id, true, action, func(_ *readmodel.Model, h *domain.Highlight) error {
		return h.Decide(d.Accept, d.Note, actorName(p), s.Now())
	})
}

// EvaluateHighlight records the year-end evaluation of an accepted
// highlight (office covering the unit); evaluating again replaces it.
func (s *Service) EvaluateHighlight(ctx context.Context, p *Principal, id domain.ID, e domain.HighlightEvaluation) (*HighlightItem, error) {
	return s.highlightStep(ctx, p, id, true, "highlight.evaluate", func(_ *readmodel.Model, h *domain.Highlight) error {
		return h.Evaluate(e, actorName(p), s.Now())
	})
}
