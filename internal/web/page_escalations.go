package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// The escalation sweep for offices: recent runs and what each recorded,
// and (the district office) running it now.

type escalationsData struct {
	escView
	Runs   []store.EscalationRun
	All    bool
	CanRun bool
}

func (h *handler) escalationsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &escalationsData{escView: h.escView(), All: r.FormValue("all") == "1", CanRun: h.svc.CanEditCaseSettings(p)}
	var err error
	if d.Runs, err = h.svc.EscalationRuns(r.Context(), p, !d.All); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "escalations", &Page{Title: reqCtx(r).p.T("esc.web.runs.title"), Nav: "talks", Data: d})
}

func (h *handler) escalationRun(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	run, err := h.svc.RunEscalationSweep(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/escalations/"+itoa(run.ID), reqCtx(r).p.T("esc.web.runs.ran", run.Cases, run.Notifications))
}

type escalationRunData struct {
	escView
	R *service.EscalationRunDetail
}

func (h *handler) escalationRunPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	run, err := h.svc.EscalationRun(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "escalation_run", &Page{Title: reqCtx(r).p.T("esc.web.runs.one", run.AsOf.String()), Nav: "talks",
		Data: &escalationRunData{escView: h.escView(), R: run}})
}
