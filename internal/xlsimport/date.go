package xlsimport

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/luoshi/luoshi/internal/domain"
)

// Plausible years: a date outside them is a typo or not a date at all.
const (
	minYear = 1900
	maxYear = 2200
	// Excel serials of 1950-01-01 and 2199-12-31 (1900 date system): a
	// number outside them in a date cell is not a date.
	minSerial = 18264
	maxSerial = 109574
	// maxValueLen is the longest date or percent text tried, in bytes.
	maxValueLen = 64
)

// ParseDate reads a date as offices write it: an Excel serial (45107),
// 2023-06-30, 2023/6/30, 2023.6.30, 20230630, 2023年6月30日, 2023年6月底,
// 2023年底; or relative to the plan year: 6月30日, 6月底(前), 6月末, 6月(份),
// 6月上旬/中旬/下旬, 上半年, 下半年, (第)一季度(末), 年底(前), 年内, 全年; a
// range ("3月-6月", "2023年3月至6月底") takes its end. 长期坚持, 持续推进,
// 常态化 and the like mean no due date: ongoing is true and d is zero. An
// empty s gives the zero date and no error. Errors are *ValueError; a
// relative date with year 0 gives ReasonNeedYear.
func ParseDate(s string, year int) (d domain.Date, ongoing bool, err error) {
	orig := s
	s = normCell(s)
	if s == "" {
		return 0, false, nil
	}
	if len(s) > maxValueLen {
		// No date is that long; the cap also bounds the range search.
		return 0, false, valueErr(ReasonBadDate, clip(strings.TrimSpace(orig)))
	}
	if year < minYear || year > maxYear {
		year = 0
	}
	s = strings.ToLower(s)
	s = cutTime(s)
	var r Reason
	if hasLetter(s) {
		d, ongoing, r = parseRange(strings.Join(strings.Fields(s), " "), year, enSingle, enSeps)
	} else {
		s = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
		d, ongoing, r = parseRange(s, year, zhSingle, zhSeps)
	}
	if r != 0 {
		return 0, false, valueErr(r, strings.TrimSpace(orig))
	}
	return d, ongoing, nil
}

// dateResult is what a single-date parser found. reason 0 means success;
// explicit means the text named its year.
type dateResult struct {
	d        domain.Date
	ongoing  bool
	explicit bool
	reason   Reason
}

type singleParser func(s string, year int) dateResult

// Range separators, the longest first.
func zhSeps() []string { return []string{"——", "至", "到", "~", "—", "–", "-"} }
func enSeps() []string { return []string{" to ", " until ", " - ", " ~ ", "~", "–", "—", "-"} }

// parseRange parses s as one date, else as "A<sep>B" taking B. A must
// itself be a date, so that junk before a separator is not accepted; when A
// names its year, B is read in that year.
func parseRange(s string, year int, single singleParser, seps func() []string) (domain.Date, bool, Reason) {
	res := single(s, year)
	if res.reason == 0 {
		return res.d, res.ongoing, 0
	}
	best := res.reason
	for _, sep := range seps() {
		for off := 0; ; {
			i := strings.Index(s[off:], sep)
			if i < 0 {
				break
			}
			i += off
			off = i + len(sep)
			left, right := s[:i], s[i+len(sep):]
			if left == "" || right == "" {
				continue
			}
			l := single(left, year)
			if l.reason != 0 || l.ongoing {
				best = worse(best, l.reason)
				continue
			}
			ry := year
			if l.explicit {
				ry = l.d.Year()
			}
			r := single(right, ry)
			if r.reason != 0 {
				best = worse(best, r.reason)
				continue
			}
			return r.d, r.ongoing, 0
		}
	}
	return 0, false, best
}

// worse picks the more telling of two failure reasons: a missing year or
// an impossible date says more than "unrecognised".
func worse(a, b Reason) Reason {
	rank := func(r Reason) int {
		switch r {
		case ReasonNeedYear:
			return 3
		case ReasonNoSuchDate:
			return 2
		case ReasonBadDate:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// cutTime drops a time of day: "2023-06-30T00:00:00Z" (cells typed as
// dates), "2023/6/30 0:00".
func cutTime(s string) string {
	if i := strings.IndexAny(s, "t "); i >= 6 && strings.Contains(s[i:], ":") {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// zhSingle parses one date written in Chinese or digits, with no spaces.
func zhSingle(s string, year int) dateResult {
	s = stripDecor(s)
	if s == "" {
		return dateResult{reason: ReasonBadDate}
	}
	if isOngoingZh(s) {
		return dateResult{ongoing: true}
	}
	if isDecimal(s) {
		return numericDate(s)
	}
	// An explicit year: 2023-06-30, 2023/6, 2023年6月底, 2023年底.
	if len(s) > 4 && allDigits(s[:4]) && !isDigit(s[4]) {
		y, _ := strconv.Atoi(s[:4])
		rest := s[4:]
		switch {
		case rest[0] == '-' || rest[0] == '/' || rest[0] == '.':
			return ymdSep(y, rest)
		case strings.HasPrefix(rest, "年"):
			return yearPrefixed(y, rest[len("年"):])
		}
		return dateResult{reason: ReasonBadDate}
	}
	m, d, r := relMatch(s)
	if r != 0 {
		return dateResult{reason: r}
	}
	return materialise(year, m, d, false)
}

// numericDate reads a plain number: YYYYMMDD, a bare year, or an Excel serial.
func numericDate(s string) dateResult {
	if len(s) == 8 && allDigits(s) && (s[:2] == "19" || s[:2] == "20") {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		return materialise(y, m, d, true)
	}
	if len(s) == 4 && allDigits(s) {
		if y, _ := strconv.Atoi(s); y >= minYear && y <= maxYear {
			return materialise(y, 12, 0, true)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < minSerial || v >= maxSerial+1 {
		return dateResult{reason: ReasonBadDate}
	}
	return dateResult{d: serialDate(int(math.Floor(v))), explicit: true}
}

// serialDate converts an Excel serial of the 1900 date system (after its
// fictitious 1900-02-29) to a date: serial 45107 is 2023-06-30.
func serialDate(n int) domain.Date {
	return domain.NewDate(1899, time.December, 30+n)
}

// ymdSep reads "-06-30", "/6/30", ".6.30" or "-06" after a year.
func ymdSep(y int, rest string) dateResult {
	sep := rest[0]
	parts := strings.Split(rest[1:], string(sep))
	if len(parts) > 2 {
		return dateResult{reason: ReasonBadDate}
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 2 || !allDigits(p) {
			return dateResult{reason: ReasonBadDate}
		}
		nums[i], _ = strconv.Atoi(p)
	}
	if len(nums) == 1 {
		return materialise(y, nums[0], 0, true)
	}
	if nums[1] == 0 {
		return dateResult{reason: ReasonNoSuchDate}
	}
	return materialise(y, nums[0], nums[1], true)
}

// yearPrefixed reads what follows "2023年".
func yearPrefixed(y int, rest string) dateResult {
	switch rest {
	case "", "底", "末", "内", "终", "度", "度内", "全年":
		return materialise(y, 12, 0, true)
	}
	m, d, r := relMatch(rest)
	if r != 0 {
		return dateResult{reason: r}
	}
	return materialise(y, m, d, true)
}

// materialise builds the date of month m, day d (0 = the month's last day)
// in year y, checking that it exists.
func materialise(y, m, d int, explicit bool) dateResult {
	if y == 0 {
		return dateResult{reason: ReasonNeedYear}
	}
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 0 {
		return dateResult{reason: ReasonNoSuchDate}
	}
	last := domain.NewDate(y, time.Month(m)+1, 0)
	if d == 0 {
		return dateResult{d: last, explicit: explicit}
	}
	if d > last.Day() {
		return dateResult{reason: ReasonNoSuchDate}
	}
	return dateResult{d: domain.NewDate(y, time.Month(m), d), explicit: explicit}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
