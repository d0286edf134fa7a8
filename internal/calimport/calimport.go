// Package calimport reads a year's holiday schedule from the simple file
// a system admin prepares from the State Council's notice: CSV (UTF-8 with
// or without BOM; GB18030 as Excel on Chinese Windows saves it) or an .xlsx
// workbook, one row per day with the columns date, 假 or 班, name. A header
// row is optional.
//
// It does no database work. Every problem is reported at once as a
// *domain.Error of kind invalid whose Details name the row, the column and
// the reason, so that the file is fixed in one go; nothing is imported
// unless the whole file is right.
package calimport

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/workday"
)

// Limits of a file: a year's schedule has about forty days.
const (
	MaxBytes   = 2 << 20
	MaxRows    = 1000
	MaxNameLen = 40
	maxLines   = 200
)

// Options control Parse.
type Options struct {
	// Year is the schedule's year; 0 takes the year most dates fall in.
	Year    int
	Printer *i18n.Printer // nil = zh-Hans
}

// Schedule is a year's holiday arrangement read from a file.
type Schedule struct {
	Year int
	// Days are in date order, each with Year set and source import.
	Days []domain.CalendarDay
	// Format is "csv" or "xlsx".
	Format string
}

// row is one data row as read: its 1-based line or Excel row number and
// its cells (date, kind, name).
type row struct {
	n                int
	date, kind, name string
}

// Parse reads a schedule file.
func Parse(data []byte, opt Options) (*Schedule, error) {
	p := opt.Printer
	if p == nil {
		p = i18n.Default().Printer(i18n.ZhHans)
	}
	if len(data) > MaxBytes {
		return nil, &domain.Error{Kind: domain.KindTooLarge, Field: "file", Message: p.T("calendar.file.too_large", MaxBytes>>20)}
	}
	var rows []row
	var err error
	format := "csv"
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		format = "xlsx"
		rows, err = readXLSX(data, p)
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		err = &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.xls")}
	default:
		rows, err = readCSV(data, p)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.empty")}
	}
	if len(rows) > MaxRows {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.too_many_rows", len(rows), MaxRows)}
	}
	return check(rows, opt.Year, format, p)
}

// check turns rows into a schedule, or lists every problem.
func check(rows []row, year int, format string, p *i18n.Printer) (*Schedule, error) {
	var lines []string
	bad := func(r row, fieldKey, msgKey string, args ...any) {
		if len(lines) < maxLines {
			lines = append(lines, p.T("calendar.file.at", r.n, p.T(fieldKey), p.T(msgKey, args...)))
		}
	}
	type parsed struct {
		r    row
		day  domain.CalendarDay
		okay bool
	}
	all := make([]parsed, 0, len(rows))
	count := map[int]int{}
	for _, r := range rows {
		pr := parsed{r: r, okay: true}
		switch d, ok := ParseDate(r.date); {
		case r.date == "":
			bad(r, "calendar.field.date", "calendar.file.no_date")
			pr.okay = false
		case !ok:
			bad(r, "calendar.field.date", "calendar.file.bad_date", r.date)
			pr.okay = false
		default:
			pr.day.Date = d
			count[d.Year()]++
		}
		switch k, res := ParseKind(r.kind); res {
		case kindOK:
			pr.day.Kind = k
		case kindEmpty:
			bad(r, "calendar.field.kind", "calendar.file.no_kind")
			pr.okay = false
		case kindAmbiguous:
			bad(r, "calendar.field.kind", "calendar.file.ambiguous_kind", r.kind)
			pr.okay = false
		default:
			bad(r, "calendar.field.kind", "calendar.file.bad_kind", r.kind)
			pr.okay = false
		}
		pr.day.Name = strings.TrimSpace(r.name)
		if utf8.RuneCountInString(pr.day.Name) > MaxNameLen {
			bad(r, "calendar.field.name", "calendar.file.name_too_long", MaxNameLen)
			pr.okay = false
		}
		all = append(all, pr)
	}
	if year == 0 {
		year = majority(count)
	}
	seen := map[domain.Date]int{}
	var days []domain.CalendarDay
	for _, pr := range all {
		d := pr.day
		if d.Date.IsZero() {
			continue
		}
		if first, dup := seen[d.Date]; dup {
			bad(pr.r, "calendar.field.date", "calendar.file.duplicate", d.Date.String(), first)
			continue
		}
		seen[d.Date] = pr.r.n
		if !InSchedule(d.Date, year) {
			bad(pr.r, "calendar.field.date", "calendar.file.out_of_year", d.Date.String(), year, year-1)
			continue
		}
		if pr.okay && workday.Check(d) == workday.ProblemWorkdayOnWeekday {
			bad(pr.r, "calendar.field.kind", "calendar.file.workday_on_weekday", d.Date.String(), p.T(fmt.Sprintf("calendar.weekday.%d", d.Date.Weekday())))
			continue
		}
		if pr.okay {
			d.Year, d.Source = year, domain.CalendarImport
			days = append(days, d)
		}
	}
	if len(lines) > 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.failed", len(lines)), Details: lines}
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	return &Schedule{Year: year, Days: days, Format: format}, nil
}

// InSchedule reports whether a date can belong to year's schedule: a date
// of that year, or of the December before (the New Year holiday, or the
// weekend worked for it, may fall there).
func InSchedule(d domain.Date, year int) bool {
	return d >= domain.NewDate(year-1, 12, 1) && d <= domain.NewDate(year, 12, 31)
}

// majority is the year most dates fall in, the later one on a tie.
func majority(count map[int]int) int {
	best, n := 0, 0
	for y, c := range count {
		if c > n || c == n && y > best {
			best, n = y, c
		}
	}
	return best
}
