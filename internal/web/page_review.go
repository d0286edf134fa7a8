package web

import (
	"net/http"
	"net/url"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// The 时间过半、任务过半 review: every group the viewer may see checked on
// a date, failing rows first with their lagging tasks, and its Excel file.

type reviewData struct {
	R *service.HalfTimeReview
	// DateText is the date as typed, kept when it is not a date.
	DateText string
	PlanID   domain.ID
	Groups   []reviewGroup
}

type reviewGroup struct {
	Key     string
	Title   string
	Rows    []service.ReviewRow
	Failing int
}

// reviewQuery reads the date and plan of a review request.
func reviewQuery(r *http.Request) (string, service.ReviewFilter) {
	return r.URL.Query().Get("date"), service.ReviewFilter{PlanID: formID(r, "plan")}
}

func (h *handler) reviewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	text, f := reviewQuery(r)
	pg := &Page{Title: pr.T("review.title"), Nav: "review"}
	d := &reviewData{DateText: text, PlanID: f.PlanID}
	pg.Data = d
	date, err := service.ParseReviewDate(r.Context(), text)
	if err == nil {
		d.R, err = h.svc.HalfTimeReview(r.Context(), p, date, f)
	}
	if err != nil {
		if domain.ErrorKind(err) != domain.KindInvalid {
			h.fail(w, r, err)
			return
		}
		pg.Error, pg.ErrorField = domain.ErrorMessage(err), "date"
		h.render(w, r, http.StatusBadRequest, "review", pg)
		return
	}
	d.DateText = d.R.Date.String()
	for _, g := range []struct {
		key  string
		rows []service.ReviewRow
	}{{"units", d.R.Units}, {"sectors", d.R.Sectors}, {"fronts", d.R.Fronts}, {"leaders", d.R.Leaders}} {
		if len(g.rows) == 0 {
			continue
		}
		d.Groups = append(d.Groups, reviewGroup{Key: g.key, Title: pr.T("review.tab." + g.key), Rows: g.rows, Failing: service.Failing(g.rows)})
	}
	h.render(w, r, http.StatusOK, "review", pg)
}

// reviewExport downloads the review as a workbook; generating it is
// recorded in the audit log.
func (h *handler) reviewExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	text, f := reviewQuery(r)
	date, err := service.ParseReviewDate(r.Context(), text)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rev, err := h.svc.ReviewExport(r.Context(), p, date, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := xlsexport.HalfTimeReview(rev, pr)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	name := pr.T("review.xls.file", rev.Date.String())
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"review.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}
