package xlsimport

import (
	"strconv"
	"strings"
)

// enSingle parses one date written in English, as the English template
// suggests: "end of June", "mid June 2023", "June 30", "30 June 2023", "Q3",
// "end of Q3", "H1", "first half", "year end", "ongoing". s is lower case
// with single spaces.
func enSingle(s string, year int) dateResult {
	s = strings.Trim(s, " .,;:")
	if !hasLetter(s) {
		return zhSingle(strings.ReplaceAll(s, " ", ""), year)
	}
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"by ", "before ", "due ", "until ", "no later than ", "not later than ", "deadline "} {
			if strings.HasPrefix(s, p) {
				s, changed = s[len(p):], true
			}
		}
	}
	toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '-' })
	if len(toks) == 0 {
		return dateResult{reason: ReasonBadDate}
	}
	switch strings.Join(toks, " ") {
	case "ongoing", "continuous", "continuing", "long term", "permanent", "no deadline", "no due date":
		return dateResult{ongoing: true}
	}
	// A trailing year names the year: "june 30 2023", "end of 2023".
	explicit := false
	if last := toks[len(toks)-1]; len(last) == 4 && allDigits(last) {
		year, explicit = atoi(last), true
		toks = toks[:len(toks)-1]
		if n := len(toks); n > 0 && toks[n-1] == "of" && n > 2 {
			toks = toks[:n-1] // "end of june of 2023"
		}
	}
	phrase := strings.Join(toks, " ")
	phrase = strings.TrimPrefix(phrase, "the ")
	switch phrase {
	case "end of", "end of year", "end of the year", "year end", "end year", "within the year",
		"this year", "all year", "full year", "the year", "within year", "year":
		return materialise(year, 12, 0, explicit)
	case "h1", "first half", "first half of the year", "end of h1", "end of first half",
		"mid year", "midyear", "end of the first half":
		return materialise(year, 6, 0, explicit)
	case "h2", "second half", "second half of the year", "end of h2", "end of second half",
		"end of the second half":
		return materialise(year, 12, 0, explicit)
	}
	if q, ok := enQuarter(phrase); ok {
		return materialise(year, 3*q, 0, explicit)
	}
	day := 0 // 0: the month's last day
	for _, mod := range []struct {
		p string
		d int
	}{
		{"end of ", 0}, {"late ", 0}, {"end ", 0},
		{"middle of ", 20}, {"mid ", 20},
		{"beginning of ", 10}, {"start of ", 10}, {"early ", 10},
	} {
		if strings.HasPrefix(phrase, mod.p) {
			phrase, day = phrase[len(mod.p):], mod.d
			break
		}
	}
	toks = strings.Fields(phrase)
	switch len(toks) {
	case 1:
		if m := enMonth(toks[0]); m > 0 {
			return materialise(year, m, day, explicit)
		}
	case 2:
		if day != 0 {
			break // "mid june 30" is not a date
		}
		if m, d := enMonth(toks[0]), enDay(toks[1]); m > 0 && d >= 0 {
			return enMonthDay(year, m, d, explicit)
		}
		if d, m := enDay(toks[0]), enMonth(toks[1]); m > 0 && d >= 0 {
			return enMonthDay(year, m, d, explicit)
		}
	}
	return dateResult{reason: ReasonBadDate}
}

func enMonthDay(y, m, d int, explicit bool) dateResult {
	if d == 0 {
		return dateResult{reason: ReasonNoSuchDate}
	}
	return materialise(y, m, d, explicit)
}

// enQuarter reads "q3", "end of q3", "third quarter", "3rd quarter", "quarter 3".
func enQuarter(s string) (int, bool) {
	s = strings.TrimPrefix(s, "end of ")
	s = strings.TrimPrefix(s, "the ")
	if len(s) == 2 && s[0] == 'q' && s[1] >= '1' && s[1] <= '4' {
		return int(s[1] - '0'), true
	}
	if n, ok := strings.CutPrefix(s, "quarter "); ok && len(n) == 1 && n[0] >= '1' && n[0] <= '4' {
		return int(n[0] - '0'), true
	}
	if w, ok := strings.CutSuffix(s, " quarter"); ok {
		switch w {
		case "first", "1st":
			return 1, true
		case "second", "2nd":
			return 2, true
		case "third", "3rd":
			return 3, true
		case "fourth", "4th":
			return 4, true
		}
	}
	return 0, false
}

// enMonth returns 1..12 for a month name or its abbreviation, else 0.
func enMonth(s string) int {
	for i, name := range []string{"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december"} {
		if s == name || (len(s) >= 3 && strings.HasPrefix(name, s)) || (s == "sept" && i == 8) {
			return i + 1
		}
	}
	return 0
}

// enDay reads "30", "30th", "1st"; -1 when s is not a day.
func enDay(s string) int {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			break
		}
	}
	if len(s) == 0 || len(s) > 2 || !allDigits(s) {
		return -1
	}
	n, _ := strconv.Atoi(s)
	return n
}
