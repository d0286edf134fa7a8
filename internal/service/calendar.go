package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/calimport"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// The working-day calendar: read by everyone who is logged in, edited by
// the system admin, one day at a time or a year from a file. Every edit is
// audited and structural, so each instance's read model reloads the
// calendar with its next request.

// Calendar returns the working-day calendar of the last loaded read model
// (Monday–Friday before any is loaded). Pages with a model pass its own
// m.Calendar; code with a context and no model uses WorkCalendar.
func (s *Service) Calendar() workday.Calendar {
	if m := s.models.Current(); m != nil {
		return m.Calendar
	}
	return workday.Weekends{}
}

// WorkCalendar returns the working-day calendar as current as the
// database: official holidays and adjusted workdays, Monday–Friday in years
// without data. Every time limit is counted with it.
func (s *Service) WorkCalendar(ctx context.Context) (workday.Calendar, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	return m.Calendar, nil
}

// ReadCalendar reads the calendar straight from the database, without
// loading the read model (for one-shot commands).
func (s *Service) ReadCalendar(ctx context.Context) (*workday.Table, error) {
	t, _, err := readmodel.LoadCalendar(ctx, s.db.Read())
	return t, err
}

// EnsureCalendar seeds the built-in official schedules into every year
// that has no schedule yet and returns the years it seeded. A year that has
// one, seeded, imported or edited by hand, is never touched again, so the
// system admin's edits survive restarts; two instances starting together
// seed once (the second finds the years taken inside its transaction).
func (s *Service) EnsureCalendar(ctx context.Context) ([]int, error) {
	days, years := workday.Official()
	have, err := s.db.Read().CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	if len(missingYears(have, years)) == 0 {
		return nil, nil
	}
	bySchedule := map[int][]domain.CalendarDay{}
	for _, d := range days {
		bySchedule[d.Year] = append(bySchedule[d.Year], d)
	}
	var seeded []int
	sys := SystemPrincipal("calendar-seed")
	err = s.update(ctx, func(tx *store.Tx) error {
		seeded = nil
		have, err := tx.CalendarYears(ctx)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, y := range missingYears(have, years) {
			var added []domain.CalendarDay
			for _, d := range bySchedule[y] {
				ok, err := tx.AddCalendarDay(ctx, d, now)
				if err != nil {
					return err
				}
				if ok {
					added = append(added, d)
				}
			}
			if _, err := tx.AddCalendarYear(ctx, domain.CalendarYear{Year: y, Source: domain.CalendarSeed, UpdatedAt: now}); err != nil {
				return err
			}
			if _, err := s.audit(ctx, tx, sys, store.Change{Action: "calendar.seed", Entity: "calendar_year", EntityID: y,
				After: calendarSchedule{Year: y, Source: domain.CalendarSeed, Days: added}}); err != nil {
				return err
			}
			seeded = append(seeded, y)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed calendar: %w", err)
	}
	return seeded, nil
}

func missingYears(have []domain.CalendarYear, want []int) []int {
	got := map[int]bool{}
	for _, y := range have {
		got[y.Year] = true
	}
	var out []int
	for _, y := range want {
		if !got[y] {
			out = append(out, y)
		}
	}
	return out
}

// calendarSchedule is a year's schedule as the audit log records it.
type calendarSchedule struct {
	Year     int                   `json:"year"`
	Source   domain.CalendarSource `json:"source,omitempty"`
	FileName string                `json:"file_name,omitempty"`
	Days     []domain.CalendarDay  `json:"days"`
}

// CalendarView is one year of the calendar.
type CalendarView struct {
	Year int `json:"year"`
	// Covered is false when the year has no schedule: it counts Monday to
	// Friday, and pages warn.
	Covered   bool                  `json:"covered"`
	Source    domain.CalendarSource `json:"source,omitempty"`
	UpdatedAt time.Time             `json:"updated_at,omitzero"`
	// Workdays counts the year's working days; Holidays its days off that
	// fall Monday to Friday.
	Workdays int `json:"workdays"`
	Holidays int `json:"holidays"`
	// Days are the entries dated in the year.
	Days []domain.CalendarDay `json:"days"`
	// Years lists every year with a schedule.
	Years []domain.CalendarYear `json:"years"`
	// Missing are the years that should have a schedule by today but do not.
	Missing []int `json:"missing"`
}

// CalendarYear returns a year of the calendar for anyone logged in.
func (s *Service) CalendarYear(ctx context.Context, p *Principal, year int) (*CalendarView, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if year < calendarMinYear || year > calendarMaxYear {
		return nil, invalid(ctx, "year", "calendar.err.year", calendarMinYear, calendarMaxYear)
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	return CalendarViewOf(m.Calendar, m.CalendarYears, year, s.Today()), nil
}

// CalendarViewOf builds the view of a year from a calendar.
func CalendarViewOf(t *workday.Table, years []domain.CalendarYear, year int, today domain.Date) *CalendarView {
	v := &CalendarView{Year: year, Covered: t.Covered(year), Days: t.Days(year), Years: years, Missing: t.Missing(today)}
	if v.Days == nil {
		v.Days = []domain.CalendarDay{}
	}
	if v.Years == nil {
		v.Years = []domain.CalendarYear{}
	}
	if v.Missing == nil {
		v.Missing = []int{}
	}
	for _, y := range years {
		if y.Year == year {
			v.Source, v.UpdatedAt = y.Source, y.UpdatedAt
		}
	}
	first := domain.NewDate(year, 1, 1)
	v.Workdays = workday.Between(t, first-1, domain.NewDate(year, 12, 31))
	for _, d := range v.Days {
		if d.Kind == domain.DayHoliday && !d.Date.IsWeekend() {
			v.Holidays++
		}
	}
	return v
}

// MissingCalendarYears returns the years pages should warn about today.
func (s *Service) MissingCalendarYears(ctx context.Context) ([]int, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	return m.Calendar.Missing(s.Today()), nil
}

// The years the calendar accepts.
const calendarMinYear, calendarMaxYear = 1990, 2100

// CalendarDayInput is a day as the system admin enters it.
type CalendarDayInput struct {
	Date domain.Date    `json:"date"`
	Kind domain.DayKind `json:"kind"`
	Name string         `json:"name"`
}

// checkDay validates a day and returns the problem as a user error.
func checkDay(ctx context.Context, d domain.CalendarDay) error {
	pr := printer(ctx)
	switch {
	case d.Date.IsZero():
		return invalid(ctx, "date", "err.required", pr.T("calendar.field.date"))
	case d.Date.Year() < calendarMinYear || d.Date.Year() > calendarMaxYear:
		return invalid(ctx, "date", "calendar.err.year", calendarMinYear, calendarMaxYear)
	case !d.Kind.Valid():
		return invalid(ctx, "kind", "calendar.err.kind")
	case workday.Check(d) == workday.ProblemWorkdayOnWeekday:
		return invalid(ctx, "kind", "calendar.err.workday_on_weekday", d.Date.String(), pr.T(fmt.Sprintf("calendar.weekday.%d", d.Date.Weekday())))
	case utf8.RuneCountInString(d.Name) > calimport.MaxNameLen:
		return invalid(ctx, "name", "calendar.err.name_too_long", calimport.MaxNameLen)
	}
	return nil
}

// SetCalendarDay adds a day to the calendar or changes it (system admin).
// A day keeps the schedule it belongs to; a new one belongs to its own
// year, which then counts as filled in.
func (s *Service) SetCalendarDay(ctx context.Context, p *Principal, in CalendarDayInput) (domain.CalendarDay, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return domain.CalendarDay{}, err
	}
	day := domain.CalendarDay{Date: in.Date, Kind: in.Kind, Name: strings.TrimSpace(in.Name), Year: in.Date.Year(), Source: domain.CalendarManual}
	if err := checkDay(ctx, day); err != nil {
		return day, err
	}
	err := s.update(ctx, func(tx *store.Tx) error {
		old, err := tx.CalendarDay(ctx, day.Date)
		var before any
		switch {
		case err == nil:
			if old.Kind == day.Kind && old.Name == day.Name {
				day = old // nothing changes
				return nil
			}
			day.Year, before = old.Year, old
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		now := s.Now()
		if err := tx.PutCalendarDay(ctx, day, now); err != nil {
			return err
		}
		if err := s.markYear(ctx, tx, day.Year, now); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "calendar.day.set", Entity: "calendar_day", EntityID: day.Date.String(),
			ClaimedDate: day.Date, Before: before, After: day})
		return err
	})
	return day, err
}

// markYear records that a year's schedule was edited, and that it has one.
func (s *Service) markYear(ctx context.Context, tx *store.Tx, year int, now time.Time) error {
	added, err := tx.AddCalendarYear(ctx, domain.CalendarYear{Year: year, Source: domain.CalendarManual, UpdatedAt: now})
	if err != nil || added {
		return err
	}
	return tx.TouchCalendarYear(ctx, year, now)
}

// DeleteCalendarDay removes a day's entry (system admin): the date counts
// Monday to Friday again.
func (s *Service) DeleteCalendarDay(ctx context.Context, p *Principal, d domain.Date) error {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return err
	}
	if d.IsZero() {
		return invalid(ctx, "date", "err.required", printer(ctx).T("calendar.field.date"))
	}
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := tx.CalendarDay(ctx, d)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(ctx, "calendar.err.no_day", d.String())
		}
		if err != nil {
			return err
		}
		now := s.Now()
		if err := tx.DeleteCalendarDay(ctx, d); err != nil {
			return err
		}
		if err := tx.TouchCalendarYear(ctx, old.Year, now); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "calendar.day.delete", Entity: "calendar_day", EntityID: d.String(),
			ClaimedDate: d, Before: old})
		return err
	})
}
