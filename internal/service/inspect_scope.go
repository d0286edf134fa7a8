// Who may see and do what with inspections, rectification items and
// self-inspection requests, and how their deadlines are checked.

package service

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/workday"
)

// inspectCalendar is the one place inspections and rectification items
// get their working-day calendar from.
func (s *Service) inspectCalendar(ctx context.Context) (workday.Calendar, error) {
	return s.Calendar(), nil
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

// actorName is how a timeline names who took a step.
func actorName(p *Principal) string {
	if p.System {
		return "system:" + p.Account.Login
	}
	if p.Account.DisplayName != "" {
		return p.Account.DisplayName
	}
	return p.Account.Login
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
		next := date
		for !cal.IsWorkday(next) {
			next++
		}
		return 0, 0, invalid(ctx, field, "err.rect.deadline_holiday", label, date.String(), p.T("insp.weekday."+strconv.Itoa(int(date.Weekday()))), next.String())
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

// checkUploads applies the report evidence rules (count, size, type) to
// rectification evidence.
func (s *Service) checkUploads(ctx context.Context, files []Upload) error {
	p := printer(ctx)
	if len(files) > s.cfg.MaxFilesPerReport {
		return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.count", s.cfg.MaxFilesPerReport)}
	}
	for _, f := range files {
		if int64(len(f.Data)) > s.cfg.MaxFileBytes {
			return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.size", f.Name, s.cfg.MaxFileBytes>>20)}
		}
		if len(f.Data) == 0 {
			return invalid(ctx, "files", "err.rect.file_empty", f.Name)
		}
		if _, ok := allowedType(f); !ok {
			return invalid(ctx, "files", "err.files.type", f.Name)
		}
	}
	return nil
}
