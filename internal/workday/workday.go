// Package workday counts working days. The official holiday calendar with
// adjusted working weekends (调休) plugs in through Calendar; until it is
// loaded, Weekends treats Saturday and Sunday as the only rest days.
package workday

import (
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// Calendar says whether a date is a working day.
type Calendar interface {
	IsWorkday(d domain.Date) bool
}

// Weekends is the calendar with Monday to Friday as working days.
type Weekends struct{}

// IsWorkday reports whether d falls Monday to Friday.
func (Weekends) IsWorkday(d domain.Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Between counts the working days after from, up to and including to.
// It is 0 when to is not after from.
func Between(cal Calendar, from, to domain.Date) int {
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
	d := from
	for n > 0 {
		d++
		if cal.IsWorkday(d) {
			n--
		}
	}
	return d
}
