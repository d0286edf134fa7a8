package web

import (
	"bytes"
	"fmt"
	"html/template"
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
	// Rows are the ballot's units ready to show: a ballot of forty units
	// renders without a template call per option.
	Rows []voteRow
	// RowsHTML is the rows rendered before, for a ballot with no answers:
	// every voter of a group (and rater unit) sees the same rows.
	RowsHTML template.HTML
	Abstain  string
	Own      string
}

type voteRow struct {
	service.BallotUnit
	Field   string
	Opts    []voteOpt
	Abstain bool   // abstention chosen
	Value   string // the number typed (numeric ballots)
}

type voteOpt struct {
	Value, Label string
	Checked      bool
}

// ballot prepares the rows of b with the answers chosen so far.
func (d *voteData) ballot(r *http.Request, b *service.BallotView) {
	pr := reqCtx(r).p
	d.Mode, d.Ballot, d.Abstain, d.Own = "ballot", b, pr.T("eval.vote.abstain"), pr.T("eval.vote.own")
	d.Rows = make([]voteRow, len(b.Units))
	for i, u := range b.Units {
		row := voteRow{BallotUnit: u, Field: d.Field(u.UnitID)}
		chosen := d.Chosen[row.Field]
		row.Abstain = chosen == "abstain"
		if b.Numeric && !row.Abstain {
			row.Value = chosen
		}
		if !b.Numeric && !u.Own {
			row.Opts = make([]voteOpt, len(b.Options))
			for j, o := range b.Options {
				v := strconv.Itoa(j + 1)
				row.Opts[j] = voteOpt{Value: v, Label: o.Label, Checked: chosen == v}
			}
		}
		d.Rows[i] = row
	}
}

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
	d.ballot(r, b)
	pg.Title = b.Evaluation
	// An open evaluation's ballot cannot change: its rows are rendered
	// once per group's rater unit and language.
	pg.P = reqCtx(r).p
	key := fmt.Sprintf("vote|%d|%d|%s", b.EvaluationID, b.RaterUnitID, pg.P.Lang)
	rows, err := h.cache.getOrBuild(key, func() ([]byte, error) {
		var buf bytes.Buffer
		err := h.engine.pages["vote"].ExecuteTemplate(&buf, "vote_rows", pg)
		return buf.Bytes(), err
	})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d.RowsHTML = template.HTML(rows)
	h.renderPublic(w, r, http.StatusOK, "vote", pg)
}

// voteCast takes a ballot; a refusal shows the ballot again with the
// answers given and the message. The answers are read from the form's
// u<unit id> fields, so a vote costs no extra look-up of its ballot.
func (h *handler) voteCast(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	d := &voteData{Mode: "enter", Code: code, Chosen: map[string]string{}}
	pg := &publicPage{Title: reqCtx(r).p.T("eval.vote.title"), Data: d}
	answers := map[domain.ID]domain.BallotAnswer{}
	for f, vs := range r.PostForm {
		id, err := strconv.ParseInt(strings.TrimPrefix(f, "u"), 10, 64)
		if !strings.HasPrefix(f, "u") || err != nil || len(vs) == 0 {
			continue
		}
		v := strings.TrimSpace(vs[0])
		d.Chosen[f] = v
		switch {
		case v == "":
		case v == "abstain":
			answers[id] = domain.BallotAnswer{Abstain: true}
		default:
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				// An option's number, or the score of a numeric ballot:
				// the service reads the one its ballot asks for.
				a := domain.BallotAnswer{Value: &x}
				if x == float64(int(x)) {
					a.Option = int(x)
				}
				answers[id] = a
			} else {
				answers[id] = domain.BallotAnswer{}
			}
		}
	}
	err := h.svc.Vote(r.Context(), code, answers)
	if err == nil {
		http.Redirect(w, r, "/vote/thanks", http.StatusSeeOther)
		return
	}
	if domain.ErrorKind(err) == domain.KindInvalid {
		if b, berr := h.svc.Ballot(r.Context(), code); berr == nil {
			d.ballot(r, b)
			pg.Title = b.Evaluation
		}
	}
	h.publicFail(w, r, "vote", pg, err)
}
