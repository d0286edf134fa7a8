package calimport

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/luoshi/luoshi/internal/domain"
)

// Plausible years of a schedule; anything else is a typo.
const minYear, maxYear = 1990, 2100

// ParseDate reads 2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日, 20270101
// (full-width digits too), or an Excel date serial as a raw cell holds it.
func ParseDate(s string) (domain.Date, bool) {
	s = strings.TrimSpace(fold(s))
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && len(s) != 8 {
		// An Excel serial: days since 1899-12-30 (the 1900 leap-year bug
		// makes that the origin for every date after February 1900).
		if n < 2 || n >= 100000 {
			return 0, false
		}
		d := domain.NewDate(1899, 12, 30) + domain.Date(int(n))
		return d, d.Year() >= minYear && d.Year() <= maxYear
	}
	if len(s) == 8 && allDigits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	s = strings.TrimSuffix(s, "日")
	s = strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-").Replace(s)
	// A time after the date (an exported timestamp) is ignored.
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return 0, false
	}
	var v [3]int
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		if err != nil || part == "" {
			return 0, false
		}
		v[i] = n
	}
	y, m, d := v[0], v[1], v[2]
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	date := domain.NewDate(y, time.Month(m), d)
	if date.Day() != d {
		return 0, false // 2月30日
	}
	return date, true
}

type kindResult int

const (
	kindOK kindResult = iota
	kindEmpty
	kindUnknown
	kindAmbiguous
)

// The words offices write in the second column.
var kindWords = map[string]domain.DayKind{
	"假": domain.DayHoliday, "休": domain.DayHoliday, "放假": domain.DayHoliday, "休息": domain.DayHoliday,
	"假日": domain.DayHoliday, "节假日": domain.DayHoliday, "法定节假日": domain.DayHoliday, "休假": domain.DayHoliday,
	"holiday": domain.DayHoliday, "rest": domain.DayHoliday, "off": domain.DayHoliday,
	"班": domain.DayWorkday, "上班": domain.DayWorkday, "调休上班": domain.DayWorkday, "补班": domain.DayWorkday,
	"工作日": domain.DayWorkday, "调班": domain.DayWorkday, "workday": domain.DayWorkday, "work": domain.DayWorkday,
}

// ParseKind reads the holiday-or-workday column. A bare 调休 is refused:
// people use it for the day off and for the weekend worked alike.
func ParseKind(s string) (domain.DayKind, kindResult) {
	s = strings.ToLower(strings.TrimSpace(fold(s)))
	switch {
	case s == "":
		return "", kindEmpty
	case s == "调休":
		return "", kindAmbiguous
	}
	if k, ok := kindWords[s]; ok {
		return k, kindOK
	}
	return "", kindUnknown
}

// fold turns full-width digits, letters and punctuation into ASCII.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
