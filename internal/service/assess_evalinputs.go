package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// assessEvaluations gathers the evaluation inputs of an assessment: for
// each evaluation code of the year, the 0–100 result of every unit a closed
// evaluation scored. Unknown or unclosed evaluations are left out (the
// engine then marks the criterion's input missing), and so are units no
// counting group rated.
func (s *Service) assessEvaluations(ctx context.Context, year int, codes []string) (map[string]map[domain.ID]float64, error) {
	out := map[string]map[domain.ID]float64{}
	r := s.db.Read()
	for _, code := range codes {
		if _, done := out[code]; done {
			continue
		}
		e, err := r.EvaluationByCode(ctx, year, code)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if e.State != domain.EvalClosed {
			continue
		}
		ballots, err := r.Ballots(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		scores := map[domain.ID]float64{}
		for _, u := range domain.TallyEvaluation(e, ballots).Units {
			if u.Scored {
				scores[u.UnitID] = u.Score
			}
		}
		out[code] = scores
	}
	return out, nil
}
