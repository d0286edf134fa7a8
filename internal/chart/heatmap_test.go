package chart

import (
	"fmt"
	"math"
	"testing"
)

func TestHeatmapCells(t *testing.T) {
	rows := []string{"区住建局", "区城管局", "东城街道"}
	cols := []string{"1月", "2月", "3月", "4月"}
	values := [][]float64{{-3, 0, 5, 25}, {10, math.NaN(), 19.96, 20}, {1}}
	missing := [][]bool{{false, false, false, true}}
	root := parse(t, Heatmap(HeatmapData{Rows: rows, Cols: cols, Values: values, Missing: missing,
		RowLinks: []string{"/units/1", "", "/units/3"}, MissingLabel: "未报送", Legend: "进度差"}))
	cells := root.find("rect", "ch-cell")
	if len(cells) != len(rows)*len(cols) {
		t.Fatalf("%d cells, want %d", len(cells), len(rows)*len(cols))
	}
	// Missing: the flagged one, the NaN, and the three past the short row.
	if got := len(root.find("rect", "ch-missing")); got != 5 {
		t.Errorf("%d missing cells, want 5", got)
	}
	gap := GapScale()
	for i, c := range []struct {
		tip, fill string
	}{
		{"区住建局 · 1月: -3", gap.Stops[0].Color},
		{"区住建局 · 2月: 0", gap.Stops[0].Color}, // on track at exactly 0
		{"区住建局 · 3月: 5", gap.Stops[1].Color},
		{"区住建局 · 4月: 未报送", colorEmpty},
		{"区城管局 · 1月: 10", gap.Stops[2].Color},
		{"区城管局 · 2月: 未报送", colorEmpty},
		{"区城管局 · 3月: 20", gap.Stops[2].Color}, // 19.96 is shown rounded but is not severe
		{"区城管局 · 4月: 20", gap.Stops[3].Color},
		{"东城街道 · 1月: 1", gap.Stops[1].Color},
	} {
		if cells[i].tip() != c.tip || cells[i].attr["fill"] != c.fill {
			t.Errorf("cell %d: %q %s, want %q %s", i, cells[i].tip(), cells[i].attr["fill"], c.tip, c.fill)
		}
	}
	if got := len(root.find("a", "")); got != 2 {
		t.Errorf("%d row links, want 2", got)
	}
	// Key: caption, four stops, the missing swatch.
	if got := len(root.find("text", "ch-legend-text")); got != 6 {
		t.Errorf("%d legend texts, want 6", got)
	}
}

func TestScaleColor(t *testing.T) {
	s := GapScale()
	for _, c := range []struct {
		v    float64
		stop int
	}{{-50, 0}, {0, 0}, {0.01, 1}, {9.99, 1}, {10, 2}, {19.99, 2}, {20, 3}, {80, 3}} {
		if got := s.Color(c.v); got != s.Stops[c.stop].Color {
			t.Errorf("Color(%v) = %s, want stop %d", c.v, got, c.stop)
		}
	}
	if (Scale{}).Color(1) != colorUnknown {
		t.Errorf("empty scale")
	}
	custom := Scale{Stops: []Stop{{Value: 0, Color: "javascript:x"}, {Value: 50, Color: "#00f"}}}
	if custom.Color(1) != colorUnknown || custom.Color(60) != "#00f" {
		t.Errorf("custom scale: %s %s", custom.Color(1), custom.Color(60))
	}
}

func TestHeatmapWide(t *testing.T) {
	cols := make([]string, 36)
	for i := range cols {
		cols[i] = fmt.Sprint(i + 1)
	}
	root := parse(t, Heatmap(HeatmapData{Rows: []string{"a"}, Cols: cols, Values: [][]float64{make([]float64, 36)}}))
	cells := root.find("rect", "ch-cell")
	if len(cells) != 36 || cells[0].f(t, "width") < heatMinW-1.01 {
		t.Errorf("36 columns squeezed: %d cells, width %s", len(cells), cells[0].attr["width"])
	}
}

func TestHeatmapManyRows(t *testing.T) {
	rows := make([]string, 150)
	values := make([][]float64, 150)
	for i := range rows {
		rows[i] = fmt.Sprintf("单位%d", i)
		values[i] = []float64{float64(i % 30), -1}
	}
	root := parse(t, Heatmap(HeatmapData{Rows: rows, Cols: []string{"1月", "2月"}, Values: values, HideValues: true}))
	if got := len(root.find("rect", "ch-cell")); got != 300 {
		t.Errorf("%d cells, want 300", got)
	}
	if got := len(root.find("text", "ch-cell-text")); got != 0 {
		t.Errorf("%d values shown with HideValues", got)
	}
	if got := len(root.find("text", "ch-tick")); got != 4 {
		t.Errorf("%d column labels, want 4 (top and bottom)", got)
	}
}
