package chart

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// samples renders every chart with realistic district data; the tests
// check them and TestWriteSamples writes them out for a human to look at.
func samples() map[string]template.HTML {
	months := [12]string{}
	for i := range months {
		months[i] = fmt.Sprintf("%d月", i+1)
	}
	monthLabel := func(m time.Month) string { return months[m-1] }
	d := func(s string) time.Time {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	today := d("2025-07-10")

	expected := Series{Name: "序时进度", Dashed: true, Color: "#757575"}
	actual := Series{Name: "实际进度", Color: "#1565c0"}
	plan := Series{Name: "节点计划", Step: true, Color: "#8d6e63"}
	for m := 1; m <= 12; m++ {
		end := time.Date(2025, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
		expected.Points = append(expected.Points, Point{end, float64(end.YearDay()) * 100 / 365})
		if m <= 6 {
			actual.Points = append(actual.Points, Point{end, []float64{5, 12, 20, 31, 38, 46}[m-1]})
		}
		if m%3 == 0 {
			plan.Points = append(plan.Points, Point{end, float64(m) * 25 / 3})
		}
	}
	expected.Points = append([]Point{{d("2025-01-01"), 0}}, expected.Points...)
	actual.Points = append([]Point{{d("2025-01-01"), 0}}, actual.Points...)
	plan.Points = append([]Point{{d("2025-01-01"), 0}}, plan.Points...)

	traj := Trajectory(TrajectoryData{
		Title: "区住建局 2025 年度任务推进轨迹", Series: []Series{expected, plan, actual},
		Today: today, TodayLabel: "今天 7月10日", YLabel: "累计进度", HalfLabel: "时间过半、任务过半",
		MonthLabel: monthLabel, From: d("2025-01-01"), To: d("2025-12-31"),
	})

	tasks := []string{
		"12 老旧小区改造提升工程", "3 重点项目建设攻坚行动", "27 城市生活垃圾分类示范片区创建",
		"45 智慧城管平台升级改造", "8 招商引资税源培育", "19 背街小巷综合整治",
		"31 农村人居环境整治提升", "52 义务教育学校新建扩建", "6 营商环境优化提升三年行动（2025年度任务）",
		"14 信访积案化解攻坚", "38 全国文明城市创建迎检", "60 区域医疗中心建设",
	}
	statuses := []string{"on_track", "lagging", "severe", "done", "overdue", "due_soon", "not_started", "on_track", "ongoing", "lagging", "on_track", "severe"}
	statusLabels := map[string]string{"done": "已完成", "on_track": "正常", "due_soon": "临期", "lagging": "滞后", "severe": "严重滞后", "overdue": "逾期", "not_started": "未启动", "ongoing": "持续推进"}
	var rows []GanttRow
	for i, name := range tasks {
		st := statuses[i]
		r := GanttRow{
			Label: name, Link: fmt.Sprintf("/tasks/%d", i+1), Status: st, StatusLabel: statusLabels[st],
			Start: d("2025-01-01").AddDate(0, i%4, 0), Due: d("2025-06-30").AddDate(0, i%7, 0),
			Progress: float64((i*17 + 10) % 101),
		}
		switch st {
		case "done":
			r.Progress = 100
		case "not_started":
			r.Start, r.Progress = d("2025-08-01"), 0
		case "ongoing":
			r.Due = time.Time{}
		case "overdue":
			r.Due = d("2025-05-31")
		}
		r.Milestones = []GanttMilestone{
			{At: d("2025-03-31"), Label: "完成方案设计", State: "done"},
			{At: d("2025-06-30"), Label: "主体完工", State: map[bool]string{true: "missed", false: "done"}[i%3 == 1]},
			{At: d("2025-10-31"), Label: "竣工验收", State: "upcoming"},
		}
		rows = append(rows, r)
	}
	var legend []StatusCount
	for _, st := range []string{"done", "on_track", "due_soon", "lagging", "severe", "overdue", "not_started", "ongoing"} {
		legend = append(legend, StatusCount{Status: st, Label: statusLabels[st]})
	}
	gantt := Gantt(GanttData{Title: "2025 年重点任务作战图", Year: 2025, MonthLabels: months, Rows: rows,
		Today: today, TodayLabel: "今天", Legend: legend, MilestoneLabels: [3]string{"节点已完成", "节点逾期", "节点未到"}})

	var big []GanttRow
	for i := 0; i < 150; i++ {
		r := rows[i%len(rows)]
		r.Label = fmt.Sprintf("%d %s", i+1, strings.SplitN(r.Label, " ", 2)[1])
		big = append(big, r)
	}
	gantt150 := Gantt(GanttData{Title: "150 项任务", Year: 2025, MonthLabels: months, Rows: big, Today: today, TodayLabel: "今天"})

	units := []string{"区住建局", "区城管局", "区教育局", "区卫健委", "区财政局", "区发改委", "区交通运输局",
		"市生态环境局某某区分局", "区市场监管局", "区文旅局", "东城街道办事处", "西湖镇人民政府"}
	var values [][]float64
	var missing [][]bool
	for r := range units {
		var vr []float64
		var mr []bool
		for m := 0; m < 7; m++ {
			vr = append(vr, float64((r*7+m*5)%34-9)+0.5*float64(m%2))
			mr = append(mr, (r == 3 && m == 5) || (r == 10 && m == 6))
		}
		values = append(values, vr)
		missing = append(missing, mr)
	}
	heat := Heatmap(HeatmapData{Title: "各单位月度进度差", Rows: units, Cols: months[:7], Values: values,
		Missing: missing, Legend: "进度差（百分点）", MissingLabel: "未报送"})

	counts := []StatusCount{
		{"done", "已完成", 23, "/tasks?status=done"}, {"on_track", "正常", 61, "/tasks?status=on_track"},
		{"due_soon", "临期", 9, ""}, {"lagging", "滞后", 27, ""}, {"severe", "严重滞后", 11, ""},
		{"overdue", "逾期", 6, ""}, {"not_started", "未启动", 5, ""}, {"ongoing", "持续推进", 3, ""},
	}
	var items []BarItem
	for i, u := range units {
		v := float64(70 - i*6)
		items = append(items, BarItem{Label: u, Link: "/units/" + fmt.Sprint(i), Value: v, Marker: 52.1,
			Color: map[bool]string{true: StatusColor("lagging"), false: StatusColor("on_track")}[v < 52.1]})
	}
	bars := Bars(BarsData{Title: "各单位进度排名", Items: items, Max: 100, Percent: true, MarkerLabel: "序时进度 52.1%"})

	return map[string]template.HTML{
		"1-trajectory": traj,
		"2-gantt":      gantt,
		"3-heatmap":    heat,
		"4-statusbar":  StatusBar(counts, 145, "任务状态"),
		"5-donut":      Donut(counts, 145, "任务状态"),
		"6-bars":       bars,
		"7-gantt150":   gantt150,
	}
}

// TestWriteSamples writes each sample as an .svg and all of them into one
// HTML page, into a temporary directory, or into $CHART_SAMPLES when set so
// they can be opened in a browser.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CHART_SAMPLES")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := samples()
	for k, v := range edgeCases() {
		s["9-edge-"+k] = v
	}
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	slices.Sort(names)
	var page strings.Builder
	page.WriteString(`<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>chart samples</title>` +
		`<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:8px}.ch{max-width:760px;display:block}h2{font-size:16px}</style></head><body>`)
	for _, n := range names {
		svg := string(s[n])
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Fatalf("%s: not XML: %v", n, err)
		}
		if err := os.WriteFile(filepath.Join(dir, n+".svg"), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		page.WriteString("<h2>" + n + "</h2>" + svg)
	}
	page.WriteString("</body></html>")
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
