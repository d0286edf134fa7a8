package chart

import (
	"html/template"
	"math"
	"strings"
)

// BarsData is a horizontal league table, e.g. units ranked by progress
// with their expected progress as a marker. Items are drawn in the order
// given; the caller ranks them.
type BarsData struct {
	Title, Desc string
	Items       []BarItem
	// Max is the value of a full bar; 0 or less takes the largest value or
	// marker.
	Max float64
	// Percent formats default value labels and marker tooltips with "%".
	Percent bool
	// MarkerLabel names the marker in tooltips and a legend entry, e.g. 序时进度.
	MarkerLabel string
	// Width is the viewBox width; 0 means 480.
	Width float64
}

// BarItem is one row of the table.
type BarItem struct {
	Label, Link string
	Value       float64
	// Marker is drawn as a tick across the bar; below 0 means none.
	Marker float64
	// Color is a CSS colour; empty means the default blue.
	Color string
	// ValueLabel replaces the formatted value at the bar's end.
	ValueLabel string
}

// Bars layout in user units.
const (
	barsRowH = 24
	barsBarH = 14
	barsFont = 12
)

// Bars draws one horizontal bar per item with its value at the end and an
// optional marker tick.
func Bars(b BarsData) template.HTML {
	w := b.Width
	if w <= 0 {
		w = 480
	}
	format := value1
	if b.Percent {
		format = pct
	}
	top := b.Max
	if top <= 0 || math.IsNaN(top) || math.IsInf(top, 0) {
		top = 0
		for _, it := range b.Items {
			top = math.Max(top, finite(it.Value))
			top = math.Max(top, finite(it.Marker))
		}
		if top == 0 {
			top = 1
		}
	}
	labels := make([]string, len(b.Items))
	values := make([]string, len(b.Items))
	for i, it := range b.Items {
		labels[i] = it.Label
		values[i] = it.ValueLabel
		if values[i] == "" {
			values[i] = format(it.Value)
		}
	}
	labelW := clamp(maxTextWidth(labels, barsFont)+10, 40, math.Round(w*0.34))
	valueW := maxTextWidth(values, fontTick) + 8
	barL, barMax := labelW, w-labelW-valueW
	xOf := func(v float64) float64 { return barL + clamp(v/top, 0, 1)*barMax }

	var c canvas
	var summary []string
	for i, it := range b.Items {
		y := 2 + float64(i*barsRowH)
		mid := y + barsRowH/2
		c.raw(`<g class="ch-row">`)
		linked := c.openLink(it.Link)
		st := textStyle{size: barsFont, fill: colorText, class: "ch-label"}
		if linked {
			st.fill = colorLink
		}
		c.label(2, mid, labelW-8, st, it.Label)
		tip := it.Label + ": " + values[i]
		hasMarker := it.Marker >= 0 && !math.IsNaN(it.Marker) && !math.IsInf(it.Marker, 0)
		if hasMarker && b.MarkerLabel != "" {
			tip += " · " + b.MarkerLabel + ": " + format(it.Marker)
		}
		c.rect("ch-track", barL, mid-barsBarH/2, barMax, barsBarH, "#f5f5f5", "")
		x1 := xOf(finite(it.Value))
		c.rect("ch-bar", barL, mid-barsBarH/2, x1-barL, barsBarH, safeColor(it.Color, "#1e88e5"), tip)
		// The value goes after the bar, or after the marker when the marker
		// sits where the text would be.
		vx := x1 + 4
		if xm := xOf(it.Marker); hasMarker && xm > x1-2 && xm < vx+textWidth(values[i], fontTick)+2 {
			vx = xm + 4
		}
		c.text(vx, mid, textStyle{size: fontTick, fill: colorText, class: "ch-value"}, values[i], "")
		if hasMarker {
			xm := xOf(it.Marker)
			mtip := format(it.Marker)
			if b.MarkerLabel != "" {
				mtip = b.MarkerLabel + ": " + mtip
			}
			c.printf(`<line class="ch-marker" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"><title>%s</title></line>`,
				num(xm), num(mid-barsBarH/2-3), num(xm), num(mid+barsBarH/2+3), colorMarker, esc(mtip))
		}
		c.closeLink(linked)
		c.raw(`</g>`)
		summary = append(summary, it.Label+": "+values[i])
	}
	bottom := 2 + float64(len(b.Items)*barsRowH)
	if b.MarkerLabel != "" {
		bottom = c.legend([]legendItem{{kind: swatchTick, color: colorMarker, text: b.MarkerLabel}}, barL, w, bottom+4)
	}
	desc := b.Desc
	if desc == "" {
		desc = strings.Join(summary, "; ")
	}
	return c.finish("ch-bars", w, bottom+4, b.Title, desc)
}

// finite maps NaN and ±Inf to 0 so a bad value draws an empty bar, not a
// broken document.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
