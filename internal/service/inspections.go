// Inspections (督查检查): planned, carried out and concluded by the office,
// with the findings they record.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// InspectionInput is an inspection as the office plans it.
type InspectionInput struct {
	Kind          domain.InspectionKind `json:"kind"`
	Title         string                `json:"title"`
	Plan          string                `json:"plan"`
	TargetUnitIDs []domain.ID           `json:"target_unit_ids"`
	LeaderID      domain.ID             `json:"leader_id"`
	MemberIDs     []domain.ID           `json:"member_ids"`
	PlannedStart  domain.Date           `json:"planned_start"`
	PlannedEnd    domain.Date           `json:"planned_end"`
}

// InspectionStepInput moves an inspection on: the day it was carried out or
// concluded (default today) and, when concluding, the conclusion.
type InspectionStepInput struct {
	On         domain.Date `json:"on"`
	Conclusion string      `json:"conclusion"`
}

// FindingInput is a problem an inspection found.
type FindingInput struct {
	UnitID      domain.ID   `json:"unit_id"`
	Problem     string      `json:"problem"`
	Requirement string      `json:"requirement"`
	FoundOn     domain.Date `json:"found_on"`
}

const (
	maxTitle = 200
	maxText  = 4000
)

// CanManageInspections reports whether p may plan inspections at all.
func (s *Service) CanManageInspections(p *Principal) bool {
	return p.System || p.Has(domain.RoleOffice)
}

// checkInspection validates in and returns the inspection to store.
func (s *Service) checkInspection(ctx context.Context, m *readmodel.Model, p *Principal, in InspectionInput) (domain.Inspection, error) {
	pr := printer(ctx)
	out := domain.Inspection{Kind: in.Kind, TargetUnitIDs: dedupeIDs(in.TargetUnitIDs), LeaderID: in.LeaderID, MemberIDs: dedupeIDs(in.MemberIDs),
		PlannedStart: in.PlannedStart, PlannedEnd: in.PlannedEnd}
	var err error
	if out.Kind == "" {
		return out, invalid(ctx, "kind", "err.insp.kind_required")
	}
	if !out.Kind.Valid() {
		return out, invalid(ctx, "kind", "err.invalid_value", pr.T("field.insp.kind"))
	}
	if out.Title, err = cleanText(ctx, "title", "field.insp.title", in.Title, maxTitle); err != nil {
		return out, err
	}
	if out.Title == "" {
		return out, invalid(ctx, "title", "err.required", pr.T("field.insp.title"))
	}
	if out.Plan, err = cleanText(ctx, "plan", "field.insp.plan", in.Plan, maxText); err != nil {
		return out, err
	}
	if len(out.TargetUnitIDs) == 0 {
		return out, invalid(ctx, "target_unit_ids", "err.insp.targets_required")
	}
	for _, id := range out.TargetUnitIDs {
		if m.Unit(id) == nil {
			return out, invalid(ctx, "target_unit_ids", "err.insp.unit_unknown", id)
		}
	}
	if !officeCovers(m, p, out.TargetUnitIDs...) {
		return out, forbidden(ctx)
	}
	if out.LeaderID == 0 {
		return out, invalid(ctx, "leader_id", "err.insp.leader_required")
	}
	if m.Person(out.LeaderID) == nil {
		return out, invalid(ctx, "leader_id", "err.not_found", pr.T("thing.person"))
	}
	members := []domain.ID{}
	for _, id := range out.MemberIDs {
		if m.Person(id) == nil {
			return out, invalid(ctx, "member_ids", "err.not_found", pr.T("thing.person"))
		}
		if id != out.LeaderID {
			members = append(members, id)
		}
	}
	out.MemberIDs = members
	if !out.PlannedStart.IsZero() && !out.PlannedEnd.IsZero() && out.PlannedEnd < out.PlannedStart {
		return out, invalid(ctx, "planned_end", "err.dates.order")
	}
	return out, nil
}

// requireInspectionOffice fails unless p is an office covering every
// target of the inspection.
func requireInspectionOffice(ctx context.Context, m *readmodel.Model, p *Principal, in domain.Inspection) error {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return err
	}
	if !officeCovers(m, p, in.TargetUnitIDs...) {
		return forbidden(ctx)
	}
	return nil
}

// CreateInspection plans an inspection (office covering its targets).
func (s *Service) CreateInspection(ctx context.Context, p *Principal, in InspectionInput) (*domain.Inspection, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	insp, err := s.checkInspection(ctx, m, p, in)
	if err != nil {
		return nil, err
	}
	insp.State, insp.CreatedBy = domain.InspectionPlanned, p.Account.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertInspection(ctx, &insp, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "inspection.create", Entity: "inspection", EntityID: insp.ID, After: insp})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &insp, nil
}

// Inspection returns an inspection p may see: the office covering all its
// targets. Anyone else is told it does not exist.
func (s *Service) Inspection(ctx context.Context, p *Principal, id domain.ID) (*domain.Inspection, *readmodel.Model, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil && domain.ErrorKind(err) != domain.KindForbidden {
		return nil, nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	insp, err := s.db.Read().Inspection(ctx, id)
	if err != nil {
		return nil, nil, fromStore(ctx, err, "thing.inspection")
	}
	if !s.CanManageInspections(p) || !officeCovers(m, p, insp.TargetUnitIDs...) {
		return nil, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.inspection"))
	}
	return &insp, m, nil
}

// Inspections lists the inspections p may see, newest first.
func (s *Service) Inspections(ctx context.Context, p *Principal, f store.InspectionFilter) ([]domain.Inspection, error) {
	if !s.CanManageInspections(p) {
		return []domain.Inspection{}, nil
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.db.Read().Inspections(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []domain.Inspection{}
	for _, in := range all {
		if officeCovers(m, p, in.TargetUnitIDs...) {
			out = append(out, in)
		}
	}
	return out, nil
}

// UpdateInspection edits an inspection that has not been concluded.
func (s *Service) UpdateInspection(ctx context.Context, p *Principal, id domain.ID, in InspectionInput) (*domain.Inspection, error) {
	return s.changeInspection(ctx, p, id, "inspection.update", func(m *readmodel.Model, old *domain.Inspection) error {
		if !old.State.CanEdit() {
			return conflict(ctx, "err.insp.concluded")
		}
		next, err := s.checkInspection(ctx, m, p, in)
		if err != nil {
			return err
		}
		next.ID, next.State, next.StartedOn, next.ConcludedOn, next.Conclusion = old.ID, old.State, old.StartedOn, old.ConcludedOn, old.Conclusion
		next.CreatedBy, next.CreatedAt = old.CreatedBy, old.CreatedAt
		*old = next
		return nil
	})
}

// StartInspection records that a planned inspection is being carried out.
func (s *Service) StartInspection(ctx context.Context, p *Principal, id domain.ID, step InspectionStepInput) (*domain.Inspection, error) {
	return s.changeInspection(ctx, p, id, "inspection.start", func(_ *readmodel.Model, in *domain.Inspection) error {
		if in.State != domain.InspectionPlanned {
			return conflict(ctx, "err.insp.state", printer(ctx).T("insp.state."+string(in.State)), printer(ctx).T("insp.step.start"))
		}
		on, err := s.stepDate(ctx, step.On)
		if err != nil {
			return err
		}
		in.State, in.StartedOn = domain.InspectionUnderWay, on
		return nil
	})
}

// ConcludeInspection ends an inspection under way, with its conclusion.
func (s *Service) ConcludeInspection(ctx context.Context, p *Principal, id domain.ID, step InspectionStepInput) (*domain.Inspection, error) {
	return s.changeInspection(ctx, p, id, "inspection.conclude", func(_ *readmodel.Model, in *domain.Inspection) error {
		if in.State != domain.InspectionUnderWay {
			return conflict(ctx, "err.insp.state", printer(ctx).T("insp.state."+string(in.State)), printer(ctx).T("insp.step.conclude"))
		}
		on, err := s.stepDate(ctx, step.On)
		if err != nil {
			return err
		}
		if on < in.StartedOn {
			return invalid(ctx, "on", "err.insp.conclude_before_start", on.String(), in.StartedOn.String())
		}
		conclusion, err := cleanText(ctx, "conclusion", "field.insp.conclusion", step.Conclusion, maxText)
		if err != nil {
			return err
		}
		in.State, in.ConcludedOn, in.Conclusion = domain.InspectionConcluded, on, conclusion
		return nil
	})
}

// stepDate is the date a step happened on: today by default, never later.
func (s *Service) stepDate(ctx context.Context, on domain.Date) (domain.Date, error) {
	if on.IsZero() {
		return s.Today(), nil
	}
	if on > s.Today() {
		return 0, invalid(ctx, "on", "err.insp.future", on.String())
	}
	return on, nil
}

// changeInspection runs change on an inspection p manages and saves it
// with an audit record.
func (s *Service) changeInspection(ctx context.Context, p *Principal, id domain.ID, action string, change func(*readmodel.Model, *domain.Inspection) error) (*domain.Inspection, error) {
	old, m, err := s.Inspection(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := requireInspectionOffice(ctx, m, p, *old); err != nil {
		return nil, err
	}
	before := *old
	next := *old
	if err := change(m, &next); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Inspection(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.inspection")
		}
		if cur.State != before.State {
			return conflict(ctx, "err.insp.changed")
		}
		if err := tx.UpdateInspection(ctx, next, s.Now()); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "inspection", EntityID: id, ClaimedDate: next.StartedOn, Before: before, After: next})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// AddFinding records a problem found by an inspection under way.
func (s *Service) AddFinding(ctx context.Context, p *Principal, inspectionID domain.ID, in FindingInput) (*domain.Finding, error) {
	insp, m, err := s.Inspection(ctx, p, inspectionID)
	if err != nil {
		return nil, err
	}
	if err := requireInspectionOffice(ctx, m, p, *insp); err != nil {
		return nil, err
	}
	if !insp.State.CanRecordFindings() {
		return nil, conflict(ctx, "err.insp.state", printer(ctx).T("insp.state."+string(insp.State)), printer(ctx).T("insp.step.finding"))
	}
	f := domain.Finding{InspectionID: insp.ID, UnitID: in.UnitID}
	if f.Problem, err = cleanText(ctx, "problem", "field.insp.problem", in.Problem, maxText); err != nil {
		return nil, err
	}
	if f.Problem == "" {
		return nil, invalid(ctx, "problem", "err.required", printer(ctx).T("field.insp.problem"))
	}
	if f.Requirement, err = cleanText(ctx, "requirement", "field.rect.requirement", in.Requirement, maxText); err != nil {
		return nil, err
	}
	if f.UnitID != 0 {
		if m.Unit(f.UnitID) == nil {
			return nil, invalid(ctx, "unit_id", "err.insp.unit_unknown", f.UnitID)
		}
		if !officeCovers(m, p, f.UnitID) {
			return nil, forbidden(ctx)
		}
	}
	if f.FoundOn, err = s.stepDate(ctx, in.FoundOn); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertFinding(ctx, &f, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "inspection.finding", Entity: "finding", EntityID: f.ID, ClaimedDate: f.FoundOn, After: f})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// Findings lists an inspection's findings.
func (s *Service) Findings(ctx context.Context, p *Principal, inspectionID domain.ID) ([]domain.Finding, error) {
	if _, _, err := s.Inspection(ctx, p, inspectionID); err != nil {
		return nil, err
	}
	fs, err := s.db.Read().Findings(ctx, inspectionID)
	if fs == nil {
		fs = []domain.Finding{}
	}
	return fs, err
}

// finding returns a finding and its inspection, for the office.
func (s *Service) finding(ctx context.Context, p *Principal, id domain.ID) (*domain.Finding, *domain.Inspection, *readmodel.Model, error) {
	f, err := s.db.Read().Finding(ctx, id)
	if err != nil {
		return nil, nil, nil, fromStore(ctx, err, "thing.finding")
	}
	insp, m, err := s.Inspection(ctx, p, f.InspectionID)
	if err != nil {
		if domain.IsNotFound(err) {
			return nil, nil, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.finding"))
		}
		return nil, nil, nil, err
	}
	return &f, insp, m, nil
}

// issuableFinding returns a finding whose inspection p's office runs and
// may still send work from; stepKey names the refused step.
func (s *Service) issuableFinding(ctx context.Context, p *Principal, id domain.ID, stepKey string) (*domain.Finding, *domain.Inspection, *readmodel.Model, error) {
	f, insp, m, err := s.finding(ctx, p, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := requireInspectionOffice(ctx, m, p, *insp); err != nil {
		return nil, nil, nil, err
	}
	if !insp.State.CanIssue() {
		pr := printer(ctx)
		return nil, nil, nil, conflict(ctx, "err.insp.state", pr.T("insp.state."+string(insp.State)), pr.T(stepKey))
	}
	return f, insp, m, nil
}
