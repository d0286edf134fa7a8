// 举一反三: the office sends a finding to units for self-inspection; each
// unit answers whether it found similar problems and what it does.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// Target groups of a self-inspection request.
const (
	TargetsAll         = "all"         // every unit in the office's scope
	TargetsStreets     = "streets"     // 乡镇街道
	TargetsDepartments = "departments" // 区直部门
	TargetsChosen      = "chosen"      // the units listed
)

// SelfCheckInput is a self-inspection request as the office sends it.
type SelfCheckInput struct {
	// Targets is all, streets, departments or chosen (with UnitIDs).
	Targets          string      `json:"targets"`
	UnitIDs          []domain.ID `json:"unit_ids"`
	Requirement      string      `json:"requirement"`
	Deadline         domain.Date `json:"deadline"`
	DeadlineWorkdays int         `json:"deadline_workdays"`
}

// SelfCheckAnswerInput is a unit's answer. UnitID may be left out when the
// caller answers for only one of the units asked.
type SelfCheckAnswerInput struct {
	UnitID   domain.ID `json:"unit_id"`
	Found    bool      `json:"found"`
	Problems string    `json:"problems"`
	Measures string    `json:"measures"`
}

// SelfCheckStatus is a request with the names the pages show and who has
// answered. Units see only their own answers.
type SelfCheckStatus struct {
	domain.SelfCheck
	// Answers hides the request's own list: the same, with unit names.
	Answers         []SelfCheckAnswerRow `json:"answers"`
	InspectionTitle string               `json:"inspection_title"`
	Asked           int                  `json:"asked"`
	Answered        int                  `json:"answered"`
	// Pending lists the units that have not answered (office only).
	Pending []string `json:"pending"`
	// Mine lists the answers of the viewer's own units.
	Mine []domain.ID `json:"mine"`
	// Office says whether the viewer sees every unit's answer.
	Office bool `json:"office"`
}

// SelfCheckAnswerRow is a unit's answer with the unit's name.
type SelfCheckAnswerRow struct {
	domain.SelfCheckAnswer
	Unit string `json:"unit"`
}

// selfCheckTargets resolves the units a request goes to.
func (s *Service) selfCheckTargets(ctx context.Context, m *readmodel.Model, p *Principal, f *domain.Finding, in SelfCheckInput) ([]domain.ID, error) {
	var out []domain.ID
	pick := func(keep func(u *readmodel.Unit) bool) {
		for _, u := range m.TreeOrder() {
			// The unit the finding is about rectifies it; the rest look for it.
			if u.Active && u.ID != f.UnitID && u.Kind != domain.UnitDistrict && officeCovers(m, p, u.ID) && keep(u) {
				out = append(out, u.ID)
			}
		}
	}
	switch in.Targets {
	case TargetsAll:
		pick(func(*readmodel.Unit) bool { return true })
	case TargetsStreets:
		pick(func(u *readmodel.Unit) bool { return u.Kind == domain.UnitStreet || u.Kind == domain.UnitTown })
	case TargetsDepartments:
		pick(func(u *readmodel.Unit) bool { return u.Kind == domain.UnitDepartment })
	case TargetsChosen, "":
		for _, id := range dedupeIDs(in.UnitIDs) {
			if m.Unit(id) == nil {
				return nil, invalid(ctx, "unit_ids", "err.insp.unit_unknown", id)
			}
			if !officeCovers(m, p, id) {
				return nil, forbidden(ctx)
			}
			out = append(out, id)
		}
	default:
		return nil, invalid(ctx, "targets", "err.invalid_value", printer(ctx).T("field.selfcheck.targets"))
	}
	if len(out) == 0 {
		return nil, invalid(ctx, "unit_ids", "err.selfcheck.no_units")
	}
	return out, nil
}

// SendSelfCheck sends a finding to units for self-inspection (举一反三).
func (s *Service) SendSelfCheck(ctx context.Context, p *Principal, findingID domain.ID, in SelfCheckInput) (*SelfCheckStatus, error) {
	f, insp, m, err := s.issuableFinding(ctx, p, findingID, "insp.step.selfcheck")
	if err != nil {
		return nil, err
	}
	units, err := s.selfCheckTargets(ctx, m, p, f, in)
	if err != nil {
		return nil, err
	}
	c := domain.SelfCheck{FindingID: f.ID, InspectionID: insp.ID, Problem: f.Problem, CreatedBy: p.Account.ID}
	if c.Requirement, err = cleanText(ctx, "requirement", "field.selfcheck.requirement", in.Requirement, maxText); err != nil {
		return nil, err
	}
	if c.Deadline, _, err = s.inspectDeadline(ctx, "deadline", "field.selfcheck.deadline", in.Deadline, in.DeadlineWorkdays, false); err != nil {
		return nil, err
	}
	for _, id := range units {
		c.Answers = append(c.Answers, domain.SelfCheckAnswer{UnitID: id})
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertSelfCheck(ctx, &c, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "selfcheck.send", Entity: "self_check", EntityID: c.ID, After: c})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.SelfCheck(ctx, p, c.ID)
}

// selfCheckView fills in a request for p, or returns nil when p may not
// see it: the office covering every unit asked sees all answers, a unit
// asked sees its own.
func (s *Service) selfCheckView(roles unitRoles, p *Principal, c domain.SelfCheck, title string) *SelfCheckStatus {
	m := roles.m
	v := &SelfCheckStatus{SelfCheck: c, InspectionTitle: title, Pending: []string{}, Mine: []domain.ID{}}
	v.Office = s.CanManageInspections(p)
	for _, a := range c.Answers {
		if roles.actsFor(a.UnitID) {
			v.Mine = append(v.Mine, a.UnitID)
		}
		v.Office = v.Office && roles.officeFor(a.UnitID)
	}
	if !v.Office && len(v.Mine) == 0 {
		return nil
	}
	v.Answers = []SelfCheckAnswerRow{}
	for _, a := range c.Answers {
		if v.Office || roles.actsFor(a.UnitID) {
			v.Answers = append(v.Answers, SelfCheckAnswerRow{SelfCheckAnswer: a, Unit: m.UnitName(a.UnitID)})
		}
	}
	// The embedded list is not sent: Answers above stands for it.
	v.SelfCheck.Answers = nil
	for _, a := range v.Answers {
		v.Asked++
		if a.Answered {
			v.Answered++
		} else if v.Office {
			v.Pending = append(v.Pending, m.UnitName(a.UnitID))
		}
	}
	return v
}

// SelfCheck returns a request p may see.
func (s *Service) SelfCheck(ctx context.Context, p *Principal, id domain.ID) (*SelfCheckStatus, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	rd := s.db.Read()
	c, err := rd.SelfCheck(ctx, id)
	if err != nil {
		return nil, fromStore(ctx, err, "thing.self_check")
	}
	insp, err := rd.Inspection(ctx, c.InspectionID)
	if err != nil {
		return nil, err
	}
	v := s.selfCheckView(s.rolesOf(m, p), p, c, insp.Title)
	if v == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.self_check"))
	}
	return v, nil
}

// SelfChecks lists the requests p may see, newest first: for the office
// those it covers, for a unit those sent to it.
func (s *Service) SelfChecks(ctx context.Context, p *Principal, inspectionID domain.ID) ([]SelfCheckStatus, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	roles := s.rolesOf(m, p)
	f := store.SelfCheckFilter{InspectionID: inspectionID}
	if !s.CanManageInspections(p) {
		f.UnitIDs = roles.units(roles.actsFor)
	}
	rd := s.db.Read()
	list, err := rd.SelfChecks(ctx, f)
	if err != nil {
		return nil, err
	}
	titles := map[domain.ID]string{}
	out := []SelfCheckStatus{}
	for _, c := range list {
		t, ok := titles[c.InspectionID]
		if !ok {
			insp, err := rd.Inspection(ctx, c.InspectionID)
			if err != nil {
				return nil, err
			}
			t, titles[c.InspectionID] = insp.Title, insp.Title
		}
		if v := s.selfCheckView(roles, p, c, t); v != nil {
			out = append(out, *v)
		}
	}
	return out, nil
}

// AnswerSelfCheck records a unit's answer; a later answer replaces it.
func (s *Service) AnswerSelfCheck(ctx context.Context, p *Principal, id domain.ID, in SelfCheckAnswerInput) (*SelfCheckStatus, error) {
	v, err := s.SelfCheck(ctx, p, id)
	if err != nil {
		return nil, err
	}
	unit := in.UnitID
	if unit == 0 && len(v.Mine) == 1 {
		unit = v.Mine[0]
	}
	if unit == 0 {
		if len(v.Mine) == 0 {
			return nil, forbidden(ctx)
		}
		return nil, invalid(ctx, "unit_id", "err.selfcheck.which_unit")
	}
	var before *domain.SelfCheckAnswer
	for i := range v.Answers {
		if v.Answers[i].UnitID == unit {
			before = &v.Answers[i].SelfCheckAnswer
		}
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if before == nil || !s.rolesOf(m, p).actsFor(unit) {
		return nil, forbidden(ctx)
	}
	a := domain.SelfCheckAnswer{UnitID: unit, Found: in.Found, AnsweredBy: p.Account.ID, AnsweredAt: s.Now()}
	if a.Problems, err = cleanText(ctx, "problems", "field.selfcheck.problems", in.Problems, maxText); err != nil {
		return nil, err
	}
	if a.Measures, err = cleanText(ctx, "measures", "field.rect.measures", in.Measures, maxText); err != nil {
		return nil, err
	}
	if a.Found && a.Problems == "" {
		return nil, invalid(ctx, "problems", "err.selfcheck.problems_required")
	}
	if a.Found && a.Measures == "" {
		return nil, invalid(ctx, "measures", "err.selfcheck.measures_required")
	}
	old := *before
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.AnswerSelfCheck(ctx, id, a); err != nil {
			return fromStore(ctx, err, "thing.self_check")
		}
		var b any
		if old.Answered {
			b = old
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "selfcheck.answer", Entity: "self_check", EntityID: id, ClaimedDate: s.Today(),
			Before: b, After: a})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.SelfCheck(ctx, p, id)
}
