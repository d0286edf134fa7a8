package app_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
	"github.com/luoshi/luoshi/internal/workday"
)

func seedEntries(t *testing.T, a *app.App) int {
	t.Helper()
	es, err := a.DB.Read().AuditEntries(context.Background(), store.AuditFilter{Action: "calendar.seed", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// The first start seeds the official schedules of 2002–2026; later starts
// leave the calendar alone, the system admin's edits included.
func TestCalendarSeedAndRestart(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a := open(t, dsn)
			if n := seedEntries(t, a); n != workday.OfficialLastYear-workday.OfficialFirstYear+1 {
				t.Fatalf("%d years seeded", n)
			}
			cal, err := a.Service.ReadCalendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			days, _ := workday.Official()
			if cal.Len() != len(days) || !cal.Covered(2002) || !cal.Covered(2026) || cal.Covered(2027) {
				t.Fatalf("seeded %d of %d days; coverage 2002 %v 2026 %v 2027 %v", cal.Len(), len(days), cal.Covered(2002), cal.Covered(2026), cal.Covered(2027))
			}
			// The seeded data agree with the built-in table on every day.
			official := workday.OfficialTable()
			for d := domain.MustDate("2001-12-01"); d <= domain.MustDate("2026-12-31"); d++ {
				if cal.IsWorkday(d) != official.IsWorkday(d) {
					t.Fatalf("%s: seeded %v, built-in %v", d, cal.IsWorkday(d), official.IsWorkday(d))
				}
			}
			// The system admin edits, then the program restarts.
			op := service.SystemPrincipal("test")
			if err := a.Service.DeleteCalendarDay(ctx, op, domain.MustDate("2025-01-26")); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Service.SetCalendarDay(ctx, op, service.CalendarDayInput{Date: domain.MustDate("2025-10-08"), Kind: domain.DayHoliday, Name: "国庆节"}); err != nil {
				t.Fatal(err)
			}
			head, _, _ := a.DB.Read().Head(ctx)
			a.Close()
			b := open(t, dsn)
			if h, _, _ := b.DB.Read().Head(ctx); h != head {
				t.Errorf("a restart changed the database: head %d → %d", head, h)
			}
			cal, _ = b.Service.ReadCalendar(ctx)
			if cal.IsWorkday(domain.MustDate("2025-01-26")) {
				t.Error("the deleted workday came back after a restart")
			}
			if d, _ := cal.Day(domain.MustDate("2025-10-08")); d.Name != "国庆节" || d.Source != domain.CalendarManual {
				t.Errorf("the edited day after a restart: %+v", d)
			}
		})
	}
}

// Instances starting together on a new database seed it once.
func TestCalendarSeedOnceWithTwoInstances(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.DSN(t)
			apps := make([]*app.App, 2)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range apps {
				wg.Add(1)
				go func() {
					defer wg.Done()
					apps[i], errs[i] = app.Open(context.Background(), app.Config{DB: dsn, Now: apptest.DefaultNow, PasswordParams: auth.FastParams,
						Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
				}()
			}
			wg.Wait()
			for i, a := range apps {
				if errs[i] != nil {
					t.Fatal(errs[i])
				}
				t.Cleanup(func() { a.Close() })
			}
			if n := seedEntries(t, apps[0]); n != workday.OfficialLastYear-workday.OfficialFirstYear+1 {
				t.Errorf("%d years seeded", n)
			}
			if seeded, err := apps[1].Service.EnsureCalendar(context.Background()); err != nil || len(seeded) != 0 {
				t.Errorf("seeding again: %v, %v", seeded, err)
			}
		})
	}
}

// A calendar edit on one instance reaches the other's read model with the
// audit head, and with it the status engine's due_soon.
func TestCalendarEditReachesOtherInstance(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a, b := open(t, dsn), open(t, dsn)
			fix, err := apptest.Seed(ctx, a.Service)
			if err != nil {
				t.Fatal(err)
			}
			op := service.SystemPrincipal("test")
			// Due Thursday 2023-09-28, counted from Wednesday 2023-09-20:
			// six working days, one more than the plan's five for due_soon.
			task, err := a.Service.CreateTask(ctx, op, service.TaskInput{PlanID: fix.Plan.ID, Number: "9", Title: "中秋前完成", Category: domain.CategoryRoutine,
				LeadUnitIDs: []domain.ID{fix.Units["区城管局"]}, Start: domain.MustDate("2023-09-01"), Due: domain.MustDate("2023-09-28"),
				Milestones: []service.MilestoneInput{{Due: domain.MustDate("2023-09-28"), PlannedPct: 100, Description: "完成"}}})
			if err != nil {
				t.Fatal(err)
			}
			asOf := domain.MustDate("2023-09-20")
			statusOn := func(x *app.App) domain.Status {
				m, err := x.Models.Get(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return m.Evaluate(asOf, m.Calendar).Of(m.Task(task.ID)).Status
			}
			if s := statusOn(b); s != domain.StatusOnTrack {
				t.Fatalf("before: %s", s)
			}
			// A extra day off on Thursday 2023-09-21, entered on A.
			if _, err := a.Service.SetCalendarDay(ctx, op, service.CalendarDayInput{Date: domain.MustDate("2023-09-21"), Kind: domain.DayHoliday, Name: "临时放假"}); err != nil {
				t.Fatal(err)
			}
			if s := statusOn(b); s != domain.StatusDueSoon {
				t.Errorf("B after the edit on A: %s, want due_soon", s)
			}
			m, _ := b.Models.Get(ctx)
			if m.Calendar.IsWorkday(domain.MustDate("2023-09-21")) {
				t.Error("B's calendar lacks the new holiday")
			}
			if err := a.Service.DeleteCalendarDay(ctx, op, domain.MustDate("2023-09-21")); err != nil {
				t.Fatal(err)
			}
			if s := statusOn(b); s != domain.StatusOnTrack {
				t.Errorf("B after the deletion: %s", s)
			}
		})
	}
}
