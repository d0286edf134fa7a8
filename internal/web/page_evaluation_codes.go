package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"rsc.io/qr"
)

// Voting codes: the office issues a batch per group and gets it once, as a
// printable sheet of cards (each with a QR code of its voting link), a CSV
// file or a list of links. Nothing here is kept: the server stores only
// the codes' hashes.

type codesData struct {
	E    *service.EvaluationItem
	Base string
}

func (h *handler) evaluationCodesPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e, err := h.svc.Evaluation(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !e.Can.Codes {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	h.render(w, r, http.StatusOK, "evaluation_codes", &Page{Title: reqCtx(r).p.T("eval.web.codes"), Nav: "evaluations",
		Data: &codesData{E: e, Base: siteBase(r)}})
}

// siteBase is the address voters and citizens reach this server at, as the office's
// browser did.
func siteBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// VoteLink is a code's voting link.
func VoteLink(base, code string) string {
	return strings.TrimRight(base, "/") + "/v/" + url.PathEscape(code)
}

// qrSVG draws a QR code of text as inline SVG, one square per dark module
// with the standard four-module quiet zone.
func qrSVG(text string) (template.HTML, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	n := c.Size + 8
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" class="qr" role="img" aria-label="QR"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+4, y+4)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil
}

type sheetCard struct {
	service.IssuedCode
	Link string
	QR   template.HTML
}

type sheetData struct {
	Evaluation string
	Cards      []sheetCard
	Links      bool
}

func (h *handler) evaluationCodesIssue(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	count, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("count")))
	req := service.CodeRequest{Group: r.FormValue("group"), Count: count, RaterUnitID: formID(r, "rater_unit_id"), EachUnit: r.FormValue("each_unit") == "1"}
	b, err := h.svc.IssueCodes(r.Context(), p, id, req)
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInvalid || k == domain.KindConflict {
			redirect(w, r, "/evaluations/"+itoa(id)+"/codes", domain.ErrorMessage(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	base := strings.TrimSpace(r.FormValue("base"))
	if base == "" {
		base = siteBase(r)
	}
	pr := reqCtx(r).p
	if r.FormValue("format") == "csv" {
		var buf bytes.Buffer
		buf.WriteString("\uFEFF") // Excel reads UTF-8 with the mark
		cw := csv.NewWriter(&buf)
		cw.Write([]string{pr.T("eval.web.col.evaluation"), pr.T("eval.web.col.group"), pr.T("eval.web.col.rater_unit"), pr.T("eval.web.col.code"), pr.T("eval.web.col.link")})
		for _, c := range b.Codes {
			cw.Write([]string{b.Evaluation, c.GroupName, c.RaterUnit, c.Code, VoteLink(base, c.Code)})
		}
		cw.Flush()
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="codes-%d-%s.csv"`, id, req.Group))
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
		return
	}
	d := &sheetData{Evaluation: b.Evaluation, Links: r.FormValue("format") == "links"}
	for _, c := range b.Codes {
		card := sheetCard{IssuedCode: c, Link: VoteLink(base, c.Code)}
		if !d.Links {
			if card.QR, err = qrSVG(card.Link); err != nil {
				h.serverError(w, r, err)
				return
			}
		}
		d.Cards = append(d.Cards, card)
	}
	h.renderPublic(w, r, http.StatusOK, "evaluation_sheet", &publicPage{Title: pr.T("eval.web.sheet_title", b.Evaluation), Data: d})
}
