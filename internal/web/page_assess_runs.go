package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// The published assessment runs for signed-in accounts: the list, a run
// (the office decides appeals, adjusts, makes it final), and a unit's
// breakdown with the unit's appeal form.

type pubRunListData struct {
	Runs []pubRunHead
	// PublicURL is the public results page's full address, to share.
	PublicURL string
	// Schemes are the frozen schemes the office may publish.
	Schemes []option
}

func (h *handler) assessRunsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	year, _ := strconv.Atoi(r.FormValue("year"))
	runs, err := h.svc.AssessRuns(r.Context(), p, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &pubRunListData{PublicURL: siteBase(r) + "/public/assess"}
	for _, run := range runs {
		d.Runs = append(d.Runs, pubNewRunHead(pr, run, 0))
	}
	schemes, err := h.svc.PublishableSchemes(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, sc := range schemes {
		d.Schemes = append(d.Schemes, option{Value: itoa(sc.ID), Label: sc.Name})
	}
	h.render(w, r, http.StatusOK, "assess_runs", &Page{Title: pr.T("assesspub.web.runs.title"), Nav: "assess", Data: d})
}

type pubRunPageData struct {
	Head       pubRunHead
	Categories []pubRunCategory
	Honours    pubRunHonours
	Appeals    []pubAppealRow
	Adjusts    []pubAdjustRow
	Open       bool
	Can        service.RunActions
	// Units are the run's units for the adjust form.
	Units []option
}

type pubAppealRow struct {
	service.AppealItem
	StateLabel string
	Filed      string
	Decided    string
}

type pubAdjustRow struct {
	domain.AssessAdjustment
	Unit       string
	Criterion  string
	BeforeText string
	AfterText  string
	TotalMove  string
	RankMove   string
	GradeMove  string
	When       string
	FromAppeal bool
}

func (h *handler) pubAppealRows(pr interface{ T(string, ...any) string }, items []service.AppealItem) []pubAppealRow {
	var out []pubAppealRow
	for _, a := range items {
		row := pubAppealRow{AppealItem: a, StateLabel: pr.T("assesspub.appeal_state." + string(a.State)), Filed: h.pubTimeText(a.FiledAt)}
		if !a.DecidedAt.IsZero() {
			row.Decided = h.pubTimeText(a.DecidedAt)
		}
		out = append(out, row)
	}
	return out
}

func (h *handler) pubAdjustRows(run domain.AssessRun, adjs []domain.AssessAdjustment) []pubAdjustRow {
	var out []pubAdjustRow
	for _, a := range adjs {
		row := pubAdjustRow{AssessAdjustment: a, Criterion: a.Criterion, BeforeText: domain.PubScore(a.Before),
			AfterText: domain.PubScore(a.After), TotalMove: domain.PubScore(a.BeforeTotal) + " → " + domain.PubScore(a.AfterTotal),
			RankMove: strconv.Itoa(a.BeforeRank) + " → " + strconv.Itoa(a.AfterRank), GradeMove: a.BeforeGrade + " → " + a.AfterGrade,
			When: h.pubTimeText(a.At), FromAppeal: a.AppealID != 0}
		if u := domain.FindUnitResult(&run.Result, a.UnitID); u != nil {
			row.Unit = u.Unit
			name := service.CriterionName(run.Body, a.Criterion)
			if c := domain.FindCriterionScore(u, a.Criterion); c != nil {
				name = c.Name
			}
			row.Criterion = strings.TrimSpace(a.Criterion + " " + name)
		}
		out = append(out, row)
	}
	return out
}

func (h *handler) pubTimeText(t time.Time) string {
	return t.In(h.svc.Location()).Format("2006-01-02 15:04")
}

func (h *handler) assessRunPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	v, err := h.svc.AssessRun(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &pubRunPageData{Head: pubRunHeadOf(pr, v.AssessRun), Categories: pubRunCategories(pr, v.Result), Honours: pubHonours(v.Result),
		Appeals: h.pubAppealRows(pr, v.Appeals), Adjusts: h.pubAdjustRows(v.AssessRun, v.Adjustments), Open: v.Open, Can: v.Can}
	for _, u := range v.Result.Units {
		d.Units = append(d.Units, option{Value: itoa(u.UnitID), Label: u.Unit})
	}
	h.render(w, r, http.StatusOK, "assess_run", &Page{Title: v.SchemeName, Nav: "assess", Data: d})
}

type pubUnitPageData struct {
	Head      pubRunHead
	B         pubUnitBreakdown
	Appeals   []pubAppealRow
	Adjusts   []pubAdjustRow
	Open      bool
	CanAppeal bool
	Office    bool
	// The appeal form's values after a refusal.
	Criterion, Reasons string
	// Highlights are the unit's 亮点 of the run's year that the office
	// accepted, with their year-end evaluation, shown beside its scores.
	Highlights []domain.Highlight
}

func (h *handler) assessRunUnitPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.pubRenderUnitPage(w, r, p, http.StatusOK, "", "", "")
}

func (h *handler) pubRenderUnitPage(w http.ResponseWriter, r *http.Request, p *service.Principal, code int, errMsg, errField, reasons string) {
	pr := reqCtx(r).p
	v, u, err := h.svc.AssessRunUnit(r.Context(), p, idParam(r, "id"), idParam(r, "unit"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &pubUnitPageData{Head: pubRunHeadOf(pr, v.AssessRun), B: pubNewBreakdown(pr, u, pubCategorySize(v.Result, u.Category)), Appeals: h.pubAppealRows(pr, v.Appeals),
		Adjusts: h.pubAdjustRows(v.AssessRun, v.Adjustments), Open: v.Open, Office: v.Can.Adjust, Criterion: r.FormValue("criterion"), Reasons: reasons}
	for _, id := range v.Can.AppealUnits {
		d.CanAppeal = d.CanAppeal || id == u.UnitID
	}
	hls, err := h.svc.UnitHighlights(r.Context(), p, v.Year, u.UnitID)
	if err != nil && domain.ErrorKind(err) != domain.KindForbidden {
		h.fail(w, r, err)
		return
	}
	for _, hl := range hls {
		if hl.State == domain.HighlightAccepted {
			d.Highlights = append(d.Highlights, hl)
		}
	}
	h.render(w, r, code, "assess_run_unit", &Page{Title: u.Unit + " · " + v.SchemeName, Nav: "assess", Data: d, Error: errMsg, ErrorField: errField})
}

// assessAppealFile files a unit's appeal; a refusal shows the form again
// with what was typed.
func (h *handler) assessAppealFile(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	files, err := formFiles(r, h.svc.Config().MaxFileBytes)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	runID, unit := idParam(r, "id"), idParam(r, "unit")
	_, err = h.svc.FileAppeal(r.Context(), p, runID, service.AppealInput{UnitID: unit, Criterion: strings.TrimSpace(r.FormValue("criterion")),
		Reasons: r.FormValue("reasons"), Files: files})
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInternal {
			h.fail(w, r, err)
			return
		}
		h.pubRenderUnitPage(w, r, p, statusOf(err), domain.ErrorMessage(err), fieldOf(err), r.FormValue("reasons"))
		return
	}
	redirect(w, r, "/assess/runs/"+itoa(runID)+"/units/"+itoa(unit)+"#appeals", reqCtx(r).p.T("assesspub.web.appeal.filed"))
}

// back returns to the run page with a flash: the message of a refusal, or
// done.
func (h *handler) pubBackToRun(w http.ResponseWriter, r *http.Request, runID domain.ID, err error, done string) {
	if err != nil && domain.ErrorKind(err) == domain.KindInternal {
		h.fail(w, r, err)
		return
	}
	msg := reqCtx(r).p.T(done)
	if err != nil {
		msg = domain.ErrorMessage(err)
	}
	redirect(w, r, "/assess/runs/"+itoa(runID), msg)
}

func (h *handler) assessAppealDecide(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in := service.AppealDecision{State: domain.AppealState(r.FormValue("state")), Reason: r.FormValue("reason"), Criterion: r.FormValue("criterion")}
	if s := strings.TrimSpace(r.FormValue("score")); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			h.pubBackToRun(w, r, formID(r, "run"), &domain.Error{Kind: domain.KindInvalid, Field: "score", Message: reqCtx(r).p.T("assesspub.web.err.score", s)}, "")
			return
		}
		in.Score = &v
	}
	err := h.svc.DecideAppeal(r.Context(), p, idParam(r, "id"), in)
	h.pubBackToRun(w, r, formID(r, "run"), err, "assesspub.web.appeal.decided")
}

func (h *handler) assessAdjust(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	runID := idParam(r, "id")
	score, err := strconv.ParseFloat(strings.TrimSpace(r.FormValue("score")), 64)
	if err != nil {
		h.pubBackToRun(w, r, runID, &domain.Error{Kind: domain.KindInvalid, Field: "score", Message: reqCtx(r).p.T("assesspub.web.err.score", r.FormValue("score"))}, "")
		return
	}
	_, err = h.svc.AdjustAssessment(r.Context(), p, runID, service.AdjustInput{UnitID: formID(r, "unit"), Criterion: strings.TrimSpace(r.FormValue("criterion")),
		Score: score, Reason: r.FormValue("reason")})
	h.pubBackToRun(w, r, runID, err, "assesspub.web.adjusted")
}

func (h *handler) assessFinalize(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	runID := idParam(r, "id")
	h.pubBackToRun(w, r, runID, h.svc.FinalizeAssessment(r.Context(), p, runID), "assesspub.web.finalized")
}

func (h *handler) assessAppealFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.serveStored(w, r)(h.svc.AssessAppealFile(r.Context(), p, idParam(r, "id")))
}

// assessRunExport sends a run's result tables and breakdown as Excel.
func (h *handler) assessRunExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	v, err := h.svc.AssessRunFull(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data, err := xlsexport.AssessResults(v.Result, v.SchemeName, pr)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sendXLSX(w, "assessment-"+itoa(v.ID)+".xlsx", v.SchemeName+".xlsx", data)
}

// assessPublish computes a frozen scheme's results and publishes them.
func (h *handler) assessPublish(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	in := service.SchemePublish{SchemeID: formID(r, "scheme")}
	if v := strings.TrimSpace(r.FormValue("days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			redirect(w, r, "/assess/runs", pr.T("assesspub.web.err.days", v))
			return
		}
		in.NoticeDays = n
	}
	if v := strings.TrimSpace(r.FormValue("start")); v != "" {
		d, err := domain.ParseDate(v)
		if err != nil {
			redirect(w, r, "/assess/runs", pr.T("assesspub.web.err.start", v))
			return
		}
		in.Start = d
	}
	id, err := h.svc.PublishScheme(r.Context(), p, in)
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInternal {
			h.fail(w, r, err)
			return
		}
		redirect(w, r, "/assess/runs", domain.ErrorMessage(err))
		return
	}
	redirect(w, r, "/assess/runs/"+itoa(id), pr.T("assesspub.web.published"))
}
