package domain

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date (no time, no zone) stored as days since 1970-01-01.
// The zero value means "no date": 1970-01-01 never occurs in this domain.
type Date int32

const dayLayout = "2006-01-02"

// NewDate returns the date for a year, month and day; out-of-range parts
// normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix() / 86400)
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD. The empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return 0, fmt.Errorf("parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// MustDate parses YYYY-MM-DD and panics on error; for tests and constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year, Month and Day return the parts of d.
func (d Date) Year() int         { return d.Time().Year() }
func (d Date) Month() time.Month { return d.Time().Month() }
func (d Date) Day() int          { return d.Time().Day() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(dayLayout)
}

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date {
	return NewDate(d.Year(), d.Month()+1, 0)
}

// MarshalJSON writes "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as TEXT YYYY-MM-DD, or NULL when unset.
func (d Date) Value() (driver.Value, error) {
	if d == 0 {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a TEXT date, a time.Time (PostgreSQL DATE) or NULL.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = 0
	case string:
		p, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = p
	case []byte:
		p, err := ParseDate(string(v))
		if err != nil {
			return err
		}
		*d = p
	case time.Time:
		*d = DateOf(v)
	default:
		return fmt.Errorf("scan date from %T", src)
	}
	return nil
}

// DaysInclusive counts the days from a to b, both included (0 when b < a).
func DaysInclusive(a, b Date) int {
	if b < a {
		return 0
	}
	return int(b-a) + 1
}
