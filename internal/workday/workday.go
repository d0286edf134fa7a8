// Package workday counts working days. The official holiday calendar with
// adjusted working weekends (调休) is a Table; Weekends treats Saturday and
// Sunday as the only rest days and is what a year without data falls back to.
package workday

import (
	"github.com/luoshi/luoshi/internal/domain"
)

// Calendar says whether a date is a working day.
type Calendar interface {
	IsWorkday(d domain.Date) bool
}

// counter is a calendar that counts without looking at every day. Between
// and Add use it when the calendar has it: the status engine counts for
// thousands of tasks per request.
type counter interface {
	Calendar
	// cumulative returns the number of working days up to and including
	// d, from an arbitrary fixed origin (so it may be negative).
	cumulative(d domain.Date) int
}

// Weekends is the calendar with Monday to Friday as working days.
type Weekends struct{}

// IsWorkday reports whether d falls Monday to Friday.
func (Weekends) IsWorkday(d domain.Date) bool { return !d.IsWeekend() }

func (Weekends) cumulative(d domain.Date) int { return weekdays(d) }

// weekdays counts the days Monday to Friday up to and including d from a
// fixed origin: weekdays(d) - weekdays(d-1) is 1 exactly on Monday–Friday.
func weekdays(d domain.Date) int {
	x := int(d) + 3 // 1970-01-01 was a Thursday: x ≡ 0 (mod 7) on Mondays
	q, r := x/7, x%7
	if r < 0 {
		q, r = q-1, r+7
	}
	return 5*q + min(r+1, 5)
}

// Between counts the working days after from, up to and including to.
// It is 0 when to is not after from.
func Between(cal Calendar, from, to domain.Date) int {
	if to <= from {
		return 0
	}
	if c, ok := cal.(counter); ok {
		return c.cumulative(to) - c.cumulative(from)
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if cal.IsWorkday(d) {
			n++
		}
	}
	return n
}

// Add returns the date n working days after from (n ≥ 0). With n == 0 it
// returns from itself.
func Add(cal Calendar, from domain.Date, n int) domain.Date {
	if n <= 0 {
		return from
	}
	if c, ok := cal.(counter); ok {
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
func addCounted(c counter, from domain.Date, n int) domain.Date {
	target := c.cumulative(from) + n
	lo := from // cumulative(lo) < target
	// Five working days take a week; a holiday period adds at most a few
	// weeks more. Widen until the target is reached.
	step := domain.Date(n/5*7 + 14)
	hi := from + step
	for c.cumulative(hi) < target {
		lo, hi = hi, hi+step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.cumulative(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
