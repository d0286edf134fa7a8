package chart

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func ganttRows(n int) []GanttRow {
	rows := make([]GanttRow, n)
	for i := range rows {
		rows[i] = GanttRow{
			Label:  fmt.Sprintf("%d task", i+1),
			Start:  date("2025-02-01"),
			Due:    date("2025-09-30"),
			Status: "on_track", Progress: 40,
			Milestones: []GanttMilestone{{At: date("2025-04-30"), State: "done"}, {At: date("2025-06-30"), State: "missed"}, {At: date("2025-08-31")}},
		}
	}
	return rows
}

func TestGanttCounts(t *testing.T) {
	for _, n := range []int{0, 1, 12, 150} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rows := ganttRows(n)
			if n > 0 {
				rows[0].Link = "/tasks/1"
				rows[0].Due = time.Time{} // ongoing
			}
			root := parse(t, Gantt(GanttData{Year: 2025, Rows: rows, Today: date("2025-07-02"), TodayLabel: "today"}))
			if got := len(root.find("rect", "ch-bar")); got != n {
				t.Errorf("%d bars, want %d", got, n)
			}
			if got := len(root.find("g", "ch-row")); got != n {
				t.Errorf("%d row groups, want %d", got, n)
			}
			if got := len(root.find("line", "ch-month")); got != 12 {
				t.Errorf("%d month gridlines, want 12", got)
			}
			if got := len(root.find("path", "ch-milestone")); got != 3*n {
				t.Errorf("%d milestones, want %d", got, 3*n)
			}
			if got := len(root.find("line", "ch-today")); got != 1 {
				t.Errorf("%d today lines", got)
			}
			wantLabels := 12
			if n > ganttRepeat {
				wantLabels = 24 // repeated below a long chart
			}
			if got := len(root.find("text", "ch-tick")); got != wantLabels {
				t.Errorf("%d month labels, want %d", got, wantLabels)
			}
			if n > 0 {
				if got := len(root.find("a", "")); got != 1 {
					t.Errorf("%d links, want 1", got)
				}
				if got := len(root.find("rect", "ch-ongoing")); got != 1 {
					t.Errorf("%d ongoing bars, want 1", got)
				}
			}
		})
	}
}

// TestGanttHeightGrows checks that rows keep their height: 150 rows make a
// taller chart instead of thinner rows.
func TestGanttHeightGrows(t *testing.T) {
	height := func(n int) float64 {
		vb := strings.Fields(parse(t, Gantt(GanttData{Year: 2025, Rows: ganttRows(n)})).attr["viewBox"])
		var h float64
		fmt.Sscan(vb[3], &h)
		return h
	}
	h12, h150 := height(12), height(150)
	if got := h150 - h12; got < 138*ganttRowH {
		t.Errorf("150 rows are only %v taller than 12", got)
	}
	root := parse(t, Gantt(GanttData{Year: 2025, Rows: ganttRows(150)}))
	bars := root.find("rect", "ch-bar")
	if bars[1].f(t, "y")-bars[0].f(t, "y") != ganttRowH || bars[149].f(t, "height") != ganttBarH {
		t.Errorf("rows squeezed")
	}
}

func TestGanttPositions(t *testing.T) {
	rows := []GanttRow{{Label: "a", Start: date("2025-01-01"), Due: date("2025-12-31"), Status: "lagging", Progress: 25,
		Milestones: []GanttMilestone{{At: date("2025-07-02"), Label: "node", State: "missed"}}}}
	root := parse(t, Gantt(GanttData{Year: 2025, Rows: rows, Today: date("2025-07-02")}))
	months := root.find("line", "ch-month")
	frame := root.find("line", "ch-frame")
	x0, x1 := months[0].f(t, "x1"), frame[0].f(t, "x1")
	// Month lines sit at the first of each month.
	if want := x0 + (x1-x0)*181/365; !near(months[6].f(t, "x1"), want, 0.02) {
		t.Errorf("July line at %v, want %v", months[6].attr["x1"], want)
	}
	// Today is drawn in the middle of its day, 2 July = day 182.
	want := x0 + (x1-x0)*182.5/365
	if got := root.find("line", "ch-today")[0].f(t, "x1"); !near(got, want, 0.02) {
		t.Errorf("today at %v, want %v", got, want)
	}
	ms := root.find("path", "ch-milestone")[0]
	if !strings.HasPrefix(ms.attr["d"], "M"+num(want)+" ") || ms.attr["fill"] != StatusColor("overdue") {
		t.Errorf("milestone %v, want at x=%v in red", ms.attr, want)
	}
	if ms.tip() != "node · 2025-07-02" {
		t.Errorf("milestone tip = %q", ms.tip())
	}
	bar := root.find("rect", "ch-bar")[0]
	prog := root.find("rect", "ch-progress")[0]
	if !near(bar.f(t, "x"), x0, 0.01) || !near(bar.f(t, "x")+bar.f(t, "width"), x1, 0.01) {
		t.Errorf("full-year bar spans %v+%v, want %v..%v", bar.attr["x"], bar.attr["width"], x0, x1)
	}
	if !near(prog.f(t, "width"), bar.f(t, "width")/4, 0.02) || prog.attr["fill"] != StatusColor("lagging") {
		t.Errorf("progress %v, want a quarter of the bar in the lagging colour", prog.attr)
	}
}

func TestGanttLabels(t *testing.T) {
	long := "6 营商环境优化提升三年行动（2025年度任务）"
	root := parse(t, Gantt(GanttData{Year: 2025, Rows: []GanttRow{{Label: long, Link: "javascript:alert(1)", StatusLabel: "滞后", Progress: 12.34,
		Start: date("2025-03-01"), Due: date("2025-10-31")}},
		MonthLabels: [12]string{0: "一月"}}))
	label := root.find("text", "ch-label")[0]
	if label.tip() != long || !strings.HasSuffix(label.text, "…") {
		t.Errorf("truncated label %q with tip %q", label.text, label.tip())
	}
	if len(root.find("a", "")) != 0 {
		t.Errorf("javascript: link kept")
	}
	bar := root.find("rect", "ch-bar")[0]
	if want := long + " · 滞后 · 12.3% · 2025-03-01 – 2025-10-31"; bar.tip() != want {
		t.Errorf("bar tip = %q, want %q", bar.tip(), want)
	}
	ticks := root.find("text", "ch-tick")
	if ticks[0].text != "一月" || ticks[1].text != "2" {
		t.Errorf("month labels %q %q", ticks[0].text, ticks[1].text)
	}
}

func TestGanttLegend(t *testing.T) {
	root := parse(t, Gantt(GanttData{Year: 2025, Legend: []StatusCount{{Status: "done", Label: "已完成"}, {Status: "severe", Label: "严重滞后"}},
		MilestoneLabels: [3]string{"done", "", "upcoming"}}))
	if got := len(root.find("text", "ch-legend-text")); got != 4 {
		t.Errorf("%d legend entries, want 4", got)
	}
}
