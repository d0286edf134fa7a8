package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

func TestCalendarDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actor := store.Actor{Login: "sysadmin"}
		d := domain.MustDate
		day := domain.CalendarDay{Date: d("2027-02-06"), Year: 2027, Kind: domain.DayHoliday, Name: "春节", Source: domain.CalendarImport}
		var added, again, yearAdded, yearAgain bool
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if added, err = tx.AddCalendarDay(ctx, day, now); err != nil {
				return err
			}
			other := day
			other.Name = "改过"
			if again, err = tx.AddCalendarDay(ctx, other, now); err != nil {
				return err
			}
			if yearAdded, err = tx.AddCalendarYear(ctx, domain.CalendarYear{Year: 2027, Source: domain.CalendarImport, UpdatedAt: now}); err != nil {
				return err
			}
			if yearAgain, err = tx.AddCalendarYear(ctx, domain.CalendarYear{Year: 2027, Source: domain.CalendarSeed, UpdatedAt: now}); err != nil {
				return err
			}
			// 2026-12-31 belongs to 2027's schedule.
			if err := tx.PutCalendarDay(ctx, domain.CalendarDay{Date: d("2026-12-31"), Year: 2027, Kind: domain.DayHoliday, Name: "元旦", Source: domain.CalendarManual}, now); err != nil {
				return err
			}
			_, err = tx.Audit(ctx, actor, now, store.Change{Action: "calendar.test", Entity: "calendar_day"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !added || again || !yearAdded || yearAgain {
			t.Errorf("add: day %v/%v, year %v/%v", added, again, yearAdded, yearAgain)
		}
		r := db.Read()
		got, err := r.CalendarDay(ctx, day.Date)
		if err != nil || got != day {
			t.Fatalf("read back %+v, %v", got, err)
		}
		sched, err := r.CalendarSchedule(ctx, 2027)
		if err != nil || len(sched) != 2 || sched[0].Date != d("2026-12-31") {
			t.Fatalf("schedule 2027: %+v, %v", sched, err)
		}
		years, err := r.CalendarYears(ctx)
		if err != nil || len(years) != 1 || years[0].Source != domain.CalendarImport || !years[0].UpdatedAt.Equal(now) {
			t.Fatalf("years %+v, %v", years, err)
		}
		// Changing and deleting; deleting a date without an entry is not found.
		h0, _ := r.Heads(ctx)
		err = db.Update(ctx, func(tx *store.Tx) error {
			day.Kind, day.Name, day.Source = domain.DayWorkday, "春节", domain.CalendarManual
			if err := tx.PutCalendarDay(ctx, day, now); err != nil {
				return err
			}
			if err := tx.DeleteCalendarDay(ctx, d("2026-12-31")); err != nil {
				return err
			}
			if err := tx.TouchCalendarYear(ctx, 2027, now.Add(1)); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, actor, now, store.Change{Action: "calendar.test", Entity: "calendar_day"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := r.CalendarDays(ctx)
		if len(all) != 1 || all[0] != day {
			t.Errorf("after change: %+v", all)
		}
		// Calendar writes are structural: read models reload.
		if h1, _ := r.Heads(ctx); h1.Structure <= h0.Structure {
			t.Errorf("structure seq %d → %d", h0.Structure, h1.Structure)
		}
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.DeleteCalendarDay(ctx, d("2026-12-30")) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete missing: %v", err)
		}
		if _, err := r.CalendarDay(ctx, d("2026-12-30")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("get missing: %v", err)
		}
	})
}
