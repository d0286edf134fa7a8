package chart

import "testing"

func TestBars(t *testing.T) {
	items := []BarItem{
		{Label: "区住建局", Link: "/units/1", Value: 80, Marker: 50, Color: "#2e7d32"},
		{Label: "区城管局", Value: 40, Marker: 50},
		{Label: "区教育局", Value: 120, Marker: -1, ValueLabel: "超额"},
	}
	root := parse(t, Bars(BarsData{Items: items, Max: 100, Percent: true, MarkerLabel: "序时进度"}))
	bars := root.find("rect", "ch-bar")
	tracks := root.find("rect", "ch-track")
	if len(bars) != 3 || len(tracks) != 3 {
		t.Fatalf("%d bars, %d tracks", len(bars), len(tracks))
	}
	full := tracks[0].f(t, "width")
	for i, want := range []float64{0.8, 0.4, 1} { // 120 is clamped to Max
		if got := bars[i].f(t, "width"); !near(got, full*want, 0.02) {
			t.Errorf("bar %d width %v, want %v", i, got, full*want)
		}
	}
	if bars[0].attr["fill"] != "#2e7d32" || bars[1].attr["fill"] != "#1e88e5" {
		t.Errorf("bar colours %s %s", bars[0].attr["fill"], bars[1].attr["fill"])
	}
	markers := root.find("line", "ch-marker")
	if len(markers) != 2 {
		t.Fatalf("%d markers, want 2", len(markers))
	}
	x0 := tracks[0].f(t, "x")
	if got := markers[0].f(t, "x1"); !near(got, x0+full/2, 0.02) {
		t.Errorf("marker at %v, want %v", got, x0+full/2)
	}
	if tip := bars[0].tip(); tip != "区住建局: 80% · 序时进度: 50%" {
		t.Errorf("tip = %q", tip)
	}
	values := root.find("text", "ch-value")
	if values[2].text != "超额" {
		t.Errorf("value label = %q", values[2].text)
	}
	// A value label never sits across the marker.
	for i, m := range []struct{ value, marker float64 }{{40, 50}, {49, 50}, {50, 50}, {51, 50}} {
		root := parse(t, Bars(BarsData{Items: []BarItem{{Label: "a", Value: m.value, Marker: m.marker}}, Max: 100, Percent: true}))
		v := root.find("text", "ch-value")[0]
		x, xm := v.f(t, "x"), root.find("line", "ch-marker")[0].f(t, "x1")
		if x < xm+1 && x+textWidth(v.text, fontTick) > xm-1 {
			t.Errorf("case %d: value label %v..%v crosses marker at %v", i, x, x+textWidth(v.text, fontTick), xm)
		}
	}
	if len(root.find("a", "")) != 1 {
		t.Errorf("want one link")
	}
}

func TestBarsAutoMax(t *testing.T) {
	root := parse(t, Bars(BarsData{Items: []BarItem{{Label: "a", Value: 3, Marker: -1}, {Label: "b", Value: 1, Marker: 6}}}))
	bars := root.find("rect", "ch-bar")
	full := root.find("rect", "ch-track")[0].f(t, "width")
	if !near(bars[0].f(t, "width"), full/2, 0.02) {
		t.Errorf("max should come from the marker 6: width %v of %v", bars[0].attr["width"], full)
	}
	if got := root.find("text", "ch-value")[0].text; got != "3" {
		t.Errorf("value label %q", got)
	}
}
