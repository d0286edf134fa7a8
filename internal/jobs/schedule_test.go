package jobs

import (
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func TestScheduleSlots(t *testing.T) {
	cases := []struct {
		name  string
		s     Schedule
		now   time.Time
		slot  string
		label string
	}{
		{"every 15 min, inside a slot", Every(15 * time.Minute), at("2023-07-15 09:07:30"), "2023-07-15 09:00:00", "2023-07-15T09:00"},
		{"every 15 min, on the slot", Every(15 * time.Minute), at("2023-07-15 09:15:00"), "2023-07-15 09:15:00", "2023-07-15T09:15"},
		{"every 15 min, a nanosecond before", Every(15 * time.Minute), at("2023-07-15 09:15:00").Add(-1), "2023-07-15 09:00:00", "2023-07-15T09:00"},
		{"every 15 min, just after midnight", Every(15 * time.Minute), at("2023-07-16 00:00:01"), "2023-07-16 00:00:00", "2023-07-16T00:00"},
		{"every 7 min restarts at midnight", Every(7 * time.Minute), at("2023-07-15 23:59:00"), "2023-07-15 23:55:00", "2023-07-15T23:55"},
		{"every hour", Every(time.Hour), at("2023-07-15 08:59:59"), "2023-07-15 08:00:00", "2023-07-15T08:00"},
		{"every day", Every(24 * time.Hour), at("2023-07-15 08:59:59"), "2023-07-15 00:00:00", "2023-07-15T00:00"},
		{"daily, after the hour", Daily(8, 30), at("2023-07-15 09:00:00"), "2023-07-15 08:30:00", "2023-07-15"},
		{"daily, on the minute", Daily(8, 30), at("2023-07-15 08:30:00"), "2023-07-15 08:30:00", "2023-07-15"},
		{"daily, before the hour: yesterday's", Daily(8, 30), at("2023-07-15 08:29:59"), "2023-07-14 08:30:00", "2023-07-14"},
		{"daily, across a month", Daily(8, 0), at("2023-08-01 07:00:00"), "2023-07-31 08:00:00", "2023-07-31"},
		{"daily, across a year", Daily(23, 0), at("2024-01-01 01:00:00"), "2023-12-31 23:00:00", "2023-12-31"},
		// A UTC instant is read in the deployment's zone: 2023-07-15 00:30 UTC is 08:30 in China.
		{"UTC input", Daily(8, 30), time.Date(2023, 7, 15, 0, 30, 0, 0, time.UTC), "2023-07-15 08:30:00", "2023-07-15"},
	}
	for _, c := range cases {
		slot, label := c.s.Slot(c.now, cst)
		if got := slot.In(cst).Format("2006-01-02 15:04:05"); got != c.slot || label != c.label {
			t.Errorf("%s: %s %s, want %s %s", c.name, got, label, c.slot, c.label)
		}
		if slot.After(c.now) {
			t.Errorf("%s: slot %v after now %v", c.name, slot, c.now)
		}
	}
}

func TestScheduleRefusesNonsense(t *testing.T) {
	for name, f := range map[string]func(){
		"every 0":        func() { Every(0) },
		"every second":   func() { Every(time.Second) },
		"every two days": func() { Every(48 * time.Hour) },
		"daily 24:00":    func() { Daily(24, 0) },
		"daily 8:60":     func() { Daily(8, 60) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 4 * time.Minute, 16 * time.Minute, 64 * time.Minute, 256 * time.Minute, 6 * time.Hour, 6 * time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("attempt %d: %v, want %v", i+1, got, w)
		}
	}
}

func TestScheduleNames(t *testing.T) {
	for s, want := range map[Schedule]string{Every(15 * time.Minute): "every 15m", Every(2 * time.Hour): "every 2h",
		Every(90 * time.Second): "every 1m30s", Daily(8, 5): "daily at 08:05"} {
		if got := s.String(); got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
