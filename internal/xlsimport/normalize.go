package xlsimport

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normCell normalises a raw cell: NFKC (full-width digits, letters and
// percent signs become half-width, look-alike radicals become the usual
// characters) except for the Chinese punctuation that titles and texts are
// written with (，：；（）！？), one kind of line break, no invisible
// characters, trimmed.
func normCell(s string) string {
	if s == "" {
		return ""
	}
	if !isASCII(s) {
		s = nfkcKeepingCJKPunct(s)
		s = strings.Map(dropInvisible, s)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.Contains(s, "_x000D_") {
		// Excel's escaped carriage return, left behind by some writers.
		s = strings.ReplaceAll(s, "_x000D_", "")
	}
	return strings.TrimSpace(s)
}

// nfkcKeepingCJKPunct applies NFKC between the Chinese punctuation marks
// that must survive in displayed text.
func nfkcKeepingCJKPunct(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := 0
	for i, r := range s {
		switch r {
		case '，', '：', '；', '（', '）', '！', '？':
			b.WriteString(norm.NFKC.String(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(norm.NFKC.String(s[start:]))
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// dropInvisible removes zero-width characters that survive NFKC.
func dropInvisible(r rune) rune {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1
	}
	return r
}

// isWide reports whether r is a CJK character, around which spaces and line
// breaks are layout, not content.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK punctuation: 、。「」
		(r >= 0xff00 && r <= 0xffef) || // what NFKC leaves of full-width forms
		r == '“' || r == '”' || r == '‘' || r == '’'
}

// squash makes one line of s: runs of spaces and line breaks disappear
// between CJK characters (they come from manual wrapping) and become one
// space between Latin words.
func squash(s string) string {
	if s == "" {
		return ""
	}
	fields := strings.Fields(s)
	if len(fields) == 1 {
		return fields[0]
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, f := range fields {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(fields[i-1])
			next, _ := utf8.DecodeRuneInString(f)
			if !isWide(prev) && !isWide(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}

// multiline keeps the line structure of a text cell (content, progress
// texts) but trims each line, collapses spaces and drops empty lines.
func multiline(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return strings.Join(strings.Fields(s), " ")
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// isNameSep reports whether r separates names in a units or leaders cell.
func isNameSep(r rune) bool {
	switch r {
	case '、', ',', ';', '/', '\n', '|', '，', '；', '／':
		return true
	}
	return false
}

// splitNames splits a cell holding several names, trims each, drops empty
// ones and duplicates, and keeps the order.
func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, isNameSep)
	for i := range parts {
		parts[i] = squash(parts[i])
	}
	out := appendNames(make([]string, 0, len(parts)), parts)
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendNames adds the non-empty names of more that are not yet in list.
func appendNames(list, more []string) []string {
	var seen map[string]bool
	if len(list)+len(more) > 16 {
		// Long lists: a set keeps this linear.
		seen = make(map[string]bool, len(list)+len(more))
		for _, n := range list {
			seen[n] = true
		}
	}
	for _, n := range more {
		if n == "" {
			continue
		}
		if seen != nil {
			if !seen[n] {
				seen[n] = true
				list = append(list, n)
			}
			continue
		}
		dup := false
		for _, q := range list {
			if q == n {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, n)
		}
	}
	return list
}

// clip shortens a quoted value for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 30 {
		return s
	}
	r := []rune(s)
	return string(r[:30]) + "…"
}

// joinLines joins the lines of s with sep; used for person cells whose
// line breaks separate people.
func joinLines(s, sep string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return squash(s)
	}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = squash(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, sep)
}

// headerKey reduces a header cell to what is compared with the known
// names: no spaces or line breaks, half-width, lower case, without a
// leading required mark ("*序号") or a trailing note ("完成时限（年月日）").
func headerKey(s string) string {
	s = normCell(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	s = strings.TrimLeft(s, "*★☆※")
	s = strings.TrimRight(s, ":：")
	for {
		t := trimNote(s)
		if t == s || t == "" {
			return s
		}
		s = t
	}
}

// trimNote drops one trailing bracketed note, e.g. "(年月日)" or "[必填]".
func trimNote(s string) string {
	if s == "" {
		return s
	}
	for _, pair := range [][2]string{{"(", ")"}, {"[", "]"}, {"（", "）"}, {"【", "】"}} {
		if strings.HasSuffix(s, pair[1]) {
			if i := strings.LastIndex(s, pair[0]); i > 0 {
				return s[:i]
			}
			return s
		}
	}
	return s
}

// normNumber normalises a task number: numeric cells written by Excel as
// "12" or "12.0" become "12", floating noise such as "1.1000000000000001"
// becomes "1.1", and text such as "1.10" or "(一)" is kept.
func normNumber(s string) string {
	s = squash(s)
	if s == "" || !isDecimal(s) {
		return s
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if strings.Trim(s[i+1:], "0") == "" && i > 0 {
			return s[:i]
		}
		if len(s)-i-1 > 10 {
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return strconv.FormatFloat(f, 'g', 12, 64)
			}
		}
	}
	return s
}

// isDecimal reports whether s is digits with at most one decimal point.
func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	dot, digits := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// round rounds v to n decimals, which hides binary floating noise such as
// 0.49*100 = 49.00000000000001.
func round(v float64, n int) float64 {
	p := math.Pow10(n)
	return math.Round(v*p) / p
}

// fmtNum formats a number for messages: 60, 62.5.
func fmtNum(v float64) string {
	return strconv.FormatFloat(round(v, 2), 'f', -1, 64)
}
