package web

import (
	"net/http"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// caseEventRow is a step of the timeline in words.
type caseEventRow struct {
	service.CaseEventView
	KindLabel, At, FromLabel, ToLabel, RatingLabel string
}

type casePartRow struct {
	service.CasePartView
	At string
}

type caseExtRow struct {
	domain.CaseExtension
	StateLabel, RequestedAt, DecidedAt string
}

type caseRatingRow struct {
	domain.CaseRatingEntry
	Label, At string
}

// caseStepForm is what the viewer typed into a step's form, shown again
// when the step is refused.
type caseStepForm struct {
	Action                                                    string
	Progress, Text, ToDate, Days, Reason, Note, Rating, Level string
}

type casePageData struct {
	Tabs       []caseTab
	Tab        string
	D          *service.CaseDetail
	Row        caseRow
	Events     []caseEventRow
	Parts      []casePartRow
	Extensions []caseExtRow
	Ratings    []caseRatingRow
	Pending    *domain.CaseExtension
	Levels     []option
	Ratings3   []option
	Form       caseStepForm
	SignDue    string
	SignedAt   string
	LimitText  string
	EscLabel   string
	MaxFiles   int
	MaxMB      int64
	AnyAction  bool
	// CanAttach: the office may add attachments until the case closes.
	CanAttach  bool
	TodoLabel  string
	TaskLabels map[domain.Status]string
}

// casePage shows a case with its whole timeline and the forms of exactly
// the steps the viewer may take now.
func (h *handler) casePage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showCase(w, r, p, idParam(r, "id"), caseStepForm{}, nil)
}

// showCase renders a case; after a refused step, form holds what was typed
// and ferr the refusal.
func (h *handler) showCase(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID, form caseStepForm, ferr error) {
	pr := reqCtx(r).p
	cd, err := h.svc.Case(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := h.casePageData(pr, p, cd)
	d.Form = form
	pg := &Page{Title: cd.Number + " " + cd.Title, Nav: "cases", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "case", pg)
}

func (h *handler) casePageData(pr *i18n.Printer, p *service.Principal, cd *service.CaseDetail) *casePageData {
	loc := h.svc.Location()
	cfg := h.svc.Config()
	d := &casePageData{Tabs: caseTabs(pr, p), Tab: "list", D: cd, Row: newCaseRow(pr, cd.CaseItem), MaxFiles: cfg.MaxFilesPerReport, MaxMB: cfg.MaxFileBytes >> 20,
		TaskLabels: map[domain.Status]string{}}
	c := cd.Case
	d.SignedAt = stamp(c.SignedAt, loc)
	if c.SignedAt.IsZero() {
		d.SignDue = stamp(c.SignDue, loc)
	}
	switch {
	case c.Days > 0:
		d.LimitText = pr.T("caseweb.case.limit_days", c.Days)
	case !c.TimeLimit.Date.IsZero():
		d.LimitText = pr.T("caseweb.case.limit_date", c.TimeLimit.Date.String())
	}
	if c.Escalation > domain.EscalationNone {
		d.EscLabel = pr.T("cases.event." + string(c.Escalation.Event()))
	}
	for _, e := range cd.Events {
		row := caseEventRow{CaseEventView: e, KindLabel: pr.T("cases.event." + string(e.Kind)), At: stamp(e.At, loc)}
		if e.FromState != "" && e.ToState != "" && e.FromState != e.ToState {
			row.FromLabel, row.ToLabel = pr.T("cases.state."+string(e.FromState)), pr.T("cases.state."+string(e.ToState))
		}
		if e.Rating != "" {
			row.RatingLabel = pr.T("cases.rating." + string(e.Rating))
		}
		d.Events = append(d.Events, row)
	}
	// Newest first: the latest step is what a reader wants.
	for i, j := 0, len(d.Events)-1; i < j; i, j = i+1, j-1 {
		d.Events[i], d.Events[j] = d.Events[j], d.Events[i]
	}
	for _, pt := range cd.Parts {
		d.Parts = append(d.Parts, casePartRow{CasePartView: pt, At: stamp(pt.At, loc)})
	}
	for i, e := range cd.Extensions {
		d.Extensions = append(d.Extensions, caseExtRow{CaseExtension: e, StateLabel: pr.T("cases.extension." + string(e.State)),
			RequestedAt: stamp(e.RequestedAt, loc), DecidedAt: stamp(e.DecidedAt, loc)})
		if e.State == domain.ExtensionPending {
			d.Pending = &cd.Extensions[i]
		}
	}
	for _, rt := range cd.Ratings {
		d.Ratings = append(d.Ratings, caseRatingRow{CaseRatingEntry: rt, Label: pr.T("cases.rating." + string(rt.Rating)), At: stamp(rt.At, loc)})
	}
	for lv := c.Escalation + 1; lv <= domain.EscalationTalk; lv++ {
		d.Levels = append(d.Levels, option{string(lv.Event()), pr.T("cases.action." + string(lv.Event()))})
	}
	for _, rt := range domain.CaseRatings {
		d.Ratings3 = append(d.Ratings3, option{string(rt), pr.T("cases.rating." + string(rt))})
	}
	for _, st := range domain.Statuses {
		d.TaskLabels[st] = pr.T("status." + string(st))
	}
	can := cd.Can
	d.CanAttach = c.State != domain.CaseClosed && (can.Edit || can.Assign || can.Review || can.Escalate || can.DecideExtension)
	d.AnyAction = can.Edit || can.Assign || can.Sign || can.Progress || can.Part || can.Feedback || can.Review || can.RequestExtension ||
		can.DecideExtension || can.Rate || can.Escalate || d.CanAttach
	if cd.Todo != "" {
		d.TodoLabel = pr.T("cases.todo." + cd.Todo)
	}
	return d
}

// stamp shows a time in the deployment's zone to the minute ("" for none).
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// caseFileDownload serves a file of a case the viewer may read.
func (h *handler) caseFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	f, data, err := h.svc.CaseFile(r.Context(), p, idParam(r, "id"), idParam(r, "file"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveEvidence(w, f.Name, f.ContentType, data)
}
