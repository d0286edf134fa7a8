// Who may see and do what with inspections, rectification items and
// self-inspection requests, and how their deadlines are checked.

package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/workday"
)

// inspectCalendar is the one place inspections and rectification items
// get their working-day calendar from.
func (s *Service) inspectCalendar(ctx context.Context) (workday.Calendar, error) {
	return s.WorkCalendar(ctx)
}

// unitRoles is what p may do with each unit's rectification work,
// worked out once per request: lists check every unit.
type unitRoles struct {
	m *readmodel.Model
	// office holds the units p acts as the office for; own the units p
	// works for as liaison or head (of the unit or a unit above it).
	office, own map[domain.ID]bool
	// leader is what p sees as a leader, when p is one.
	leader *readmodel.Scope
}

func (s *Service) rolesOf(m *readmodel.Model, p *Principal) unitRoles {
	r := unitRoles{m: m, office: map[domain.ID]bool{}, own: map[domain.ID]bool{}}
	switch {
	case p.System:
		for _, u := range m.Units {
			r.office[u.ID] = true
		}
		return r
	case p.Has(domain.RoleOffice):
		r.office = unitsWith(m, p, domain.RoleOffice)
	}
	r.own = unitsWith(m, p, domain.RoleLiaison)
	for id := range unitsWith(m, p, domain.RoleUnitHead) {
		r.own[id] = true
	}
	if p.Has(domain.RoleLeader) {
		var grants []domain.Grant
		for _, g := range p.Account.Grants {
			if g.Role == domain.RoleLeader {
				grants = append(grants, g)
			}
		}
		sc := m.ScopeFor(grants, p.Account.PersonID, s.Today())
		r.leader = &sc
	}
	return r
}

// actsFor reports whether p works on the unit's side of its items.
func (r unitRoles) actsFor(unitID domain.ID) bool { return r.own[unitID] }

// officeFor reports whether p acts as the office for the unit.
func (r unitRoles) officeFor(unitID domain.ID) bool { return r.office[unitID] }

// sees reports whether p may read the unit's rectification items: the
// office covering it, the unit itself, and the leaders whose sectors
// include it.
func (r unitRoles) sees(unitID domain.ID) bool {
	return r.office[unitID] || r.own[unitID] || r.leader != nil && r.leader.SeesUnit(r.m.Unit(unitID))
}

// units lists the units keep holds for, in tree order.
func (r unitRoles) units(keep func(domain.ID) bool) []domain.ID {
	out := []domain.ID{}
	for _, u := range r.m.Units {
		if keep(u.ID) {
			out = append(out, u.ID)
		}
	}
	return out
}

// inspectDeadline resolves a deadline of inspection work (see
// resolveDeadline) on the working calendar; labelKey names the field.
func (s *Service) inspectDeadline(ctx context.Context, field, labelKey string, date domain.Date, workdays int, required bool) (domain.Date, int, error) {
	cal, err := s.inspectCalendar(ctx)
	if err != nil {
		return 0, 0, err
	}
	return resolveDeadline(ctx, cal, s.Today(), field, printer(ctx).T(labelKey), date, workdays, required)
}

// maxWorkdays bounds a deadline given in working days.
const maxWorkdays = 365

// resolveDeadline turns a deadline given as a date or as a number of
// working days from today into a date. The date must be a working day and
// not in the past. label names the field in messages; required says
// whether leaving both out is an error.
func resolveDeadline(ctx context.Context, cal workday.Calendar, today domain.Date, field, label string, date domain.Date, workdays int, required bool) (domain.Date, int, error) {
	p := printer(ctx)
	switch {
	case !date.IsZero() && workdays != 0:
		return 0, 0, invalid(ctx, field, "err.rect.deadline_both", label)
	case workdays < 0 || workdays > maxWorkdays:
		return 0, 0, invalid(ctx, field, "err.range", p.T("field.rect.workdays"), 1, maxWorkdays)
	case workdays > 0:
		return workday.Add(cal, today, workdays), workdays, nil
	case date.IsZero():
		if required {
			return 0, 0, invalid(ctx, field, "err.rect.deadline_required", label)
		}
		return 0, 0, nil
	case date < today:
		return 0, 0, invalid(ctx, field, "err.rect.deadline_past", label, date.String(), today.String())
	case !cal.IsWorkday(date):
		return 0, 0, invalid(ctx, field, "err.rect.deadline_holiday", label, date.String(), dayOffReason(p, cal, date), nextWorkday(cal, date).String())
	}
	return date, 0, nil
}

// cleanText trims a text and refuses it past max characters.
func cleanText(ctx context.Context, field, labelKey, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > max {
		return v, invalid(ctx, field, "err.too_long", printer(ctx).T(labelKey), max)
	}
	return v, nil
}
