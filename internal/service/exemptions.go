// 容错免责: a unit applies to be exempted from a failure on its record (a
// case overdue or closed late, a rung of the ladder, a talk, an
// accountability record, a task lagging or overdue) with its grounds and
// files; the office covering the unit approves or refuses with reasons. An
// approved exemption is attached to the failure: the case, talk,
// accountability and task reads show it, and ExemptionsFor and
// ApprovedExemptions give it to assessment.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// ExemptionInput is a unit's application. UnitID is the unit applying
// (default: the failure's unit the caller acts for).
type ExemptionInput struct {
	Kind     domain.FailureKind `json:"kind"`
	TargetID domain.ID          `json:"target_id"`
	UnitID   domain.ID          `json:"unit_id"`
	Grounds  string             `json:"grounds"`
	Files    []Upload           `json:"-"`
}

// ExemptionDecision approves or refuses an application, with reasons.
type ExemptionDecision struct {
	Approve bool   `json:"approve"`
	Reasons string `json:"reasons"`
}

// failure is what an application is about, as resolved from the records.
type failure struct {
	units  []domain.ID
	caseID domain.ID
	desc   string
	date   domain.Date
	year   int
}

// failureLink is the page of a failure.
func failureLink(e domain.Exemption) string {
	switch e.Kind {
	case domain.FailureCase, domain.FailureEscalation:
		return fmt.Sprintf("/cases/%d", e.CaseID)
	case domain.FailureTalk:
		return fmt.Sprintf("/talks/%d", e.TargetID)
	case domain.FailureAccountability:
		return fmt.Sprintf("/accountability/%d", e.TargetID)
	case domain.FailureTask:
		return fmt.Sprintf("/tasks/%d", e.TargetID)
	}
	return ""
}

// resolveFailure finds the failure an application names, as p may read
// it, and refuses what is no failure.
func (s *Service) resolveFailure(ctx context.Context, r *store.Reader, m *readmodel.Model, scope readmodel.Scope, p *Principal,
	kind domain.FailureKind, target domain.ID) (failure, error) {
	pr := printer(ctx)
	zh := i18n.Default().Printer(i18n.ZhHans)
	missing := func() error {
		return &domain.Error{Kind: domain.KindNotFound, Field: "target_id", Message: pr.T("esc.err.failure_missing", pr.T("esc.kind."+string(kind)), target)}
	}
	loc := s.cfg.Location
	readCase := func(id domain.ID) (domain.Case, error) {
		c, err := r.Case(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !s.accessTo(m, scope, p, &c).read) {
			return c, missing()
		}
		return c, err
	}
	switch kind {
	case domain.FailureCase:
		c, err := readCase(target)
		if err != nil {
			return failure{}, err
		}
		st, err := s.caseSettings(ctx, r)
		if err != nil {
			return failure{}, err
		}
		sig := c.Signal(s.caseNow(), m.Calendar, st)
		if !sig.Overdue && sig.Light != domain.LightClosedLate {
			return failure{}, &domain.Error{Kind: domain.KindConflict, Field: "target_id", Message: pr.T("esc.err.case_not_failed", c.Number)}
		}
		return failure{units: []domain.ID{c.LeadUnitID}, caseID: c.ID, desc: zh.T("esc.failure.case", c.Number, c.Title, c.Deadline.String()),
			date: c.Deadline, year: c.Deadline.Year()}, nil
	case domain.FailureEscalation:
		ev, err := r.CaseEvent(ctx, target)
		if errors.Is(err, store.ErrNotFound) {
			return failure{}, missing()
		}
		if err != nil {
			return failure{}, err
		}
		if domain.EscalationOf(ev.Kind) == domain.EscalationNone && ev.Kind != domain.EventSignRemind && ev.Kind != domain.EventSignOverdue {
			return failure{}, invalid(ctx, "target_id", "esc.err.not_a_rung", target)
		}
		c, err := readCase(ev.CaseID)
		if err != nil {
			return failure{}, err
		}
		day := domain.DateOf(ev.At.In(loc))
		return failure{units: []domain.ID{c.LeadUnitID}, caseID: c.ID, desc: zh.T("esc.failure.escalation", c.Number, c.Title,
			zh.T("cases.action."+string(ev.Kind)), day.String()), date: day, year: day.Year()}, nil
	case domain.FailureTalk:
		t, err := r.Talk(ctx, target)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !recordReader(m, scope, p, t.UnitID)) {
			return failure{}, missing()
		}
		if err != nil {
			return failure{}, err
		}
		if t.State != domain.TalkHeld && t.State != domain.TalkPlanned {
			return failure{}, &domain.Error{Kind: domain.KindConflict, Field: "target_id", Message: pr.T("esc.err.talk_not_failed", pr.T("esc.talk_state."+string(t.State)))}
		}
		day := t.HeldOn
		if day.IsZero() {
			day = t.PlannedOn
		}
		if day.IsZero() {
			day = domain.DateOf(t.CreatedAt.In(loc))
		}
		return failure{units: []domain.ID{t.UnitID}, desc: zh.T("esc.failure.talk", m.UnitName(t.UnitID), day.String(), clipText(t.Reasons, 100)),
			date: day, year: day.Year()}, nil
	case domain.FailureAccountability:
		recs, err := r.AccountabilityRecords(ctx, store.AccountabilityFilter{IDs: []domain.ID{target}})
		if err != nil {
			return failure{}, err
		}
		if len(recs) == 0 || !recordReader(m, scope, p, recs[0].UnitID) {
			return failure{}, missing()
		}
		a := recs[0]
		name := a.Person
		if per := m.Person(a.PersonID); per != nil {
			name = per.Name
		}
		return failure{units: []domain.ID{a.UnitID}, caseID: a.CaseID, desc: zh.T("esc.failure.accountability", m.UnitName(a.UnitID), name, a.Measure,
			a.Date.String()), date: a.Date, year: a.Date.Year()}, nil
	case domain.FailureTask:
		t := m.Task(target)
		if t == nil || !scope.Sees(t) {
			return failure{}, missing()
		}
		today := s.Today()
		res := m.Evaluate(today, m.Calendar).Of(t)
		switch res.Status {
		case domain.StatusLagging, domain.StatusSevere, domain.StatusOverdue:
		default:
			return failure{}, &domain.Error{Kind: domain.KindConflict, Field: "target_id", Message: pr.T("esc.err.task_not_failed", t.Number, t.Title,
				pr.T("status."+string(res.Status)))}
		}
		day, year := today, today.Year()
		if res.Status == domain.StatusOverdue && !t.Due.IsZero() {
			day = t.Due
		}
		if t.Plan != nil && t.Plan.Year != 0 {
			year = t.Plan.Year
		}
		return failure{units: t.LeadUnitIDs, desc: zh.T("esc.failure.task", t.Number, t.Title, zh.T("status."+string(res.Status))),
			date: day, year: year}, nil
	}
	return failure{}, invalid(ctx, "kind", "esc.err.kind", string(kind))
}

// ApplyExemption applies, for one of the caller's units (liaison or unit
// head), to be exempted from a failure of that unit.
func (s *Service) ApplyExemption(ctx context.Context, p *Principal, in ExemptionInput) (*ExemptionItem, error) {
	if err := requireAny(ctx, p, domain.RoleLiaison, domain.RoleUnitHead); err != nil {
		return nil, err
	}
	if p.System {
		return nil, forbidden(ctx)
	}
	pr := printer(ctx)
	if !in.Kind.Valid() {
		return nil, invalid(ctx, "kind", "esc.err.kind", string(in.Kind))
	}
	if in.TargetID == 0 {
		return nil, invalid(ctx, "target_id", "esc.err.target_required")
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := s.checkUploads(ctx, in.Files); err != nil {
		return nil, err
	}
	var id domain.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		f, err := s.resolveFailure(ctx, &tx.Reader, m, scope, p, in.Kind, in.TargetID)
		if err != nil {
			return err
		}
		acting := unitsActing(m, p)
		unit := domain.ID(0)
		for _, u := range f.units {
			if acting[u] && (in.UnitID == 0 || in.UnitID == u) {
				unit = u
				break
			}
		}
		if unit == 0 {
			return &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: pr.T("esc.err.not_failure_unit", joinNames(m.UnitNames(f.units)))}
		}
		active, err := tx.ActiveExemption(ctx, in.Kind, in.TargetID)
		if err != nil {
			return err
		}
		e := domain.Exemption{UnitID: unit, Kind: in.Kind, TargetID: in.TargetID, CaseID: f.caseID, Failure: f.desc, FailureDate: f.date, Year: f.year,
			Grounds: in.Grounds, AppliedByID: p.Account.ID, AppliedBy: actorName(p), AppliedAt: s.Now()}
		if err := e.CheckApply(active); err != nil {
			return s.escError(ctx, err)
		}
		if err := tx.InsertExemption(ctx, &e); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "esc.err.exemption_exists", pr.T("esc.exemption_state.pending"))
			}
			return err
		}
		id = e.ID
		for _, up := range in.Files {
			ct, _ := allowedType(up)
			sum := sha256.Sum256(up.Data)
			file := domain.ExemptionFile{ExemptionID: e.ID, Name: cleanFileName(up.Name), ContentType: ct, Size: int64(len(up.Data)),
				SHA256: hex.EncodeToString(sum[:])}
			if err := tx.InsertExemptionFile(ctx, &file, up.Data, s.Now()); err != nil {
				return err
			}
			e.Files = append(e.Files, file)
		}
		if err := s.notifyExemption(ctx, tx, m, e); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "exemption.apply", Entity: "exemption", EntityID: e.ID, After: e})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Exemption(ctx, p, id)
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}

// DecideExemption approves or refuses an application (the office covering
// the unit), with reasons either way.
func (s *Service) DecideExemption(ctx context.Context, p *Principal, id domain.ID, in ExemptionDecision) (*ExemptionItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		e, err := tx.Exemption(ctx, id)
		if err := recordLoaded(ctx, err, m, scope, p, e.UnitID, "esc.thing.exemption"); err != nil {
			return err
		}
		if err := officeOver(ctx, m, p, e.UnitID); err != nil {
			return err
		}
		before := e
		if err := e.Decide(in.Approve, in.Reasons, caseActor(p, 0), s.Now()); err != nil {
			return s.escError(ctx, err)
		}
		if err := tx.DecideExemption(ctx, e); err != nil {
			return err
		}
		if err := s.notifyExemption(ctx, tx, m, e); err != nil {
			return err
		}
		action := "exemption.refuse"
		if in.Approve {
			action = "exemption.approve"
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "exemption", EntityID: e.ID, Before: before, After: e})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Exemption(ctx, p, id)
}

// notifyExemption tells the office of an application, and the unit of the
// decision.
func (s *Service) notifyExemption(ctx context.Context, tx *store.Tx, m *readmodel.Model, e domain.Exemption) error {
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return err
	}
	to := rc.unit(e.UnitID)
	if e.State == domain.ExemptionPending {
		to = rc.office(e.UnitID)
	}
	var msgs []notify.Message
	for _, acct := range to {
		if acct == e.AppliedByID && e.State == domain.ExemptionPending {
			continue
		}
		pr := rc.printer(acct)
		msgs = append(msgs, notify.Message{To: acct, Kind: "exemption." + string(e.State), Key: fmt.Sprintf("exemption:%d:%s", e.ID, e.State),
			Link: fmt.Sprintf("/exemptions/%d", e.ID), Subject: pr.T("esc.subject.exemption_"+string(e.State), m.UnitName(e.UnitID)),
			Body: pr.T("esc.body.exemption_"+string(e.State), clipText(e.Failure, 200), clipText(e.Grounds, 500), clipText(e.Decision, 500))})
	}
	return s.Notify(ctx, tx, msgs...)
}
