package web

import (
	"net/http"
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// todoOrder ranks the steps waiting for the viewer: what a unit must do
// first (sign, report back, give its part), then what the office decides.
var todoOrder = map[string]int{"sign": 0, "feedback": 1, "part": 2, "decide_extension": 3, "review": 4, "assign": 5, "rate": 6}

type caseInboxData struct {
	Tabs   []caseTab
	Tab    string
	Units  []string
	Todo   []caseRow
	Others []caseRow
	Lights []caseCount
	States []caseCount
	F      caseFilterForm
	// Filtered is set when a light or state narrows the inbox.
	Filtered bool
	// OnlyTodo: the viewer acts for no unit, so the inbox holds what
	// waits for them (the office, leaders).
	OnlyTodo bool
}

// caseInboxPage is a unit's inbox: its cases with their lights and the
// counts per light and state, what waits for the viewer first.
func (h *handler) caseInboxPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	f, ff := caseFilter(r)
	l, err := h.svc.CaseInbox(r.Context(), p, service.CaseFilter{States: f.States, Light: f.Light})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &caseInboxData{Tabs: caseTabs(pr, p), Tab: "inbox", F: ff, Filtered: ff.Light != "" || ff.State != "",
		Lights: lightCounts(pr, l.Counts, "/cases/inbox", q), States: stateCounts(pr, l.Counts, "/cases/inbox", q)}
	for _, g := range p.Account.Grants {
		if (g.Role == domain.RoleLiaison || g.Role == domain.RoleUnitHead) && g.UnitID != 0 {
			d.Units = append(d.Units, m.UnitName(g.UnitID))
		}
	}
	d.OnlyTodo = len(d.Units) == 0
	for _, it := range l.Items {
		row := newCaseRow(pr, it)
		if it.Todo != "" {
			d.Todo = append(d.Todo, row)
		} else {
			d.Others = append(d.Others, row)
		}
	}
	sort.SliceStable(d.Todo, func(i, j int) bool { return todoOrder[d.Todo[i].Todo] < todoOrder[d.Todo[j].Todo] })
	h.render(w, r, http.StatusOK, "case_inbox", &Page{Title: pr.T("caseweb.inbox.title"), Nav: "cases", Data: d})
}
