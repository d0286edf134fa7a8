package workday

import "github.com/luoshi/luoshi/internal/domain"

// Problem says why a calendar entry does not make sense.
type Problem int

const (
	ProblemNone Problem = iota
	// ProblemKind: neither holiday nor workday.
	ProblemKind
	// ProblemWorkdayOnWeekday: an adjusted workday on Monday–Friday. Such a
	// day is a working day anyway, so the entry can only be a mistake
	// (usually the kind column mixed up for a weekday holiday).
	ProblemWorkdayOnWeekday
)

// Check reports whether an entry makes sense. A holiday on a weekend does:
// it changes no count, but names the day as part of a holiday period
// (国庆节 on 10月4日, a Saturday), as the official notices do.
func Check(d domain.CalendarDay) Problem {
	switch {
	case !d.Kind.Valid():
		return ProblemKind
	case d.Kind == domain.DayWorkday && !d.Date.IsWeekend():
		return ProblemWorkdayOnWeekday
	}
	return ProblemNone
}
