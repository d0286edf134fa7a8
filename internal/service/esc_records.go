// What the escalation records (talks, accountability, exemptions) share:
// refusals in the user's language, who reads a unit's records, and the
// units an office records for.

package service

import (
	"context"
	"errors"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// escError puts a refusal of the escalation records' rules into the
// user's language.
func (s *Service) escError(ctx context.Context, err error) error {
	var r *domain.CaseRefusal
	if !errors.As(err, &r) {
		return err
	}
	pr := printer(ctx)
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		switch v := a.(type) {
		case domain.FieldName:
			if k := "esc.field." + string(v); pr.Has(k) {
				args[i] = pr.T(k)
			} else {
				args[i] = pr.T("cases.field." + string(v))
			}
		case domain.TalkState:
			args[i] = pr.T("esc.talk_state." + string(v))
		case domain.ExemptionState:
			args[i] = pr.T("esc.exemption_state." + string(v))
		case domain.Date:
			args[i] = v.String()
		case time.Time:
			args[i] = v.In(s.cfg.Location).Format("2006-01-02 15:04")
		default:
			args[i] = a
		}
	}
	return &domain.Error{Kind: r.Kind, Field: r.Field, Message: pr.T("esc.err."+r.Code, args...), Err: err}
}

// RecordRef names a case or a task in a record.
type RecordRef struct {
	ID     domain.ID `json:"id"`
	Number string    `json:"number"`
	Title  string    `json:"title"`
}

// recordReader says whether p may read the records of a unit: offices
// covering it, the unit's own people, leaders over it.
func recordReader(m *readmodel.Model, scope readmodel.Scope, p *Principal, unit domain.ID) bool {
	return p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, unit)) || unitsActing(m, p)[unit] || scope.SeesUnit(m.Unit(unit))
}

// RecordUnits lists the units p's office covers, in tree order: the units
// it may record talks and accountability for (none for other callers).
func (s *Service) RecordUnits(ctx context.Context, p *Principal) ([]*readmodel.Unit, error) {
	if p == nil || (!p.System && !p.Has(domain.RoleOffice)) {
		return nil, nil
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	var out []*readmodel.Unit
	for _, u := range m.Units {
		if officeCovers(m, p, u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// recordLoaded turns the loading of a unit's record into what p may know:
// a record that is missing or out of p's sight is not found (thingKey names
// it); other errors pass through.
func recordLoaded(ctx context.Context, err error, m *readmodel.Model, scope readmodel.Scope, p *Principal, unit domain.ID, thingKey string) error {
	if errors.Is(err, store.ErrNotFound) || (err == nil && !recordReader(m, scope, p, unit)) {
		return notFound(ctx, "err.not_found", printer(ctx).T(thingKey))
	}
	return err
}

// officeOver refuses a change to a unit's record unless p is an office
// covering the unit.
func officeOver(ctx context.Context, m *readmodel.Model, p *Principal, unit domain.ID) error {
	if !officeCovers(m, p, unit) {
		return &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("esc.err.office_scope", m.UnitName(unit))}
	}
	return nil
}
