package web

import (
	"context"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

type rectEventRow struct {
	domain.RectEvent
	When  string
	Files []domain.RectFile
}

type rectPageData struct {
	R *service.RectDetail
	// Can holds the steps the viewer may take now, by action name.
	Can map[string]bool
	// Events is the timeline, each step with its time and evidence.
	Events   []rectEventRow
	Office   bool
	MaxFiles int
	MaxMB    int64
	Form     map[string]string
	FormFor  string
}

// rectificationPage shows an item with its timeline and the forms for the
// steps the viewer may take.
func (h *handler) rectificationPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showRect(w, r, p, idParam(r, "id"), "", nil)
}

func (h *handler) showRect(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID, formFor string, formErr error) {
	rd, err := h.svc.Rectification(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cfg := h.svc.Config()
	d := &rectPageData{R: rd, Can: map[string]bool{}, Office: h.svc.CanManageInspections(p),
		MaxFiles: cfg.MaxFilesPerReport, MaxMB: cfg.MaxFileBytes >> 20, Form: map[string]string{}, FormFor: formFor}
	for _, a := range rd.Actions {
		d.Can[string(a)] = true
	}
	for _, e := range rd.Events {
		row := rectEventRow{RectEvent: e, When: e.At.In(h.svc.Location()).Format("2006-01-02 15:04")}
		for _, f := range rd.Files {
			if f.EventID == e.ID {
				row.Files = append(row.Files, f)
			}
		}
		d.Events = append(d.Events, row)
	}
	pg := &Page{Title: reqCtx(r).p.T("web.rect.page_title", rd.UnitName), Nav: "rectifications", Data: d}
	code := http.StatusOK
	if formErr != nil {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				d.Form[k] = v[0]
			}
		}
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(formErr), fieldOf(formErr), statusOf(formErr)
	}
	h.render(w, r, code, "rectification", pg)
}

// rectDone ends a step: back to the item with a flash, or the item again
// with the refusal and what was typed.
func (h *handler) rectDone(w http.ResponseWriter, r *http.Request, p *service.Principal, form string, err error, flashKey string) {
	id := idParam(r, "id")
	h.stepDone(w, r, err, "/rectifications/"+itoa(id), flashKey, func(err error) { h.showRect(w, r, p, id, form, err) })
}

func (h *handler) rectMeasuresSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	_, err := h.svc.SetRectMeasures(r.Context(), p, idParam(r, "id"), r.FormValue("measures"))
	h.rectDone(w, r, p, "measures", err, "web.rect.done.measures")
}

func (h *handler) rectProgressSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	files, err := h.readStepForm(w, r)
	if err == nil {
		_, err = h.svc.AddRectProgress(r.Context(), p, idParam(r, "id"), r.FormValue("note"), files)
	}
	h.rectDone(w, r, p, "progress", err, "web.rect.done.progress")
}

func (h *handler) rectApplySave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	files, err := h.readStepForm(w, r)
	if err == nil {
		_, err = h.svc.ApplyRectClosing(r.Context(), p, idParam(r, "id"), r.FormValue("note"), files)
	}
	h.rectDone(w, r, p, "apply", err, "web.rect.done.apply")
}

// rectStepForm reads the office's step form: result, note, new deadline
// and re-check date.
func rectStepForm(r *http.Request) (service.RectStepInput, error) {
	in := service.RectStepInput{Result: r.FormValue("result"), Note: r.FormValue("note")}
	var err error
	if in.Deadline, err = formDate(r, "deadline"); err != nil {
		return in, badDate(r, "deadline", "field.rect.new_deadline")
	}
	if in.RecheckOn, err = formDate(r, "recheck_on"); err != nil {
		return in, badDate(r, "recheck_on", "field.rect.recheck_on")
	}
	in.DeadlineWorkdays, err = formWorkdays(r)
	return in, err
}

func (h *handler) rectOfficeStep(w http.ResponseWriter, r *http.Request, p *service.Principal, form string,
	step func(ctx context.Context, p *service.Principal, id domain.ID, in service.RectStepInput) (*service.RectDetail, error)) {
	in, err := rectStepForm(r)
	var rd *service.RectDetail
	if err == nil {
		rd, err = step(r.Context(), p, idParam(r, "id"), in)
	}
	flash := "web.rect.done." + form
	if rd != nil {
		// The flash names the state the step led to.
		flash = "web.rect.now." + string(rd.State)
	}
	h.rectDone(w, r, p, form, err, flash)
}

func (h *handler) rectVerifySave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.rectOfficeStep(w, r, p, "verify", h.svc.VerifyRect)
}

func (h *handler) rectCloseSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.rectOfficeStep(w, r, p, "close", h.svc.CloseRect)
}

func (h *handler) rectRecheckDateSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.rectOfficeStep(w, r, p, "recheck_date", h.svc.ScheduleRecheck)
}

func (h *handler) rectRecheckSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.rectOfficeStep(w, r, p, "recheck", h.svc.RecordRecheck)
}

// rectFileDownload sends an evidence file: images and PDF inline, the
// rest as attachments, never sniffed.
func (h *handler) rectFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	f, data, err := h.svc.RectFile(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveEvidence(w, f.Name, f.ContentType, data)
}
