// The examiner's score sheet: every unit × criterion the caller may score
// on a scheme, with the range and what the caller entered so far.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// ScoreRow is one cell of the caller's score sheet.
type ScoreRow struct {
	Code      string               `json:"code"`
	Criterion string               `json:"criterion"`
	Kind      domain.CriterionKind `json:"kind"`
	Method    domain.ScoreMethod   `json:"method"`
	Note      string               `json:"note,omitempty"`
	Category  string               `json:"category"`
	UnitID    domain.ID            `json:"unit_id"`
	Unit      string               `json:"unit"`
	Min       float64              `json:"min"`
	Max       float64              `json:"max"`
	// Bounded is false for a ranked value (no upper bound).
	Bounded bool `json:"bounded"`
	// Entry is the caller's entry so far.
	Entry *domain.AssessEntry `json:"entry,omitempty"`
}

// ScoreSheet lists what p may score on a scheme, criterion by criterion
// and unit by unit in tree order; the caller's own units are left out.
func (s *Service) ScoreSheet(ctx context.Context, p *Principal, schemeID domain.ID) ([]ScoreRow, error) {
	if err := requireAny(ctx, p, domain.RoleOffice, domain.RoleExaminer); err != nil {
		return nil, err
	}
	r := s.db.Read()
	sc, err := s.loadScheme(ctx, r, p, schemeID)
	if err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	rt, err := s.entryRights(ctx, r, m, p, schemeID)
	if err != nil {
		return nil, err
	}
	mine, err := r.AssessEntries(ctx, store.EntryFilter{SchemeID: schemeID, ExaminerID: p.Account.ID})
	if err != nil {
		return nil, err
	}
	type key struct {
		code string
		unit domain.ID
	}
	entered := map[key]domain.AssessEntry{}
	for _, e := range mine {
		entered[key{e.Code, e.UnitID}] = e
	}
	units := assessUnits(m, sc)
	out := []ScoreRow{}
	seen := map[key]bool{}
	var walk func(cat string, cs []domain.Criterion)
	walk = func(cat string, cs []domain.Criterion) {
		for _, c := range cs {
			walk(cat, c.Children)
			sc := schemeCriterion{Criterion: c, Category: cat}
			if !takesEntries(c) || !rt.may(sc) {
				continue
			}
			lo, hi, bounded := entryRange(c)
			for _, u := range units {
				k := key{c.Code, u.ID}
				if u.Category != cat || rt.own[u.ID] || seen[k] {
					continue
				}
				seen[k] = true
				row := ScoreRow{Code: c.Code, Criterion: c.Name, Kind: c.Kind, Method: c.Method, Note: c.Note, Category: cat, UnitID: u.ID, Unit: u.Name,
					Min: lo, Max: hi, Bounded: bounded}
				if e, ok := entered[k]; ok {
					row.Entry = &e
				}
				out = append(out, row)
			}
		}
	}
	for _, cat := range sc.Categories {
		for _, sec := range cat.Sections {
			walk(cat.Name, sec.Criteria)
		}
	}
	return out, nil
}
