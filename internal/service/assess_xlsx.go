// Excel around scoring: the examiners' score sheet, its template and its
// import (all rows or none). The results tables are written by xlsexport
// from ComputeAssessment.

package service

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// ScoreTemplate builds the caller's score sheet: the units and criteria of
// the caller's grid, empty 得分 and 理由 columns.
func (s *Service) ScoreTemplate(ctx context.Context, p *Principal, schemeID domain.ID) ([]byte, error) {
	rows, err := s.ScoreSheet(ctx, p, schemeID)
	if err != nil {
		return nil, err
	}
	var units []string
	var refs []xlsimport.AssessCriterionRef
	seenU, seenC := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if !seenU[r.Unit] {
			seenU[r.Unit] = true
			units = append(units, r.Unit)
		}
		if !seenC[r.Code] {
			seenC[r.Code] = true
			refs = append(refs, xlsimport.AssessCriterionRef{Code: r.Code, Name: r.Criterion, Max: r.Max})
		}
	}
	return xlsimport.AssessScoreTemplate(units, refs, printer(ctx))
}

// ImportScoreSheet stores an examiners' score sheet as entries, every row
// or — listing every bad row — none. The operator at the command line
// imports in the name of an examiner (login), whose assignment and own
// units apply; others import their own scores.
func (s *Service) ImportScoreSheet(ctx context.Context, p *Principal, schemeID domain.ID, data []byte, login string) ([]domain.AssessEntry, error) {
	as := p
	if p != nil && p.System && strings.TrimSpace(login) != "" {
		a, err := s.db.Read().AccountByLogin(ctx, strings.TrimSpace(login))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err != nil || a.Status != domain.AccountActive || !a.Has(domain.RoleExaminer) {
			return nil, invalid(ctx, "examiner", "assessweb.err.not_examiner", login)
		}
		as = &Principal{Account: a, IP: p.IP}
	}
	if err := requireAny(ctx, as, domain.RoleOffice, domain.RoleExaminer); err != nil {
		return nil, err
	}
	sc, err := s.loadScheme(ctx, s.db.Read(), as, schemeID)
	if err != nil {
		return nil, err
	}
	pr := printer(ctx)
	rows, err := xlsimport.ParseAssessScores(bytes.NewReader(data), xlsimport.AssessScoreOptions{Printer: pr, Fold: s.norm.Normalize})
	if err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	crit, _ := criteriaOf(sc.SchemeBody)
	byName := map[string]string{}
	for code, c := range crit {
		byName[c.Name] = code
	}
	var ins []EntryInput
	var pre []string
	for _, r := range rows {
		label := pr.T("assessweb.xls.row", r.Sheet, r.Row)
		u := m.UnitByName(r.Unit)
		code := r.Code
		if code == "" {
			code = byName[r.Name]
		}
		switch {
		case u == nil:
			pre = append(pre, label+"："+pr.T("assessweb.err.unit_name", r.Cells["unit"], r.Unit))
		case code == "" || crit[code].Code == "":
			what := r.Code
			if what == "" {
				what = r.Name
			}
			pre = append(pre, label+"："+pr.T("assessweb.err.unknown_code", what))
		default:
			ins = append(ins, EntryInput{Code: code, UnitID: u.ID, Score: r.Score, Reason: r.Reason, Label: label})
		}
	}
	return s.saveEntries(ctx, p, as, schemeID, ins, pre)
}
