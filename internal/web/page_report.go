package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type reportFormData struct {
	Task       taskRow
	Period     cadence.Period
	Open       *domain.Report
	Date       string
	Progress   string
	Done       string
	Problems   string
	NextSteps  string
	Milestones []reportMilestone
	Indicators []reportIndicator
	MaxFiles   int
	MaxMB      int64
}

type reportIndicator struct {
	service.IndicatorStatus
	Value string
}

type reportMilestone struct {
	domain.Milestone
	Checked bool
}

func (h *handler) reportFormPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	t, m, err := h.svc.Task(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !h.svc.CanReport(p, m, t) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("web.report.not_yours")})
		return
	}
	today := h.svc.Today()
	d := h.newReportForm(m, t, today)
	if err := h.reportIndicators(r, p, t.ID, d, nil); err != nil {
		h.fail(w, r, err)
		return
	}
	reps, err := h.svc.TaskReports(r.Context(), p, t.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// Continue the period's open draft or returned report, if any.
	for i := range reps {
		rep := &reps[i]
		if rep.Period == d.Period.Key && (rep.Status == domain.ReportDraft || rep.Status == domain.ReportReturned) {
			d.Open = rep
			d.Date, d.Progress, d.Done, d.Problems, d.NextSteps = rep.Date.String(), formatNum(rep.Progress), rep.Done, rep.Problems, rep.NextSteps
			for j := range d.Milestones {
				d.Milestones[j].Checked = contains(rep.MilestoneIDs, d.Milestones[j].ID)
			}
			break
		}
	}
	h.render(w, r, http.StatusOK, "report_form", &Page{Title: reqCtx(r).p.T("web.report.title"), Nav: "reports", Data: d})
}

func contains(ids []domain.ID, id domain.ID) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

func (h *handler) newReportForm(m *readmodel.Model, t *readmodel.Task, today domain.Date) *reportFormData {
	ev := m.Evaluate(today, m.Calendar)
	row := newTaskRow(m, ev, t)
	cfg := h.svc.Config()
	d := &reportFormData{Task: row, Period: cadence.Of(t.Cadence(), t.Plan.DueDay, today), Date: today.String(),
		Progress: formatNum(row.Progress), MaxFiles: cfg.MaxFilesPerReport, MaxMB: cfg.MaxFileBytes >> 20}
	for _, ms := range t.Milestones {
		if ms.CompletedOn.IsZero() {
			d.Milestones = append(d.Milestones, reportMilestone{Milestone: ms, Checked: row.Progress >= ms.PlannedPct})
		}
	}
	return d
}

// reportLimit bounds a report: its evidence files and the form around them.
func reportLimit(h *handler, pr *i18n.Printer) (int64, string) {
	cfg := h.svc.Config()
	all := int64(cfg.MaxFilesPerReport) * cfg.MaxFileBytes
	return all + (1 << 20), pr.T("web.err.files_too_large", all>>20, cfg.MaxFileBytes>>20, cfg.MaxFilesPerReport)
}

func (h *handler) reportSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	cfg := h.svc.Config()
	// The body was read within reportLimit before the CSRF check.
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("web.err.form")})
		return
	}
	t, m, err := h.svc.Task(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := service.ReportInput{Done: r.FormValue("done"), Problems: r.FormValue("problems"), NextSteps: r.FormValue("next_steps"),
		MilestoneIDs: formIDs(r, "milestone_ids"), Submit: r.FormValue("action") == "submit"}
	d := h.newReportForm(m, t, h.svc.Today())
	d.Date, d.Progress, d.Done, d.Problems, d.NextSteps = r.FormValue("date"), r.FormValue("progress"), in.Done, in.Problems, in.NextSteps
	for j := range d.Milestones {
		d.Milestones[j].Checked = contains(in.MilestoneIDs, d.Milestones[j].ID)
	}
	if err := h.reportIndicators(r, p, t.ID, d, r.Form); err != nil {
		h.fail(w, r, err)
		return
	}
	ferr := readReportFields(r, d, &in)
	if ferr == nil {
		in.Files, ferr = formFiles(r, cfg.MaxFileBytes)
	}
	var rep *domain.Report
	if ferr == nil {
		rep, ferr = h.svc.SaveReport(r.Context(), p, t.ID, in)
	}
	if ferr != nil {
		if k := domain.ErrorKind(ferr); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindNotFound {
			h.fail(w, r, ferr)
			return
		}
		h.render(w, r, httpx.StatusFor(ferr), "report_form", &Page{Title: pr.T("web.report.title"), Nav: "reports", Data: d,
			Error: domain.ErrorMessage(ferr), ErrorField: fieldOf(ferr)})
		return
	}
	msg := pr.T("web.report.saved_draft")
	if rep.Status == domain.ReportSubmitted {
		msg = pr.T("web.report.submitted")
	}
	redirect(w, r, taskLink(t.ID), msg)
}

type reportPageData struct {
	R         *domain.Report
	Task      *readmodel.Task
	Unit      string
	CanReview bool
	Nodes     []domain.Milestone
}

func (h *handler) reportPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	rep, err := h.svc.Report(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	t, m, err := h.svc.Task(r.Context(), p, rep.TaskID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &reportPageData{R: rep, Task: t, Unit: m.UnitName(rep.UnitID), CanReview: rep.Status == domain.ReportSubmitted && h.svc.CanReview(p, m, rep.UnitID)}
	for _, ms := range t.Milestones {
		if contains(rep.MilestoneIDs, ms.ID) {
			d.Nodes = append(d.Nodes, ms)
		}
	}
	h.render(w, r, http.StatusOK, "report", &Page{Title: reqCtx(r).p.T("web.report.page_title", t.Number, rep.Period), Nav: "reports", Data: d})
}

func (h *handler) reportApprove(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	rep, err := h.svc.ApproveReport(r.Context(), p, idParam(r, "id"), r.FormValue("comment"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, h.afterReview(r, rep), reqCtx(r).p.T("web.report.approved"))
}

func (h *handler) reportReturn(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	rep, err := h.svc.ReturnReport(r.Context(), p, idParam(r, "id"), r.FormValue("comment"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, h.afterReview(r, rep), reqCtx(r).p.T("web.report.returned"))
}

// afterReview goes back to the queue when the review came from there.
func (h *handler) afterReview(r *http.Request, rep *domain.Report) string {
	if r.FormValue("back") == "queue" {
		return "/reports"
	}
	return fmt.Sprintf("/reports/%d", rep.ID)
}

func (h *handler) fileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	f, data, err := h.svc.File(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveEvidence(w, f.Name, f.ContentType, data)
}

// reportIndicators lists the task's indicators on the form, with the values
// the user typed (form) when re-showing it.
func (h *handler) reportIndicators(r *http.Request, p *service.Principal, taskID domain.ID, d *reportFormData, form url.Values) error {
	inds, err := h.svc.TaskIndicators(r.Context(), p, taskID)
	if err != nil {
		return err
	}
	for _, st := range inds {
		ri := reportIndicator{IndicatorStatus: st}
		if form != nil {
			ri.Value = form.Get("ind_" + itoa(st.ID))
		}
		d.Indicators = append(d.Indicators, ri)
	}
	return nil
}

// readReportFields reads the date, the percent and the indicator values of
// the report form.
func readReportFields(r *http.Request, d *reportFormData, in *service.ReportInput) error {
	pr := reqCtx(r).p
	for _, ri := range d.Indicators {
		if strings.TrimSpace(ri.Value) == "" {
			continue
		}
		v, ok := formFloat(r, "ind_"+itoa(ri.ID))
		if !ok {
			return &domain.Error{Kind: domain.KindInvalid, Field: "indicators", Message: pr.T("web.err.number", ri.Name)}
		}
		if in.Indicators == nil {
			in.Indicators = map[domain.ID]float64{}
		}
		in.Indicators[ri.ID] = v
	}
	date, err := formDate(r, "date")
	if err != nil {
		return badDate(r, "date", "web.report.date")
	}
	in.Date = date
	v, ok := formFloat(r, "progress")
	if !ok {
		return &domain.Error{Kind: domain.KindInvalid, Field: "progress", Message: pr.T("web.err.number", pr.T("field.progress"))}
	}
	in.Progress = v
	return nil
}
