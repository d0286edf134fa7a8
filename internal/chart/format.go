package chart

import (
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// num formats a coordinate with at most two decimals: enough for any
// screen or print resolution, and short output.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// value1 formats a data value with at most one decimal.
func value1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// pct formats a percentage with at most one decimal: 49.5%, 50%.
func pct(v float64) string { return value1(v) + "%" }

// isoDate is the date shown in tooltips; ISO dates read the same in every
// language the product supports.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// esc escapes a caller string for text and attribute content, and drops
// the characters XML 1.0 forbids so the output always parses as XML (the
// document renderers read it with an XML parser).
func esc(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	return html.EscapeString(s)
}

// safeColor accepts #hex, a colour name, or rgb()/hsl() with plain numbers,
// and returns def for anything else so a caller string cannot smuggle
// markup or odd paint servers into an attribute.
func safeColor(c, def string) string {
	c = strings.TrimSpace(c)
	switch {
	case c == "":
		return def
	case c[0] == '#':
		if n := len(c) - 1; n != 3 && n != 4 && n != 6 && n != 8 {
			return def
		}
		for _, r := range c[1:] {
			if !isHex(r) {
				return def
			}
		}
		return c
	case strings.HasSuffix(c, ")"):
		open := strings.IndexByte(c, '(')
		if open < 0 {
			return def
		}
		switch strings.ToLower(c[:open]) {
		case "rgb", "rgba", "hsl", "hsla":
		default:
			return def
		}
		for _, r := range c[open+1 : len(c)-1] {
			if !strings.ContainsRune("0123456789., %/", r) {
				return def
			}
		}
		return c
	}
	if len(c) > 32 {
		return def
	}
	for _, r := range c {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return def
		}
	}
	return c
}

func isHex(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
}

// safeHref returns href when it is relative or http(s)/mailto, else "".
// The output is template.HTML, which html/template will not sanitise, so
// javascript: and data: links must be stopped here.
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	for _, r := range href {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	i := strings.IndexAny(href, ":/?#")
	if i < 0 || href[i] != ':' {
		return href
	}
	switch strings.ToLower(href[:i]) {
	case "http", "https", "mailto":
		return href
	}
	return ""
}

// runeWidth estimates a glyph's advance in em. CJK and full-width forms are
// one em; Latin is narrower. Overestimating is the safe side: a label is
// cut a little early rather than overlapping the plot.
func runeWidth(r rune) float64 {
	switch {
	case r < 0x20:
		return 0
	case r == ' ':
		return 0.3
	case strings.ContainsRune("il.,:;|!'`", r):
		return 0.3
	case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '%':
		return 0.9
	case r >= 'A' && r <= 'Z':
		return 0.68
	case r < 0x7f:
		return 0.58
	case isWide(r):
		return 1
	}
	return 0.62
}

func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115F) ||
		(r >= 0x2010 && r <= 0x206F) || // dashes, ellipsis: full width in CJK fonts
		(r >= 0x2E80 && r <= 0xA4CF) ||
		(r >= 0xAC00 && r <= 0xD7A3) ||
		(r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) ||
		(r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) ||
		(r >= 0x20000 && r <= 0x3FFFD)
}

// textWidth estimates the width of s in user units at font size size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// truncate shortens s to fit maxW, ending in an ellipsis when cut.
func truncate(s string, maxW, size float64) string {
	if textWidth(s, size) <= maxW {
		return s
	}
	const ell = "…"
	room := maxW - textWidth(ell, size)
	w := 0.0
	for i, r := range s {
		w += runeWidth(r) * size
		if w > room {
			return strings.TrimRight(s[:i], " ") + ell
		}
	}
	return s
}

// maxTextWidth returns the widest of labels at size.
func maxTextWidth(labels []string, size float64) float64 {
	m := 0.0
	for _, l := range labels {
		m = math.Max(m, textWidth(l, size))
	}
	return m
}

// rgb parses #rgb or #rrggbb.
func rgb(c string) (r, g, b float64, ok bool) {
	if len(c) == 4 && c[0] == '#' {
		c = string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	if len(c) != 7 || c[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v >> 16), float64(v >> 8 & 0xff), float64(v & 0xff), true
}

// lighten mixes a hex colour with white by t (0..1); other colour syntaxes
// are returned unchanged, and callers then fall back to opacity.
func lighten(c string, t float64) (string, bool) {
	r, g, b, ok := rgb(c)
	if !ok {
		return c, false
	}
	mix := func(v float64) int { return int(math.Round(v + (255-v)*t)) }
	const hexDigits = "0123456789abcdef"
	out := []byte{'#'}
	for _, v := range []int{mix(r), mix(g), mix(b)} {
		out = append(out, hexDigits[v>>4], hexDigits[v&15])
	}
	return string(out), true
}

// inkOn picks dark or white text for legibility on background c.
func inkOn(c string) string {
	r, g, b, ok := rgb(c)
	if !ok {
		return colorText
	}
	// Relative luminance per WCAG, with the 0.179 crossover between the
	// contrast against black and against white.
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	if 0.2126*lin(r)+0.7152*lin(g)+0.0722*lin(b) > 0.179 {
		return colorText
	}
	return "#ffffff"
}

// day returns t's civil date as a day number, read in t's own location so
// that a date never shifts by a time zone.
func day(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayTime is the inverse of day.
func dayTime(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }
