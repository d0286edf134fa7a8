package service

import (
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/workday"
)

// dayOffReason says why d is not a working day, in the reader's words: the
// holiday it falls in ("国庆节假期"), else its weekday ("星期日"). Every
// refusal of a deadline on a day off uses it, so that a Monday of the
// National Day holiday is never explained as "星期一".
func dayOffReason(pr *i18n.Printer, cal workday.Calendar, d domain.Date) string {
	if t, ok := cal.(*workday.Table); ok {
		if day, ok := t.Day(d); ok && day.Kind == domain.DayHoliday && day.Name != "" {
			return pr.T("calendar.holiday_period", day.Name)
		}
	}
	return pr.T("insp.weekday." + strconv.Itoa(int(d.Weekday())))
}

// nextWorkday is the first working day on or after d.
func nextWorkday(cal workday.Calendar, d domain.Date) domain.Date { return workday.Add(cal, d-1, 1) }
