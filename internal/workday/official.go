package workday

import (
	"strings"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/luoshi/luoshi/internal/domain"
)

// The built-in schedules: the State Council's published holiday
// arrangements as maintained in github.com/6tail/lunar-go. Its data starts
// with the adjusted workdays of 2001-12-29/30 (for New Year 2002); 2002 is
// the first complete year.
const (
	OfficialFirstYear = 2002
	OfficialLastYear  = 2026
)

// Official returns the built-in entries, oldest first, and the years they
// cover completely. Every entry has source seed.
//
// Two entries of the library mark an ordinary weekday as a workday
// (2012-05-02, 2012-10-08); they say nothing a Monday–Friday week does not
// and break the rule that an adjusted workday is a weekend, so they are
// left out.
func Official() ([]domain.CalendarDay, []int) {
	var days []domain.CalendarDay
	for y := OfficialFirstYear - 1; y <= OfficialLastYear; y++ {
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h, ok := e.Value.(*HolidayUtil.Holiday)
			if !ok {
				continue
			}
			d, err := domain.ParseDate(h.GetDay())
			if err != nil {
				continue
			}
			day := domain.CalendarDay{Date: d, Kind: domain.DayHoliday, Year: d.Year(), Name: officialName(h.GetName()), Source: domain.CalendarSeed}
			// The days of 2001-12-29/30 belong to New Year 2002's schedule.
			if target, err := domain.ParseDate(h.GetTarget()); err == nil && target.Year() > d.Year() {
				day.Year = target.Year()
			}
			if h.IsWork() {
				day.Kind = domain.DayWorkday
			}
			if Check(day) != ProblemNone {
				continue
			}
			days = append(days, day)
		}
	}
	var years []int
	for y := OfficialFirstYear; y <= OfficialLastYear; y++ {
		years = append(years, y)
	}
	return days, years
}

// officialName shortens the library's names to how notices write them:
// 元旦节 is 元旦; 国庆中秋 is 国庆节、中秋节.
func officialName(n string) string {
	switch n {
	case "元旦节":
		return "元旦"
	case "国庆中秋":
		return "国庆节、中秋节"
	}
	return strings.TrimSpace(n)
}

// OfficialTable is the table of the built-in schedules.
func OfficialTable() *Table {
	days, years := Official()
	return NewTable(days, years)
}
