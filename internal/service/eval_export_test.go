package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// AssessEvaluations exposes assessEvaluations to the tests.
func (s *Service) AssessEvaluations(ctx context.Context, year int, codes []string) (map[string]map[domain.ID]float64, error) {
	return s.assessEvaluations(ctx, year, codes)
}
