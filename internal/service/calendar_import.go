package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/calimport"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// CalendarImportOptions name what is imported.
type CalendarImportOptions struct {
	// Year is the schedule's year; 0 reads it from the dates.
	Year     int
	FileName string
}

// CalendarImportSummary says what an import did.
type CalendarImportSummary struct {
	Year     int    `json:"year"`
	FileName string `json:"file_name"`
	// Days is the number of days in the file: Holidays days off and
	// Workdays weekends worked.
	Days     int `json:"days"`
	Holidays int `json:"holidays"`
	Workdays int `json:"workdays"`
	// Added, Changed, Removed and Unchanged compare the file with the
	// year's schedule before the import.
	Added     int `json:"added"`
	Changed   int `json:"changed"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
}

// ImportCalendar replaces a year's schedule with the one in a file
// (system admin): all or nothing, every bad row named. Days of the year's
// schedule that the file lacks are removed; the year counts as filled in.
func (s *Service) ImportCalendar(ctx context.Context, p *Principal, data []byte, opt CalendarImportOptions) (*CalendarImportSummary, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	if opt.Year != 0 && (opt.Year < calendarMinYear || opt.Year > calendarMaxYear) {
		return nil, invalid(ctx, "year", "calendar.err.year", calendarMinYear, calendarMaxYear)
	}
	sched, err := calimport.Parse(data, calimport.Options{Year: opt.Year, Printer: printer(ctx)})
	if err != nil {
		return nil, err
	}
	for _, d := range sched.Days {
		if err := checkDay(ctx, d); err != nil {
			return nil, err
		}
	}
	sum := &CalendarImportSummary{Year: sched.Year, FileName: opt.FileName, Days: len(sched.Days)}
	for _, d := range sched.Days {
		if d.Kind == domain.DayHoliday {
			sum.Holidays++
		} else {
			sum.Workdays++
		}
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		*sum = CalendarImportSummary{Year: sum.Year, FileName: sum.FileName, Days: sum.Days, Holidays: sum.Holidays, Workdays: sum.Workdays}
		all, err := tx.CalendarDays(ctx)
		if err != nil {
			return err
		}
		existing := map[domain.Date]domain.CalendarDay{}
		var before []domain.CalendarDay
		for _, d := range all {
			existing[d.Date] = d
			if d.Year == sched.Year {
				before = append(before, d)
			}
		}
		inFile := map[domain.Date]bool{}
		now := s.Now()
		for _, d := range sched.Days {
			inFile[d.Date] = true
			old, ok := existing[d.Date]
			switch {
			case !ok:
				sum.Added++
			case old.Kind == d.Kind && old.Name == d.Name && old.Year == d.Year:
				sum.Unchanged++
				continue
			default:
				sum.Changed++
			}
			if err := tx.PutCalendarDay(ctx, d, now); err != nil {
				return err
			}
		}
		for _, d := range before {
			if !inFile[d.Date] {
				if err := tx.DeleteCalendarDay(ctx, d.Date); err != nil {
					return err
				}
				sum.Removed++
			}
		}
		if err := tx.PutCalendarYear(ctx, domain.CalendarYear{Year: sched.Year, Source: domain.CalendarImport, UpdatedAt: now}); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "calendar.import", Entity: "calendar_year", EntityID: sched.Year,
			Before: calendarSchedule{Year: sched.Year, Days: nonNil(before)},
			After:  calendarSchedule{Year: sched.Year, Source: domain.CalendarImport, FileName: opt.FileName, Days: sched.Days}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

func nonNil(days []domain.CalendarDay) []domain.CalendarDay {
	if days == nil {
		return []domain.CalendarDay{}
	}
	return days
}
