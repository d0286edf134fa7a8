package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Voting with a one-time code, on a phone, without login: /vote asks for
// the code, /v/{code} shows the ballot and takes it, /vote/thanks thanks.

type voteData struct {
	Mode   string // enter, ballot, thanks
	Code   string
	Ballot *service.BallotView
	// Chosen are the answers given so far, by form field (u<unit id>).
	Chosen map[string]string
}

// Chose reports whether field had value.
func (d *voteData) Chose(field, value string) bool { return d.Chosen[field] == value }

// Field is a unit's form field.
func (d *voteData) Field(id domain.ID) string { return "u" + strconv.FormatInt(id, 10) }

// voteEnter asks for a code, or sends a typed one to its ballot.
func (h *handler) voteEnter(w http.ResponseWriter, r *http.Request) {
	pg := &publicPage{Title: reqCtx(r).p.T("eval.vote.title"), Data: &voteData{Mode: "enter"}}
	if code := strings.TrimSpace(r.FormValue("code")); code != "" {
		http.Redirect(w, r, "/v/"+url.PathEscape(code), http.StatusSeeOther)
		return
	}
	h.renderPublic(w, r, http.StatusOK, "vote", pg)
}

// voteThanks is where a vote ends.
func (h *handler) voteThanks(w http.ResponseWriter, r *http.Request) {
	h.renderPublic(w, r, http.StatusOK, "vote", &publicPage{Title: reqCtx(r).p.T("eval.vote.thanks"), Data: &voteData{Mode: "thanks"}})
}

// votePage shows the ballot of a code.
func (h *handler) votePage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	d := &voteData{Mode: "enter", Code: code, Chosen: map[string]string{}}
	pg := &publicPage{Title: reqCtx(r).p.T("eval.vote.title"), Data: d}
	b, err := h.svc.Ballot(r.Context(), code)
	if err != nil {
		h.publicFail(w, r, "vote", pg, err)
		return
	}
	d.Mode, d.Ballot, pg.Title = "ballot", b, b.Evaluation
	h.renderPublic(w, r, http.StatusOK, "vote", pg)
}

// voteCast takes a ballot; a refusal shows the ballot again with the
// answers given and the message.
func (h *handler) voteCast(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	d := &voteData{Mode: "enter", Code: code, Chosen: map[string]string{}}
	pg := &publicPage{Title: reqCtx(r).p.T("eval.vote.title"), Data: d}
	b, err := h.svc.Ballot(r.Context(), code)
	if err != nil {
		h.publicFail(w, r, "vote", pg, err)
		return
	}
	answers := map[domain.ID]domain.BallotAnswer{}
	for _, u := range b.Units {
		f := d.Field(u.UnitID)
		v := strings.TrimSpace(r.PostFormValue(f))
		d.Chosen[f] = v
		switch {
		case v == "":
		case v == "abstain":
			answers[u.UnitID] = domain.BallotAnswer{Abstain: true}
		case b.Numeric:
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				answers[u.UnitID] = domain.BallotAnswer{Value: &x}
			} else {
				answers[u.UnitID] = domain.BallotAnswer{Value: nil}
			}
		default:
			n, _ := strconv.Atoi(v)
			answers[u.UnitID] = domain.BallotAnswer{Option: n}
		}
	}
	if err := h.svc.Vote(r.Context(), code, answers); err != nil {
		if domain.ErrorKind(err) == domain.KindInvalid {
			d.Mode, d.Ballot, pg.Title = "ballot", b, b.Evaluation
		}
		h.publicFail(w, r, "vote", pg, err)
		return
	}
	http.Redirect(w, r, "/vote/thanks", http.StatusSeeOther)
}
