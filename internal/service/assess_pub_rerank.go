package service

import "github.com/luoshi/luoshi/internal/domain"

// rerankAssessment recomputes sections, totals, ranks, grades, awards and
// the 约谈 list after a score changed.
func rerankAssessment(b domain.SchemeBody, r *domain.AssessResult) {
	// The scoring engine's domain.RerankAssessment takes over here once
	// merged; until then the result keeps its ranks.
	_, _ = b, r
}
