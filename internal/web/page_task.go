package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/chart"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/status"
)

type taskPageData struct {
	Row        taskRow
	Plan       *domain.Plan
	Lead, Co   []*readmodel.Unit
	Fronts     []string
	Leaders    []string
	Milestones []milestoneRow
	Reports    []reportRow
	Children   []taskRow
	Parent     *readmodel.Task
	CanEdit    bool
	CanReport  bool
	// Exemption is the approved 容错免责 from the task's failure; CanExempt
	// says the viewer's unit may apply for one.
	Exemption  *domain.ExemptionRef
	CanExempt  bool
	Chart      template.HTML
	AsOf       domain.Date
	Indicators []service.IndicatorStatus
	Goal       string
	// Cases are the supervision cases of the task (page_case_task.go).
	Cases *taskCasesData
}

type milestoneRow struct {
	domain.Milestone
	State string
}

type reportRow struct {
	R          domain.Report
	Unit       string
	Superseded bool
}

func (h *handler) taskPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	t, m, err := h.svc.Task(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	asOf := h.svc.Today()
	if v := r.URL.Query().Get("as_of"); v != "" {
		if d, err := domain.ParseDate(v); err == nil {
			asOf = d
		}
	}
	ev := m.Evaluate(asOf, m.Calendar)
	reps, err := h.svc.TaskReports(r.Context(), p, t.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &taskPageData{Row: newTaskRow(m, ev, t), Plan: t.Plan, Fronts: m.FrontNames(t.FrontIDs), Leaders: m.PersonNames(t.LeaderIDs),
		CanEdit: h.svc.CanEditTask(p, m, t), CanReport: h.svc.CanReport(p, m, t), AsOf: asOf, Parent: m.Task(t.ParentID)}
	for _, id := range t.LeadUnitIDs {
		d.Lead = append(d.Lead, m.Unit(id))
	}
	for _, id := range t.CoUnitIDs {
		d.Co = append(d.Co, m.Unit(id))
	}
	if d.Exemption, err = h.svc.TaskExemption(r.Context(), t.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanExempt = d.Exemption == nil && h.svc.CanApplyTaskExemption(r.Context(), p, t.ID)
	for _, ms := range t.Milestones {
		d.Milestones = append(d.Milestones, milestoneRow{Milestone: ms, State: milestoneState(ms, asOf)})
	}
	superseded := map[domain.ID]bool{}
	for _, rep := range reps {
		if rep.Supersedes != 0 && rep.Status == domain.ReportApproved {
			superseded[rep.Supersedes] = true
		}
	}
	for _, rep := range reps {
		d.Reports = append(d.Reports, reportRow{R: rep, Unit: m.UnitName(rep.UnitID), Superseded: superseded[rep.ID]})
	}
	for _, cid := range t.Children {
		if c := m.Task(cid); c != nil {
			d.Children = append(d.Children, newTaskRow(m, ev, c))
		}
	}
	d.Chart = h.taskChart(pr, t, asOf)
	if d.Indicators, err = h.svc.TaskIndicators(r.Context(), p, t.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if t.GoalID != 0 {
		if goals, err := h.svc.Goals(r.Context(), p, t.PlanID); err == nil {
			for _, g := range goals {
				if g.ID == t.GoalID {
					d.Goal = strings.TrimSpace(g.Code + " " + g.Title)
				}
			}
		}
	}
	todayStatus := domain.Status("")
	if asOf == h.svc.Today() {
		todayStatus = d.Row.Status
	}
	d.Cases = h.taskCases(r, p, t, todayStatus)
	h.render(w, r, http.StatusOK, "task", &Page{Title: t.Number + " " + t.Title, Nav: "tasks", Data: d})
}

// taskChart draws one task's reported progress against its expected path.
func (h *handler) taskChart(pr *i18n.Printer, t *readmodel.Task, asOf domain.Date) template.HTML {
	start := t.Start()
	end := t.Due
	if t.Ongoing || end.IsZero() {
		end = domain.NewDate(start.Year(), 12, 31)
	}
	var exp, act []chart.Point
	in := t.Input(asOf)
	for d := start; ; d = d.AddDays(7) {
		if d > end {
			d = end
		}
		e, ok := status.Expected(in, d)
		if ok {
			exp = append(exp, chart.Point{At: h.svc.MonthStart(d), Value: e})
		}
		if d == end {
			break
		}
	}
	for _, pt := range t.Points {
		if pt.Date <= asOf {
			act = append(act, chart.Point{At: h.svc.MonthStart(pt.Date), Value: pt.Progress})
		}
	}
	return chart.Trajectory(chart.TrajectoryData{Title: pr.T("web.task.chart"), Series: []chart.Series{
		{Name: pr.T("web.expected"), Points: exp, Dashed: true, Color: "#5f6b7a"},
		{Name: pr.T("web.progress"), Points: act, Color: "#1a4d8f", Step: true},
	}, Today: h.svc.MonthStart(asOf), TodayLabel: pr.T("web.as_of_short"), YLabel: "%", HalfLabel: pr.T("web.dashboard.half"),
		MonthLabel: func(mo time.Month) string { return pr.T("web.month", int(mo)) },
		From:       h.svc.MonthStart(domain.NewDate(start.Year(), 1, 1)), To: h.svc.MonthStart(domain.NewDate(end.Year(), 12, 31))})
}

// taskLink is the path of a task's page.
func taskLink(id domain.ID) string { return fmt.Sprintf("/tasks/%d", id) }
