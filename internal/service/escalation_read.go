// Reading what the escalation sweep did, and running it by hand.

package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// EscalationRunItem is a step a sweep recorded, with the case's names.
type EscalationRunItem struct {
	store.RunItem
	Number     string    `json:"number"`
	Title      string    `json:"title"`
	LeadUnitID domain.ID `json:"lead_unit_id"`
	LeadUnit   string    `json:"lead_unit"`
}

// EscalationRunDetail is a sweep with the steps it recorded on the cases
// the caller's office covers.
type EscalationRunDetail struct {
	store.EscalationRun
	Items []EscalationRunItem `json:"items"`
}

// requireOffice refuses everyone but the offices (and the operator).
func requireOffice(ctx context.Context, p *Principal) error {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return err
	}
	return nil
}

// EscalationRuns lists the latest sweeps, newest first (offices); withWork
// keeps those that recorded something.
func (s *Service) EscalationRuns(ctx context.Context, p *Principal, withWork bool) ([]store.EscalationRun, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	runs, err := s.db.Read().EscalationRuns(ctx, 100, withWork)
	if runs == nil {
		runs = []store.EscalationRun{}
	}
	return runs, err
}

// EscalationRun returns one sweep with the steps it recorded on the cases
// whose lead unit the caller's office covers.
func (s *Service) EscalationRun(ctx context.Context, p *Principal, id domain.ID) (*EscalationRunDetail, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	run, items, err := s.db.Read().EscalationRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("esc.thing.run"))
	}
	if err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	var ids []domain.ID
	for _, it := range items {
		ids = append(ids, it.CaseID)
	}
	cases := map[domain.ID]domain.Case{}
	for start := 0; start < len(ids); start += 400 {
		cs, err := s.db.Read().Cases(ctx, store.CaseFilter{IDs: dedupeIDs(ids[start:min(start+400, len(ids))])})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			cases[c.ID] = c
		}
	}
	d := &EscalationRunDetail{EscalationRun: run, Items: []EscalationRunItem{}}
	for _, it := range items {
		c, ok := cases[it.CaseID]
		if !ok || !officeCovers(m, p, c.LeadUnitID) {
			continue
		}
		d.Items = append(d.Items, EscalationRunItem{RunItem: it, Number: c.Number, Title: c.Title, LeadUnitID: c.LeadUnitID, LeadUnit: m.UnitName(c.LeadUnitID)})
	}
	return d, nil
}

// RunEscalationSweep runs the sweep now (the district office, or the
// operator), as the scheduled job would.
func (s *Service) RunEscalationSweep(ctx context.Context, p *Principal) (*store.EscalationRun, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	if !p.System && !districtOffice(p) {
		return nil, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("esc.err.sweep_scope")}
	}
	return s.SweepEscalations(ctx, s.Now(), "manual:"+actorName(p))
}

// UnitRung is a rung recorded on one of a unit's cases.
type UnitRung struct {
	domain.CaseEvent
	Number string `json:"number"`
	Title  string `json:"title"`
}

// UnitEscalation is where a unit stands on the ladder: its open cases by
// the rung they reached, the latest rungs, talks, accountability records
// and exemptions.
type UnitEscalation struct {
	UnitID domain.ID `json:"unit_id"`
	Unit   string    `json:"unit"`
	// Open counts the open cases the unit leads; Rungs how many of them
	// reached each rung (remind, urge, notice, talk_proposal).
	Open           int                  `json:"open"`
	Rungs          map[string]int       `json:"rungs"`
	Recent         []UnitRung           `json:"recent"`
	Talks          []TalkItem           `json:"talks"`
	Accountability []AccountabilityItem `json:"accountability"`
	// Exemptions counts the unit's applications by state.
	Exemptions map[string]int `json:"exemptions"`
}

// UnitEscalation returns a unit's standing on the ladder, for whoever may
// read the unit's records.
func (s *Service) UnitEscalation(ctx context.Context, p *Principal, unitID domain.ID) (*UnitEscalation, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if m.Unit(unitID) == nil || !recordReader(m, scope, p, unitID) {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.unit"))
	}
	r := s.db.Read()
	ladder, err := r.UnitLadder(ctx, unitID)
	if err != nil {
		return nil, err
	}
	u := &UnitEscalation{UnitID: unitID, Unit: m.UnitName(unitID), Rungs: map[string]int{}, Recent: []UnitRung{}, Exemptions: map[string]int{}}
	for e, n := range ladder {
		u.Open += n
		if e > domain.EscalationNone {
			u.Rungs[string(e.Event())] += n
		}
	}
	rungs, err := r.UnitRungs(ctx, unitID, 10)
	if err != nil {
		return nil, err
	}
	var ids []domain.ID
	for _, e := range rungs {
		ids = append(ids, e.CaseID)
	}
	cases, err := s.casesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, e := range rungs {
		c := cases[e.CaseID]
		u.Recent = append(u.Recent, UnitRung{CaseEvent: e, Number: c.Number, Title: c.Title})
	}
	if u.Talks, err = s.Talks(ctx, p, TalkFilter{UnitID: unitID}); err != nil {
		return nil, err
	}
	if len(u.Talks) > 5 {
		u.Talks = u.Talks[:5]
	}
	if u.Accountability, err = s.AccountabilityRecords(ctx, p, AccountabilityFilter{UnitID: unitID}); err != nil {
		return nil, err
	}
	if len(u.Accountability) > 5 {
		u.Accountability = u.Accountability[:5]
	}
	exs, err := r.Exemptions(ctx, store.ExemptionFilter{UnitIDs: []domain.ID{unitID}})
	if err != nil {
		return nil, err
	}
	for _, e := range exs {
		u.Exemptions[string(e.State)]++
	}
	return u, nil
}
