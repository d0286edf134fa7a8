package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi/luoshi/internal/chart"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// lightColors draw the lights on charts with the colours of the task
// statuses they resemble.
var lightColors = map[domain.CaseLight]domain.Status{domain.LightRed: domain.StatusOverdue, domain.LightYellow: domain.StatusLagging,
	domain.LightBlue: domain.StatusDueSoon, domain.LightNone: domain.StatusOnTrack, domain.LightClosedOnTime: domain.StatusDone,
	domain.LightClosedLate: domain.StatusSevere}

// caseStatsRow is a group of the board with the link to its cases.
type caseStatsRow struct {
	service.CaseStats
	Href string
}

type caseBoardData struct {
	Tabs                     []caseTab
	Tab                      string
	B                        *service.CaseBoard
	F                        caseFilterForm
	BySource, ByLeader       []caseStatsRow
	ByUnit, Ranking          []caseStatsRow
	LightChart, RankingChart template.HTML
	RateChart                template.HTML
	SourceOpts, LeaderOpts   template.HTML
	UnitOpts                 template.HTML
}

// caseBoardPage is the office's board: figures by source, leader and lead
// unit, the overdue ranking, on-time closing rates and working days to
// close, for the cases the viewer may read.
func (h *handler) caseBoardPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	_, ff := caseFilter(r)
	f := service.CaseBoardFilter{Year: ff.Year, Source: domain.CaseSource(ff.Source), LeaderID: ff.Leader, UnitID: ff.Unit}
	b, err := h.svc.CaseBoard(r.Context(), p, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := &caseBoardData{Tabs: caseTabs(pr, p), Tab: "board", B: b, F: ff}
	base := url.Values{}
	if ff.Year != 0 {
		base.Set("year", strconv.Itoa(ff.Year))
	}
	link := func(k, v string) string { return withParam("/cases", base, k, v) }
	for _, st := range b.BySource {
		d.BySource = append(d.BySource, caseStatsRow{st, link("source", st.Key)})
	}
	for _, st := range b.ByLeader {
		d.ByLeader = append(d.ByLeader, caseStatsRow{st, link("leader", st.Key)})
	}
	for _, st := range b.ByUnit {
		d.ByUnit = append(d.ByUnit, caseStatsRow{st, link("unit", st.Key)})
	}
	for _, st := range b.OverdueRanking {
		d.Ranking = append(d.Ranking, caseStatsRow{st, link("unit", st.Key)})
	}
	d.charts(pr, link)
	lists := &caseListData{F: ff}
	h.caseFilterOptions(pr, m, scope, lists)
	d.SourceOpts, d.LeaderOpts, d.UnitOpts = lists.SourceOpts, lists.LeaderOpts, lists.UnitOpts
	h.render(w, r, http.StatusOK, "case_board", &Page{Title: pr.T("caseweb.board.title"), Nav: "cases", Data: d})
}

// charts draws the lights of all cases, the overdue ranking and the
// on-time closing rate by unit.
func (d *caseBoardData) charts(pr *i18n.Printer, link func(k, v string) string) {
	var counts []chart.StatusCount
	for _, l := range domain.CaseLights {
		if n := d.B.Summary.Lights[string(l)]; n > 0 {
			counts = append(counts, chart.StatusCount{Status: string(lightColors[l]), Label: pr.T("cases.light." + string(l)), Count: n,
				Link: link("light", string(l))})
		}
	}
	d.LightChart = chart.StatusBar(counts, d.B.Summary.Total, pr.T("caseweb.board.lights"))
	var rank []chart.BarItem
	for _, st := range d.Ranking {
		rank = append(rank, chart.BarItem{Label: st.Name, Link: st.Href, Value: float64(st.Overdue), Marker: -1,
			Color: chart.StatusColor(string(domain.StatusOverdue)), ValueLabel: pr.T("caseweb.board.overdue_n", st.Overdue, st.ClosedLate)})
	}
	if len(rank) > 0 {
		d.RankingChart = chart.Bars(chart.BarsData{Title: pr.T("caseweb.board.ranking"), Items: rank, Width: 420})
	}
	var rate []chart.BarItem
	for _, st := range d.ByUnit {
		if st.OnTimeRate != nil {
			rate = append(rate, chart.BarItem{Label: st.Name, Link: st.Href, Value: *st.OnTimeRate, Marker: -1,
				Color: chart.StatusColor(string(domain.StatusDone))})
		}
	}
	if len(rate) > 0 {
		d.RateChart = chart.Bars(chart.BarsData{Title: pr.T("caseweb.board.rate"), Items: rate, Max: 100, Percent: true, Width: 420})
	}
}
