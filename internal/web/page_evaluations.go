package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The office's evaluations: the list, one evaluation with its setup,
// open/close, live turnout and (once closed) the results with formulas.

type evaluationsData struct {
	escView
	Items  []service.EvaluationItem
	Office bool
	Year   int
}

func (h *handler) evaluationsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &evaluationsData{escView: h.escView(), Office: p.System || p.Has(domain.RoleOffice)}
	d.Year, _ = strconv.Atoi(r.FormValue("year"))
	var err error
	if d.Items, err = h.svc.Evaluations(r.Context(), p, d.Year); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "evaluations", &Page{Title: reqCtx(r).p.T("eval.web.title"), Nav: "evaluations", Data: d})
}

type evaluationData struct {
	escView
	E       *service.EvaluationItem
	Form    *evalFormData
	Results *service.EvaluationResults
}

// UnitName names a unit of the evaluation.
func (d *evaluationData) UnitName(id domain.ID) string {
	for _, u := range d.E.Units {
		if u.UnitID == id {
			return u.Name
		}
	}
	return ""
}

func (h *handler) evaluationPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e, err := h.svc.Evaluation(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &evaluationData{escView: h.escView(), E: e}
	if e.Can.Edit {
		d.Form = formOf(reqCtx(r).p, e.Evaluation)
		if d.Form.Units, err = h.svc.RecordUnits(r.Context(), p); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if e.State == domain.EvalClosed {
		if d.Results, err = h.svc.EvaluationScores(r.Context(), p, e.ID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "evaluation", &Page{Title: e.Name, Nav: "evaluations", Data: d})
}

// evaluationTurnout is the turnout section alone, which the evaluation
// page fetches every few seconds while the voting is open.
func (h *handler) evaluationTurnout(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e, err := h.svc.Evaluation(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := &Page{Title: e.Name, Nav: "evaluations", Data: &evaluationData{escView: h.escView(), E: e}}
	h.fillPage(r, pg)
	var buf bytes.Buffer
	if err := h.engine.pages["evaluation"].ExecuteTemplate(&buf, "eval_turnout", pg); err != nil {
		h.serverError(w, r, fmt.Errorf("render turnout: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (h *handler) evaluationOpen(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e, err := h.svc.OpenEvaluation(r.Context(), p, idParam(r, "id"))
	h.evaluationStep(w, r, e, err)
}

func (h *handler) evaluationClose(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e, err := h.svc.CloseEvaluation(r.Context(), p, idParam(r, "id"))
	h.evaluationStep(w, r, e, err)
}

func (h *handler) evaluationStep(w http.ResponseWriter, r *http.Request, e *service.EvaluationItem, err error) {
	id := idParam(r, "id")
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindConflict || k == domain.KindInvalid {
			redirect(w, r, "/evaluations/"+itoa(id), domain.ErrorMessage(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/evaluations/"+itoa(e.ID), reqCtx(r).p.T("eval.web.state_changed", reqCtx(r).p.T("eval.state."+string(e.State))))
}
