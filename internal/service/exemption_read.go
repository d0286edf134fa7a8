// Reading exemptions: the applications a caller may see, the approved
// ones attached to cases, rungs and tasks, and what assessment uses.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// ExemptionItem is an application with the names a page shows.
type ExemptionItem struct {
	domain.Exemption
	Unit string `json:"unit"`
	// Link is the page of the failure.
	Link      string `json:"link"`
	CanDecide bool   `json:"can_decide"`
}

// ExemptionFilter narrows a listing.
type ExemptionFilter struct {
	UnitID domain.ID
	State  domain.ExemptionState
	Kind   domain.FailureKind
	Year   int
}

func (s *Service) exemptionItem(m *readmodel.Model, p *Principal, e domain.Exemption) ExemptionItem {
	return ExemptionItem{Exemption: e, Unit: m.UnitName(e.UnitID), Link: failureLink(e),
		CanDecide: e.State == domain.ExemptionPending && (p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, e.UnitID)))}
}

// Exemptions lists the applications p may read, newest first: a unit's
// own, those of the units an office covers or a leader oversees.
func (s *Service) Exemptions(ctx context.Context, p *Principal, f ExemptionFilter) ([]ExemptionItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	sf := store.ExemptionFilter{Kind: f.Kind, Year: f.Year}
	if f.UnitID != 0 {
		sf.UnitIDs = []domain.ID{f.UnitID}
	}
	if f.State != "" {
		sf.States = []domain.ExemptionState{f.State}
	}
	list, err := s.db.Read().Exemptions(ctx, sf)
	if err != nil {
		return nil, err
	}
	out := []ExemptionItem{}
	for _, e := range list {
		if recordReader(m, scope, p, e.UnitID) {
			out = append(out, s.exemptionItem(m, p, e))
		}
	}
	return out, nil
}

// Exemption returns one application p may read, with its files.
func (s *Service) Exemption(ctx context.Context, p *Principal, id domain.ID) (*ExemptionItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	e, err := s.db.Read().Exemption(ctx, id)
	if err := recordLoaded(ctx, err, m, scope, p, e.UnitID, "esc.thing.exemption"); err != nil {
		return nil, err
	}
	v := s.exemptionItem(m, p, e)
	return &v, nil
}

// ExemptionFile returns a file of an application p may read.
func (s *Service) ExemptionFile(ctx context.Context, p *Principal, id, fileID domain.ID) (domain.ExemptionFile, []byte, error) {
	if _, err := s.Exemption(ctx, p, id); err != nil {
		return domain.ExemptionFile{}, nil, err
	}
	f, data, err := s.db.Read().ExemptionFileData(ctx, fileID)
	if err != nil || f.ExemptionID != id {
		return f, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.file"))
	}
	return f, data, nil
}

// ExemptionsFor returns every application about one failure, newest first
// (for assessment and other services; no caller's scope applies).
func (s *Service) ExemptionsFor(ctx context.Context, kind domain.FailureKind, id domain.ID) ([]domain.Exemption, error) {
	return s.db.Read().Exemptions(ctx, store.ExemptionFilter{Kind: kind, TargetIDs: []domain.ID{id}})
}

// ApprovedExemptions returns a unit's approved exemptions from failures
// of a year (for assessment: an approved exemption removes the matching
// penalty).
func (s *Service) ApprovedExemptions(ctx context.Context, unit domain.ID, year int) ([]domain.Exemption, error) {
	return s.db.Read().Exemptions(ctx, store.ExemptionFilter{UnitIDs: []domain.ID{unit}, Year: year,
		States: []domain.ExemptionState{domain.ExemptionApproved}})
}

// approvedRefs returns the approved exemptions of a kind of failure, all
// of them (there are few; listings look them up in memory).
func (s *Service) approvedRefs(ctx context.Context, kind domain.FailureKind) (map[domain.ID]domain.ExemptionRef, error) {
	return s.db.Read().ApprovedExemptionRefs(ctx, kind, nil)
}

// attachExemptions shows on a case the applications about it: approved
// exemptions on the case and on its rungs, and on its linked tasks; and
// whether the caller's unit may apply.
func (s *Service) attachExemptions(ctx context.Context, d *CaseDetail, a caseAccess) error {
	list, err := s.db.Read().Exemptions(ctx, store.ExemptionFilter{CaseID: d.ID})
	if err != nil {
		return err
	}
	d.Exemptions = []domain.Exemption{}
	active := false
	rungs := map[domain.ID]domain.ExemptionRef{}
	for _, e := range list {
		if e.Kind != domain.FailureCase && e.Kind != domain.FailureEscalation {
			continue
		}
		d.Exemptions = append(d.Exemptions, e)
		if e.Kind == domain.FailureCase && e.State != domain.ExemptionRefused {
			active = true
		}
		if e.State != domain.ExemptionApproved {
			continue
		}
		if e.Kind == domain.FailureCase {
			ref := e.Ref()
			d.CaseItem.Exemption = &ref
		} else {
			rungs[e.TargetID] = e.Ref()
		}
	}
	for i := range d.Events {
		if ref, ok := rungs[d.Events[i].ID]; ok {
			d.Events[i].Exemption = &ref
		}
	}
	if len(d.Tasks) > 0 {
		tasks, err := s.approvedRefs(ctx, domain.FailureTask)
		if err != nil {
			return err
		}
		for i := range d.Tasks {
			if ref, ok := tasks[d.Tasks[i].ID]; ok {
				d.Tasks[i].Exemption = &ref
			}
		}
	}
	d.Can.ApplyExemption = a.lead != 0 && !active && (d.Overdue || d.Light == domain.LightClosedLate)
	return nil
}

// TaskExemption returns the approved exemption from a task's failure, nil
// when there is none (the task's page and API show it).
func (s *Service) TaskExemption(ctx context.Context, taskID domain.ID) (*domain.ExemptionRef, error) {
	refs, err := s.db.Read().ApprovedExemptionRefs(ctx, domain.FailureTask, []domain.ID{taskID})
	if err != nil {
		return nil, err
	}
	if ref, ok := refs[taskID]; ok {
		return &ref, nil
	}
	return nil, nil
}

// CanApplyTaskExemption reports whether p may apply for exemption from a
// task lagging or overdue today: p acts for one of its lead units and no
// application waits or was approved.
func (s *Service) CanApplyTaskExemption(ctx context.Context, p *Principal, taskID domain.ID) bool {
	if p == nil || p.System {
		return false
	}
	m, err := s.Model(ctx)
	if err != nil {
		return false
	}
	t := m.Task(taskID)
	if t == nil {
		return false
	}
	acting := unitsActing(m, p)
	lead := false
	for _, u := range t.LeadUnitIDs {
		lead = lead || acting[u]
	}
	if !lead {
		return false
	}
	switch m.Evaluate(s.Today(), m.Calendar).Of(t).Status {
	case domain.StatusLagging, domain.StatusSevere, domain.StatusOverdue:
	default:
		return false
	}
	active, err := s.db.Read().ActiveExemption(ctx, domain.FailureTask, taskID)
	return err == nil && active == nil
}
