package web

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Recording a 问责 decision (office), possibly following a case or a talk
// (?case=ID, ?talk=ID&unit=ID).

type accountabilityFormData struct {
	UnitOpts []option
	People   []option
	Measures []string
	In       struct {
		UnitID, PersonID, Person, Decision, Measure, MeasureOther, Date, Reasons, CaseID, TalkID string
	}
}

func (h *handler) accountabilityForm(w http.ResponseWriter, r *http.Request, p *service.Principal, d *accountabilityFormData, ferr error) {
	units, err := h.svc.RecordUnits(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(units) == 0 {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	for _, u := range units {
		d.UnitOpts = append(d.UnitOpts, option{itoa(u.ID), strings.Repeat("　", u.Depth) + u.Name})
	}
	_, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, per := range m.People {
		if per.Active {
			label := per.Name
			if u := m.UnitName(per.UnitID); u != "" {
				label += "（" + u + "）"
			}
			d.People = append(d.People, option{itoa(per.ID), label})
		}
	}
	if d.Measures, err = h.svc.AccountabilityMeasures(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	pg := &Page{Title: reqCtx(r).p.T("esc.web.acc.new"), Nav: "talks", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "accountability_form", pg)
}

func (h *handler) accountabilityNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &accountabilityFormData{}
	d.In.UnitID, d.In.CaseID, d.In.TalkID, d.In.Date = r.FormValue("unit"), r.FormValue("case"), r.FormValue("talk"), h.svc.Today().String()
	if c := formID(r, "case"); c != 0 && d.In.UnitID == "" {
		if cd, err := h.svc.Case(r.Context(), p, c); err == nil {
			d.In.UnitID = itoa(cd.LeadUnitID)
		}
	}
	h.accountabilityForm(w, r, p, d, nil)
}

func (h *handler) accountabilityCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &accountabilityFormData{}
	v := &d.In
	v.UnitID, v.PersonID, v.Person, v.Decision = r.FormValue("unit_id"), r.FormValue("person_id"), r.FormValue("person"), r.FormValue("decision")
	v.Measure, v.MeasureOther, v.Date, v.Reasons = r.FormValue("measure"), r.FormValue("measure_other"), r.FormValue("date"), r.FormValue("reasons")
	v.CaseID, v.TalkID = r.FormValue("case_id"), r.FormValue("talk_id")
	in := service.AccountabilityInput{Decision: v.Decision, PersonID: formID(r, "person_id"), Person: v.Person, UnitID: formID(r, "unit_id"),
		Measure: v.Measure, MeasureOther: v.MeasureOther, Reasons: v.Reasons, CaseID: formID(r, "case_id"), TalkID: formID(r, "talk_id")}
	if v.Date != "" {
		on, err := formDate(r, "date")
		if err != nil {
			h.accountabilityForm(w, r, p, d, badDate(r, "date", "esc.field.date"))
			return
		}
		in.Date = on
	}
	a, err := h.svc.RecordAccountability(r.Context(), p, in)
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound {
			h.fail(w, r, err)
			return
		}
		h.accountabilityForm(w, r, p, d, err)
		return
	}
	redirect(w, r, "/accountability/"+itoa(a.ID), reqCtx(r).p.T("web.saved"))
}
