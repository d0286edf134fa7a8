package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// 容错免责: the applications the viewer may read, a unit's application form
// (?kind=…&target=…), one application with the office's decision form, and
// its files.

type exemptionsData struct {
	escView
	Items  []service.ExemptionItem
	State  string
	States []domain.ExemptionState
}

func (h *handler) exemptionsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &exemptionsData{escView: h.escView(), State: r.FormValue("state"), States: domain.ExemptionStates}
	st := domain.ExemptionState(d.State)
	if st != "" && !st.Valid() {
		st, d.State = "", ""
	}
	var err error
	if d.Items, err = h.svc.Exemptions(r.Context(), p, service.ExemptionFilter{State: st, UnitID: formID(r, "unit")}); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "exemptions", &Page{Title: reqCtx(r).p.T("esc.web.ex.title"), Nav: "talks", Data: d})
}

type exemptionFormData struct {
	Kinds    []domain.FailureKind
	Kind     string
	Target   string
	Grounds  string
	MaxFiles int
	MaxMB    int64
}

func (h *handler) exemptionForm(w http.ResponseWriter, r *http.Request, d *exemptionFormData, ferr error) {
	cfg := h.svc.Config()
	d.MaxFiles, d.MaxMB, d.Kinds = cfg.MaxFilesPerReport, cfg.MaxFileBytes>>20, domain.FailureKinds
	pg := &Page{Title: reqCtx(r).p.T("esc.web.ex.apply"), Nav: "talks", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "exemption_form", pg)
}

func (h *handler) exemptionApplyPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.exemptionForm(w, r, &exemptionFormData{Kind: r.FormValue("kind"), Target: r.FormValue("target")}, nil)
}

func (h *handler) exemptionApply(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("web.err.form")})
		return
	}
	d := &exemptionFormData{Kind: r.FormValue("kind"), Target: r.FormValue("target"), Grounds: r.FormValue("grounds")}
	in := service.ExemptionInput{Kind: domain.FailureKind(d.Kind), TargetID: formID(r, "target"), Grounds: d.Grounds}
	cfg := h.svc.Config()
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				h.fail(w, r, err)
				return
			}
			data, err := io.ReadAll(io.LimitReader(f, cfg.MaxFileBytes+1))
			f.Close()
			if err != nil {
				h.fail(w, r, err)
				return
			}
			in.Files = append(in.Files, service.Upload{Name: fh.Filename, Data: data})
		}
	}
	e, err := h.svc.ApplyExemption(r.Context(), p, in)
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal {
			h.fail(w, r, err)
			return
		}
		h.exemptionForm(w, r, d, err)
		return
	}
	redirect(w, r, "/exemptions/"+itoa(e.ID), pr.T("esc.web.ex.applied"))
}

type exemptionData struct {
	escView
	E       *service.ExemptionItem
	Reasons string
}

func (h *handler) exemptionPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showExemption(w, r, p, "", nil)
}

func (h *handler) showExemption(w http.ResponseWriter, r *http.Request, p *service.Principal, reasons string, ferr error) {
	e, err := h.svc.Exemption(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := &Page{Title: reqCtx(r).p.T("esc.web.ex.one", e.Unit), Nav: "talks", Data: &exemptionData{escView: h.escView(), E: e, Reasons: reasons}}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "exemption", pg)
}

func (h *handler) exemptionDecide(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in := service.ExemptionDecision{Approve: r.FormValue("decision") == "approve", Reasons: r.FormValue("reasons")}
	e, err := h.svc.DecideExemption(r.Context(), p, idParam(r, "id"), in)
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showExemption(w, r, p, in.Reasons, err)
		return
	}
	redirect(w, r, "/exemptions/"+itoa(e.ID), reqCtx(r).p.T("esc.exemption_state."+string(e.State)))
}

func (h *handler) exemptionFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	f, data, err := h.svc.ExemptionFile(r.Context(), p, idParam(r, "id"), idParam(r, "file"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveEvidence(w, f.Name, f.ContentType, data)
}
