// 问责: the office records the decisions taken about people of the units it
// covers, with the measure (from a list the district office keeps, or
// typed in) and the case or talk they follow from.

package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// settingMeasures stores the accountability measures (a JSON list).
const settingMeasures = "esc.measures"

// AccountabilityInput is a record as the office enters it. Measure is one
// of the configured measures, or "other" with MeasureOther typed in.
type AccountabilityInput struct {
	Decision     string      `json:"decision"`
	PersonID     domain.ID   `json:"person_id"`
	Person       string      `json:"person"`
	UnitID       domain.ID   `json:"unit_id"`
	Measure      string      `json:"measure"`
	MeasureOther string      `json:"measure_other"`
	Date         domain.Date `json:"date"`
	Reasons      string      `json:"reasons"`
	CaseID       domain.ID   `json:"case_id"`
	TalkID       domain.ID   `json:"talk_id"`
}

// AccountabilityItem is a record with the names a page shows.
type AccountabilityItem struct {
	domain.Accountability
	Unit       string               `json:"unit"`
	PersonName string               `json:"person_name"`
	Case       *RecordRef           `json:"case,omitempty"`
	Exemption  *domain.ExemptionRef `json:"exemption,omitempty"`
	// CanExempt: the caller's unit may apply for exemption from it.
	CanExempt bool `json:"can_exempt"`
}

// AccountabilityFilter narrows a listing.
type AccountabilityFilter struct {
	UnitID domain.ID
	CaseID domain.ID
	TalkID domain.ID
	Year   int
}

// AccountabilityMeasures returns the measures offices choose from.
func (s *Service) AccountabilityMeasures(ctx context.Context) ([]string, error) {
	return s.settingList(ctx, settingMeasures, domain.DefaultMeasures())
}

// SetAccountabilityMeasures replaces the list of measures (the district
// office).
func (s *Service) SetAccountabilityMeasures(ctx context.Context, p *Principal, list []string) ([]string, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	if !p.System && !districtOffice(p) {
		return nil, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("esc.err.measures_scope")}
	}
	clean, err := domain.CheckMeasures(list)
	if err != nil {
		return nil, s.escError(ctx, err)
	}
	before, err := s.AccountabilityMeasures(ctx)
	if err != nil {
		return nil, err
	}
	return clean, s.putSettingList(ctx, p, settingMeasures, "accountability.measures", before, clean)
}

func (s *Service) accountabilityItem(m *readmodel.Model, p *Principal, a domain.Accountability, cases map[domain.ID]domain.Case) AccountabilityItem {
	v := AccountabilityItem{Accountability: a, Unit: m.UnitName(a.UnitID), PersonName: a.Person}
	if per := m.Person(a.PersonID); per != nil {
		v.PersonName = per.Name
	}
	if c, ok := cases[a.CaseID]; ok {
		v.Case = &RecordRef{ID: c.ID, Number: c.Number, Title: c.Title}
	}
	v.CanExempt = !p.System && unitsActing(m, p)[a.UnitID]
	return v
}

// AccountabilityRecords lists the records p may read, latest first.
func (s *Service) AccountabilityRecords(ctx context.Context, p *Principal, f AccountabilityFilter) ([]AccountabilityItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	sf := store.AccountabilityFilter{CaseID: f.CaseID, TalkID: f.TalkID, Year: f.Year}
	if f.UnitID != 0 {
		sf.UnitIDs = []domain.ID{f.UnitID}
	}
	r := s.db.Read()
	recs, err := r.AccountabilityRecords(ctx, sf)
	if err != nil {
		return nil, err
	}
	var ids, caseIDs []domain.ID
	for _, a := range recs {
		ids = append(ids, a.ID)
		if a.CaseID != 0 {
			caseIDs = append(caseIDs, a.CaseID)
		}
	}
	refs, err := r.ApprovedExemptionRefs(ctx, domain.FailureAccountability, ids)
	if err != nil {
		return nil, err
	}
	cases, err := s.casesByID(ctx, caseIDs)
	if err != nil {
		return nil, err
	}
	out := []AccountabilityItem{}
	for _, a := range recs {
		if !recordReader(m, scope, p, a.UnitID) {
			continue
		}
		v := s.accountabilityItem(m, p, a, cases)
		if ref, ok := refs[a.ID]; ok {
			v.Exemption, v.CanExempt = &ref, false
		}
		out = append(out, v)
	}
	return out, nil
}

// AccountabilityRecord returns one record p may read.
func (s *Service) AccountabilityRecord(ctx context.Context, p *Principal, id domain.ID) (*AccountabilityItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	recs, err := r.AccountabilityRecords(ctx, store.AccountabilityFilter{IDs: []domain.ID{id}})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || !recordReader(m, scope, p, recs[0].UnitID) {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("esc.thing.accountability"))
	}
	cases, err := s.casesByID(ctx, []domain.ID{recs[0].CaseID})
	if err != nil {
		return nil, err
	}
	v := s.accountabilityItem(m, p, recs[0], cases)
	refs, err := r.ApprovedExemptionRefs(ctx, domain.FailureAccountability, []domain.ID{id})
	if err != nil {
		return nil, err
	}
	if ref, ok := refs[id]; ok {
		v.Exemption, v.CanExempt = &ref, false
	}
	return &v, nil
}

// casesByID loads cases by ID (0s ignored).
func (s *Service) casesByID(ctx context.Context, ids []domain.ID) (map[domain.ID]domain.Case, error) {
	out := map[domain.ID]domain.Case{}
	ids = dedupeIDs(ids)
	var keep []domain.ID
	for _, id := range ids {
		if id != 0 {
			keep = append(keep, id)
		}
	}
	for start := 0; start < len(keep); start += 400 {
		cs, err := s.db.Read().Cases(ctx, store.CaseFilter{IDs: keep[start:min(start+400, len(keep))]})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out[c.ID] = c
		}
	}
	return out, nil
}

// RecordAccountability records a 问责 decision (office covering the unit).
// A linked case must be one of the unit's, a linked talk with the unit.
func (s *Service) RecordAccountability(ctx context.Context, p *Principal, in AccountabilityInput) (*AccountabilityItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	pr := printer(ctx)
	measures, err := s.AccountabilityMeasures(ctx)
	if err != nil {
		return nil, err
	}
	a := domain.Accountability{Decision: in.Decision, PersonID: in.PersonID, Person: in.Person, UnitID: in.UnitID, Measure: in.Measure,
		Date: in.Date, Reasons: in.Reasons, CaseID: in.CaseID, TalkID: in.TalkID}
	if a.UnitID != 0 && m.Unit(a.UnitID) == nil {
		return nil, invalid(ctx, "unit_id", "esc.err.unit_missing", a.UnitID)
	}
	if a.UnitID != 0 && !officeCovers(m, p, a.UnitID) {
		return nil, &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: pr.T("esc.err.office_scope", m.UnitName(a.UnitID))}
	}
	if a.PersonID != 0 && m.Person(a.PersonID) == nil {
		return nil, invalid(ctx, "person_id", "esc.err.person_missing", a.PersonID)
	}
	if err := a.Check(s.Today(), measures, in.MeasureOther); err != nil {
		return nil, s.escError(ctx, err)
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if a.CaseID != 0 {
			c, err := s.caseFor(ctx, tx, m, scope, p, a.CaseID)
			if err != nil {
				return invalid(ctx, "case_id", "esc.err.case_missing", a.CaseID)
			}
			if !containsID(c.Units(), a.UnitID) {
				return invalid(ctx, "case_id", "esc.err.case_unit", c.Number, m.UnitName(a.UnitID))
			}
		}
		if a.TalkID != 0 {
			t, err := tx.Talk(ctx, a.TalkID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && !recordReader(m, scope, p, t.UnitID)) {
				return invalid(ctx, "talk_id", "esc.err.talk_missing", a.TalkID)
			}
			if err != nil {
				return err
			}
			if t.UnitID != a.UnitID {
				return invalid(ctx, "talk_id", "esc.err.talk_unit", m.UnitName(t.UnitID), m.UnitName(a.UnitID))
			}
		}
		if !p.System {
			a.CreatedByID = p.Account.ID
		}
		a.CreatedBy = actorName(p)
		if err := tx.InsertAccountability(ctx, &a, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "accountability.create", Entity: "accountability", EntityID: a.ID, After: a})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.AccountabilityRecord(ctx, p, a.ID)
}
