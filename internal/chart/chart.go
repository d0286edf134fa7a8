// Package chart renders the dashboard charts (作战图) as self-contained SVG:
// trajectories, the month-by-task Gantt, the unit × month heat map, status
// bars and donuts, and league tables.
//
// Every function is pure: the same input gives the same bytes, there is no
// I/O and no clock (the caller passes "today"). The output is one <svg>
// element with a viewBox and width="100%", so it scales down to a phone; it
// needs no JavaScript, no external asset and no stylesheet (colours are
// presentation attributes), but every element carries a ch-* class so a page
// can restyle it. Charts use no id attributes, so any number of them can sit
// on one page. Set a max-width on .ch in the page stylesheet to keep text at
// reading size on wide screens.
//
// All visible text comes from the caller, already translated; the package
// only adds numbers and symbols. Caller strings are escaped, colours and
// links are checked, so the result is safe to embed as template.HTML.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Fixed colours of the chart furniture (not data).
const (
	colorText      = "#212121"
	colorMuted     = "#616161"
	colorGrid      = "#e0e0e0"
	colorZebra     = "#f7f7f7"
	colorEmpty     = "#eeeeee"
	colorLink      = "#0d47a1"
	colorToday     = "#ad1457" // magenta: unlike every status colour
	colorHalf      = "#5e35b1" // purple: the 50 % line must not read as a status
	colorUnknown   = "#bdbdbd"
	colorMarker    = "#212121"
	colorMilestone = "#9e9e9e"
)

// Font sizes in user units; the default widths keep them legible at 375 px.
const (
	fontLabel = 13
	fontTick  = 11
	fontSmall = 10
)

// StatusColor returns the colour of a task status code (the values of
// domain.Status). Unknown codes get a light grey so a new status still shows.
func StatusColor(status string) string {
	switch status {
	case "done":
		return "#2e7d32"
	case "on_track":
		return "#43a047"
	case "due_soon":
		return "#1e88e5"
	case "lagging":
		return "#f9a825"
	case "severe":
		return "#ef6c00"
	case "overdue":
		return "#c62828"
	case "not_started":
		return "#9e9e9e"
	case "ongoing":
		return "#6d4c41"
	}
	return colorUnknown
}

// paletteColor gives series and bars without a colour of their own a
// distinct one; the hues avoid the status colours so they are not misread.
func paletteColor(i int) string {
	switch i % 6 {
	case 0:
		return "#1565c0"
	case 1:
		return "#757575"
	case 2:
		return "#6a1b9a"
	case 3:
		return "#00838f"
	case 4:
		return "#8d6e63"
	default:
		return "#ad1457"
	}
}

// canvas collects the body of one chart; finish wraps it in the <svg>
// element once the height is known.
type canvas struct {
	b strings.Builder
}

func (c *canvas) printf(format string, a ...any) { fmt.Fprintf(&c.b, format, a...) }

func (c *canvas) raw(s string) { c.b.WriteString(s) }

// finish returns the complete <svg>; <title> and <desc> come first so
// screen readers announce them. Charts that can summarise their data pass a
// generated desc when the caller gives none.
func (c *canvas) finish(class string, w, h float64, title, desc string) template.HTML {
	var out strings.Builder
	out.Grow(c.b.Len() + 256)
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" class="ch %s" viewBox="0 0 %s %s" width="100%%" role="img">`,
		class, num(w), num(math.Ceil(h)))
	out.WriteString("<title>" + esc(title) + "</title>")
	out.WriteString("<desc>" + esc(desc) + "</desc>")
	out.WriteString(c.b.String())
	out.WriteString("</svg>")
	return template.HTML(out.String()) //nolint:gosec // every caller string is escaped on the way in
}

// textStyle holds the presentation of one <text>.
type textStyle struct {
	size   float64
	anchor string // "" (start), "middle" or "end"
	fill   string
	class  string
	bold   bool
}

// text writes s with its baseline placed so that y is the visual middle of
// the line; dominant-baseline is avoided because PDF converters ignore it.
// A non-empty tip becomes a <title> child, for labels shown truncated.
func (c *canvas) text(x, y float64, st textStyle, s, tip string) {
	c.printf(`<text class="%s" x="%s" y="%s" font-size="%s" fill="%s"`,
		st.class, num(x), num(y+st.size*0.35), num(st.size), st.fill)
	if st.anchor != "" {
		c.printf(` text-anchor="%s"`, st.anchor)
	}
	if st.bold {
		c.raw(` font-weight="bold"`)
	}
	c.raw(">")
	if tip != "" {
		c.raw("<title>" + esc(tip) + "</title>")
	}
	c.raw(esc(s) + "</text>")
}

// label writes s truncated to maxW with the full text as a tooltip when cut.
func (c *canvas) label(x, y, maxW float64, st textStyle, s string) {
	t := truncate(s, maxW, st.size)
	tip := ""
	if t != s {
		tip = s
	}
	c.text(x, y, st, t, tip)
}

// line writes a plain line; dash may be empty.
func (c *canvas) line(class string, x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	c.printf(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"`,
		class, num(x1), num(y1), num(x2), num(y2), stroke, num(width))
	if dash != "" {
		c.printf(` stroke-dasharray="%s"`, dash)
	}
	c.raw("/>")
}

// rect writes a filled rectangle with an optional tooltip.
func (c *canvas) rect(class string, x, y, w, h float64, fill, tip string) {
	c.printf(`<rect class="%s" x="%s" y="%s" width="%s" height="%s" fill="%s"`,
		class, num(x), num(y), num(math.Max(w, 0)), num(math.Max(h, 0)), fill)
	if tip == "" {
		c.raw("/>")
		return
	}
	c.raw("><title>" + esc(tip) + "</title></rect>")
}

// openLink starts an <a> when href is usable and reports whether it did,
// so the caller knows to close it.
func (c *canvas) openLink(href string) bool {
	h := safeHref(href)
	if h == "" {
		return false
	}
	c.printf(`<a href="%s">`, esc(h))
	return true
}

func (c *canvas) closeLink(opened bool) {
	if opened {
		c.raw("</a>")
	}
}
