package chart

import (
	"html/template"
	"math"
)

// HeatmapData is a grid of values, e.g. units × months of progress gap in
// points (expected − actual: ≤ 0 good, > 0 behind).
type HeatmapData struct {
	Title, Desc string
	Rows        []string
	// RowLinks are optional hrefs, parallel to Rows.
	RowLinks []string
	Cols     []string
	// Values[r][c]; a short row or a NaN counts as missing.
	Values  [][]float64
	Missing [][]bool
	// Legend is the caption in front of the colour key, e.g. 进度差（百分点）.
	Legend string
	// Scale colours the cells; no stops means GapScale.
	Scale Scale
	// MissingLabel names missing cells in tooltips and the key, e.g. 未报送.
	MissingLabel string
	// HideValues leaves the numbers out of the cells.
	HideValues bool
	// Width is the viewBox width; 0 means 560. It grows when the columns
	// would get narrower than a two-digit number.
	Width float64
}

// Scale maps values to colours in steps.
type Scale struct {
	// Stops in ascending order of Value. A value takes the colour of the
	// last stop it reaches; the first stop also covers everything below.
	Stops []Stop
}

// Stop is one step of a Scale, starting at Value.
type Stop struct {
	Value float64
	Color string
	Label string
	// Exclusive starts the stop just above Value (v > Value), e.g. "behind"
	// begins above a gap of 0, while 0 itself is on track.
	Exclusive bool
}

// GapScale is the default scale for progress gaps in points: ≤ 0 green,
// up to 10 light amber, 10–20 amber, 20 and more (严重滞后) red.
func GapScale() Scale {
	return Scale{Stops: []Stop{
		{Value: 0, Color: "#66bb6a", Label: "≤0"},
		{Value: 0, Color: "#ffe082", Label: "0–10", Exclusive: true},
		{Value: 10, Color: "#ffb300", Label: "10–20"},
		{Value: 20, Color: "#e53935", Label: "≥20"},
	}}
}

// Color returns the colour of v.
func (s Scale) Color(v float64) string {
	if len(s.Stops) == 0 {
		return colorUnknown
	}
	c := s.Stops[0].Color
	for _, st := range s.Stops[1:] {
		if v > st.Value || (v == st.Value && !st.Exclusive) {
			c = st.Color
		}
	}
	return safeColor(c, colorUnknown)
}

// Heatmap layout in user units.
const (
	heatCellH = 22
	heatHead  = 20
	heatMinW  = 26
	heatFont  = 12
)

// Heatmap draws one cell per row and column coloured by the scale, with
// the value inside and "row · col: value" as its tooltip; missing cells are
// light grey with a dash.
func Heatmap(h HeatmapData) template.HTML {
	scale := h.Scale
	if len(scale.Stops) == 0 {
		scale = GapScale()
	}
	w := h.Width
	if w <= 0 {
		w = 560
	}
	labelW := clamp(maxTextWidth(h.Rows, heatFont)+10, 48, math.Round(w*0.32))
	ncols := len(h.Cols)
	cellW := 0.0
	if ncols > 0 {
		cellW = (w - labelW - 4) / float64(ncols)
		if cellW < heatMinW {
			cellW = heatMinW
			w = labelW + 4 + float64(ncols)*cellW
		}
	}
	var c canvas
	c.colLabels(h.Cols, labelW, cellW, heatHead/2)
	top := float64(heatHead)
	anyMissing := false
	for r, name := range h.Rows {
		y := top + float64(r*heatCellH)
		c.raw(`<g class="ch-row">`)
		linked := c.openLink(at(h.RowLinks, r))
		st := textStyle{size: heatFont, fill: colorText, class: "ch-label"}
		if linked {
			st.fill = colorLink
		}
		c.label(4, y+heatCellH/2, labelW-8, st, name)
		for col, colName := range h.Cols {
			v, ok := cellValue(h, r, col)
			x := labelW + float64(col)*cellW
			tipHead := name + " · " + colName + ": "
			if !ok {
				anyMissing = true
				missing := h.MissingLabel
				if missing == "" {
					missing = "—"
				}
				c.rect("ch-cell ch-missing", x+0.5, y+0.5, cellW-1, heatCellH-1, colorEmpty, tipHead+missing)
				c.text(x+cellW/2, y+heatCellH/2, textStyle{size: fontSmall, anchor: "middle", fill: colorMuted, class: "ch-cell-text"}, "—", "")
				continue
			}
			fill := scale.Color(v)
			c.rect("ch-cell", x+0.5, y+0.5, cellW-1, heatCellH-1, fill, tipHead+value1(v))
			if t := value1(v); !h.HideValues && textWidth(t, fontTick) <= cellW-3 {
				c.text(x+cellW/2, y+heatCellH/2, textStyle{size: fontTick, anchor: "middle", fill: inkOn(fill), class: "ch-cell-text"}, t, "")
			}
		}
		c.closeLink(linked)
		c.raw(`</g>`)
	}
	bottom := top + float64(len(h.Rows)*heatCellH)
	if len(h.Rows) > ganttRepeat {
		c.colLabels(h.Cols, labelW, cellW, bottom+heatHead/2)
		bottom += heatHead
	}
	items := []legendItem{}
	if h.Legend != "" {
		items = append(items, legendItem{kind: swatchNone, text: h.Legend})
	}
	for _, s := range scale.Stops {
		items = append(items, legendItem{kind: swatchRect, color: safeColor(s.Color, colorUnknown), text: s.Label})
	}
	if anyMissing && h.MissingLabel != "" {
		items = append(items, legendItem{kind: swatchMissing, text: h.MissingLabel})
	}
	bottom = c.legend(items, 2, w-2, bottom+6)
	return c.finish("ch-heatmap", w, bottom+4, h.Title, h.Desc)
}

// colLabels centres the column labels over their cells, shrinking the font
// of a label wider than its column rather than letting labels overlap.
func (c *canvas) colLabels(cols []string, x0, cellW, y float64) {
	for i, l := range cols {
		size := float64(fontTick)
		if tw := textWidth(l, fontTick); tw > cellW-2 {
			size = math.Max(7, fontTick*(cellW-2)/tw)
		}
		c.label(x0+(float64(i)+0.5)*cellW, y, cellW*1.6, textStyle{size: size, anchor: "middle", fill: colorMuted, class: "ch-tick"}, l)
	}
}

// cellValue returns the value at (r, col) and whether it is present.
func cellValue(h HeatmapData, r, col int) (float64, bool) {
	if r < len(h.Missing) && col < len(h.Missing[r]) && h.Missing[r][col] {
		return 0, false
	}
	if r >= len(h.Values) || col >= len(h.Values[r]) {
		return 0, false
	}
	v := h.Values[r][col]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// at returns s[i] or "" past the end, for optional parallel slices.
func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
