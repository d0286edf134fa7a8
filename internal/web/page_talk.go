package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// One talk: what was said and promised, the cases, tasks and
// accountability, and the office's forms to record or call it off.

type talkData struct {
	escView
	T *service.TalkItem
	// People are the choices of talker and person talked to.
	People []option
	// The record form's values after a refusal.
	HeldOn, TalkerID, Talker, TalkeeID, Talkee, Commitments, Note string
}

func (h *handler) talkPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showTalk(w, r, p, &talkData{HeldOn: h.svc.Today().String()}, nil)
}

func (h *handler) showTalk(w http.ResponseWriter, r *http.Request, p *service.Principal, d *talkData, ferr error) {
	t, err := h.svc.Talk(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.escView, d.T = h.escView(), t
	if t.Can.Record {
		_, m, err := h.svc.Scope(r.Context(), p)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, per := range m.People {
			if per.Active {
				d.People = append(d.People, option{itoa(per.ID), per.Name})
			}
		}
	}
	pg := &Page{Title: reqCtx(r).p.T("esc.web.talk.title", t.Unit), Nav: "talks", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "talk", pg)
}

func (h *handler) talkRecord(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &talkData{HeldOn: r.FormValue("held_on"), TalkerID: r.FormValue("talker_id"), Talker: r.FormValue("talker"),
		TalkeeID: r.FormValue("talkee_id"), Talkee: r.FormValue("talkee"), Commitments: r.FormValue("commitments"), Note: r.FormValue("note")}
	rec := domain.TalkRecord{TalkerID: formID(r, "talker_id"), Talker: d.Talker, TalkeeID: formID(r, "talkee_id"), Talkee: d.Talkee,
		Commitments: d.Commitments, Note: d.Note}
	if d.HeldOn != "" {
		on, err := formDate(r, "held_on")
		if err != nil {
			h.showTalk(w, r, p, d, badDate(r, "held_on", "esc.field.held_on"))
			return
		}
		rec.HeldOn = on
	}
	if _, err := h.svc.RecordTalk(r.Context(), p, idParam(r, "id"), rec); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showTalk(w, r, p, d, err)
		return
	}
	redirect(w, r, "/talks/"+r.PathValue("id"), reqCtx(r).p.T("esc.web.talk.recorded"))
}

func (h *handler) talkCancel(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if _, err := h.svc.CancelTalk(r.Context(), p, idParam(r, "id"), r.FormValue("note")); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showTalk(w, r, p, &talkData{HeldOn: h.svc.Today().String()}, err)
		return
	}
	redirect(w, r, "/talks/"+r.PathValue("id"), reqCtx(r).p.T("esc.web.talk.cancelled"))
}
