package web

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// The results (试算) of a scheme by category, a unit's breakdown with every
// criterion's formula, the results tables in Excel, and the examiners'
// score sheet (template and import).

// assessResultsData is the trial results list: the published list's
// tables (pub_results) under the date the results were computed at.
type assessResultsData struct {
	Scheme     *service.SchemeDetail
	Result     domain.AssessResult
	Categories []pubRunCategory
}

// schemeAnd reads the scheme named by the request's {id}, then what the
// page shows of it (its results, a unit's, the examiner's grid). A
// failure of either is answered, and ok is false.
func schemeAnd[T any](h *handler, w http.ResponseWriter, r *http.Request, p *service.Principal,
	load func(context.Context, *service.Principal, domain.ID) (T, error)) (d *service.SchemeDetail, v T, ok bool) {
	id := idParam(r, "id")
	d, err := h.svc.Scheme(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return nil, v, false
	}
	if v, err = load(r.Context(), p, id); err != nil {
		h.fail(w, r, err)
		return nil, v, false
	}
	return d, v, true
}

func (h *handler) assessResultsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d, res, ok := schemeAnd(h, w, r, p, h.svc.ComputeAssessment)
	if !ok {
		return
	}
	data := &assessResultsData{Scheme: d, Result: res, Categories: pubRunCategories(pr, res)}
	h.render(w, r, http.StatusOK, "assess_results", &Page{Title: pr.T("assessweb.results.title", d.Name), Nav: "assess", Data: data})
}

// assessUnitData is a unit's trial breakdown: the breakdown a published
// run shows, without the run's notice window and appeals.
type assessUnitData struct {
	Scheme *service.SchemeDetail
	B      pubUnitBreakdown
}

func (h *handler) assessUnitPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	unit := idParam(r, "unit")
	d, u, ok := schemeAnd(h, w, r, p, func(ctx context.Context, p *service.Principal, id domain.ID) (domain.UnitResult, error) {
		return h.svc.UnitAssessment(ctx, p, id, unit)
	})
	if !ok {
		return
	}
	data := &assessUnitData{Scheme: d, B: pubNewBreakdown(pr, &u, 0)}
	h.render(w, r, http.StatusOK, "assess_unit", &Page{Title: pr.T("assessweb.unit.title", u.Unit), Nav: "assess", Data: data})
}

// assessResultsExport downloads the results tables.
func (h *handler) assessResultsExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d, res, ok := schemeAnd(h, w, r, p, h.svc.ComputeAssessment)
	if !ok {
		return
	}
	data, err := xlsexport.AssessResults(res, d.Name, pr)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sendXLSX(w, "results.xlsx", service.SchemeFileName(d.Scheme)+"-"+pr.T("assessweb.results.file")+".xlsx", data)
}

// assessScoreTemplate downloads the caller's score sheet to fill in.
func (h *handler) assessScoreTemplate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	data, err := h.svc.ScoreTemplate(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendXLSX(w, "scores.xlsx", pr.T("assessweb.score.template_file")+".xlsx", data)
}

// assessScoreImport imports a filled score sheet: every row or none.
func (h *handler) assessScoreImport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	id := idParam(r, "id")
	var data []byte
	if err := r.ParseMultipartForm(8 << 20); err == nil {
		if f, _, err := r.FormFile("file"); err == nil {
			data, _ = io.ReadAll(f)
			f.Close()
		}
	}
	if len(data) == 0 {
		h.showAssessScoreError(w, r, p, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("web.import.no_file")})
		return
	}
	saved, err := h.svc.ImportScoreSheet(r.Context(), p, id, bytes.Clone(data), "")
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInvalid || k == domain.KindForbidden || k == domain.KindConflict || k == domain.KindTooLarge {
			h.showAssessScoreError(w, r, p, err)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/assess/schemes/"+itoa(id)+"/score", pr.T("assessweb.score.imported", len(saved)))
}
