package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type inspectionPageData struct {
	I        inspectionRow
	Members  []string
	Findings []findingRow
	Units    []*readmodel.Unit
	// What the state allows.
	CanEdit, CanStart, CanConclude, CanFind, CanIssue bool
	// Form holds what was typed into the form named FormFor when it was
	// refused, so that nothing typed is lost.
	Form    map[string]string
	FormFor string
}

type findingRow struct {
	domain.Finding
	Unit       string
	Items      []service.RectRow
	SelfChecks []service.SelfCheckStatus
}

// inspectionPage shows an inspection with its findings and what was made
// of them; refused form input comes back through formErr.
func (h *handler) inspectionPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showInspection(w, r, p, idParam(r, "id"), "", nil)
}

func (h *handler) showInspection(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID, formFor string, formErr error) {
	ctx := r.Context()
	insp, m, err := h.svc.Inspection(ctx, p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &inspectionPageData{I: newInspectionRow(m, *insp), Members: m.PersonNames(insp.MemberIDs), Units: m.TreeOrder(),
		CanEdit: insp.State.CanEdit(), CanStart: insp.State == domain.InspectionPlanned, CanConclude: insp.State == domain.InspectionUnderWay,
		CanFind: insp.State.CanRecordFindings(), CanIssue: insp.State.CanIssue(), FormFor: formFor, Form: map[string]string{}}
	fs, err := h.svc.Findings(ctx, p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	items, err := h.svc.Rectifications(ctx, p, service.RectQuery{InspectionID: id})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	checks, err := h.svc.SelfChecks(ctx, p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, f := range fs {
		row := findingRow{Finding: f, Unit: m.UnitName(f.UnitID)}
		for _, it := range items {
			if it.FindingID == f.ID {
				row.Items = append(row.Items, it)
			}
		}
		for _, c := range checks {
			if c.FindingID == f.ID {
				row.SelfChecks = append(row.SelfChecks, c)
			}
		}
		d.Findings = append(d.Findings, row)
	}
	pg := &Page{Title: insp.Title, Nav: "rectifications", Data: d}
	code := http.StatusOK
	if formErr != nil {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				d.Form[k] = v[0]
			}
		}
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(formErr), fieldOf(formErr), statusOf(formErr)
	}
	h.render(w, r, code, "inspection", pg)
}

// inspectionDone ends a POST on the inspection page: back to the page
// with a flash, or the page again with the refusal.
func (h *handler) inspectionDone(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID, formFor string, err error, flashKey string) {
	h.stepDone(w, r, err, "/inspections/"+itoa(id), flashKey, func(err error) { h.showInspection(w, r, p, id, formFor, err) })
}

func (h *handler) inspectionStart(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	on, err := formDate(r, "on")
	if err != nil {
		err = badDate(r, "on", "web.insp.started_on")
	} else {
		_, err = h.svc.StartInspection(r.Context(), p, id, service.InspectionStepInput{On: on})
	}
	h.inspectionDone(w, r, p, id, "start", err, "web.insp.started")
}

func (h *handler) inspectionConclude(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	on, err := formDate(r, "on")
	if err != nil {
		err = badDate(r, "on", "web.insp.concluded_on")
	} else {
		_, err = h.svc.ConcludeInspection(r.Context(), p, id, service.InspectionStepInput{On: on, Conclusion: r.FormValue("conclusion")})
	}
	h.inspectionDone(w, r, p, id, "conclude", err, "web.insp.concluded")
}

func (h *handler) findingCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	on, err := formDate(r, "found_on")
	if err != nil {
		err = badDate(r, "found_on", "web.insp.found_on")
	} else {
		_, err = h.svc.AddFinding(r.Context(), p, id, service.FindingInput{UnitID: formID(r, "unit_id"), Problem: r.FormValue("problem"),
			Requirement: r.FormValue("requirement"), FoundOn: on})
	}
	h.inspectionDone(w, r, p, id, "finding", err, "web.insp.finding_added")
}

// findingIssue makes a rectification item from a finding.
func (h *handler) findingIssue(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	fid := idParam(r, "id")
	insp := formID(r, "inspection")
	in := service.RectInput{UnitID: formID(r, "unit_id"), Requirement: r.FormValue("requirement")}
	deadline, err := formDate(r, "deadline")
	if err != nil {
		err = badDate(r, "deadline", "field.rect.deadline")
	} else {
		in.Deadline = deadline
		in.DeadlineWorkdays, err = formWorkdays(r)
	}
	var rc *domain.Rectification
	if err == nil {
		rc, err = h.svc.IssueRectification(r.Context(), p, fid, in)
	}
	if err != nil {
		h.inspectionDone(w, r, p, insp, "issue-"+itoa(fid), err, "")
		return
	}
	redirect(w, r, "/rectifications/"+itoa(rc.ID), reqCtx(r).p.T("web.rect.issued"))
}

// findingSelfCheck sends a finding to units for self-inspection.
func (h *handler) findingSelfCheck(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	fid := idParam(r, "id")
	insp := formID(r, "inspection")
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: reqCtx(r).p.T("web.err.form")})
		return
	}
	in := service.SelfCheckInput{Targets: r.FormValue("targets"), UnitIDs: formIDs(r, "unit_ids"), Requirement: r.FormValue("requirement")}
	deadline, err := formDate(r, "deadline")
	if err != nil {
		err = badDate(r, "deadline", "field.selfcheck.deadline")
	} else {
		in.Deadline = deadline
		in.DeadlineWorkdays, err = formWorkdays(r)
	}
	var c *service.SelfCheckStatus
	if err == nil {
		c, err = h.svc.SendSelfCheck(r.Context(), p, fid, in)
	}
	if err != nil {
		h.inspectionDone(w, r, p, insp, "selfcheck-"+itoa(fid), err, "")
		return
	}
	redirect(w, r, "/self-checks/"+itoa(c.ID), reqCtx(r).p.T("web.sc.sent", c.Asked))
}

// formWorkdays reads a deadline given in working days (0 when blank).
func formWorkdays(r *http.Request) (int, error) {
	v := r.FormValue("deadline_workdays")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		pr := reqCtx(r).p
		return 0, &domain.Error{Kind: domain.KindInvalid, Field: "deadline_workdays", Message: pr.T("web.err.number", pr.T("field.rect.workdays"))}
	}
	return n, nil
}
