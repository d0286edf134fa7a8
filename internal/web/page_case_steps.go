package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// caseSteps are the steps a case page posts, by the last path segment.
var caseSteps = map[string]bool{"assign": true, "sign": true, "progress": true, "part": true, "feedback": true, "close": true,
	"return": true, "extension": true, "decide": true, "rate": true, "escalate": true, "files": true}

// caseStepPost takes a step of a case. A refused step shows the case
// again with the message and what was typed; a step the viewer may not
// take at all, or a case they may not read, shows the error page.
func (h *handler) caseStepPost(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	id, action := idParam(r, "id"), r.PathValue("action")
	if !caseSteps[action] {
		http.NotFound(w, r)
		return
	}
	files, err := h.readStepForm(w, r)
	form := caseStepForm{Action: action, Progress: r.FormValue("progress"), Text: r.FormValue("text"), ToDate: r.FormValue("to_date"),
		Days: r.FormValue("days"), Reason: r.FormValue("reason"), Note: r.FormValue("note"), Rating: r.FormValue("rating"), Level: r.FormValue("level")}
	done := "caseweb.done." + action
	if err == nil {
		err = h.takeCaseStep(r, p, id, form, files, &done)
	}
	if err != nil {
		switch domain.ErrorKind(err) {
		case domain.KindInternal, domain.KindForbidden, domain.KindNotFound, domain.KindUnauthorized:
			h.fail(w, r, err)
		default:
			h.showCase(w, r, p, id, form, err)
		}
		return
	}
	redirect(w, r, caseLink(id), pr.T(done))
}

// takeCaseStep calls the service for one step; done may be changed to the
// flash message that fits the outcome.
func (h *handler) takeCaseStep(r *http.Request, p *service.Principal, id domain.ID, form caseStepForm, files []service.Upload, done *string) error {
	ctx, pr := r.Context(), reqCtx(r).p
	var err error
	switch form.Action {
	case "assign":
		_, err = h.svc.AssignCase(ctx, p, id)
	case "sign":
		_, err = h.svc.SignCase(ctx, p, id)
	case "progress":
		v, ok := formFloat(r, "progress")
		if !ok {
			return &domain.Error{Kind: domain.KindInvalid, Field: "progress", Message: pr.T("web.err.number", pr.T("cases.field.progress"))}
		}
		_, err = h.svc.ReportCaseProgress(ctx, p, id, service.CaseProgressInput{Progress: v, Text: form.Text, Files: files})
	case "part":
		_, err = h.svc.GiveCasePart(ctx, p, id, service.CaseTextInput{Text: form.Text, Files: files})
	case "feedback":
		_, err = h.svc.CaseFeedback(ctx, p, id, service.CaseTextInput{Text: form.Text, Files: files})
	case "close":
		_, err = h.svc.CloseCase(ctx, p, id, service.CaseTextInput{Text: form.Text, Files: files})
	case "return":
		_, err = h.svc.ReturnCase(ctx, p, id, service.CaseTextInput{Text: form.Text, Files: files})
	case "extension":
		in := service.ExtensionInput{Reason: form.Reason}
		if in.ToDate, err = formDate(r, "to_date"); err != nil {
			return badDate(r, "to_date", "cases.field.to_date")
		}
		if v := strings.TrimSpace(form.Days); v != "" {
			if in.Days, err = strconv.Atoi(v); err != nil {
				return &domain.Error{Kind: domain.KindInvalid, Field: "days", Message: pr.T("web.err.number", pr.T("caseweb.case.ext_days"))}
			}
		}
		_, err = h.svc.RequestCaseExtension(ctx, p, id, in)
	case "decide":
		approve := r.FormValue("decision") == "approve"
		if !approve {
			*done = "caseweb.done.refuse"
		}
		_, err = h.svc.DecideCaseExtension(ctx, p, id, formID(r, "extension"), service.ExtensionDecision{Approve: approve, Note: form.Note})
	case "rate":
		var d *service.CaseDetail
		d, err = h.svc.RateCase(ctx, p, id, service.RatingInput{Rating: domain.CaseRating(form.Rating), Comment: form.Text})
		if err == nil && d.State != domain.CaseClosed {
			*done = "caseweb.done.reopened"
		}
	case "escalate":
		_, err = h.svc.EscalateCase(ctx, p, id, domain.EscalationOf(domain.CaseEventKind(form.Level)), form.Text)
	case "files":
		_, err = h.svc.AttachCaseFiles(ctx, p, id, files)
	}
	return err
}
