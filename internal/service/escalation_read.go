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
