package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The examiner's score grid: units × the criteria assigned, the range
// shown, a reason on every row. Rows are saved one by one: a bad row keeps
// what was typed and says what is wrong; the good rows are saved.

type scoreRowView struct {
	service.ScoreRow
	Index int
	// Score and Reason are what the form shows: typed, or stored.
	Score, Reason string
	Error         string
	Saved         bool
}

type assessScoreData struct {
	Scheme *service.SchemeDetail
	Rows   []scoreRowView
	Saved  int
	Bad    int
}

func (h *handler) assessScorePage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAssessScore(w, r, p, nil, 0)
}

// showAssessScoreError shows the grid with a refused import's problems.
func (h *handler) showAssessScoreError(w http.ResponseWriter, r *http.Request, p *service.Principal, ferr error) {
	h.showAssessScoreWith(w, r, p, nil, 0, ferr)
}

func (h *handler) showAssessScore(w http.ResponseWriter, r *http.Request, p *service.Principal, typed map[int]scoreRowView, saved int) {
	h.showAssessScoreWith(w, r, p, typed, saved, nil)
}

func (h *handler) showAssessScoreWith(w http.ResponseWriter, r *http.Request, p *service.Principal, typed map[int]scoreRowView, saved int, ferr error) {
	pr := reqCtx(r).p
	d, rows, ok := schemeAnd(h, w, r, p, h.svc.ScoreSheet)
	if !ok {
		return
	}
	data := &assessScoreData{Scheme: d, Saved: saved}
	for i, row := range rows {
		v := scoreRowView{ScoreRow: row, Index: i}
		if row.Entry != nil {
			v.Score, v.Reason = strconv.FormatFloat(row.Entry.Score, 'f', -1, 64), row.Entry.Reason
		}
		if t, ok := typed[i]; ok && t.Code == row.Code && t.UnitID == row.UnitID {
			v.Error, v.Saved = t.Error, t.Saved
			if t.Error != "" {
				v.Score, v.Reason = t.Score, t.Reason
				data.Bad++
			}
		}
		data.Rows = append(data.Rows, v)
	}
	pg := &Page{Title: pr.T("assessweb.score.title", d.Name), Nav: "assess", Data: data}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	} else if data.Bad > 0 {
		pg.Error, code = pr.T("assessweb.score.bad_rows", data.Bad, saved), http.StatusUnprocessableEntity
	} else if saved > 0 {
		pg.Flash = pr.T("assessweb.score.saved", saved)
	}
	h.render(w, r, code, "assess_score", pg)
}

// assessScoreSave saves each row of the grid whose score or reason changed.
func (h *handler) assessScoreSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	id := idParam(r, "id")
	rows, err := h.svc.ScoreSheet(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	typed := map[int]scoreRowView{}
	saved := 0
	for i, row := range rows {
		k := strconv.Itoa(i)
		if r.FormValue("code_"+k) != row.Code || formID(r, "unit_"+k) != row.UnitID {
			continue // the sheet changed since the form was shown
		}
		score, reason := strings.TrimSpace(r.FormValue("score_"+k)), strings.TrimSpace(r.FormValue("reason_"+k))
		evidence := rowEvidence(r, "evidence_"+k)
		if score == "" && reason == "" && evidence == nil {
			continue
		}
		if row.Entry != nil && score == strconv.FormatFloat(row.Entry.Score, 'f', -1, 64) && reason == row.Entry.Reason && evidence == nil {
			continue
		}
		v := scoreRowView{ScoreRow: row, Index: i, Score: score, Reason: reason}
		n, perr := strconv.ParseFloat(strings.ReplaceAll(score, "，", "."), 64)
		if perr != nil {
			v.Error = pr.T("assessweb.err.score_text", score)
		} else if _, err := h.svc.SaveEntry(r.Context(), p, id, service.EntryInput{Code: row.Code, UnitID: row.UnitID, Score: n, Reason: reason,
			Evidence: evidence}); err != nil {
			if k := domain.ErrorKind(err); k != domain.KindInvalid && k != domain.KindForbidden && k != domain.KindConflict {
				h.fail(w, r, err)
				return
			}
			v.Error = domain.ErrorMessage(err)
		} else {
			v.Saved = true
			saved++
		}
		typed[i] = v
	}
	h.showAssessScore(w, r, p, typed, saved)
}

// rowEvidence reads a row's optional evidence file.
func rowEvidence(r *http.Request, field string) *service.Upload {
	f, fh, err := r.FormFile(field)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil || len(data) == 0 {
		return nil
	}
	return &service.Upload{Name: fh.Filename, Data: data}
}
