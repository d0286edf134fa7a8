package web

import (
	"net/http"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
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
// counts per light and state, what waits for the viewer first. The body is
// cached for the viewer's account and scope at the audit head's sequence
// and the day (any change to a case moves the sequence), until a signing
// limit in it passes.
func (h *handler) caseInboxPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	pg := &Page{Title: pr.T("caseweb.inbox.title"), Nav: "cases"}
	key := h.pageKey(r, p, m.Seq, "caseinbox", p.Account.ID, r.URL.Query().Encode())
	body, err := h.cache.getOrBuildUntil(key, h.svc.Now(), func() ([]byte, time.Time, error) {
		d, until, err := h.caseInboxData(r, p, m)
		if err != nil {
			return nil, until, err
		}
		body, err := h.renderContent(r, "case_inbox", &Page{Title: pg.Title, Nav: pg.Nav, Data: d})
		return body, until, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg.Body = body
	h.render(w, r, http.StatusOK, "case_inbox", pg)
}

// caseInboxData reads the viewer's inbox and lays it out, and says until
// when it holds.
func (h *handler) caseInboxData(r *http.Request, p *service.Principal, m *readmodel.Model) (*caseInboxData, time.Time, error) {
	pr := reqCtx(r).p
	f, ff := caseFilter(r)
	l, err := h.svc.CaseInbox(r.Context(), p, service.CaseFilter{States: f.States, Light: f.Light})
	if err != nil {
		return nil, time.Time{}, err
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
	return d, l.Until, nil
}
