package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Instants are stored as fixed-width UTC text on both engines, so that they
// sort as strings and read the same everywhere.
const tsLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(tsLayout)
}

// nullTime scans an instant written by ts, or NULL.
type nullTime struct{ T time.Time }

func (n *nullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		n.T = time.Time{}
	case string:
		return n.parse(v)
	case []byte:
		return n.parse(string(v))
	case time.Time:
		n.T = v
	default:
		return fmt.Errorf("scan time from %T", src)
	}
	return nil
}

func (n *nullTime) parse(s string) error {
	if s == "" {
		n.T = time.Time{}
		return nil
	}
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("parse time %q: %w", s, err)
		}
	}
	n.T = t
	return nil
}

// Value lets a nullTime be passed back as an argument.
func (n nullTime) Value() (driver.Value, error) { return ts(n.T), nil }
