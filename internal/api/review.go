package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// getReview checks 时间过半、任务过半 on ?date= (empty: today), for one
// ?plan= or all; the date's message is the review's own.
func (s *server) getReview(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := service.ReviewFilter{PlanID: q.id("plan")}
	if q.err != nil {
		return q.err
	}
	date, err := service.ParseReviewDate(r.Context(), q.str("date"))
	if err != nil {
		return err
	}
	rev, err := s.svc.HalfTimeReview(r.Context(), p, date, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rev)
}
