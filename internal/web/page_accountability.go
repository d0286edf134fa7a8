package web

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// 问责: the records the viewer may read, one record, and the district
// office's list of measures.

type accountabilityData struct {
	escView
	Records  []service.AccountabilityItem
	Measures []string
	// Office may record; District may change the measures.
	Office, District bool
	MeasuresText     string
}

func (h *handler) accountabilityPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAccountability(w, r, p, "", nil)
}

func (h *handler) showAccountability(w http.ResponseWriter, r *http.Request, p *service.Principal, measures string, ferr error) {
	recs, err := h.svc.AccountabilityRecords(r.Context(), p, service.AccountabilityFilter{UnitID: formID(r, "unit")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.svc.AccountabilityMeasures(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &accountabilityData{escView: h.escView(), Records: recs, Measures: list, Office: p.System || p.Has(domain.RoleOffice),
		District: h.svc.CanEditCaseSettings(p), MeasuresText: measures}
	if d.MeasuresText == "" {
		d.MeasuresText = strings.Join(list, "\n")
	}
	pg := &Page{Title: reqCtx(r).p.T("esc.web.acc.title"), Nav: "talks", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "accountability", pg)
}

// measuresSave replaces the list of measures (one a line).
func (h *handler) measuresSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	text := r.FormValue("measures")
	if _, err := h.svc.SetAccountabilityMeasures(r.Context(), p, strings.Split(strings.ReplaceAll(text, "\r", ""), "\n")); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showAccountability(w, r, p, text, err)
		return
	}
	redirect(w, r, "/accountability", reqCtx(r).p.T("web.saved"))
}

type accountabilityRecordData struct {
	escView
	A *service.AccountabilityItem
}

func (h *handler) accountabilityRecordPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	a, err := h.svc.AccountabilityRecord(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "accountability_record", &Page{Title: reqCtx(r).p.T("esc.web.acc.record_title", a.PersonName), Nav: "talks",
		Data: &accountabilityRecordData{escView: h.escView(), A: a}})
}
