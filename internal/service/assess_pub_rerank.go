package service

import "github.com/luoshi/luoshi/internal/domain"

// rerankAssessment recomputes sections, totals, ranks, grades, awards and
// the 约谈 list after a score changed, by the scheme body the run was
// computed with (the engine's rules, never the scheme's current version).
func rerankAssessment(b domain.SchemeBody, r *domain.AssessResult) {
	domain.RerankAssessment(b, r)
}
