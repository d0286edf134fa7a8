package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// StatusCount is the number of tasks in one status.
type StatusCount struct {
	Status string // a domain.Status code; it picks the colour
	Label  string // the translated status name
	Count  int
	Link   string // optional href, e.g. the task list filtered by status
}

// Status chart layout in user units.
const (
	statusW    = 480
	statusBarH = 26
	donutR     = 70
	donutHole  = 44
)

// statusTotal is the denominator: total, or the sum of the counts when the
// caller's total is smaller. A larger total leaves a grey remainder.
func statusTotal(counts []StatusCount, total int) (sum, denom int) {
	for _, s := range counts {
		sum += max(s.Count, 0)
	}
	return sum, max(total, sum)
}

func statusTip(s StatusCount, denom int) string {
	return s.Label + ": " + strconv.Itoa(s.Count) + " (" + pct(float64(s.Count)*100/float64(denom)) + ")"
}

func statusDesc(counts []StatusCount, denom int) string {
	parts := make([]string, 0, len(counts)+1)
	for _, s := range counts {
		parts = append(parts, s.Label+": "+strconv.Itoa(s.Count))
	}
	parts = append(parts, "Σ "+strconv.Itoa(denom))
	return strings.Join(parts, "; ")
}

// StatusBar draws one horizontal bar stacked by status with a legend of
// labels and counts below; segments and legend entries link when Link is set.
func StatusBar(counts []StatusCount, total int, title string) template.HTML {
	const w = statusW
	sum, denom := statusTotal(counts, total)
	var c canvas
	y := 2.0
	c.rect("ch-track", 0, y, w, statusBarH, colorEmpty, "")
	acc := 0
	for _, s := range counts {
		n := max(s.Count, 0)
		if n == 0 {
			continue
		}
		x0 := w * float64(acc) / float64(denom)
		x1 := w * float64(acc+n) / float64(denom)
		acc += n
		color := StatusColor(s.Status)
		linked := c.openLink(s.Link)
		c.rect("ch-seg ch-s-"+classSafe(s.Status), x0, y, x1-x0, statusBarH, color, statusTip(s, denom))
		if t := strconv.Itoa(n); textWidth(t, fontTick) <= x1-x0-4 {
			c.text((x0+x1)/2, y+statusBarH/2, textStyle{size: fontTick, anchor: "middle", fill: inkOn(color), class: "ch-value"}, t, "")
		}
		c.closeLink(linked)
	}
	if rest := denom - sum; rest > 0 {
		c.rect("ch-seg ch-rest", w*float64(sum)/float64(denom), y, w*float64(rest)/float64(denom), statusBarH, colorEmpty,
			strconv.Itoa(rest)+" / "+strconv.Itoa(denom))
	}
	bottom := c.legend(statusLegend(counts), 0, w, y+statusBarH+6)
	return c.finish("ch-statusbar", w, bottom+2, title, statusDesc(counts, denom))
}

func statusLegend(counts []StatusCount) []legendItem {
	items := make([]legendItem, 0, len(counts))
	for _, s := range counts {
		items = append(items, legendItem{kind: swatchRect, color: StatusColor(s.Status),
			text: s.Label + " " + strconv.Itoa(s.Count), href: s.Link})
	}
	return items
}

// Donut draws the same counts as a ring with the total in the middle and a
// legend table of labels and counts beside it.
func Donut(counts []StatusCount, total int, title string) template.HTML {
	const w = statusW
	_, denom := statusTotal(counts, total)
	cx, cy := float64(donutR+4), float64(donutR+4)
	var c canvas
	c.printf(`<circle class="ch-track" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="%d"/>`,
		num(cx), num(cy), num((donutR+donutHole)/2.0), colorEmpty, donutR-donutHole)
	acc := 0
	for _, s := range counts {
		n := max(s.Count, 0)
		if n == 0 {
			continue
		}
		a0 := 2 * math.Pi * float64(acc) / float64(denom)
		a1 := 2 * math.Pi * float64(acc+n) / float64(denom)
		acc += n
		linked := c.openLink(s.Link)
		c.arc("ch-seg ch-s-"+classSafe(s.Status), cx, cy, a0, a1, StatusColor(s.Status), statusTip(s, denom))
		c.closeLink(linked)
	}
	c.text(cx, cy, textStyle{size: 24, anchor: "middle", fill: colorText, class: "ch-total", bold: true}, strconv.Itoa(denom), "")

	// Legend table: swatch, label, count and share in right-aligned columns
	// kept close to the labels so the eye does not travel across the gap.
	lx := 2*float64(donutR) + 28
	labels := make([]string, len(counts))
	cnts := make([]string, len(counts))
	shares := make([]string, len(counts))
	for i, s := range counts {
		labels[i], cnts[i] = s.Label, strconv.Itoa(s.Count)
		shares[i] = "—"
		if denom > 0 {
			shares[i] = pct(float64(s.Count) * 100 / float64(denom))
		}
	}
	shareW := maxTextWidth(shares, fontTick)
	cntW := maxTextWidth(cnts, legendFont)
	shareX := w - 2.0
	cntX := shareX - shareW - 10
	labelX := lx + legendSwatch + 4
	if natural := labelX + maxTextWidth(labels, legendFont) + 16 + cntW; natural < cntX {
		cntX, shareX = natural, natural+10+shareW
	}
	rows := float64(len(counts)) * legendRow
	ly := math.Max(4, cy-rows/2)
	c.raw(`<g class="ch-legend">`)
	for i, s := range counts {
		y := ly + float64(i)*legendRow + legendRow/2
		linked := c.openLink(s.Link)
		c.swatch(swatchRect, StatusColor(s.Status), lx, y)
		fill := colorText
		if linked {
			fill = colorLink
		}
		c.label(labelX, y, cntX-cntW-8-labelX, textStyle{size: legendFont, fill: fill, class: "ch-legend-text"}, s.Label)
		c.text(cntX, y, textStyle{size: legendFont, anchor: "end", fill: colorText, class: "ch-value", bold: true}, cnts[i], "")
		c.text(shareX, y, textStyle{size: fontTick, anchor: "end", fill: colorMuted, class: "ch-share"}, shares[i], "")
		c.closeLink(linked)
	}
	c.raw(`</g>`)
	h := math.Max(2*cy, ly+rows+4)
	return c.finish("ch-donut", w, h, title, statusDesc(counts, denom))
}

// arc draws a ring segment from angle a0 to a1 (radians, clockwise from
// twelve o'clock); a full turn becomes a stroked circle, which a path arc
// cannot express.
func (c *canvas) arc(class string, cx, cy, a0, a1 float64, fill, tip string) {
	if a1-a0 >= 2*math.Pi-1e-9 {
		c.printf(`<circle class="%s" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="%d"><title>%s</title></circle>`,
			class, num(cx), num(cy), num((donutR+donutHole)/2.0), fill, donutR-donutHole, esc(tip))
		return
	}
	pt := func(r, a float64) string { return num(cx+r*math.Sin(a)) + " " + num(cy-r*math.Cos(a)) }
	large := 0
	if a1-a0 > math.Pi {
		large = 1
	}
	c.printf(`<path class="%s" d="M%sA%d %d 0 %d 1 %sL%sA%d %d 0 %d 0 %sZ" fill="%s" stroke="#ffffff" stroke-width="1"><title>%s</title></path>`,
		class, pt(donutR, a0), donutR, donutR, large, pt(donutR, a1),
		pt(donutHole, a1), donutHole, donutHole, large, pt(donutHole, a0), fill, esc(tip))
}

// classSafe keeps a status code usable as a class name.
func classSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' || r == '-' {
			return r
		}
		return -1
	}, strings.ToLower(s))
}
