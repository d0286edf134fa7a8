package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// taskCasesData is what a task page shows of supervision: the cases
// linked to the task, and for the office the action that escalates a
// lagging or overdue task into a case.
type taskCasesData struct {
	Rows []caseRow
	// CanEscalate: the viewer is an office, the task is behind today and
	// has no case still open.
	CanEscalate bool
	Days        int
	Urgencies   []option
}

// taskCases gathers the supervision part of a task page; status is the
// task's status today ("" when the page shows another day).
func (h *handler) taskCases(r *http.Request, p *service.Principal, t *readmodel.Task, status domain.Status) *taskCasesData {
	pr := reqCtx(r).p
	l, err := h.svc.Cases(r.Context(), p, service.CaseFilter{TaskID: t.ID})
	if err != nil {
		return nil
	}
	d := &taskCasesData{}
	open := false
	for _, it := range l.Items {
		d.Rows = append(d.Rows, newCaseRow(pr, it))
		open = open || it.State != domain.CaseClosed
	}
	if p.Has(domain.RoleOffice) && status.Behind() && !open {
		st, err := h.svc.CaseSettings(r.Context(), p)
		if err == nil {
			d.CanEscalate, d.Days = true, st.TaskCaseDays
		}
		for _, u := range domain.CaseUrgencies {
			d.Urgencies = append(d.Urgencies, option{string(u), pr.T("cases.urgency." + string(u))})
		}
	}
	if len(d.Rows) == 0 && !d.CanEscalate {
		return nil
	}
	return d
}

// taskEscalate raises a case from a lagging or overdue task (office) and
// opens it.
func (h *handler) taskEscalate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	in := service.TaskCaseInput{Urgency: domain.CaseUrgency(r.FormValue("urgency")), Note: r.FormValue("note"), Assign: r.FormValue("assign") == "1"}
	if v := strings.TrimSpace(r.FormValue("limit_days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Field: "limit_days", Message: pr.T("web.err.number", pr.T("cases.field.limit_days"))})
			return
		}
		in.LimitDays = n
	}
	var err error
	if in.LimitDate, err = formDate(r, "limit_date"); err != nil {
		h.fail(w, r, badDate(r, "limit_date", "cases.field.limit_date"))
		return
	}
	cd, err := h.svc.EscalateTask(r.Context(), p, idParam(r, "id"), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	msg := pr.T("caseweb.done.create", cd.Number)
	if cd.State == domain.CaseAssigned {
		msg = pr.T("caseweb.done.create_assign", cd.Number)
	}
	redirect(w, r, caseLink(cd.ID), msg)
}
