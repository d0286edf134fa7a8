package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/luoshi/luoshi/internal/calimport"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// The working-day calendar page: a year as twelve month grids with the
// days off and the weekends worked marked and named. Everyone logged in
// reads it; the system admin edits a day or imports a year's schedule.

type calendarData struct {
	View     *service.CalendarView
	Months   []calMonth
	Prev     int
	Next     int
	ThisYear int
	CanEdit  bool
	// Form is the one-day form's values (kept after a refused save).
	Form service.CalendarDayInput
	// SourceKey names where the year's schedule came from.
	SourceKey string
}

// WeekdayKeys are the grid's column headings, Monday first.
func (calendarData) WeekdayKeys() []string {
	return []string{"calendar.short_weekday.1", "calendar.short_weekday.2", "calendar.short_weekday.3", "calendar.short_weekday.4",
		"calendar.short_weekday.5", "calendar.short_weekday.6", "calendar.short_weekday.0"}
}

type calMonth struct {
	Month int
	Weeks [][7]calCell
	// Periods group the month's entries into runs of consecutive days of
	// one kind and name ("1月28日—31日 休 春节"); Entries list them one
	// by one for the system admin to delete.
	Periods []calPeriod
	Entries []calEntry
}

type calPeriod struct {
	From, To domain.Date
	Kind     domain.DayKind
	Name     string
	Year     int
}

type calCell struct {
	Day   int // 0: a blank before the 1st or after the last day
	Date  string
	Class string
	Mark  string // 休 or 班
	Title string
	Today bool
}

type calEntry struct {
	domain.CalendarDay
	Weekday int
}

func (h *handler) calendarPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	year := h.svc.Today().Year()
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1990 || y > 2100 {
			h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: reqCtx(r).p.T("calendar.err.year", 1990, 2100)})
			return
		}
		year = y
	}
	h.showCalendar(w, r, p, year, nil, nil)
}

// showCalendar renders the page for year; ferr is a refused edit or import
// (its message and per-row details are shown above the page).
func (h *handler) showCalendar(w http.ResponseWriter, r *http.Request, p *service.Principal, year int, d *calendarData, ferr error) {
	pr := reqCtx(r).p
	v, err := h.svc.CalendarYear(r.Context(), p, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d == nil {
		d = &calendarData{}
	}
	d.View, d.Prev, d.Next, d.ThisYear = v, year-1, year+1, h.svc.Today().Year()
	d.CanEdit = p.Has(domain.RoleSysAdmin)
	if v.Source != "" {
		d.SourceKey = "calendar.source." + string(v.Source)
	}
	d.Months = calendarMonths(v, h.svc.Today(), pr.T)
	pg := &Page{Title: pr.T("calendar.web.title"), Nav: "calendar", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "calendar", pg)
}

// calendarMonths lays out the year's months, weeks starting on Monday as
// Chinese calendars print them.
func calendarMonths(v *service.CalendarView, today domain.Date, t func(string, ...any) string) []calMonth {
	entries := map[domain.Date]domain.CalendarDay{}
	for _, e := range v.Days {
		entries[e.Date] = e
	}
	months := make([]calMonth, 12)
	for m := range 12 {
		cm := calMonth{Month: m + 1}
		first := domain.NewDate(v.Year, time.Month(m+1), 1)
		last := first.MonthEnd()
		var week [7]calCell
		col := (int(first.Weekday()) + 6) % 7
		for d := first; d <= last; d++ {
			c := calCell{Day: d.Day(), Date: d.String(), Today: d == today}
			if d.IsWeekend() {
				c.Class = "weekend"
			}
			if e, ok := entries[d]; ok {
				if e.Kind == domain.DayHoliday {
					c.Class, c.Mark = "holiday", t("calendar.mark.holiday")
				} else {
					c.Class, c.Mark = "adjusted", t("calendar.mark.workday")
				}
				c.Title = t("calendar.kind."+string(e.Kind)) + " " + e.Name
				cm.Entries = append(cm.Entries, calEntry{CalendarDay: e, Weekday: int(d.Weekday())})
			}
			week[col] = c
			col++
			if col == 7 {
				cm.Weeks = append(cm.Weeks, week)
				week, col = [7]calCell{}, 0
			}
		}
		if col > 0 {
			cm.Weeks = append(cm.Weeks, week)
		}
		for _, e := range cm.Entries {
			if n := len(cm.Periods); n > 0 {
				last := &cm.Periods[n-1]
				if last.To+1 == e.Date && last.Kind == e.Kind && last.Name == e.Name && last.Year == e.Year {
					last.To = e.Date
					continue
				}
			}
			cm.Periods = append(cm.Periods, calPeriod{From: e.Date, To: e.Date, Kind: e.Kind, Name: e.Name, Year: e.Year})
		}
		months[m] = cm
	}
	return months
}

func (h *handler) calendarYearOf(r *http.Request, fallback int) int {
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y >= 1990 && y <= 2100 {
		return y
	}
	return fallback
}

// calendarSave adds or changes one day.
func (h *handler) calendarSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	in := service.CalendarDayInput{Kind: domain.DayKind(r.FormValue("kind")), Name: r.FormValue("name")}
	year := h.calendarYearOf(r, h.svc.Today().Year())
	d, err := formDate(r, "date")
	if err != nil || d.IsZero() {
		h.calendarFail(w, r, p, year, &calendarData{Form: in}, badDate(r, "date", "calendar.field.date"))
		return
	}
	in.Date = d
	day, err := h.svc.SetCalendarDay(r.Context(), p, in)
	if err != nil {
		h.calendarFail(w, r, p, d.Year(), &calendarData{Form: in}, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/calendar?year=%d#m%d", day.Date.Year(), day.Date.Month()), pr.T("calendar.web.saved", day.Date.String()))
}

// calendarDelete removes a day's entry.
func (h *handler) calendarDelete(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d, err := domain.ParseDate(r.PathValue("date"))
	if err != nil || d.IsZero() {
		http.NotFound(w, r)
		return
	}
	if err := h.svc.DeleteCalendarDay(r.Context(), p, d); err != nil {
		h.calendarFail(w, r, p, d.Year(), nil, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/calendar?year=%d#m%d", d.Year(), d.Month()), pr.T("calendar.web.deleted", d.String()))
}

// calendarImportLimit bounds a calendar upload: one file and the form
// around it.
func calendarImportLimit(_ *handler, pr *i18n.Printer) (int64, string) {
	return calimport.MaxBytes + (1 << 20), pr.T("calendar.file.too_large", calimport.MaxBytes>>20)
}

// calendarImport replaces a year's schedule from an uploaded file.
func (h *handler) calendarImport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	year := h.svc.Today().Year()
	// The body was read within calendarImportLimit before the CSRF check.
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		h.calendarFail(w, r, p, year, nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("calendar.web.no_file")})
		return
	}
	target := 0
	if v := r.FormValue("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			h.calendarFail(w, r, p, year, nil, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: pr.T("calendar.err.year", 1990, 2100)})
			return
		}
		target, year = y, h.calendarYearOf(r, year)
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.calendarFail(w, r, p, year, nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("calendar.web.no_file")})
		return
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sum, err := h.svc.ImportCalendar(r.Context(), p, data, service.CalendarImportOptions{Year: target, FileName: fh.Filename})
	if err != nil {
		h.calendarFail(w, r, p, year, nil, err)
		return
	}
	redirect(w, r, "/calendar?year="+url.QueryEscape(strconv.Itoa(sum.Year)), pr.T("calendar.cli.imported", sum.Year, sum.FileName, sum.Days,
		sum.Holidays, sum.Workdays, sum.Added, sum.Changed, sum.Removed, sum.Unchanged))
}

// calendarFail shows a refused edit on the page; refusals of the caller
// (not the input) get the error page.
func (h *handler) calendarFail(w http.ResponseWriter, r *http.Request, p *service.Principal, year int, d *calendarData, err error) {
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindUnauthorized {
		h.fail(w, r, err)
		return
	}
	h.showCalendar(w, r, p, year, d, err)
}

// fillCalendarWarning tells the system admin and the office, on every page,
// and everyone on the calendar page, which years lack a holiday schedule.
func (h *handler) fillCalendarWarning(r *http.Request, pg *Page) {
	p := pg.Principal
	if p == nil || !(p.Has(domain.RoleSysAdmin) || p.Has(domain.RoleOffice) || pg.Nav == "calendar") {
		return
	}
	missing, err := h.svc.MissingCalendarYears(r.Context())
	if err != nil {
		h.log.Warn("calendar coverage", "err", err)
		return
	}
	pg.CalendarMissing = missing
}
