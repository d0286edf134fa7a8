package web

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/chart"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// dashboardData is the 作战图 as the template sees it.
type dashboardData struct {
	D          *service.Dashboard
	AsOf       domain.Date
	PlanID     domain.ID
	Tiles      []statusTile
	HalfOK     bool
	Share      float64
	Behind     []taskRow
	BehindMore int
	DueSoon    []taskRow
	Leagues    []league
	StatusBar  template.HTML
	Trajectory template.HTML
	Gantt      template.HTML
	Heatmap    template.HTML
	HeatMore   bool
}

type statusTile struct {
	Status domain.Status
	Label  string
	Count  int
	Link   string
}

type league struct {
	Key   string
	Title string
	Chart template.HTML
	Rows  []leagueRow
	// More counts rows left out of the table; MoreLink shows them all.
	More     int
	MoreLink string
}

type leagueRow struct {
	Name     string
	Link     string
	Summary  service.GroupStatus
	Gap      float64
	Behind   bool
	Overdue  int
	Lagging  int
	Progress float64
}

// taskRow is a task line in lists, with its figures already formatted so
// that long lists render without a template call per cell.
type taskRow struct {
	T        *readmodel.Task
	Status   domain.Status
	Progress float64
	Expected float64
	HasE     bool
	Gap      float64
	Lead     string
	Sector   string
	Missed   int
	// ProgressText, ExpectedText and the bar widths, formatted.
	ProgressText, ExpectedText string
	ProgressW, ExpectedW       string
}

func newTaskRow(m *readmodel.Model, ev *readmodel.Evaluation, t *readmodel.Task) taskRow {
	r := ev.Of(t)
	row := taskRow{T: t, Status: r.Status, Progress: r.Progress, Expected: r.Expected, HasE: r.HasExpected, Gap: r.Gap(),
		Lead: strings.Join(m.UnitNames(t.LeadUnitIDs), "、"), Sector: m.SectorName(t.SectorID), Missed: r.Missed,
		ProgressText: formatPct(r.Progress), ProgressW: barWidth(r.Progress), ExpectedText: "—"}
	if r.HasExpected {
		row.ExpectedText, row.ExpectedW = formatPct(r.Expected), barWidth(r.Expected)
	}
	return row
}

const dashboardListSize = 15

func (h *handler) dashboard(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	if home := homeFor(p); home != "/" {
		http.Redirect(w, r, home, http.StatusSeeOther)
		return
	}
	q := r.URL.Query()
	asOf := h.svc.Today()
	if v := q.Get("as_of"); v != "" {
		d, err := domain.ParseDate(v)
		if err != nil {
			h.fail(w, r, badDate(r, "as_of", "web.field.as_of"))
			return
		}
		asOf = d
	}
	planID := formID(r, "plan")
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	key := h.pageKey(r, p, m.Seq, "dash", planID, asOf)
	pg := &Page{Title: pr.T("web.dashboard.title"), Nav: "dashboard"}
	body, err := h.cache.getOrBuild(key, func() ([]byte, error) {
		d, err := h.svc.Dashboard(r.Context(), p, service.DashboardFilter{AsOf: asOf, PlanID: planID})
		if err != nil {
			return nil, err
		}
		return h.renderContent(r, "dashboard", &Page{Title: pg.Title, Nav: pg.Nav, Data: h.dashboardData(pr, d)})
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg.Content = template.HTML(body)
	h.render(w, r, http.StatusOK, "dashboard", pg)
}

// scopeKey identifies what a viewer may see and do (the person, every role
// and its unit), so only viewers with the same grants share cached pages.
func scopeKey(p *service.Principal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", p.Account.PersonID)
	gs := append([]domain.Grant(nil), p.Account.Grants...)
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Role != gs[j].Role {
			return gs[i].Role < gs[j].Role
		}
		return gs[i].UnitID < gs[j].UnitID
	})
	for _, g := range gs {
		fmt.Fprintf(&b, ";%s:%d", g.Role, g.UnitID)
	}
	return b.String()
}

func (h *handler) dashboardData(pr *i18n.Printer, d *service.Dashboard) *dashboardData {
	m, ev := d.Model, d.Eval
	out := &dashboardData{D: d, AsOf: d.AsOf, PlanID: d.PlanID, Share: d.Summary.Share(), HalfOK: !d.Summary.Behind}
	base := "/tasks?" + buildQuery("plan", d.PlanID, "as_of", asOfParam(d.AsOf, h.svc.Today()))
	var counts []chart.StatusCount
	for _, st := range domain.Statuses {
		n := d.Summary.Counts[st]
		link := base + "&status=" + string(st)
		out.Tiles = append(out.Tiles, statusTile{Status: st, Label: pr.T("status." + string(st)), Count: n, Link: link})
		if n > 0 {
			counts = append(counts, chart.StatusCount{Status: string(st), Label: pr.T("status." + string(st)), Count: n, Link: link})
		}
	}
	out.StatusBar = chart.StatusBar(counts, d.Summary.Tasks, pr.T("web.dashboard.by_status"))
	for i, t := range d.Behind {
		if i >= dashboardListSize {
			out.BehindMore = len(d.Behind) - dashboardListSize
			break
		}
		out.Behind = append(out.Behind, newTaskRow(m, ev, t))
	}
	for i, t := range d.DueSoon {
		if i >= dashboardListSize {
			break
		}
		out.DueSoon = append(out.DueSoon, newTaskRow(m, ev, t))
	}
	out.Leagues = []league{
		h.league(pr, "unit", pr.T("web.dashboard.by_unit"), d.Units, func(g readmodel.Group) string { return fmt.Sprintf("/units/%d", g.ID) }, base),
		h.league(pr, "sector", pr.T("web.dashboard.by_sector"), d.Sectors, nil, base),
		h.league(pr, "front", pr.T("web.dashboard.by_front"), d.Fronts, nil, base),
		h.league(pr, "leader", pr.T("web.dashboard.by_leader"), d.Leaders, nil, base),
	}
	out.Trajectory = h.trajectoryChart(pr, d)
	out.Gantt = h.ganttChart(pr, d.Model, ev, d.Year, ganttTasks(d), d.AsOf)
	out.Heatmap = h.heatmapChart(pr, mostBehind(d.Heat, dashboardHeatRows))
	out.HeatMore = len(d.Heat.Units) > dashboardHeatRows
	return out
}

// The 作战图 shows the units furthest behind; the full grids are a click away.
const (
	dashboardHeatRows   = 25
	dashboardLeagueRows = 15
)

// mostBehind keeps the n rows of a heat map with the largest latest gap.
func mostBehind(hm service.Heatmap, n int) service.Heatmap {
	if len(hm.Units) <= n {
		return hm
	}
	last := len(hm.Months) - 1
	idx := make([]int, len(hm.Units))
	for i := range idx {
		idx[i] = i
	}
	gap := func(i int) float64 {
		if last < 0 || hm.Missing[i][last] {
			return -1e9
		}
		return hm.Gap[i][last]
	}
	sort.SliceStable(idx, func(a, b int) bool { return gap(idx[a]) > gap(idx[b]) })
	out := service.Heatmap{Months: hm.Months}
	for _, i := range idx[:n] {
		out.Units = append(out.Units, hm.Units[i])
		out.Gap = append(out.Gap, hm.Gap[i])
		out.Missing = append(out.Missing, hm.Missing[i])
	}
	return out
}

// asOfParam keeps as_of in links only when it is not today.
func asOfParam(asOf, today domain.Date) string {
	if asOf == today {
		return ""
	}
	return asOf.String()
}

func (h *handler) league(pr *i18n.Printer, key, title string, gs []readmodel.Group, link func(readmodel.Group) string, base string) league {
	lg := league{Key: key, Title: title}
	var items []chart.BarItem
	if len(gs) > dashboardLeagueRows {
		lg.More = len(gs) - dashboardLeagueRows
		gs = gs[:dashboardLeagueRows]
		if key == "unit" {
			lg.MoreLink = "/units"
		}
	}
	for _, g := range gs {
		row := leagueRow{Name: g.Name, Summary: service.GroupStatusOf(g.Name, g.Summary), Gap: g.Summary.Expected - g.Summary.Progress,
			Behind: g.Summary.Behind, Overdue: g.Summary.Counts[domain.StatusOverdue], Lagging: g.Summary.Counts[domain.StatusLagging] + g.Summary.Counts[domain.StatusSevere]}
		switch {
		case link != nil:
			row.Link = link(g)
		case g.ID != 0:
			row.Link = base + "&" + key + "=" + fmt.Sprint(g.ID)
		}
		lg.Rows = append(lg.Rows, row)
		if len(items) < 20 {
			color := chart.StatusColor(string(domain.StatusOnTrack))
			if g.Summary.Behind {
				color = chart.StatusColor(string(domain.StatusLagging))
			}
			items = append(items, chart.BarItem{Label: g.Name, Link: row.Link, Value: g.Summary.Progress, Marker: g.Summary.Expected, Color: color})
		}
	}
	lg.Chart = chart.Bars(chart.BarsData{Title: title, Items: items, Max: 100, Percent: true, MarkerLabel: pr.T("web.expected"), Width: 340})
	return lg
}

func (h *handler) trajectoryChart(pr *i18n.Printer, d *service.Dashboard) template.HTML {
	var exp, act []chart.Point
	for _, tp := range d.Trajectory {
		at := h.svc.MonthStart(tp.Date)
		exp = append(exp, chart.Point{At: at, Value: tp.Expected})
		act = append(act, chart.Point{At: at, Value: tp.Progress})
	}
	return chart.Trajectory(chart.TrajectoryData{
		Title: pr.T("web.dashboard.trajectory"), Desc: pr.T("web.dashboard.trajectory_desc"),
		Series: []chart.Series{
			{Name: pr.T("web.expected"), Points: exp, Dashed: true, Color: "#5f6b7a"},
			{Name: pr.T("web.progress"), Points: act, Color: "#1a4d8f"},
		},
		Today: h.svc.MonthStart(d.AsOf), TodayLabel: pr.T("web.as_of_short"), YLabel: "%", HalfLabel: pr.T("web.dashboard.half"),
		MonthLabel: func(mo time.Month) string { return pr.T("web.month", int(mo)) },
		From:       h.svc.MonthStart(domain.NewDate(d.Year, 1, 1)), To: h.svc.MonthStart(domain.NewDate(d.Year, 12, 31)),
	})
}

// ganttTasks picks the dashboard's Gantt rows: what is behind first, then
// what is due soon, then key tasks, at most 30.
func ganttTasks(d *service.Dashboard) []*readmodel.Task {
	var out []*readmodel.Task
	seen := map[domain.ID]bool{}
	add := func(ts []*readmodel.Task) {
		for _, t := range ts {
			if len(out) >= 30 || seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			out = append(out, t)
		}
	}
	add(d.Behind)
	add(d.DueSoon)
	var key []*readmodel.Task
	for _, t := range d.Tasks {
		if t.Category == domain.CategoryKey || t.Category == domain.CategoryHighlight {
			key = append(key, t)
		}
	}
	add(key)
	return out
}

func (h *handler) ganttChart(pr *i18n.Printer, m *readmodel.Model, ev *readmodel.Evaluation, year int, tasks []*readmodel.Task, asOf domain.Date) template.HTML {
	g := chart.GanttData{Title: pr.T("web.gantt.title"), Desc: pr.T("web.gantt.desc"), Year: year,
		Today: h.svc.MonthStart(asOf), TodayLabel: pr.T("web.as_of_short"),
		MilestoneLabels: [3]string{pr.T("web.ms.done"), pr.T("web.ms.missed"), pr.T("web.ms.upcoming")}}
	for i := range g.MonthLabels {
		g.MonthLabels[i] = pr.T("web.month", i+1)
	}
	for _, t := range tasks {
		r := ev.Of(t)
		row := chart.GanttRow{Label: t.Number + " " + t.Title, Link: fmt.Sprintf("/tasks/%d", t.ID), Start: h.svc.MonthStart(t.Start()),
			Status: string(r.Status), StatusLabel: pr.T("status." + string(r.Status)), Progress: r.Progress}
		if !t.Ongoing {
			row.Due = h.svc.MonthStart(t.Due)
		}
		for _, ms := range t.Milestones {
			row.Milestones = append(row.Milestones, chart.GanttMilestone{At: h.svc.MonthStart(ms.Due), Label: ms.Description, State: milestoneState(ms, asOf)})
		}
		g.Rows = append(g.Rows, row)
	}
	return chart.Gantt(g)
}

// milestoneState is how a node stands on a date.
func milestoneState(ms domain.Milestone, asOf domain.Date) string {
	switch {
	case !ms.CompletedOn.IsZero() && ms.CompletedOn <= asOf:
		return "done"
	case ms.Due < asOf:
		return "missed"
	}
	return "upcoming"
}

func (h *handler) heatmapChart(pr *i18n.Printer, hm service.Heatmap) template.HTML {
	data := chart.HeatmapData{Title: pr.T("web.heat.title"), Desc: pr.T("web.heat.desc"), Values: hm.Gap, Missing: hm.Missing,
		Legend: pr.T("web.heat.legend"), Scale: chart.GapScale(), MissingLabel: pr.T("web.heat.missing")}
	for _, u := range hm.Units {
		data.Rows = append(data.Rows, u.Name)
		data.RowLinks = append(data.RowLinks, fmt.Sprintf("/units/%d", u.ID))
	}
	for _, mo := range hm.Months {
		if mo == mo.MonthEnd() {
			data.Cols = append(data.Cols, pr.T("web.month", int(mo.Month())))
		} else {
			data.Cols = append(data.Cols, fmt.Sprintf("%d/%d", int(mo.Month()), mo.Day()))
		}
	}
	return chart.Heatmap(data)
}
