// Supervision cases (督办件): who may read and act on a case, the office's
// settings, and the refusals of the case rules in the user's language.

package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// caseCalendar is the official working-day calendar the case rules count with.
func (s *Service) caseCalendar(ctx context.Context) (workday.Calendar, error) {
	return s.WorkCalendar(ctx)
}

// caseNow is the service clock in the deployment's zone: the case rules
// take "today" from it.
func (s *Service) caseNow() time.Time { return s.Now().In(s.cfg.Location) }

// CaseSettings returns the office's rules for cases (the defaults until the
// office saves its own). Everyone signed in may read them.
func (s *Service) CaseSettings(ctx context.Context, p *Principal) (domain.CaseSettings, error) {
	if p == nil {
		return domain.CaseSettings{}, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	return s.caseSettings(ctx, s.db.Read())
}

func (s *Service) caseSettings(ctx context.Context, r *store.Reader) (domain.CaseSettings, error) {
	st, ok, err := r.CaseSettings(ctx)
	if err != nil {
		return st, err
	}
	if !ok {
		return domain.DefaultCaseSettings(), nil
	}
	return st, nil
}

// caseSettingsAt returns the office's rules as of audit sequence seq,
// read once per sequence: every change of the rules is audited, so rules
// read at a sequence hold until it moves (pages read them on every visit).
func (s *Service) caseSettingsAt(ctx context.Context, seq int64) (domain.CaseSettings, error) {
	if c := s.caseRules.Load(); c != nil && c.seq == seq {
		return c.st, nil
	}
	st, err := s.caseSettings(ctx, s.db.Read())
	if err != nil {
		return st, err
	}
	s.caseRules.Store(&seqCaseSettings{seq: seq, st: st})
	return st, nil
}

// seqCaseSettings are the case rules read at an audit sequence.
type seqCaseSettings struct {
	seq int64
	st  domain.CaseSettings
}

// SaveCaseSettings replaces the office's rules (the district-wide office).
func (s *Service) SaveCaseSettings(ctx context.Context, p *Principal, in domain.CaseSettings) (domain.CaseSettings, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return in, err
	}
	if !p.System && !districtOffice(p) {
		return in, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("cases.err.settings_scope")}
	}
	in.NumberPattern = strings.TrimSpace(in.NumberPattern)
	if oh, err := domain.ParseOfficeHours(in.OfficeHours); err == nil {
		in.OfficeHours = oh.String()
	}
	m, err := s.Model(ctx)
	if err != nil {
		return in, err
	}
	if err := in.Validate(); err != nil {
		return in, s.caseError(ctx, m, err)
	}
	in.UpdatedAt, in.UpdatedBy = s.Now(), actorName(p)
	err = s.update(ctx, func(tx *store.Tx) error {
		before, err := s.caseSettings(ctx, &tx.Reader)
		if err != nil {
			return err
		}
		if err := tx.SaveCaseSettings(ctx, in); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "case_settings.update", Entity: "case_settings", EntityID: 1, Before: before, After: in})
		return err
	})
	return in, err
}

// districtOffice reports whether p is an office over the whole tree.
func districtOffice(p *Principal) bool {
	for _, g := range p.Account.Grants {
		if g.Role == domain.RoleOffice && g.UnitID == 0 {
			return true
		}
	}
	return false
}

// caseAccess is what p may do with one case.
type caseAccess struct {
	read bool
	// office covers the lead unit; lead and co name the unit p acts for.
	office   bool
	lead, co domain.ID
	rater    bool
}

// unitsActing returns the units for which p is liaison or unit head.
func unitsActing(m *readmodel.Model, p *Principal) map[domain.ID]bool {
	if p.System {
		return map[domain.ID]bool{}
	}
	units := unitsWith(m, p, domain.RoleLiaison)
	for id := range unitsWith(m, p, domain.RoleUnitHead) {
		units[id] = true
	}
	return units
}

// accessTo works out p's rights on c: drafts are the office's and their
// raiser's; from assignment the case's units, the leaders over them, the
// leader whose instruction it is and whoever raised it read it too.
func (s *Service) accessTo(m *readmodel.Model, scope readmodel.Scope, p *Principal, c *domain.Case) caseAccess {
	return s.access(m, scope, p, unitsActing(m, p), c)
}

// access is accessTo with the units p acts for worked out once: listings
// ask about every case.
func (s *Service) access(m *readmodel.Model, scope readmodel.Scope, p *Principal, acting map[domain.ID]bool, c *domain.Case) caseAccess {
	var a caseAccess
	a.office = p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, c.LeadUnitID))
	if !p.System {
		a.rater = (c.RaisedByID != 0 && p.Account.ID == c.RaisedByID) || (c.LeaderID != 0 && p.Account.PersonID == c.LeaderID)
		if acting[c.LeadUnitID] {
			a.lead = c.LeadUnitID
		}
		for _, u := range c.CoUnitIDs {
			if acting[u] {
				a.co = u
				break
			}
		}
	}
	a.read = a.office || a.rater || scope.All
	if !a.read && c.State != domain.CaseDraft {
		for _, u := range c.Units() {
			if scope.SeesUnit(m.Unit(u)) {
				a.read = true
				break
			}
		}
	}
	if c.State == domain.CaseDraft && !a.office && !a.rater {
		a.read, a.lead, a.co = false, 0, 0
	}
	return a
}

// visibility is the store filter for what p may read (nil: everything).
func visibility(m *readmodel.Model, scope readmodel.Scope, p *Principal) *store.CaseVisibility {
	if p.System || scope.All {
		return nil
	}
	v := &store.CaseVisibility{AccountID: p.Account.ID, PersonID: p.Account.PersonID}
	for _, u := range m.Units {
		if scope.SeesUnit(u) {
			v.UnitIDs = append(v.UnitIDs, u.ID)
		}
	}
	return v
}

func caseNotFound(ctx context.Context) error {
	return notFound(ctx, "err.not_found", printer(ctx).T("thing.case"))
}

// caseError puts a refusal of the case rules into the user's language.
func (s *Service) caseError(ctx context.Context, m *readmodel.Model, err error) error {
	var r *domain.CaseRefusal
	if !errors.As(err, &r) {
		return err
	}
	pr := printer(ctx)
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		switch v := a.(type) {
		case domain.CaseState:
			args[i] = pr.T("cases.state." + string(v))
		case domain.CaseEventKind:
			args[i] = pr.T("cases.action." + string(v))
		case domain.FieldName:
			args[i] = pr.T("cases.field." + string(v))
		case domain.CaseRating:
			args[i] = pr.T("cases.rating." + string(v))
		case domain.UnitList:
			args[i] = strings.Join(m.UnitNames(v), "、")
		case domain.Date:
			args[i] = v.String()
		case time.Time:
			args[i] = v.In(s.cfg.Location).Format("2006-01-02 15:04")
		default:
			args[i] = a
		}
	}
	if r.Code == "deadline_holiday" && len(r.Args) == 1 {
		// Say why the day is off and which day would do.
		cal := s.Calendar()
		if m != nil && m.Calendar != nil {
			cal = m.Calendar
		}
		if d, ok := r.Args[0].(domain.Date); ok {
			args = append(args, dayOffReason(pr, cal, d), nextWorkday(cal, d).String())
		}
	}
	return &domain.Error{Kind: r.Kind, Field: r.Field, Message: pr.T("cases.err."+r.Code, args...), Err: err}
}

// caseActor is p acting for unit in the case rules.
func caseActor(p *Principal, unit domain.ID) domain.CaseActor {
	id := p.Account.ID
	if p.System {
		id = 0
	}
	return domain.CaseActor{ID: id, Name: actorName(p), UnitID: unit}
}

// refuseRole says who may take a step, when p may read the case but not act.
func refuseRole(ctx context.Context, m *readmodel.Model, c *domain.Case, step domain.CaseEventKind) error {
	pr := printer(ctx)
	action := pr.T("cases.action." + string(step))
	switch step {
	case domain.EventSign, domain.EventProgress, domain.EventFeedback, domain.EventExtensionRequest:
		return &domain.Error{Kind: domain.KindForbidden, Message: pr.T("cases.err.not_lead", m.UnitName(c.LeadUnitID), action)}
	case domain.EventPart:
		return &domain.Error{Kind: domain.KindForbidden, Message: pr.T("cases.err.not_co")}
	case domain.EventRate:
		return &domain.Error{Kind: domain.KindForbidden, Message: pr.T("cases.err.not_rater")}
	}
	return &domain.Error{Kind: domain.KindForbidden, Message: pr.T("cases.err.not_office", action)}
}

// CanRaiseCases reports whether p may raise cases at all (an office).
func (s *Service) CanRaiseCases(p *Principal) bool { return p.System || p.Has(domain.RoleOffice) }

// CanEditCaseSettings reports whether p may change the case rules.
func (s *Service) CanEditCaseSettings(p *Principal) bool { return p.System || districtOffice(p) }
