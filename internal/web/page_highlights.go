package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// 亮点: the office sees every unit's highlights by category with their state
// and evaluation, and decides and evaluates them; a unit sees its own and
// declares with the form.

type highlightsData struct {
	Year      int
	Years     []int
	Items     []service.HighlightItem
	Groups    []highlightGroup
	Office    bool
	Units     []option
	Ambitions []string
	Grades    []string
	Achieved  []domain.Achievement
	// Form is the declare form as typed (kept when refused); CanDeclare is
	// false when none of the caller's units has a place left.
	Form       highlightForm
	CanDeclare bool
	Max        int
}

type highlightGroup struct {
	Category string
	Items    []service.HighlightItem
}

type highlightForm struct {
	UnitID, Title, Content, Ambition, Tasks string
}

func highlightYear(r *http.Request, today domain.Date) int {
	if y, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year"))); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return today.Year()
}

func (h *handler) highlightsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.highlightsRender(w, r, p, highlightYear(r, h.svc.Today()), highlightForm{}, nil)
}

func (h *handler) highlightsRender(w http.ResponseWriter, r *http.Request, p *service.Principal, year int, form highlightForm, ferr error) {
	pr := reqCtx(r).p
	items, err := h.svc.HighlightList(r.Context(), p, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	units, err := h.svc.HighlightUnits(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ambitions, err := h.svc.HighlightAmbitions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &highlightsData{Year: year, Items: items, Office: p.System || p.Has(domain.RoleOffice), Ambitions: ambitions, Grades: domain.HighlightGrades,
		Achieved: domain.Achievements, Form: form, Max: domain.MaxHighlights}
	for y := h.svc.Today().Year() + 1; y >= h.svc.Today().Year()-4; y-- {
		d.Years = append(d.Years, y)
	}
	count := map[domain.ID]int{}
	for _, it := range items {
		count[it.UnitID]++
	}
	for _, u := range units {
		if count[u.ID] < domain.MaxHighlights {
			d.CanDeclare = true
			d.Units = append(d.Units, option{itoa(u.ID), u.Name})
		}
	}
	index := map[string]int{}
	for _, it := range items {
		i, ok := index[it.Category]
		if !ok {
			i = len(d.Groups)
			index[it.Category] = i
			d.Groups = append(d.Groups, highlightGroup{Category: it.Category})
		}
		d.Groups[i].Items = append(d.Groups[i].Items, it)
	}
	pg := &Page{Title: pr.T("hl.title"), Nav: "highlights", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "highlights", pg)
}

// stepDone redirects to the year's list, or shows the list with the error
// when the step was refused for a reason the user can fix.
func (h *handler) highlightDone(w http.ResponseWriter, r *http.Request, p *service.Principal, err error, form highlightForm, flashKey string) {
	year := highlightYear(r, h.svc.Today())
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindUnauthorized {
			h.fail(w, r, err)
			return
		}
		h.highlightsRender(w, r, p, year, form, err)
		return
	}
	redirect(w, r, "/highlights?year="+strconv.Itoa(year), reqCtx(r).p.T(flashKey))
}

func highlightInput(r *http.Request) (service.HighlightInput, highlightForm) {
	f := highlightForm{UnitID: r.FormValue("unit_id"), Title: r.FormValue("title"), Content: r.FormValue("content"), Ambition: r.FormValue("ambition"),
		Tasks: r.FormValue("task_ids")}
	in := service.HighlightInput{UnitID: formID(r, "unit_id"), Title: f.Title, Content: f.Content, Ambition: f.Ambition,
		Declare: r.FormValue("declare") != ""}
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil {
		in.Year = y
	}
	for _, s := range strings.FieldsFunc(f.Tasks, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.TaskIDs = append(in.TaskIDs, id)
		}
	}
	return in, f
}

func (h *handler) highlightCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in, f := highlightInput(r)
	_, err := h.svc.CreateHighlight(r.Context(), p, in)
	key := "hl.web.saved"
	if in.Declare {
		key = "hl.web.declared"
	}
	h.highlightDone(w, r, p, err, f, key)
}

func (h *handler) highlightUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in, _ := highlightInput(r)
	_, err := h.svc.UpdateHighlight(r.Context(), p, idParam(r, "id"), in)
	key := "hl.web.saved"
	if in.Declare {
		key = "hl.web.declared"
	}
	h.highlightDone(w, r, p, err, highlightForm{}, key)
}

func (h *handler) highlightDelete(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.highlightDone(w, r, p, h.svc.DeleteHighlight(r.Context(), p, idParam(r, "id")), highlightForm{}, "hl.web.deleted")
}

func (h *handler) highlightDecide(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	accept := r.FormValue("decision") == "accept"
	_, err := h.svc.DecideHighlight(r.Context(), p, idParam(r, "id"), service.HighlightDecision{Accept: accept, Note: r.FormValue("note")})
	key := "hl.web.accepted"
	if !accept {
		key = "hl.web.returned"
	}
	h.highlightDone(w, r, p, err, highlightForm{}, key)
}

func (h *handler) highlightEvaluate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	e := domain.HighlightEvaluation{Achieved: domain.Achievement(r.FormValue("achieved")), Grade: r.FormValue("grade"), Comment: r.FormValue("comment"),
		Evidence: r.FormValue("evidence")}
	if s := strings.TrimSpace(r.FormValue("score")); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			h.highlightDone(w, r, p, &domain.Error{Kind: domain.KindInvalid, Field: "score", Message: reqCtx(r).p.T("hl.err.score_number", s)}, highlightForm{}, "")
			return
		}
		e.Score = &v
	}
	_, err := h.svc.EvaluateHighlight(r.Context(), p, idParam(r, "id"), e)
	h.highlightDone(w, r, p, err, highlightForm{}, "hl.web.evaluated")
}

// highlightExport downloads the year's highlights the caller may read.
// highlightFiles adds a unit's supporting files to its highlight.
func (h *handler) highlightFiles(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	files, err := formFiles(r, h.svc.Config().MaxFileBytes)
	if err == nil {
		_, err = h.svc.AddHighlightFiles(r.Context(), p, idParam(r, "id"), files)
	}
	h.highlightDone(w, r, p, err, highlightForm{}, "hl.files_added")
}

// highlightFileDownload serves a supporting file to those who may read its highlight.
func (h *handler) highlightFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.serveStored(w, r)(h.svc.HighlightFile(r.Context(), p, idParam(r, "id")))
}

func (h *handler) highlightExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	year := highlightYear(r, h.svc.Today())
	items, err := h.svc.HighlightList(r.Context(), p, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := xlsexport.Highlights(items, year, pr)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	name := pr.T("hl.xls.file", year)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"highlights.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// TaskList writes task IDs as the edit form's field.
func (d *highlightsData) TaskList(ids []domain.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	return strings.Join(s, ",")
}
