package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

const tasksPerPage = 50

type taskListData struct {
	Rows   []taskRow
	Total  int
	Counts map[domain.Status]int
	F      taskFilterForm
	Pager  pager
	CanNew bool
	L      listLabels
	// The filter selects' options, rendered with the current choice.
	PlanOpts, StatusOpts, SectorOpts, FrontOpts, UnitOpts, LeaderOpts, CatOpts template.HTML
}

// listLabels are the column names of task lists, translated once per page
// (every card cell repeats its label on a phone).
type listLabels struct {
	Number, Task, Lead, Sector, Due, Progress, Expected, Status, Ongoing string
	StatusNames                                                          map[domain.Status]string
}

func newListLabels(pr *i18n.Printer) listLabels {
	l := listLabels{Number: pr.T("web.col.number"), Task: pr.T("web.col.task"), Lead: pr.T("web.col.lead"), Sector: pr.T("web.col.sector"),
		Due: pr.T("web.col.due"), Progress: pr.T("web.col.progress"), Expected: pr.T("web.expected"), Status: pr.T("web.col.status"),
		Ongoing: pr.T("web.task.ongoing"), StatusNames: map[domain.Status]string{}}
	for _, st := range domain.Statuses {
		l.StatusNames[st] = pr.T("status." + string(st))
	}
	return l
}

// taskFilterForm echoes the filters back into the form.
type taskFilterForm struct {
	Plan, Sector, Front, Unit, Leader domain.ID
	Status                            string
	Behind                            bool
	Category                          string
	Q                                 string
	AsOf                              string
	Sort                              string
}

type pager struct {
	Page, Pages int
	Prev, Next  template.URL
}

func newPager(q url.Values, total, per int) (pager, int, int) {
	pg := pager{Page: 1, Pages: (total + per - 1) / per}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		pg.Page = n
	}
	if pg.Page > pg.Pages && pg.Pages > 0 {
		pg.Page = pg.Pages
	}
	link := func(n int) template.URL {
		c := url.Values{}
		for k, v := range q {
			c[k] = v
		}
		c.Set("page", strconv.Itoa(n))
		return template.URL(c.Encode())
	}
	pg.Prev, pg.Next = link(pg.Page-1), link(pg.Page+1)
	from := (pg.Page - 1) * per
	to := min(from+per, total)
	if from > total {
		from = total
	}
	return pg, from, to
}

// taskFilter reads the list filters from the query.
func (h *handler) taskFilter(r *http.Request) (readmodel.Filter, taskFilterForm, domain.Date, error) {
	q := r.URL.Query()
	ff := taskFilterForm{Plan: formID(r, "plan"), Sector: formID(r, "sector"), Front: formID(r, "front"), Unit: formID(r, "unit"),
		Leader: formID(r, "leader"), Status: q.Get("status"), Behind: q.Get("behind") == "1", Category: q.Get("category"),
		Q: q.Get("q"), AsOf: q.Get("as_of"), Sort: q.Get("sort")}
	f := readmodel.Filter{PlanID: ff.Plan, SectorID: ff.Sector, FrontID: ff.Front, UnitID: ff.Unit, LeaderID: ff.Leader,
		Behind: ff.Behind, Category: domain.Category(ff.Category), Query: h.svc.Normalizer().ParseQuery(ff.Q)}
	if st := domain.Status(ff.Status); st.Valid() {
		f.Status = st
	}
	asOf := h.svc.Today()
	if ff.AsOf != "" {
		d, err := domain.ParseDate(ff.AsOf)
		if err != nil {
			return f, ff, 0, badDate(r, "as_of", "web.field.as_of")
		}
		asOf = d
	}
	return f, ff, asOf, nil
}

// taskQuery is a task-list request: its filters and the viewer's scope
// in the current model.
type taskQuery struct {
	f     readmodel.Filter
	ff    taskFilterForm
	asOf  domain.Date
	scope readmodel.Scope
	m     *readmodel.Model
}

// scopedTaskQuery reads the filters and the caller's scope, answering the
// request itself when either fails.
func (h *handler) scopedTaskQuery(w http.ResponseWriter, r *http.Request, p *service.Principal) (taskQuery, bool) {
	f, ff, asOf, err := h.taskFilter(r)
	if err != nil {
		h.fail(w, r, err)
		return taskQuery{}, false
	}
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return taskQuery{}, false
	}
	return taskQuery{f, ff, asOf, scope, m}, true
}

func (h *handler) taskList(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	q, ok := h.scopedTaskQuery(w, r, p)
	if !ok {
		return
	}
	f, ff, asOf, scope, m := q.f, q.ff, q.asOf, q.scope, q.m
	// The list depends on the data, the viewer's scope, the filters and the
	// day: leaders paging through the same list share one rendering.
	key := h.pageKey(r, p, m.Seq, "tasks", r.URL.Query().Encode(), asOf)
	body, err := h.cache.getOrBuild(key, func() ([]byte, error) {
		return h.renderContent(r, "tasks", &Page{Title: pr.T("web.tasks.title"), Nav: "tasks", Data: h.taskListData(r, p, m, scope, f, ff, asOf)})
	})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "tasks", &Page{Title: pr.T("web.tasks.title"), Nav: "tasks", Content: template.HTML(body)})
}

func (h *handler) taskListData(r *http.Request, p *service.Principal, m *readmodel.Model, scope readmodel.Scope, f readmodel.Filter, ff taskFilterForm, asOf domain.Date) *taskListData {
	pr := reqCtx(r).p
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, f)
	if ff.Sort == "urgency" {
		readmodel.SortByUrgency(ev, tasks)
	}
	d := &taskListData{Total: len(tasks), Counts: readmodel.Counts(ev, tasks), F: ff, CanNew: h.svc.CanCreateTasks(p), L: newListLabels(pr)}
	pgr, from, to := newPager(r.URL.Query(), len(tasks), tasksPerPage)
	d.Pager = pgr
	for _, t := range tasks[from:to] {
		d.Rows = append(d.Rows, newTaskRow(m, ev, t))
	}
	var plans []domain.Plan
	var sectors []domain.Sector
	var fronts []domain.Front
	var units []*readmodel.Unit
	var leaders []domain.Person
	h.fillChoices(m, scope, &plans, &sectors, &fronts, &units, &leaders)
	all := pr.T("web.all")
	id := func(v domain.ID) string {
		if v == 0 {
			return ""
		}
		return itoa(v)
	}
	var o []option
	for _, x := range plans {
		o = append(o, option{itoa(x.ID), x.Name})
	}
	d.PlanOpts, o = optionsHTML(all, o, id(ff.Plan)), nil
	for _, st := range domain.Statuses {
		o = append(o, option{string(st), d.L.StatusNames[st]})
	}
	d.StatusOpts, o = optionsHTML(all, o, ff.Status), nil
	for _, x := range sectors {
		o = append(o, option{itoa(x.ID), x.Name})
	}
	d.SectorOpts, o = optionsHTML(all, o, id(ff.Sector)), nil
	for _, x := range fronts {
		o = append(o, option{itoa(x.ID), x.Name})
	}
	d.FrontOpts, o = optionsHTML(all, o, id(ff.Front)), nil
	for _, x := range units {
		o = append(o, option{itoa(x.ID), x.Name})
	}
	d.UnitOpts, o = optionsHTML(all, o, id(ff.Unit)), nil
	for _, x := range leaders {
		o = append(o, option{itoa(x.ID), x.Name})
	}
	d.LeaderOpts, o = optionsHTML(all, o, id(ff.Leader)), nil
	for _, c := range domain.Categories {
		o = append(o, option{string(c), pr.T("category." + string(c))})
	}
	d.CatOpts = optionsHTML(all, o, ff.Category)
	return d
}

// fillChoices lists what the filter selects offer within a scope.
func (h *handler) fillChoices(m *readmodel.Model, scope readmodel.Scope, plans *[]domain.Plan, sectors *[]domain.Sector, fronts *[]domain.Front, units *[]*readmodel.Unit, leaders *[]domain.Person) {
	inScope := m.Find(nil, scope, readmodel.Filter{IncludeArchived: true})
	usedPlan, usedSector, usedFront, usedUnit, usedLeader := map[domain.ID]bool{}, map[domain.ID]bool{}, map[domain.ID]bool{}, map[domain.ID]bool{}, map[domain.ID]bool{}
	for _, t := range inScope {
		usedPlan[t.PlanID] = true
		usedSector[t.SectorID] = true
		for _, id := range t.FrontIDs {
			usedFront[id] = true
		}
		for _, id := range t.LeadUnitIDs {
			usedUnit[id] = true
		}
		for _, id := range t.CoUnitIDs {
			usedUnit[id] = true
		}
		for _, id := range t.LeaderIDs {
			usedLeader[id] = true
		}
	}
	for _, p := range m.Plans {
		if usedPlan[p.ID] {
			*plans = append(*plans, p)
		}
	}
	for _, s := range m.Sectors {
		if usedSector[s.ID] {
			*sectors = append(*sectors, s)
		}
	}
	for _, f := range m.Fronts {
		if usedFront[f.ID] {
			*fronts = append(*fronts, f)
		}
	}
	for _, u := range m.TreeOrder() {
		if usedUnit[u.ID] {
			*units = append(*units, u)
		}
	}
	for _, p := range m.People {
		if usedLeader[p.ID] {
			*leaders = append(*leaders, p)
		}
	}
}

// ganttPage shows the month-by-task plan of every task in scope.
func (h *handler) ganttPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	q, ok := h.scopedTaskQuery(w, r, p)
	if !ok {
		return
	}
	f, ff, asOf, scope, m := q.f, q.ff, q.asOf, q.scope, q.m
	if f.PlanID == 0 {
		f.Year = asOf.Year()
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, f)
	readmodel.SortByNumber(tasks)
	const maxRows = 300
	more := 0
	if len(tasks) > maxRows {
		more, tasks = len(tasks)-maxRows, tasks[:maxRows]
	}
	year := asOf.Year()
	if pl := m.Plan(f.PlanID); pl != nil {
		year = pl.Year
	}
	d := map[string]any{"Chart": h.ganttChart(pr, m, ev, year, tasks, asOf), "More": more, "F": ff, "Count": len(tasks),
		"MoreLink": fmt.Sprintf("/tasks?%s", r.URL.RawQuery)}
	h.render(w, r, http.StatusOK, "gantt", &Page{Title: pr.T("web.gantt.title"), Nav: "tasks", Data: d})
}
