package chart

import (
	"strings"
	"testing"
	"time"
)

func pts(vals ...float64) []Point {
	var out []Point
	for i, v := range vals {
		out = append(out, Point{time.Date(2025, time.Month(i+1), 15, 0, 0, 0, 0, time.UTC), v})
	}
	return out
}

func TestTrajectoryPolylines(t *testing.T) {
	dense := make([]Point, 100)
	for i := range dense {
		dense[i] = Point{date("2025-01-01").AddDate(0, 0, i), float64(i)}
	}
	for _, c := range []struct {
		name       string
		series     Series
		wantPoints int // coordinates in the polyline; 0 = no polyline
		wantDots   int
	}{
		{"empty", Series{Name: "a"}, 0, 0},
		{"single", Series{Name: "a", Points: pts(40)}, 0, 1},
		{"straight", Series{Name: "a", Points: pts(10, 20, 30, 45)}, 4, 4},
		{"step", Series{Name: "a", Points: pts(0, 25, 50), Step: true}, 5, 3},
		{"dense", Series{Name: "a", Points: dense}, 100, 1},
		{"unsorted", Series{Points: []Point{pts(0, 10, 20)[2], pts(0, 10, 20)[0], pts(0, 10, 20)[1]}}, 3, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := parse(t, Trajectory(TrajectoryData{Series: []Series{c.series}}))
			lines := root.find("polyline", "")
			switch {
			case c.wantPoints == 0 && len(lines) != 0:
				t.Fatalf("%d polylines, want none", len(lines))
			case c.wantPoints > 0 && len(lines) != 1:
				t.Fatalf("%d polylines, want 1", len(lines))
			case c.wantPoints > 0:
				if got := len(strings.Fields(lines[0].attr["points"])); got != c.wantPoints {
					t.Errorf("polyline has %d points, want %d", got, c.wantPoints)
				}
			}
			if got := len(root.find("circle", "ch-point")); got != c.wantDots {
				t.Errorf("%d dots, want %d", got, c.wantDots)
			}
		})
	}
}

func TestTrajectoryUnsortedIsOrdered(t *testing.T) {
	p := pts(0, 10, 20)
	root := parse(t, Trajectory(TrajectoryData{Series: []Series{{Points: []Point{p[2], p[0], p[1]}}}}))
	var xs []float64
	for _, c := range root.find("circle", "ch-point") {
		xs = append(xs, c.f(t, "cx"))
	}
	if len(xs) != 3 || !(xs[0] < xs[1] && xs[1] < xs[2]) {
		t.Errorf("dots not in date order: %v", xs)
	}
}

// TestTrajectoryPositions checks the half line and the today line land
// where the data says, reading the plot edges from the chart itself.
func TestTrajectoryPositions(t *testing.T) {
	root := parse(t, Trajectory(TrajectoryData{
		From: date("2025-01-01"), To: date("2025-12-31"), Today: date("2025-07-02"), TodayLabel: "today",
		YLabel: "y", HalfLabel: "half",
		Series: []Series{{Name: "s", Points: []Point{{date("2025-01-01"), 0}, {date("2025-07-02"), 50}, {date("2025-12-31"), 100}}}},
	}))
	half := root.find("line", "ch-half")
	if len(half) != 1 {
		t.Fatalf("%d half lines", len(half))
	}
	h := half[0]
	plotL, plotR, yHalf := h.f(t, "x1"), h.f(t, "x2"), h.f(t, "y1")
	if h.f(t, "y2") != yHalf {
		t.Fatalf("half line not horizontal")
	}
	// The gridlines at 0 and 100 % are equally far from 50 %.
	var ys []float64
	for _, g := range root.find("line", "ch-grid") {
		if g.f(t, "y1") == g.f(t, "y2") {
			ys = append(ys, g.f(t, "y1"))
		}
	}
	if len(ys) != 4 {
		t.Fatalf("%d horizontal gridlines, want 4 (0, 25, 75, 100)", len(ys))
	}
	top, bottom := ys[3], ys[0] // drawn from 0 % upwards
	if !near(yHalf, (top+bottom)/2, 0.01) {
		t.Errorf("half at y=%v, want midway between %v and %v", yHalf, top, bottom)
	}
	today := root.find("line", "ch-today")
	if len(today) != 1 {
		t.Fatalf("%d today lines", len(today))
	}
	x := today[0].f(t, "x1")
	want := plotL + (plotR-plotL)*182/365 // 2 July is day 182 after 1 January
	if !near(x, want, 0.02) {
		t.Errorf("today at x=%v, want %v", x, want)
	}
	// The point valued 50 on that day sits on both lines.
	dots := root.find("circle", "ch-point")
	if !near(dots[1].f(t, "cx"), x, 0.02) || !near(dots[1].f(t, "cy"), yHalf, 0.02) {
		t.Errorf("mid point at (%v,%v), want (%v,%v)", dots[1].attr["cx"], dots[1].attr["cy"], x, yHalf)
	}
	if !strings.Contains(dots[1].tip(), "2025-07-02: 50%") {
		t.Errorf("dot tooltip = %q", dots[1].tip())
	}
	if got := len(root.find("line", "ch-month")); got != 12 {
		t.Errorf("%d month lines, want 12", got)
	}
	if got := len(root.find("text", "ch-tick")); got != 5+12 {
		t.Errorf("%d tick labels, want 17", got)
	}
}

func TestTrajectoryRange(t *testing.T) {
	// Today outside a fixed range: no today line; points outside are dropped.
	root := parse(t, Trajectory(TrajectoryData{
		From: date("2025-01-01"), To: date("2025-06-30"), Today: date("2025-08-01"),
		Series: []Series{{Points: pts(1, 2, 3, 4, 5, 6, 7, 8)}},
	}))
	if n := len(root.find("line", "ch-today")); n != 0 {
		t.Errorf("%d today lines for a day outside the range", n)
	}
	if n := len(root.find("circle", "ch-point")); n != 6 {
		t.Errorf("%d dots, want 6", n)
	}
	// Without a range the axis spans whole months around the data.
	root = parse(t, Trajectory(TrajectoryData{Series: []Series{{Points: []Point{{date("2025-03-10"), 1}, {date("2025-05-20"), 2}}}}}))
	if n := len(root.find("line", "ch-month")); n != 3 {
		t.Errorf("%d month lines, want 3 (Mar, Apr, May)", n)
	}
	// Month labels come from the caller.
	root = parse(t, Trajectory(TrajectoryData{From: date("2025-01-01"), To: date("2025-12-31"),
		MonthLabel: func(m time.Month) string { return m.String()[:3] }}))
	found := false
	for _, s := range root.texts() {
		found = found || s == "Jul"
	}
	if !found {
		t.Errorf("custom month label missing")
	}
}

func TestTrajectoryDesc(t *testing.T) {
	root := parse(t, Trajectory(TrajectoryData{Series: []Series{{Name: "plan", Points: pts(10, 20)}, {Name: "real", Points: pts(5, 12.345)}}}))
	if got := root.kids[1].text; got != "plan: 20%; real: 12.3%" {
		t.Errorf("desc = %q", got)
	}
	root = parse(t, Trajectory(TrajectoryData{Desc: "given"}))
	if root.kids[1].text != "given" {
		t.Errorf("caller desc not used")
	}
}
