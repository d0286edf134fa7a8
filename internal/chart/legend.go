package chart

// Legend swatch kinds.
const (
	swatchRect    = "rect"
	swatchLine    = "line"
	swatchDash    = "dash"
	swatchDiamond = "diamond"
	swatchTick    = "tick"
	swatchMissing = "missing"
	swatchNone    = "none" // a caption: text only
)

// legendItem is one swatch with its text.
type legendItem struct {
	kind  string
	color string
	text  string
	tip   string // tooltip; defaults to text
	href  string
}

const (
	legendFont   = 12
	legendRow    = 20
	legendSwatch = 12
	legendGap    = 14
)

// legend lays items out left to right from (x0, y0), wrapping before maxX,
// and returns the y just below the last row. Wrapping matters on a phone,
// where the labels of eight statuses do not fit on one line.
func (c *canvas) legend(items []legendItem, x0, maxX, y0 float64) float64 {
	if len(items) == 0 {
		return y0
	}
	c.raw(`<g class="ch-legend">`)
	x, y := x0, y0+legendRow/2
	for _, it := range items {
		sw := float64(legendSwatch + 4)
		if it.kind == swatchNone {
			sw = 0
		}
		t := truncate(it.text, maxX-x0-sw, legendFont)
		w := sw + textWidth(t, legendFont)
		if x > x0 && x+w > maxX {
			x, y = x0, y+legendRow
		}
		linked := c.openLink(it.href)
		tip := it.tip
		if tip == "" && t != it.text {
			tip = it.text
		}
		c.swatch(it.kind, it.color, x, y)
		fill := colorText
		if linked {
			fill = colorLink
		}
		c.text(x+sw, y, textStyle{size: legendFont, fill: fill, class: "ch-legend-text"}, t, tip)
		c.closeLink(linked)
		x += w + legendGap
	}
	c.raw(`</g>`)
	return y + legendRow/2
}

// swatch draws a legend symbol of the given kind centred vertically on y.
func (c *canvas) swatch(kind, color string, x, y float64) {
	const s = legendSwatch
	switch kind {
	case swatchNone:
	case swatchLine:
		c.line("ch-swatch", x, y, x+s, y, color, 2.5, "")
	case swatchDash:
		c.line("ch-swatch", x, y, x+s, y, color, 2.5, "4 2")
	case swatchDiamond:
		c.diamond("ch-swatch", x+s/2, y, 5, color, "")
	case swatchTick:
		c.line("ch-swatch", x+s/2, y-s/2, x+s/2, y+s/2, color, 2, "")
	case swatchMissing:
		c.rect("ch-swatch", x, y-s/2, s, s, colorEmpty, "")
		c.text(x+s/2, y, textStyle{size: fontSmall, anchor: "middle", fill: colorMuted, class: "ch-swatch"}, "—", "")
	default:
		c.rect("ch-swatch", x, y-s/2, s, s, color, "")
	}
}

// diamond draws a milestone-style diamond of half-diagonal r at (x, y).
func (c *canvas) diamond(class string, x, y, r float64, fill, tip string) {
	c.printf(`<path class="%s" d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="#ffffff" stroke-width="1"`,
		class, num(x), num(y-r), num(x+r), num(y), num(x), num(y+r), num(x-r), num(y), fill)
	if tip == "" {
		c.raw("/>")
		return
	}
	c.raw("><title>" + esc(tip) + "</title></path>")
}
