package chart

import (
	"strings"
	"testing"
)

var testCounts = []StatusCount{
	{Status: "done", Label: "已完成", Count: 3, Link: "/tasks?status=done"},
	{Status: "lagging", Label: "滞后", Count: 0},
	{Status: "overdue", Label: "逾期", Count: 1},
}

func TestStatusBar(t *testing.T) {
	for _, c := range []struct {
		name      string
		total     int
		wantSegs  int
		wantShare []float64 // of the bar width, per drawn segment
	}{
		{"exact", 4, 2, []float64{0.75, 0.25}},
		{"total too small", 1, 2, []float64{0.75, 0.25}},
		{"remainder", 8, 3, []float64{0.375, 0.125, 0.5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := parse(t, StatusBar(testCounts, c.total, "状态"))
			segs := root.find("rect", "ch-seg")
			if len(segs) != c.wantSegs {
				t.Fatalf("%d segments, want %d", len(segs), c.wantSegs)
			}
			x := 0.0
			for i, s := range segs {
				if !near(s.f(t, "x"), x, 0.01) || !near(s.f(t, "width"), statusW*c.wantShare[i], 0.01) {
					t.Errorf("segment %d at %s+%s", i, s.attr["x"], s.attr["width"])
				}
				x += s.f(t, "width")
			}
			if segs[0].attr["fill"] != StatusColor("done") || segs[1].attr["fill"] != StatusColor("overdue") {
				t.Errorf("segment colours %s %s", segs[0].attr["fill"], segs[1].attr["fill"])
			}
			// Every status is in the legend, zero counts too.
			if got := len(root.find("text", "ch-legend-text")); got != 3 {
				t.Errorf("%d legend entries, want 3", got)
			}
			// The done segment and its legend entry link.
			if got := len(root.find("a", "")); got != 2 {
				t.Errorf("%d links, want 2", got)
			}
		})
	}
	root := parse(t, StatusBar(testCounts, 4, "状态"))
	if tip := root.find("rect", "ch-seg")[0].tip(); tip != "已完成: 3 (75%)" {
		t.Errorf("tip = %q", tip)
	}
	if d := root.kids[1].text; d != "已完成: 3; 滞后: 0; 逾期: 1; Σ 4" {
		t.Errorf("desc = %q", d)
	}
}

func TestDonut(t *testing.T) {
	root := parse(t, Donut(testCounts, 4, "状态"))
	segs := root.find("path", "ch-seg")
	if len(segs) != 2 {
		t.Fatalf("%d arcs, want 2", len(segs))
	}
	// Three quarters clockwise from twelve o'clock ends at nine o'clock:
	// the large-arc flag is set and the arc ends left of the centre.
	d := segs[0].attr["d"]
	if !strings.Contains(d, " 0 1 1 "+num(4)+" "+num(donutR+4)) {
		t.Errorf("arc d = %q", d)
	}
	if got := root.find("text", "ch-total")[0].text; got != "4" {
		t.Errorf("total = %q", got)
	}
	one := parse(t, Donut([]StatusCount{{Status: "done", Count: 2}}, 2, ""))
	if got := len(one.find("circle", "ch-seg")); got != 1 {
		t.Errorf("a full ring must be a circle, got %d", got)
	}
}
