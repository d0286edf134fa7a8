package web

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Starting a talk, or confirming a case's 约谈 proposal (?case=ID).

type talkFormData struct {
	// Case is the case whose proposal is being confirmed, when there is one.
	Case      *service.CaseDetail
	UnitOpts  []option
	UnitID    string
	PlannedOn string
	Reasons   string
	Note      string
}

func (h *handler) talkForm(w http.ResponseWriter, r *http.Request, p *service.Principal, d *talkFormData, ferr error) {
	units, err := h.svc.RecordUnits(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(units) == 0 {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	d.UnitOpts = nil
	for _, u := range units {
		d.UnitOpts = append(d.UnitOpts, option{itoa(u.ID), strings.Repeat("　", u.Depth) + u.Name})
	}
	if caseID := formID(r, "case"); caseID != 0 && d.Case == nil {
		if d.Case, err = h.svc.Case(r.Context(), p, caseID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	pg := &Page{Title: reqCtx(r).p.T("esc.web.talks.new"), Nav: "talks", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "talk_form", pg)
}

func (h *handler) talkNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.talkForm(w, r, p, &talkFormData{UnitID: r.FormValue("unit")}, nil)
}

func (h *handler) talkCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &talkFormData{UnitID: r.FormValue("unit_id"), PlannedOn: r.FormValue("planned_on"), Reasons: r.FormValue("reasons"), Note: r.FormValue("note")}
	in := service.TalkInput{UnitID: formID(r, "unit_id"), Reasons: d.Reasons, Note: d.Note}
	if d.PlannedOn != "" {
		on, err := formDate(r, "planned_on")
		if err != nil {
			h.talkForm(w, r, p, d, badDate(r, "planned_on", "esc.field.planned_on"))
			return
		}
		in.PlannedOn = on
	}
	var t *service.TalkItem
	var err error
	if caseID := formID(r, "case"); caseID != 0 {
		t, err = h.svc.ConfirmTalkProposal(r.Context(), p, caseID, in)
	} else {
		t, err = h.svc.StartTalk(r.Context(), p, in)
	}
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound {
			h.fail(w, r, err)
			return
		}
		h.talkForm(w, r, p, d, err)
		return
	}
	redirect(w, r, "/talks/"+itoa(t.ID), reqCtx(r).p.T("esc.web.talks.started"))
}
