package store

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// Calendar changes mark the transaction structural: every status is
// counted in working days, so read models reload with the new calendar,
// on this instance and on every other one following the audit head.

const calendarDayCols = "day, year, kind, name, source"

func scanCalendarDay(sc scanner) (domain.CalendarDay, error) {
	var d domain.CalendarDay
	err := sc.Scan(&d.Date, &d.Year, &d.Kind, &d.Name, &d.Source)
	return d, err
}

// CalendarDays returns every calendar entry in date order.
func (r *Reader) CalendarDays(ctx context.Context) ([]domain.CalendarDay, error) {
	return collect(ctx, r.q, "list calendar days", "SELECT "+calendarDayCols+" FROM calendar_days ORDER BY day", nil, scanCalendarDay)
}

// CalendarSchedule returns the entries of one year's schedule.
func (r *Reader) CalendarSchedule(ctx context.Context, year int) ([]domain.CalendarDay, error) {
	return collect(ctx, r.q, "list calendar schedule", "SELECT "+calendarDayCols+" FROM calendar_days WHERE year = $1 ORDER BY day",
		[]any{year}, scanCalendarDay)
}

// CalendarDay returns the entry for one date.
func (r *Reader) CalendarDay(ctx context.Context, d domain.Date) (domain.CalendarDay, error) {
	day, err := scanCalendarDay(r.q.QueryRowContext(ctx, "SELECT "+calendarDayCols+" FROM calendar_days WHERE day = $1", d))
	return day, wrap("get calendar day", err)
}

// CalendarYears returns the years whose schedule is in the calendar.
func (r *Reader) CalendarYears(ctx context.Context) ([]domain.CalendarYear, error) {
	return collect(ctx, r.q, "list calendar years", "SELECT year, source, updated_at FROM calendar_years ORDER BY year", nil,
		func(sc scanner) (domain.CalendarYear, error) {
			var y domain.CalendarYear
			var at nullTime
			err := sc.Scan(&y.Year, &y.Source, &at)
			y.UpdatedAt = at.T
			return y, err
		})
}

// PutCalendarDay adds or replaces the entry for a date.
func (tx *Tx) PutCalendarDay(ctx context.Context, d domain.CalendarDay, now time.Time) error {
	tx.MarkStructural()
	_, err := tx.exec(ctx, `INSERT INTO calendar_days (day, year, kind, name, source, updated_at) VALUES ($1,$2,$3,$4,$5,$6)
		ON CONFLICT (day) DO UPDATE SET year = excluded.year, kind = excluded.kind, name = excluded.name,
		source = excluded.source, updated_at = excluded.updated_at`,
		d.Date, d.Year, d.Kind, d.Name, d.Source, ts(now))
	return wrap("put calendar day", err)
}

// AddCalendarDay inserts an entry unless its date has one already, and
// reports whether it did.
func (tx *Tx) AddCalendarDay(ctx context.Context, d domain.CalendarDay, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO calendar_days (day, year, kind, name, source, updated_at) VALUES ($1,$2,$3,$4,$5,$6)
		ON CONFLICT (day) DO NOTHING`, d.Date, d.Year, d.Kind, d.Name, d.Source, ts(now))
	if err != nil {
		return false, wrap("add calendar day", err)
	}
	n, err := res.RowsAffected()
	if n > 0 {
		tx.MarkStructural()
	}
	return n > 0, wrap("add calendar day", err)
}

// DeleteCalendarDay removes the entry for a date.
func (tx *Tx) DeleteCalendarDay(ctx context.Context, d domain.Date) error {
	tx.MarkStructural()
	res, err := tx.exec(ctx, "DELETE FROM calendar_days WHERE day = $1", d)
	return affected("delete calendar day", d, res, err)
}

// AddCalendarYear records that a year's schedule is in the calendar unless
// it is already, and reports whether it did.
func (tx *Tx) AddCalendarYear(ctx context.Context, y domain.CalendarYear) (bool, error) {
	res, err := tx.exec(ctx, "INSERT INTO calendar_years (year, source, updated_at) VALUES ($1,$2,$3) ON CONFLICT (year) DO NOTHING",
		y.Year, y.Source, ts(y.UpdatedAt))
	if err != nil {
		return false, wrap("add calendar year", err)
	}
	n, err := res.RowsAffected()
	if n > 0 {
		tx.MarkStructural()
	}
	return n > 0, wrap("add calendar year", err)
}

// PutCalendarYear records a year's schedule, replacing its source.
func (tx *Tx) PutCalendarYear(ctx context.Context, y domain.CalendarYear) error {
	tx.MarkStructural()
	_, err := tx.exec(ctx, `INSERT INTO calendar_years (year, source, updated_at) VALUES ($1,$2,$3)
		ON CONFLICT (year) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`,
		y.Year, y.Source, ts(y.UpdatedAt))
	return wrap("put calendar year", err)
}

// TouchCalendarYear marks a covered year as changed now.
func (tx *Tx) TouchCalendarYear(ctx context.Context, year int, now time.Time) error {
	tx.MarkStructural()
	_, err := tx.exec(ctx, "UPDATE calendar_years SET updated_at = $1 WHERE year = $2", ts(now), year)
	return wrap("touch calendar year", err)
}
