package xlsimport

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParsePercent reads a cumulative percent: "49%", "49", "49.5", "0.49" (a
// number with a decimal point and at most 1 is a fraction, so "0.49" is 49
// but "1" is 1), full-width "４９％", the words 已完成 / 完成 / 全部完成 /
// 已办结 (100) and 未启动 / 未开始 (0). Anything else, or a value outside
// 0..100, is a *ValueError.
func ParsePercent(s string) (float64, error) {
	orig := strings.TrimSpace(s)
	if len(orig) > maxValueLen {
		return 0, valueErr(ReasonBadPercent, clip(orig))
	}
	s = strings.ToLower(strings.Join(strings.Fields(normCell(s)), ""))
	if s == "" {
		return 0, valueErr(ReasonBadPercent, orig)
	}
	switch s {
	case "已完成", "完成", "全部完成", "已办结", "办结", "已辦結", "辦結", "已全部完成",
		"done", "completed", "complete", "finished":
		return 100, nil
	case "未启动", "未开始", "未啟動", "未開始", "notstarted", "not-started":
		return 0, nil
	}
	pct := strings.HasSuffix(s, "%")
	num := strings.TrimSuffix(s, "%")
	neg := strings.HasPrefix(num, "-")
	if neg || strings.HasPrefix(num, "+") {
		num = num[1:]
	}
	if !isNumberText(num) {
		return 0, valueErr(ReasonBadPercent, orig)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, valueErr(ReasonBadPercent, orig)
	}
	if neg {
		v = -v
	}
	// A decimal at most 1 is a fraction: Excel stores 60% as 0.6. The
	// exponent form only comes from Excel's raw numbers, so it counts too.
	if !pct && strings.ContainsAny(num, ".e") && v <= 1 && v >= -1 {
		v *= 100
	}
	v = round(v, 6)
	if v < 0 || v > 100 {
		return 0, valueErr(ReasonPercentRange, orig)
	}
	return v, nil
}

// isNumberText accepts digits with an optional decimal point and an
// optional exponent ("1E-3" is how Excel writes some raw numbers), and
// nothing ParseFloat would also take, such as "Inf", "NaN" or hex.
func isNumberText(s string) bool {
	mant, exp, hasExp := strings.Cut(s, "e")
	if !isDecimal(mant) {
		return false
	}
	if !hasExp {
		return true
	}
	exp = strings.TrimLeft(exp, "+-")
	return len(exp) > 0 && len(exp) <= 3 && allDigits(exp)
}

// percentIn finds the cumulative percent a node's text states: the whole
// cell when it is a percent ("60%", "已完成"), else a number with a percent
// sign introduced as cumulative ("主体完工，累计60%", "完成60%",
// "60% cumulative"). Other percents, such as a target "同比增长8%", are
// part of the description. ok is false when the text states none.
func percentIn(s string) (v float64, ok bool, err error) {
	// Most nodes are plain descriptions: try the whole cell as a percent
	// only when it is short or has a percent sign.
	if len(s) <= 16 || strings.IndexByte(s, '%') >= 0 {
		if v, err := ParsePercent(s); err == nil {
			return v, true, nil
		}
	}
	// Look at the last few percent signs only: a long text is a
	// description, and this keeps the work linear.
	tries := 0
	for i := strings.LastIndexByte(s, '%'); i >= 0 && tries < 5; i = strings.LastIndexByte(s[:i], '%') {
		tries++
		j := i
		for j > 0 && (isDigit(s[j-1]) || s[j-1] == '.') {
			j--
		}
		if j == i || !statesProgress(s[:j], s[i+1:]) {
			continue
		}
		v, err := ParsePercent(s[j : i+1])
		return v, err == nil, err
	}
	return 0, false, nil
}

// statesProgress reports whether the words of the clause around a percent
// make it the cumulative progress rather than some other figure.
func statesProgress(before, after string) bool {
	if i := strings.LastIndexAny(before, ",;。、\n"); i >= 0 {
		_, size := utf8.DecodeRuneInString(before[i:])
		before = before[i+size:]
	}
	if i := strings.IndexAny(after, ",;。、\n"); i >= 0 {
		after = after[:i]
	}
	clause := strings.ToLower(before + " " + after)
	for _, w := range []string{"累计", "完成", "完工", "达到", "进度", "累計", "達到", "進度",
		"cumulative", "complete", "done", "progress"} {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return false
}
