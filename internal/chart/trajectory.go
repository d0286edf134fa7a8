package chart

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Point is one value of a series on a date; only the civil date of At counts.
type Point struct {
	At    time.Time
	Value float64
}

// Series is one line of a trajectory, e.g. 序时进度 or 实际进度.
type Series struct {
	Name   string
	Points []Point
	Dashed bool
	// Color is a CSS colour; empty picks one from a palette.
	Color string
	// Step holds each value until the next point (a milestone plan moves in
	// steps) instead of joining points with straight lines.
	Step bool
}

// TrajectoryData is expected against actual progress over time, 0–100 %.
type TrajectoryData struct {
	Title, Desc string
	Series      []Series
	// Today draws a vertical line when it falls within the range.
	Today      time.Time
	TodayLabel string
	// YLabel is written above the y axis, e.g. 累计进度.
	YLabel string
	// HalfLabel names the highlighted 50 % line, e.g. 任务过半.
	HalfLabel string
	// MonthLabel names the month ticks; nil gives "1" … "12".
	MonthLabel func(time.Month) string
	// From and To fix the date range shown (e.g. the plan year, both days
	// included); zero values mean the whole months spanned by the points and
	// Today. Points outside a fixed range are left out.
	From, To time.Time
	// Width is the viewBox width; 0 means 480.
	Width float64
}

// Trajectory layout in user units.
const (
	trajPadL    = 40
	trajPadR    = 14
	trajMarkers = 62 // above this many points a series draws no dots
)

// Trajectory draws expected against actual progress over time, with the
// 50 % line (时间过半、任务过半) highlighted and a line for today.
func Trajectory(t TrajectoryData) template.HTML {
	w := t.Width
	if w <= 0 {
		w = 480
	}
	monthLabel := t.MonthLabel
	if monthLabel == nil {
		monthLabel = func(m time.Month) string { return strconv.Itoa(int(m)) }
	}
	series := make([][]Point, len(t.Series))
	for i, s := range t.Series {
		series[i] = cleanPoints(s.Points)
	}
	lo, hi, ok := trajRange(t, series)
	if ok && (!t.From.IsZero() || !t.To.IsZero()) {
		for i := range series {
			series[i] = inRange(series[i], lo, hi)
		}
	}
	today := -1
	if ok && !t.Today.IsZero() && day(t.Today) >= lo && day(t.Today) < hi {
		today = day(t.Today)
	}

	var c canvas
	plotL, plotR := float64(trajPadL), w-trajPadR
	plotW := plotR - plotL
	y := 4.0
	if t.YLabel != "" {
		c.label(2, y+6, w-4, textStyle{size: fontTick, fill: colorMuted, class: "ch-axis-label"}, t.YLabel)
		y += 16
	}
	if today >= 0 {
		y += 16
	}
	plotT := y + 6
	plotH := math.Round(w * 0.4)
	plotB := plotT + plotH
	xOf := func(d float64) float64 { return plotL + (d-float64(lo))/float64(hi-lo)*plotW }
	yOf := func(v float64) float64 { return plotT + (100-clamp(v, 0, 100))/100*plotH }

	// Horizontal gridlines with % labels; 50 % is drawn on top later.
	for v := 0.0; v <= 100; v += 25 {
		yy := yOf(v)
		if v != 50 {
			c.line("ch-grid", plotL, yy, plotR, yy, colorGrid, 1, "")
		}
		st := textStyle{size: fontTick, anchor: "end", fill: colorMuted, class: "ch-tick"}
		if v == 50 {
			st.fill, st.bold, st.class = colorHalf, true, "ch-tick ch-half-tick"
		}
		c.text(plotL-4, yy, st, pct(v), "")
	}
	if ok {
		c.monthTicks(lo, hi, plotT, plotB, xOf, monthLabel)
	}
	// The 50 % line: the half of 时间过半、任务过半.
	c.line("ch-half", plotL, yOf(50), plotR, yOf(50), colorHalf, 1.5, "6 3")
	if t.HalfLabel != "" {
		c.label(plotR-2, yOf(50)-8, plotW/2, textStyle{size: fontTick, anchor: "end", fill: colorHalf, class: "ch-half-label"}, t.HalfLabel)
	}
	if today >= 0 {
		x := xOf(float64(today))
		c.line("ch-today", x, plotT-4, x, plotB, colorToday, 1.5, "")
		if t.TodayLabel != "" {
			lw := math.Min(textWidth(t.TodayLabel, fontTick), w)
			lx := clamp(x, lw/2+1, w-lw/2-1)
			c.label(lx, plotT-12, w, textStyle{size: fontTick, anchor: "middle", fill: colorToday, class: "ch-today-label"}, t.TodayLabel)
		}
	}

	var legend []legendItem
	var summary []string
	for i, s := range t.Series {
		color := safeColor(s.Color, paletteColor(i))
		pts := series[i]
		c.series(s, pts, color, xOf, yOf)
		if s.Name != "" {
			kind := swatchLine
			if s.Dashed {
				kind = swatchDash
			}
			legend = append(legend, legendItem{kind: kind, color: color, text: s.Name})
		}
		if n := len(pts); n > 0 {
			summary = append(summary, s.Name+": "+pct(pts[n-1].Value))
		}
	}
	// The frame goes last so series ending on an edge stay crisp.
	c.line("ch-axis", plotL, plotB, plotR, plotB, colorMuted, 1, "")
	bottom := c.legend(legend, 2, w-2, plotB+24)
	desc := t.Desc
	if desc == "" {
		desc = strings.Join(summary, "; ")
	}
	return c.finish("ch-trajectory", w, bottom+4, t.Title, desc)
}

// monthTicks draws a gridline at each month start and the month labels
// centred in their months, skipping labels that would collide.
func (c *canvas) monthTicks(lo, hi int, top, bottom float64, xOf func(float64) float64, name func(time.Month) string) {
	first := dayTime(lo)
	start := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	monthW := xOf(float64(lo)+30.44) - xOf(float64(lo))
	labelW := 0.0
	for m := time.January; m <= time.December; m++ {
		labelW = math.Max(labelW, textWidth(name(m), fontTick))
	}
	step := int(math.Max(1, math.Ceil((labelW+4)/monthW)))
	for k, m := 0, start; day(m) < hi; k, m = k+1, m.AddDate(0, 1, 0) {
		d0, d1 := max(day(m), lo), min(day(m.AddDate(0, 1, 0)), hi)
		if day(m) >= lo {
			x := xOf(float64(day(m)))
			c.line("ch-grid ch-month", x, top, x, bottom, colorGrid, 1, "")
		}
		if k%step != 0 {
			continue
		}
		x0, x1 := xOf(float64(d0)), xOf(float64(d1))
		if l := name(m.Month()); x1-x0 >= textWidth(l, fontTick)*0.6 || step > 1 {
			c.text((x0+x1)/2, bottom+12, textStyle{size: fontTick, anchor: "middle", fill: colorMuted, class: "ch-tick"}, l, "")
		}
	}
}

// series draws one polyline (when it has two points or more) and a dot
// per point carrying the exact value as a tooltip.
func (c *canvas) series(s Series, pts []Point, color string, xOf func(float64) float64, yOf func(float64) float64) {
	c.raw(`<g class="ch-series">`)
	if len(pts) >= 2 {
		var b strings.Builder
		for i, p := range pts {
			x, y := xOf(float64(day(p.At))), yOf(p.Value)
			if s.Step && i > 0 {
				b.WriteString(num(x) + "," + num(yOf(pts[i-1].Value)) + " ")
			}
			b.WriteString(num(x) + "," + num(y))
			if i < len(pts)-1 {
				b.WriteByte(' ')
			}
		}
		c.printf(`<polyline class="ch-line" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" points="%s"`, color, b.String())
		if s.Dashed {
			c.raw(` stroke-dasharray="6 4"`)
		}
		c.raw("><title>" + esc(s.Name) + "</title></polyline>")
	}
	first := 0
	if len(pts) > trajMarkers {
		first = len(pts) - 1 // dense series: only the latest value gets a dot
	}
	for _, p := range pts[first:] {
		tip := isoDate(p.At) + ": " + pct(p.Value)
		if s.Name != "" {
			tip = s.Name + " · " + tip
		}
		c.printf(`<circle class="ch-point" cx="%s" cy="%s" r="3" fill="%s" stroke="#ffffff" stroke-width="1"><title>%s</title></circle>`,
			num(xOf(float64(day(p.At)))), num(yOf(p.Value)), color, esc(tip))
	}
	c.raw(`</g>`)
}

// cleanPoints drops unusable points and sorts by date without touching the
// caller's slice.
func cleanPoints(in []Point) []Point {
	out := make([]Point, 0, len(in))
	for _, p := range in {
		if p.At.IsZero() || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return day(out[i].At) < day(out[j].At) })
	return out
}

func inRange(pts []Point, lo, hi int) []Point {
	out := pts[:0:0]
	for _, p := range pts {
		if d := day(p.At); d >= lo && d < hi {
			out = append(out, p)
		}
	}
	return out
}

// trajRange returns the day range [lo, hi) shown on the x axis; ok is false
// when there is nothing to place on it.
func trajRange(t TrajectoryData, series [][]Point) (lo, hi int, ok bool) {
	lo, hi = math.MaxInt, math.MinInt
	see := func(tm time.Time) {
		if tm.IsZero() {
			return
		}
		lo, hi = min(lo, day(tm)), max(hi, day(tm))
	}
	for _, pts := range series {
		for _, p := range pts {
			see(p.At)
		}
	}
	see(t.Today)
	see(t.From)
	see(t.To)
	if lo > hi {
		return 0, 1, false
	}
	// Whole months unless fixed: the ticks then land on the edges.
	if t.From.IsZero() {
		f := dayTime(lo)
		lo = day(time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC))
	} else {
		lo = day(t.From)
	}
	if t.To.IsZero() {
		l := dayTime(hi)
		hi = day(time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, time.UTC))
	} else {
		hi = day(t.To) + 1
	}
	if hi <= lo { // a fixed From after every point: show its month
		f := dayTime(lo)
		hi = day(time.Date(f.Year(), f.Month()+1, 1, 0, 0, 0, 0, time.UTC))
	}
	return lo, hi, true
}

func clamp(v, lo, hi float64) float64 {
	if hi < lo {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}
