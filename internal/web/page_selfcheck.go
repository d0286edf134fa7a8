package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

type selfCheckPageData struct {
	C *service.SelfCheckStatus
	// Answered and Pending split the answers for the office.
	Answered, Pending []service.SelfCheckAnswerRow
	// Mine are the viewer's own units' answers, each with its form.
	Mine    []service.SelfCheckAnswerRow
	Form    map[string]string
	FormFor domain.ID
}

// selfCheckPage shows a 举一反三 request: to the office who has answered and
// who has not, to a unit its own answer and the form to give it.
func (h *handler) selfCheckPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showSelfCheck(w, r, p, idParam(r, "id"), 0, nil)
}

func (h *handler) showSelfCheck(w http.ResponseWriter, r *http.Request, p *service.Principal, id, formFor domain.ID, formErr error) {
	c, err := h.svc.SelfCheck(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &selfCheckPageData{C: c, Form: map[string]string{}, FormFor: formFor}
	mine := map[domain.ID]bool{}
	for _, u := range c.Mine {
		mine[u] = true
	}
	for _, a := range c.Answers {
		if c.Office {
			if a.Answered {
				d.Answered = append(d.Answered, a)
			} else {
				d.Pending = append(d.Pending, a)
			}
		}
		if mine[a.UnitID] {
			d.Mine = append(d.Mine, a)
		}
	}
	pg := &Page{Title: reqCtx(r).p.T("web.sc.title"), Nav: "rectifications", Data: d}
	code := http.StatusOK
	if formErr != nil {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				d.Form[k] = v[0]
			}
		}
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(formErr), fieldOf(formErr), statusOf(formErr)
	}
	h.render(w, r, code, "selfcheck", pg)
}

func (h *handler) selfCheckAnswer(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	unit := formID(r, "unit_id")
	in := service.SelfCheckAnswerInput{UnitID: unit, Found: r.FormValue("found") == "1", Problems: r.FormValue("problems"), Measures: r.FormValue("measures")}
	_, err := h.svc.AnswerSelfCheck(r.Context(), p, id, in)
	h.stepDone(w, r, err, "/self-checks/"+itoa(id), "web.sc.answered", func(err error) { h.showSelfCheck(w, r, p, id, unit, err) })
}
