package jobs

import (
	"fmt"
	"time"
)

// Schedule says when a recurring job is due. Each slot has a label; the
// job's occurrence for a slot is scheduled under the key "kind:label", so
// however many instances (or commands) look at the same moment, the slot
// is scheduled once.
type Schedule interface {
	// Slot returns the latest slot at or before now in loc, and its label.
	Slot(now time.Time, loc *time.Location) (time.Time, string)
	String() string
}

// Every returns a schedule with a slot every d, counted from midnight in
// the deployment's time zone (every 15 minutes: :00, :15, :30, :45). d must
// be at least a minute and at most a day.
func Every(d time.Duration) Schedule {
	if d < time.Minute || d > 24*time.Hour {
		panic(fmt.Sprintf("jobs.Every(%v): want a period from one minute to one day", d))
	}
	return every{d: d}
}

type every struct{ d time.Duration }

func (e every) Slot(now time.Time, loc *time.Location) (time.Time, string) {
	local := now.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	slot := midnight.Add(local.Sub(midnight) / e.d * e.d)
	return slot, slot.Format("2006-01-02T15:04")
}

func (e every) String() string {
	switch {
	case e.d%time.Hour == 0:
		return fmt.Sprintf("every %dh", e.d/time.Hour)
	case e.d%time.Minute == 0:
		return fmt.Sprintf("every %dm", e.d/time.Minute)
	}
	return "every " + e.d.String()
}

// Daily returns a schedule with one slot a day at hour:minute in the
// deployment's time zone.
func Daily(hour, minute int) Schedule {
	if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		panic(fmt.Sprintf("jobs.Daily(%d, %d): not a time of day", hour, minute))
	}
	return daily{h: hour, m: minute}
}

type daily struct{ h, m int }

func (d daily) Slot(now time.Time, loc *time.Location) (time.Time, string) {
	local := now.In(loc)
	slot := time.Date(local.Year(), local.Month(), local.Day(), d.h, d.m, 0, 0, loc)
	if slot.After(local) {
		slot = time.Date(local.Year(), local.Month(), local.Day()-1, d.h, d.m, 0, 0, loc)
	}
	return slot, slot.Format("2006-01-02")
}

func (d daily) String() string { return fmt.Sprintf("daily at %02d:%02d", d.h, d.m) }

// Backoff is the default wait before a failed job's next attempt: a minute
// after the first failure, then four times longer each time, at most six
// hours.
func Backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 4
	}
	return min(d, 6*time.Hour)
}
