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

// actsForUnit reports whether p works for unitID as its liaison or head
// (of the unit or a unit above it): the unit's side of rectification.
func actsForUnit(m *readmodel.Model, p *Principal, unitID domain.ID) bool {
	if p.System {
		return false
	}
	return unitsWith(m, p, domain.RoleLiaison)[unitID] || unitsWith(m, p, domain.RoleUnitHead)[unitID]
}

// officeFor reports whether p acts as the office for unitID.
func officeFor(m *readmodel.Model, p *Principal, unitID domain.ID) bool {
	return (p.System || p.Has(domain.RoleOffice)) && officeCovers(m, p, unitID)
}

// seesUnitWork reports whether p may read a unit's rectification items:
// the office covering it, the unit itself, and the leaders whose sectors
// include it.
func (s *Service) seesUnitWork(m *readmodel.Model, p *Principal, unitID domain.ID) bool {
	if officeFor(m, p, unitID) || actsForUnit(m, p, unitID) {
		return true
	}
	if !p.Has(domain.RoleLeader) {
		return false
	}
	var leader []domain.Grant
	for _, g := range p.Account.Grants {
		if g.Role == domain.RoleLeader {
			leader = append(leader, g)
		}
	}
	return m.ScopeFor(leader, p.Account.PersonID, s.Today()).SeesUnit(m.Unit(unitID))
}

// visibleUnits lists the units whose rectification items p may read.
func (s *Service) visibleUnits(m *readmodel.Model, p *Principal) []domain.ID {
	out := []domain.ID{}
	for _, u := range m.Units {
		if s.seesUnitWork(m, p, u.ID) {
			out = append(out, u.ID)
		}
	}
	return out
}

// ownUnits lists the units p acts for.
func ownUnits(m *readmodel.Model, p *Principal) []domain.ID {
	out := []domain.ID{}
	for _, u := range m.Units {
		if actsForUnit(m, p, u.ID) {
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
