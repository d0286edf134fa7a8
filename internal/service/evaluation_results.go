package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// EvaluationResults are a closed evaluation's results as the caller may
// see them: the turnout per group and the units' results with formulas.
type EvaluationResults struct {
	EvaluationID domain.ID `json:"evaluation_id"`
	Name         string    `json:"name"`
	domain.EvalResult
}

// EvaluationScores returns a closed evaluation's results: the office
// running it sees every unit, others (the units' people, leaders over
// them) the units they may read. Before closing it refuses: results are
// not shown while people vote.
func (s *Service) EvaluationScores(ctx context.Context, p *Principal, id domain.ID) (*EvaluationResults, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	e, err := s.loadEvaluation(ctx, r, m, scope, p, id)
	if err != nil {
		return nil, err
	}
	if e.State != domain.EvalClosed {
		return nil, conflict(ctx, "eval.err.results_hidden")
	}
	ballots, err := r.Ballots(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	res := domain.TallyEvaluation(e, ballots)
	if !evalOffice(m, p, e) {
		units := res.Units[:0]
		for _, u := range res.Units {
			if recordReader(m, scope, p, u.UnitID) {
				units = append(units, u)
			}
		}
		res.Units = units
	}
	return &EvaluationResults{EvaluationID: e.ID, Name: e.Name, EvalResult: res}, nil
}
