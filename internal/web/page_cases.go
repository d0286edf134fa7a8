package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// casesPerPage is the page size of case listings.
const casesPerPage = 50

// caseRow is a case in a listing with its labels in the page's language:
// a light always shows its name, never its colour alone. Its fields are
// all its own (nothing embedded): a template finds an embedded field by a
// slow search on every row, and an inbox has a hundred rows and more.
type caseRow struct {
	ID            domain.ID
	Number, Title string
	Urgency       domain.CaseUrgency
	Light         domain.CaseLight
	State         domain.CaseState
	LeadUnit      string
	Leader        string
	// Deadline is the date due, "" before assignment.
	Deadline string
	// Todo is the step waiting for the viewer (see service.CaseItem).
	Todo                                                                                 string
	LightLabel, ReasonLabel, StateLabel, SourceLabel, UrgencyLabel, TodoLabel, RoleLabel string
	// DaysText says how far the deadline is, or how far past it.
	DaysText string
}

func newCaseRow(pr *i18n.Printer, it service.CaseItem) caseRow {
	r := caseRow{ID: it.ID, Number: it.Number, Title: it.Title, Urgency: it.Urgency, Light: it.Light, State: it.State, LeadUnit: it.LeadUnit,
		Leader: it.Leader, Todo: it.Todo,
		LightLabel: pr.T("cases.light." + string(it.Light)), StateLabel: pr.T("cases.state." + string(it.State)),
		SourceLabel: pr.T("cases.source." + string(it.Source)), UrgencyLabel: pr.T("cases.urgency." + string(it.Urgency))}
	if !it.Deadline.IsZero() {
		r.Deadline = it.Deadline.String()
	}
	if it.Reason != "" {
		r.ReasonLabel = pr.T("cases.reason." + string(it.Reason))
	}
	if it.Todo != "" {
		r.TodoLabel = pr.T("cases.todo." + it.Todo)
	}
	if it.Role != "" {
		r.RoleLabel = pr.T("cases.role." + it.Role)
	}
	switch {
	case !it.State.Open():
	case it.Overdue:
		r.DaysText = pr.T("caseweb.days.overdue", -it.DaysLeft)
	case it.State == domain.CaseReported:
	case it.DaysLeft == 0:
		r.DaysText = pr.T("caseweb.days.today")
	default:
		r.DaysText = pr.T("caseweb.days.left", it.DaysLeft)
	}
	return r
}

// caseTab is an entry of the case pages' own menu.
type caseTab struct {
	Key, Href, Label string
}

// caseTabs lists the case pages p may use: the office also raises,
// imports, and sets the rules.
func caseTabs(pr *i18n.Printer, p *service.Principal) []caseTab {
	tabs := []caseTab{{"inbox", "/cases/inbox", pr.T("caseweb.tab.inbox")}, {"list", "/cases", pr.T("caseweb.tab.list")},
		{"board", "/cases/board", pr.T("caseweb.tab.board")}}
	if p.Has(domain.RoleOffice) {
		tabs = append(tabs, caseTab{"import", "/cases/import", pr.T("caseweb.tab.import")}, caseTab{"settings", "/cases/settings", pr.T("caseweb.tab.settings")})
	}
	return tabs
}

// caseCount is a tile of counts that links to the filtered listing.
type caseCount struct {
	Key, Label, Href string
	N                int
}

// lightCounts makes the tiles of lights: the open colours first, then how
// closed cases closed.
func lightCounts(pr *i18n.Printer, c service.CaseCounts, base string, q url.Values) []caseCount {
	var out []caseCount
	for _, l := range domain.CaseLights {
		out = append(out, caseCount{Key: string(l), Label: pr.T("cases.light." + string(l)), N: c.Lights[string(l)], Href: withParam(base, q, "light", string(l))})
	}
	return out
}

// stateCounts makes the tiles of workflow states.
func stateCounts(pr *i18n.Printer, c service.CaseCounts, base string, q url.Values) []caseCount {
	var out []caseCount
	for _, st := range domain.CaseStates {
		if n := c.States[string(st)]; n > 0 || st != domain.CaseDraft {
			out = append(out, caseCount{Key: string(st), Label: pr.T("cases.state." + string(st)), N: n, Href: withParam(base, q, "state", string(st))})
		}
	}
	return out
}

// withParam is base with the query q where key is set to v (and the page reset).
func withParam(base string, q url.Values, key, v string) string {
	c := url.Values{}
	for k, vs := range q {
		if k != "page" && k != key {
			c[k] = vs
		}
	}
	c.Set(key, v)
	return base + "?" + c.Encode()
}

// caseFilterForm echoes a listing's filters back into its form.
type caseFilterForm struct {
	State, Light, Source, Q string
	Unit, Leader            domain.ID
	Overdue                 bool
	Year                    int
}

// caseFilter reads the filters of a case listing. Unknown values filter
// nothing rather than fail: they come from links and the form's choices.
func caseFilter(r *http.Request) (service.CaseFilter, caseFilterForm) {
	q := r.URL.Query()
	ff := caseFilterForm{State: q.Get("state"), Light: q.Get("light"), Source: q.Get("source"), Q: strings.TrimSpace(q.Get("q")),
		Unit: formID(r, "unit"), Leader: formID(r, "leader"), Overdue: q.Get("overdue") == "1"}
	ff.Year, _ = strconv.Atoi(q.Get("year"))
	f := service.CaseFilter{UnitID: ff.Unit, LeaderID: ff.Leader, Overdue: ff.Overdue, Query: ff.Q}
	if ff.Year >= 2000 && ff.Year <= 2100 {
		f.Year = ff.Year
	} else {
		ff.Year = 0
	}
	if st := domain.CaseState(ff.State); st.Valid() {
		f.States = []domain.CaseState{st}
	} else {
		ff.State = ""
	}
	if l := domain.CaseLight(ff.Light); l.Valid() {
		f.Light = l
	} else {
		ff.Light = ""
	}
	if s := domain.CaseSource(ff.Source); s.Valid() {
		f.Source = s
	} else {
		ff.Source = ""
	}
	return f, ff
}

// caseListData is the office's listing of cases.
type caseListData struct {
	Tabs         []caseTab
	Tab          string
	Rows         []caseRow
	Total        int
	Lights       []caseCount
	States       []caseCount
	Overdue      int
	F            caseFilterForm
	Pager        pager
	CanNew       bool
	ExportQuery  template.URL
	StateOpts    template.HTML
	LightOpts    template.HTML
	SourceOpts   template.HTML
	UnitOpts     template.HTML
	LeaderOpts   template.HTML
	OverdueQuery string
}

func (h *handler) caseList(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	f, ff := caseFilter(r)
	l, err := h.svc.Cases(r.Context(), p, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &caseListData{Tabs: caseTabs(pr, p), Tab: "list", Total: l.Total, F: ff, CanNew: p.Has(domain.RoleOffice),
		Lights: lightCounts(pr, l.Counts, "/cases", q), States: stateCounts(pr, l.Counts, "/cases", q), Overdue: l.Counts.Overdue,
		OverdueQuery: withParam("/cases", q, "overdue", "1")}
	eq := url.Values{}
	for k, v := range q {
		if k != "page" {
			eq[k] = v
		}
	}
	d.ExportQuery = template.URL(eq.Encode())
	pg, from, to := newPager(q, len(l.Items), casesPerPage)
	d.Pager = pg
	for _, it := range l.Items[from:to] {
		d.Rows = append(d.Rows, newCaseRow(pr, it))
	}
	h.caseFilterOptions(pr, m, scope, d)
	h.render(w, r, http.StatusOK, "cases", &Page{Title: pr.T("caseweb.list.title"), Nav: "cases", Data: d})
}

// caseFilterOptions fills the listing's selects: states, lights, sources,
// the units the viewer sees and the leaders in charge.
func (h *handler) caseFilterOptions(pr *i18n.Printer, m *readmodel.Model, scope readmodel.Scope, d *caseListData) {
	all := pr.T("web.all")
	var o []option
	for _, st := range domain.CaseStates {
		o = append(o, option{string(st), pr.T("cases.state." + string(st))})
	}
	d.StateOpts, o = optionsHTML(all, o, d.F.State), nil
	for _, l := range domain.CaseLights {
		o = append(o, option{string(l), pr.T("cases.light." + string(l))})
	}
	d.LightOpts, o = optionsHTML(all, o, d.F.Light), nil
	for _, s := range domain.CaseSources {
		o = append(o, option{string(s), pr.T("cases.source." + string(s))})
	}
	d.SourceOpts, o = optionsHTML(all, o, d.F.Source), nil
	for _, u := range m.TreeOrder() {
		if scope.SeesUnit(u) {
			o = append(o, option{itoa(u.ID), strings.Repeat("　", u.Depth) + u.Name})
		}
	}
	d.UnitOpts, o = optionsHTML(all, o, idOrEmpty(d.F.Unit)), nil
	for _, per := range caseLeaders(m) {
		o = append(o, option{itoa(per.ID), per.Name})
	}
	d.LeaderOpts = optionsHTML(all, o, idOrEmpty(d.F.Leader))
}

// caseLeaders are the people who may give instructions: those leading a
// sector or front now.
func caseLeaders(m *readmodel.Model) []domain.Person {
	leading := map[domain.ID]bool{}
	for _, l := range m.Leads {
		if l.End.IsZero() {
			leading[l.PersonID] = true
		}
	}
	var out []domain.Person
	for _, per := range m.People {
		if per.Active && leading[per.ID] {
			out = append(out, per)
		}
	}
	return out
}

func idOrEmpty(id domain.ID) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

// caseLink is the path of a case's page.
func caseLink(id domain.ID) string { return "/cases/" + itoa(id) }
