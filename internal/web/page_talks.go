package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The 约谈 list: the proposals waiting for the office's decision, and the
// talks the viewer may read.

type talksData struct {
	escView
	Proposals []service.TalkProposal
	Talks     []service.TalkItem
	State     string
	States    []domain.TalkState
	// Office: the viewer may start talks and decide proposals.
	Office bool
}

func (h *handler) talksPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &talksData{escView: h.escView(), State: r.FormValue("state"), States: domain.TalkStates, Office: p.System || p.Has(domain.RoleOffice)}
	st := domain.TalkState(d.State)
	if st != "" && !st.Valid() {
		st, d.State = "", ""
	}
	var err error
	if d.Talks, err = h.svc.Talks(r.Context(), p, service.TalkFilter{State: st}); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Office {
		if d.Proposals, err = h.svc.TalkProposals(r.Context(), p); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "talks", &Page{Title: reqCtx(r).p.T("esc.web.talks.title"), Nav: "talks", Data: d})
}

// proposalDecline records the office's decision not to follow a proposal.
func (h *handler) proposalDecline(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	t, err := h.svc.DeclineTalkProposal(r.Context(), p, idParam(r, "case"), r.FormValue("note"))
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInvalid {
			redirect(w, r, "/talks", domain.ErrorMessage(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/talks/"+itoa(t.ID), reqCtx(r).p.T("esc.web.talks.declined"))
}
