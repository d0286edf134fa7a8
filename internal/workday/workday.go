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

// Weekends is the calendar with Monday to Friday as working days.
type Weekends struct{}

// IsWorkday reports whether d falls Monday to Friday.
func (Weekends) IsWorkday(d domain.Date) bool { return !d.IsWeekend() }

// CumulativeWorkdays counts Monday–Friday up to d from a fixed origin.
func (Weekends) CumulativeWorkdays(d domain.Date) int { return weekdays(d) }

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
func Between(cal Calendar, from, to domain.Date) int { return domain.WorkdaysBetween(cal, from, to) }

// Add returns the date n working days after from (n ≥ 0). With n == 0 it
// returns from itself.
func Add(cal Calendar, from domain.Date, n int) domain.Date { return domain.AddWorkdays(cal, from, n) }
