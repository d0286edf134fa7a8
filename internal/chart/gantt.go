package chart

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GanttData is the month-by-task plan of one year.
type GanttData struct {
	Title, Desc string
	// Year is the calendar year shown; 0 takes Today's year.
	Year int
	// MonthLabels name the months; empty entries default to "1" … "12".
	MonthLabels [12]string
	Rows        []GanttRow
	Today       time.Time
	TodayLabel  string
	// Legend explains the status colours under the chart (Count and Link
	// are ignored); empty draws none.
	Legend []StatusCount
	// MilestoneLabels name the done, missed and upcoming diamonds in the
	// legend; empty entries are left out.
	MilestoneLabels [3]string
	// Width is the viewBox width; 0 means 560.
	Width float64
}

// GanttRow is one task.
type GanttRow struct {
	Label string
	// Link is an optional href for the row.
	Link string
	// Start zero means the start of the year; Due zero means ongoing: the
	// bar runs to the year end, lighter and with a dashed outline.
	Start, Due time.Time
	Status     string
	// StatusLabel is the translated status, shown in the bar's tooltip.
	StatusLabel string
	Progress    float64
	Milestones  []GanttMilestone
}

// GanttMilestone is a dated node on a task.
type GanttMilestone struct {
	At    time.Time
	Label string
	State string // "done", "missed" or "upcoming"
}

// Gantt layout in user units.
const (
	ganttRowH    = 22
	ganttBarH    = 12
	ganttHead    = 20
	ganttRepeat  = 20 // more rows than this repeat the month labels below
	ganttPadR    = 6
	ganttMinBarW = 3
	ganttDiamond = 6 // half-diagonal of a milestone diamond
)

// MilestoneColor returns the diamond colour for a milestone state.
func MilestoneColor(state string) string {
	switch state {
	case "done":
		return StatusColor("done")
	case "missed":
		return StatusColor("overdue")
	}
	return colorMilestone
}

// Gantt draws one bar per task across the months of a year, coloured by
// status with the progress share darker, milestone diamonds and a line for
// today. The height grows with the rows, so 150 tasks stay as legible as 12.
func Gantt(g GanttData) template.HTML {
	w := g.Width
	if w <= 0 {
		w = 560
	}
	year := g.Year
	if year == 0 {
		year = g.Today.Year()
	}
	lo := day(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC))
	hi := day(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	labelW := math.Round(w * 0.3)
	plotL, plotR := labelW, w-ganttPadR
	xOf := func(d float64) float64 { return plotL + (d-float64(lo))/float64(hi-lo)*(plotR-plotL) }
	today := -1
	if !g.Today.IsZero() && day(g.Today) >= lo && day(g.Today) < hi {
		today = day(g.Today)
	}
	months := ganttMonths(g.MonthLabels)

	var c canvas
	// Month labels on top, then the today label, then the rows: the today
	// line then never crosses a month label.
	rowsT := float64(ganttHead)
	if today >= 0 && g.TodayLabel != "" {
		rowsT += 16
	}
	n := max(len(g.Rows), 1)
	rowsB := rowsT + float64(n*ganttRowH)

	for i := 1; i < len(g.Rows); i += 2 {
		c.rect("ch-zebra", 0, rowsT+float64(i*ganttRowH), w, ganttRowH, colorZebra, "")
	}
	c.monthGrid(months, year, xOf, rowsT, rowsB, ganttHead/2)
	if len(g.Rows) > ganttRepeat {
		c.monthLabels(months, year, xOf, rowsB+ganttHead/2)
		rowsB += ganttHead
	}
	for i, r := range g.Rows {
		c.ganttRow(r, rowsT+float64(i*ganttRowH), labelW, plotR, lo, hi, xOf)
	}
	if today >= 0 {
		x := xOf(float64(today) + 0.5)
		c.line("ch-today", x, rowsT-4, x, rowsT+float64(n*ganttRowH), colorToday, 1.5, "")
		if g.TodayLabel != "" {
			lw := textWidth(g.TodayLabel, fontTick)
			c.label(clamp(x, lw/2+1, w-lw/2-1), ganttHead+6, w, textStyle{size: fontTick, anchor: "middle", fill: colorToday, class: "ch-today-label"}, g.TodayLabel)
		}
	}
	bottom := c.legend(ganttLegend(g), 2, w-2, rowsB+6)
	return c.finish("ch-gantt", w, bottom+4, g.Title, g.Desc)
}

func ganttMonths(in [12]string) [12]string {
	for i, l := range in {
		if l == "" {
			in[i] = strconv.Itoa(i + 1)
		}
	}
	return in
}

func ganttLegend(g GanttData) []legendItem {
	var items []legendItem
	for _, s := range g.Legend {
		items = append(items, legendItem{kind: swatchRect, color: StatusColor(s.Status), text: s.Label})
	}
	for i, state := range []string{"done", "missed", "upcoming"} {
		if l := g.MilestoneLabels[i]; l != "" {
			items = append(items, legendItem{kind: swatchDiamond, color: MilestoneColor(state), text: l})
		}
	}
	return items
}

// monthGrid draws the twelve month gridlines and the labels above them.
func (c *canvas) monthGrid(months [12]string, year int, xOf func(float64) float64, rowsT, rowsB, labelY float64) {
	for m := 0; m < 12; m++ {
		x := xOf(float64(day(time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC))))
		c.line("ch-grid ch-month", x, rowsT, x, rowsB, colorGrid, 1, "")
	}
	end := xOf(float64(day(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))))
	c.line("ch-grid ch-frame", end, rowsT, end, rowsB, colorGrid, 1, "")
	c.monthLabels(months, year, xOf, labelY)
}

// monthLabels centres each month's label in its column, shrinking the
// font when a label is wider than the column.
func (c *canvas) monthLabels(months [12]string, year int, xOf func(float64) float64, y float64) {
	for m := 0; m < 12; m++ {
		x0 := xOf(float64(day(time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC))))
		x1 := xOf(float64(day(time.Date(year, time.Month(m+2), 1, 0, 0, 0, 0, time.UTC))))
		size := float64(fontTick)
		if tw := textWidth(months[m], fontTick); tw > x1-x0-2 {
			size = math.Max(7, fontTick*(x1-x0-2)/tw)
		}
		c.text((x0+x1)/2, y, textStyle{size: size, anchor: "middle", fill: colorMuted, class: "ch-tick"}, months[m], "")
	}
}

// ganttRow draws one task: label, bar, progress, percentage and milestones.
func (c *canvas) ganttRow(r GanttRow, y0, labelW, plotR float64, lo, hi int, xOf func(float64) float64) {
	c.raw(`<g class="ch-row">`)
	linked := c.openLink(r.Link)
	mid := y0 + ganttRowH/2
	st := textStyle{size: fontLabel - 1, fill: colorText, class: "ch-label"}
	if linked {
		st.fill = colorLink
	}
	c.label(4, mid, labelW-10, st, r.Label)

	s, e := lo, hi
	if !r.Start.IsZero() {
		s = day(r.Start)
	}
	ongoing := r.Due.IsZero()
	if !ongoing {
		e = day(r.Due) + 1 // the due day itself is included
	}
	xs := xOf(float64(clampInt(s, lo, hi)))
	xe := xOf(float64(clampInt(e, lo, hi)))
	if xe-xs < ganttMinBarW { // outside the year or inverted: keep a visible stub at the edge
		xs = clamp(xs, xOf(float64(lo)), xOf(float64(hi))-ganttMinBarW)
		xe = xs + ganttMinBarW
	}
	color := StatusColor(r.Status)
	by := mid - ganttBarH/2
	tip := ganttTip(r)
	if ongoing {
		light, _ := lighten(color, 0.75)
		c.printf(`<rect class="ch-bar ch-ongoing" x="%s" y="%s" width="%s" height="%d" fill="%s" stroke="%s" stroke-width="1" stroke-dasharray="3 2"><title>%s</title></rect>`,
			num(xs), num(by), num(xe-xs), ganttBarH, light, color, esc(tip))
	} else {
		light, _ := lighten(color, 0.6)
		c.rect("ch-bar", xs, by, xe-xs, ganttBarH, light, tip)
	}
	p := clamp(r.Progress, 0, 100)
	if pw := (xe - xs) * p / 100; pw > 0 {
		c.rect("ch-progress", xs, by, pw, ganttBarH, color, tip)
	}
	label := pct(p)
	lw := textWidth(label, fontSmall)
	// The percentage goes after the bar, past any diamond sitting there.
	lx := xe + 3
	for _, mx := range milestoneXs(r.Milestones, lo, hi, xOf) {
		if mx+ganttDiamond > lx && mx-ganttDiamond < lx+lw {
			lx = mx + ganttDiamond + 1
		}
	}
	switch {
	case lx+lw <= plotR+ganttPadR:
		c.text(lx, mid, textStyle{size: fontSmall, fill: colorMuted, class: "ch-value"}, label, "")
	case xe-xs >= lw+6:
		ink := inkOn(color)
		if p < 90 {
			ink = colorText // the end of the bar is the light part
		}
		c.text(xe-3, mid, textStyle{size: fontSmall, anchor: "end", fill: ink, class: "ch-value"}, label, "")
	}
	for _, m := range r.Milestones {
		if m.At.IsZero() || day(m.At) < lo || day(m.At) >= hi {
			continue
		}
		mtip := isoDate(m.At)
		if m.Label != "" {
			mtip = m.Label + " · " + mtip
		}
		c.diamond("ch-milestone ch-ms-"+msState(m.State), xOf(float64(day(m.At))+0.5), mid, ganttDiamond, MilestoneColor(m.State), mtip)
	}
	c.closeLink(linked)
	c.raw(`</g>`)
}

// milestoneXs returns the sorted x positions of the milestones in the year.
func milestoneXs(ms []GanttMilestone, lo, hi int, xOf func(float64) float64) []float64 {
	var xs []float64
	for _, m := range ms {
		if !m.At.IsZero() && day(m.At) >= lo && day(m.At) < hi {
			xs = append(xs, xOf(float64(day(m.At))+0.5))
		}
	}
	slices.Sort(xs)
	return xs
}

// msState keeps a class name to the known states.
func msState(s string) string {
	switch s {
	case "done", "missed":
		return s
	}
	return "upcoming"
}

func ganttTip(r GanttRow) string {
	parts := []string{}
	if r.Label != "" {
		parts = append(parts, r.Label)
	}
	if r.StatusLabel != "" {
		parts = append(parts, r.StatusLabel)
	}
	parts = append(parts, pct(clamp(r.Progress, 0, 100)))
	span := ""
	if !r.Start.IsZero() {
		span = isoDate(r.Start)
	}
	span += " – "
	if !r.Due.IsZero() {
		span += isoDate(r.Due)
	}
	return strings.Join(append(parts, strings.TrimSpace(span)), " · ")
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }
