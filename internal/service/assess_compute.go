// Computing a scheme's results (试算): the inputs gathered at the check
// date, scored by the engine. Nothing is stored: publication stores runs.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// ComputeAssessment computes the results of a scheme. The office, leaders
// and examiners get every unit; anyone else who may read the scheme gets
// only the rows of the units they act for (ranked among all units).
func (s *Service) ComputeAssessment(ctx context.Context, p *Principal, schemeID domain.ID) (domain.AssessResult, error) {
	sc, err := s.loadScheme(ctx, s.db.Read(), p, schemeID)
	if err != nil {
		return domain.AssessResult{}, err
	}
	in, err := s.gather(ctx, sc)
	if err != nil {
		return domain.AssessResult{}, err
	}
	res, err := domain.ScoreAssessment(sc.SchemeBody, in)
	if err != nil {
		return domain.AssessResult{}, s.validateBody(ctx, sc.SchemeBody)
	}
	res.SchemeID, res.ComputedAt = sc.ID, s.Now()
	if res.Units == nil {
		res.Units = []domain.UnitResult{}
	}
	if seesAllResults(p) {
		return res, nil
	}
	m, err := s.Model(ctx)
	if err != nil {
		return domain.AssessResult{}, err
	}
	mine := unitsActing(m, p)
	kept := []domain.UnitResult{}
	for _, u := range res.Units {
		if mine[u.UnitID] {
			kept = append(kept, u)
		}
	}
	res.Units = kept
	return res, nil
}

// UnitAssessment returns one unit's results with every criterion's
// formula, to whoever may see that unit's row.
func (s *Service) UnitAssessment(ctx context.Context, p *Principal, schemeID, unitID domain.ID) (domain.UnitResult, error) {
	res, err := s.ComputeAssessment(ctx, p, schemeID)
	if err != nil {
		return domain.UnitResult{}, err
	}
	for _, u := range res.Units {
		if u.UnitID == unitID {
			return u, nil
		}
	}
	return domain.UnitResult{}, notFound(ctx, "err.not_found", printer(ctx).T("assessweb.thing.unit_result"))
}
