package domain

import "time"

// DayKind is what the working-day calendar says about a date that departs
// from, or names, the Monday–Friday week.
type DayKind string

const (
	// DayHoliday is a day off: a public holiday, or a weekend inside a
	// holiday period (named so that the calendar shows it).
	DayHoliday DayKind = "holiday"
	// DayWorkday is a weekend worked to make up for a holiday (调休上班).
	DayWorkday DayKind = "workday"
)

// Valid reports whether k is known.
func (k DayKind) Valid() bool { return k == DayHoliday || k == DayWorkday }

// CalendarSource is where a calendar entry, or a year's data, came from.
type CalendarSource string

const (
	CalendarSeed   CalendarSource = "seed"   // the built-in official schedules
	CalendarImport CalendarSource = "import" // a file imported by the system admin
	CalendarManual CalendarSource = "manual" // a day entered by hand
)

// CalendarDay is one entry of the working-day calendar (节假日安排).
type CalendarDay struct {
	Date Date    `json:"date"`
	Kind DayKind `json:"kind"`
	// Year is the schedule the day belongs to: its own year, except the
	// late-December days of the next year's New Year holiday.
	Year int `json:"year"`
	// Name is the holiday it belongs to (春节, 国庆节…), "" when unnamed.
	Name   string         `json:"name"`
	Source CalendarSource `json:"source"`
}

// CalendarYear records that a year's holiday schedule is in the calendar:
// without it, the year falls back to Monday–Friday and the UI warns.
type CalendarYear struct {
	Year      int            `json:"year"`
	Source    CalendarSource `json:"source"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// IsWeekend reports whether d is a Saturday or Sunday.
func (d Date) IsWeekend() bool {
	// Day 0 (1970-01-01) was a Thursday: shift so that Monday is 0.
	wd := (int64(d) + 3) % 7
	if wd < 0 {
		wd += 7
	}
	return wd >= 5
}
