package chart_test

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/chart"
)

// A page embeds a chart like any other template.HTML value.
func ExampleStatusBar() {
	page := template.Must(template.New("p").Parse(`<section class="card">{{.}}</section>`))
	svg := chart.StatusBar([]chart.StatusCount{
		{Status: "done", Label: "已完成", Count: 12, Link: "/tasks?status=done"},
		{Status: "lagging", Label: "滞后", Count: 3},
	}, 15, "任务状态")
	var b strings.Builder
	if err := page.Execute(&b, svg); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.HasPrefix(b.String(), `<section class="card"><svg `))
	// Output: true
}

func ExampleTrajectory() {
	year := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	svg := chart.Trajectory(chart.TrajectoryData{
		Title: "区住建局推进轨迹",
		Series: []chart.Series{
			{Name: "序时进度", Dashed: true, Points: []chart.Point{{At: year(1, 1), Value: 0}, {At: year(12, 31), Value: 100}}},
			{Name: "实际进度", Points: []chart.Point{{At: year(1, 1), Value: 0}, {At: year(6, 30), Value: 46}}},
		},
		From: year(1, 1), To: year(12, 31),
		Today: year(7, 10), TodayLabel: "今天", HalfLabel: "任务过半",
		MonthLabel: func(m time.Month) string { return fmt.Sprintf("%d月", m) },
	})
	fmt.Println(strings.Count(string(svg), "<polyline"))
	// Output: 2
}
