package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// reviewQuery reads the date and plan of a review request.
func reviewQuery(r *http.Request) (*params, string) {
	q := query(r)
	return q, q.str("date")
}

func (s *server) getReview(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q, text := reviewQuery(r)
	f := service.ReviewFilter{PlanID: q.id("plan")}
	if q.err != nil {
		return q.err
	}
	date, err := service.ParseReviewDate(r.Context(), text)
	if err != nil {
		return err
	}
	rev, err := s.svc.HalfTimeReview(r.Context(), p, date, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rev)
}
