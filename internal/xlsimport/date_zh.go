package xlsimport

import (
	"strings"
	"unicode/utf8"
)

// stripDecor removes words around a date that do not change it:
// "截至6月底前完成" is 6月底.
func stripDecor(s string) string {
	for {
		t := strings.TrimRight(s, "。.,;、:")
		for _, p := range []string{"截止到", "截至", "截止", "最迟于", "最迟", "最晚", "不晚于", "计划于", "预计", "于", "在"} {
			if strings.HasPrefix(t, p) && len(t) > len(p) {
				t = t[len(p):]
				break
			}
		}
		for _, suf := range []string{"前完成", "完成", "以前", "之前", "为止", "前", "止"} {
			if strings.HasSuffix(t, suf) && len(t) > len(suf) {
				t = t[:len(t)-len(suf)]
				break
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// isOngoingZh reports whether s says the task has no due date.
func isOngoingZh(s string) bool {
	for _, p := range []string{"长期", "持续", "常态", "常年", "長期", "持續", "常態"} {
		if strings.HasPrefix(s, p) {
			return !strings.ContainsAny(s, "0123456789月季年底末至到-~")
		}
	}
	return false
}

// relMatch reads a date relative to a year: it returns the month and the
// day (0 = the month's last day), or a reason when s is not such a date.
func relMatch(s string) (m, d int, r Reason) {
	switch s {
	case "年底", "年末", "年内", "全年", "年终", "年度", "年度内", "本年", "本年度",
		"今年", "当年", "本年底", "今年底", "当年底", "全年内", "年终前":
		return 12, 0, 0
	case "上半年", "上半年底", "上半年末", "上半年内", "年中", "年中前":
		return 6, 0, 0
	case "下半年", "下半年底", "下半年末", "下半年内":
		return 12, 0, 0
	}
	if q, ok := quarter(s); ok {
		if q < 1 || q > 4 {
			return 0, 0, ReasonNoSuchDate
		}
		return 3 * q, 0, 0
	}
	n, k, ok := readNum(s, 2)
	if !ok {
		return 0, 0, ReasonBadDate
	}
	rest := s[k:]
	if strings.HasPrefix(rest, "/") {
		// 6/30, as typed into a text cell.
		day := rest[1:]
		if len(day) > 2 || !allDigits(day) {
			return 0, 0, ReasonBadDate
		}
		return monthDay(n, atoi(day))
	}
	if !strings.HasPrefix(rest, "月") {
		return 0, 0, ReasonBadDate
	}
	rest = strings.TrimPrefix(rest[len("月"):], "份")
	switch rest {
	case "", "底", "末", "下旬", "内", "终":
		return monthDay(n, 0)
	case "中旬":
		return monthDay(n, 20)
	case "上旬":
		return monthDay(n, 10)
	}
	dn, k, ok := readNum(rest, 2)
	if !ok {
		return 0, 0, ReasonBadDate
	}
	switch rest[k:] {
	case "", "日", "号", "號":
	default:
		return 0, 0, ReasonBadDate
	}
	if dn == 0 {
		return 0, 0, ReasonNoSuchDate
	}
	return monthDay(n, dn)
}

func monthDay(m, d int) (int, int, Reason) {
	if m < 1 || m > 12 || d > 31 {
		return 0, 0, ReasonNoSuchDate
	}
	return m, d, 0
}

// quarter reads "一季度", "第三季度末", "2季度", "四季".
func quarter(s string) (int, bool) {
	s = strings.TrimPrefix(s, "第")
	n, k, ok := readNum(s, 1)
	if !ok {
		return 0, false
	}
	rest := s[k:]
	switch {
	case strings.HasPrefix(rest, "季度"):
		rest = rest[len("季度"):]
	case strings.HasPrefix(rest, "季"):
		rest = rest[len("季"):]
	default:
		return 0, false
	}
	switch rest {
	case "", "末", "底", "内", "度末":
		return n, true
	}
	return 0, false
}

// readNum reads a number at the start of s: up to maxDigits ASCII digits,
// or a Chinese numeral up to 三十一. It returns the value and the bytes read.
func readNum(s string, maxDigits int) (n, k int, ok bool) {
	for k < len(s) && isDigit(s[k]) {
		n = n*10 + int(s[k]-'0')
		k++
		if k > maxDigits {
			return 0, 0, false
		}
	}
	if k > 0 {
		return n, k, true
	}
	return readChineseNum(s)
}

// readChineseNum reads 一 … 九, 十, 十二, 二十, 三十一 (and 〇, 两).
func readChineseNum(s string) (n, k int, ok bool) {
	tens, units, sawTen, digits := 0, 0, false, 0
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		v := chineseDigit(r)
		switch {
		case r == '十':
			if sawTen {
				return 0, 0, false
			}
			sawTen = true
			tens, units = units, 0
			if tens == 0 {
				tens = 1
			}
			digits = 0
		case v >= 0:
			if digits > 0 {
				return 0, 0, false // 一二: not a number
			}
			units = v
			digits++
		default:
			goto done
		}
		k += size
	}
done:
	if k == 0 {
		return 0, 0, false
	}
	return tens*10 + units, k, true
}

func chineseDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一':
		return 1
	case '二', '两', '兩':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
