package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// assessEvaluations returns evaluation results (0–100) by code and unit; none until evaluations exist.
func (s *Service) assessEvaluations(ctx context.Context, year int, codes []string) (map[string]map[domain.ID]float64, error) {
	return map[string]map[domain.ID]float64{}, nil
}
