package domain

import (
	"fmt"
	"strings"
	"time"
)

// WorkdayCalendar says whether a date is a working day. workday.Calendar
// (the official calendar with 调休) satisfies it; domain cannot import that
// package, which builds on this one.
type WorkdayCalendar interface {
	IsWorkday(d Date) bool
}

// WorkdayCounter is a calendar that counts working days without looking at
// every day (workday.Table, workday.Weekends): the status engine and the
// case sweep count for many thousands of items at a time.
type WorkdayCounter interface {
	// CumulativeWorkdays returns the number of working days up to and
	// including d, from an arbitrary fixed origin (so it may be negative).
	CumulativeWorkdays(d Date) int
}

// WorkdaysBetween counts the working days after from, up to and including
// to (0 when to is not after from).
func WorkdaysBetween(cal WorkdayCalendar, from, to Date) int {
	if to <= from {
		return 0
	}
	if c, ok := cal.(WorkdayCounter); ok {
		return c.CumulativeWorkdays(to) - c.CumulativeWorkdays(from)
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if cal.IsWorkday(d) {
			n++
		}
	}
	return n
}

// AddWorkdays returns the date n working days after from (from itself for
// n ≤ 0).
func AddWorkdays(cal WorkdayCalendar, from Date, n int) Date {
	if n <= 0 {
		return from
	}
	if c, ok := cal.(WorkdayCounter); ok {
		return addCounted(c, from, n)
	}
	d := from
	for n > 0 {
		d++
		if cal.IsWorkday(d) {
			n--
		}
	}
	return d
}

// addCounted finds the first day whose cumulative count reaches from's
// plus n: that day is a working day, the n-th after from.
func addCounted(c WorkdayCounter, from Date, n int) Date {
	target := c.CumulativeWorkdays(from) + n
	lo := from // CumulativeWorkdays(lo) < target
	// Five working days take a week; a holiday period adds at most a few
	// weeks more. Widen until the target is reached.
	step := Date(n/5*7 + 14)
	hi := from + step
	for c.CumulativeWorkdays(hi) < target {
		lo, hi = hi, hi+step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.CumulativeWorkdays(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// ClockSpan is a stretch of a working day, in minutes after midnight.
type ClockSpan struct {
	From, To int
}

// OfficeHours are the spans of a working day during which the office
// works, in order, e.g. 08:30–12:00 and 14:00–17:30.
type OfficeHours []ClockSpan

// ParseOfficeHours reads "08:30-12:00,14:00-17:30": one to four spans,
// each HH:MM-HH:MM, in order and not overlapping.
func ParseOfficeHours(s string) (OfficeHours, error) {
	bad := func(part string) (OfficeHours, error) {
		return nil, refuse(KindInvalid, "office_hours", "settings.office_hours", part)
	}
	s = strings.NewReplacer("，", ",", "－", "-", "–", "-", "～", "-", "~", "-", "：", ":", " ", "").Replace(s)
	if s == "" {
		return bad("")
	}
	parts := strings.Split(s, ",")
	if len(parts) > 4 {
		return bad(s)
	}
	var out OfficeHours
	for _, part := range parts {
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			return bad(part)
		}
		from, ok1 := clockMinutes(a)
		to, ok2 := clockMinutes(b)
		if !ok1 || !ok2 || to <= from || (len(out) > 0 && from < out[len(out)-1].To) {
			return bad(part)
		}
		out = append(out, ClockSpan{From: from, To: to})
	}
	return out, nil
}

// clockMinutes reads H:MM or HH:MM (00:00–24:00).
func clockMinutes(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, false
	}
	hh, ok1 := atoiDigits(h)
	mm, ok2 := atoiDigits(m)
	if !ok1 || !ok2 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// String writes the hours back as ParseOfficeHours reads them.
func (oh OfficeHours) String() string {
	parts := make([]string, len(oh))
	for i, sp := range oh {
		parts[i] = fmt.Sprintf("%02d:%02d-%02d:%02d", sp.From/60, sp.From%60, sp.To/60, sp.To%60)
	}
	return strings.Join(parts, ",")
}

// maxCalendarDays bounds the walks below for a calendar without working days.
const maxCalendarDays = 3660

// AddWorkingMinutes returns the instant n working minutes after start:
// minutes count only inside office hours on working days, in start's zone.
// An instant that falls exactly at the end of a span stays there.
func AddWorkingMinutes(cal WorkdayCalendar, oh OfficeHours, start time.Time, n int) time.Time {
	if n <= 0 || len(oh) == 0 {
		return start
	}
	loc := start.Location()
	y, mo, da := start.Date()
	for i := 0; i < maxCalendarDays; i++ {
		day := time.Date(y, mo, da+i, 0, 0, 0, 0, loc)
		if !cal.IsWorkday(DateOf(day)) {
			continue
		}
		for _, sp := range oh {
			from := time.Date(y, mo, da+i, 0, sp.From, 0, 0, loc)
			to := time.Date(y, mo, da+i, 0, sp.To, 0, 0, loc)
			if from.Before(start) {
				from = start
			}
			if !from.Before(to) {
				continue
			}
			avail := int(to.Sub(from) / time.Minute)
			if n <= avail {
				return from.Add(time.Duration(n) * time.Minute)
			}
			n -= avail
		}
	}
	return start.AddDate(10, 0, 0)
}

// WorkingMinutes counts the working minutes from a to b (0 when b is not
// after a), in a's zone.
func WorkingMinutes(cal WorkdayCalendar, oh OfficeHours, a, b time.Time) int {
	if !b.After(a) {
		return 0
	}
	b = b.In(a.Location())
	loc := a.Location()
	y, mo, da := a.Date()
	total := time.Duration(0)
	for i := 0; i < maxCalendarDays; i++ {
		day := time.Date(y, mo, da+i, 0, 0, 0, 0, loc)
		if day.After(b) {
			break
		}
		if !cal.IsWorkday(DateOf(day)) {
			continue
		}
		for _, sp := range oh {
			from := time.Date(y, mo, da+i, 0, sp.From, 0, 0, loc)
			to := time.Date(y, mo, da+i, 0, sp.To, 0, 0, loc)
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if from.Before(to) {
				total += to.Sub(from)
			}
		}
	}
	return int(total / time.Minute)
}
