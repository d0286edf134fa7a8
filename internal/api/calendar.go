package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/luoshi/luoshi/internal/calimport"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// calendarDayInput is a day's entry; the date is in the path.
type calendarDayInput struct {
	// Kind is holiday (a day off) or workday (a Saturday or Sunday worked).
	Kind domain.DayKind `json:"kind"`
	Name string         `json:"name"`
}

func (s *server) getCalendar(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	year := q.intIn("year", s.svc.Today().Year(), 1990, 2100)
	if q.err != nil {
		return q.err
	}
	v, err := s.svc.CalendarYear(r.Context(), p, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// pathDate reads the {date} wildcard: a malformed date names nothing.
func pathDate(r *http.Request) (domain.Date, error) {
	d, err := domain.ParseDate(r.PathValue("date"))
	if err != nil || d.IsZero() {
		return 0, &domain.Error{Kind: domain.KindNotFound, Message: i18n.From(r.Context()).T("api.err.not_found")}
	}
	return d, nil
}

func (s *server) putCalendarDay(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	d, err := pathDate(r)
	if err != nil {
		return err
	}
	var in calendarDayInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	day, err := s.svc.SetCalendarDay(r.Context(), p, service.CalendarDayInput{Date: d, Kind: in.Kind, Name: in.Name})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, day)
}

func (s *server) deleteCalendarDay(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	d, err := pathDate(r)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteCalendarDay(r.Context(), p, d); err != nil {
		return err
	}
	return noContent(w)
}

// importCalendar takes the file as the raw body: CSV or .xlsx.
func (s *server) importCalendar(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	pr := i18n.From(r.Context())
	q := query(r)
	year := q.intIn("year", 0, 1990, 2100)
	name := q.str("file_name")
	if q.err != nil {
		return q.err
	}
	if name == "" {
		name = "upload"
	}
	r.Body = http.MaxBytesReader(w, r.Body, calimport.MaxBytes)
	data, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &domain.Error{Kind: domain.KindTooLarge, Message: pr.T("calendar.file.too_large", calimport.MaxBytes>>20)}
	case err != nil:
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("calendar.file.empty"), Err: err}
	}
	sum, err := s.svc.ImportCalendar(r.Context(), p, data, service.CalendarImportOptions{Year: year, FileName: name})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}
