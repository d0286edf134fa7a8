package service_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// sweepCases is the size of the benchmarks' case load.
const sweepCases = 100_000

// sweepBench is an App with sweepCases open cases, bulk-inserted, whose
// deadlines are spread over about 300 working days around day0, each at
// the rung the sweep of the day before would have left it.
type sweepBench struct {
	a    *app.App
	day0 domain.Date
	cal  domain.WorkdayCalendar
}

func newSweepBench(b *testing.B, e storetest.Engine) *sweepBench { return newSweepBenchAt(b, e, true) }

// newSweepBenchAt seeds the cases at the rung of the day before when
// settled, or all at the bottom of the ladder (never swept) otherwise.
func newSweepBenchAt(b *testing.B, e storetest.Engine, settled bool) *sweepBench {
	b.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: e.DSN(b), PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: apptest.DefaultNow})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if _, err := a.Bootstrap(ctx); err != nil {
		b.Fatal(err)
	}
	fix, err := apptest.Seed(ctx, a.Service)
	if err != nil {
		b.Fatal(err)
	}
	cal, err := a.Service.WorkCalendar(ctx)
	if err != nil {
		b.Fatal(err)
	}
	st := domain.DefaultCaseSettings()
	day0 := domain.MustDate("2023-07-17")
	first := day0
	for range 160 { // 160 working days back
		first--
		for !cal.IsWorkday(first) {
			first--
		}
	}
	units := []domain.ID{fix.Units["区住建局"], fix.Units["区财政局"], fix.Units["区城管局"], fix.Units["东湖街道"], fix.Units["湖滨社区"]}
	signed := apptest.DefaultNow.Add(-90 * 24 * time.Hour)
	cs := make([]domain.Case, sweepCases)
	for i := range cs {
		deadline := domain.AddWorkdays(cal, first, i%300)
		c := domain.Case{Number: fmt.Sprintf("督〔2023〕%d号", i+1), Year: 2023, Seq: i + 1, Title: fmt.Sprintf("第%d件：推进老旧小区改造", i+1),
			Source: domain.CaseSourceInstruction, Urgency: domain.UrgencyNormal, LeaderID: fix.People["王建新"], LeadUnitID: units[i%len(units)],
			CoUnitIDs: []domain.ID{}, TaskIDs: []domain.ID{}, TimeLimit: domain.TimeLimit{Date: deadline}, Deadline: deadline, OriginalDeadline: deadline,
			WindowStart: deadline - 60, State: domain.CaseWorking, Round: 1, RaisedBy: "吴督查", SignedBy: "张联络", AssignedAt: signed,
			SignDue: signed.Add(8 * time.Hour), SignedAt: signed.Add(time.Hour), SignedByID: fix.Accounts["zjj_lly"]}
		if due := c.EscalationsDue(day0-1, cal, st); settled && len(due) > 0 {
			c.Escalation = due[len(due)-1]
		}
		cs[i] = c
	}
	err = a.DB.Update(ctx, func(tx *store.Tx) error {
		news := make([]store.NewCase, len(cs))
		for i := range cs {
			cs[i].CreatedAt, cs[i].UpdatedAt = apptest.DefaultNow, apptest.DefaultNow
			news[i] = store.NewCase{Case: &cs[i]}
		}
		if err := tx.InsertCases(ctx, news); err != nil {
			return err
		}
		_, err := tx.Audit(ctx, store.Actor{Login: "bench"}, apptest.DefaultNow, store.Change{Action: "bench.seed", Entity: "case"})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return &sweepBench{a: a, day0: day0, cal: cal}
}

// at returns 09:00 on the n-th working day from day0.
func (sb *sweepBench) at(n int) time.Time {
	d := domain.AddWorkdays(sb.cal, sb.day0, n)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, cst)
}

// BenchmarkEscalationSweep measures the first sweep of a working day over
// 100,000 open cases (target: ≤ 1 s): the day's rungs (about 1,300) are
// selected by index, recorded, audited and notified. Each iteration is the
// next working day.
func BenchmarkEscalationSweep(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			sb := newSweepBench(b, e)
			ctx := context.Background()
			rungs, notes := 0, 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run, err := sb.a.Service.SweepEscalations(ctx, sb.at(i), "bench")
				if err != nil {
					b.Fatal(err)
				}
				rungs += run.Reminds + run.Urges + run.Notices + run.Talks
				notes += run.Notifications
			}
			b.StopTimer()
			if rungs == 0 {
				b.Fatal("the sweep recorded nothing")
			}
			b.ReportMetric(float64(rungs)/float64(b.N), "rungs/op")
			b.ReportMetric(float64(notes)/float64(b.N), "notifications/op")
		})
	}
}

// BenchmarkEscalationSweepIdle measures the sweeps that follow in the day
// (every 15 minutes) over the same 100,000 open cases: nothing is due.
func BenchmarkEscalationSweepIdle(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			sb := newSweepBench(b, e)
			ctx := context.Background()
			if _, err := sb.a.Service.SweepEscalations(ctx, sb.at(0), "bench"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run, err := sb.a.Service.SweepEscalations(ctx, sb.at(0).Add(time.Duration(i%30+1)*15*time.Minute), "bench")
				if err != nil {
					b.Fatal(err)
				}
				if run.Cases != 0 {
					b.Fatalf("an idle sweep escalated %d cases", run.Cases)
				}
			}
		})
	}
}

// BenchmarkEscalationSweepBacklog measures the worst case: the first sweep
// over 100,000 open cases none of which was ever escalated (a ledger just
// imported, or the sweep switched on late), so that most of them get
// several rungs at once.
func BenchmarkEscalationSweepBacklog(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			rungs, cases, notes := 0, 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				sb := newSweepBenchAt(b, e, false)
				b.StartTimer()
				run, err := sb.a.Service.SweepEscalations(ctx, sb.at(0), "bench")
				if err != nil {
					b.Fatal(err)
				}
				rungs += run.Reminds + run.Urges + run.Notices + run.Talks
				cases += run.Cases
				notes += run.Notifications
			}
			b.ReportMetric(float64(rungs)/float64(b.N), "rungs/op")
			b.ReportMetric(float64(cases)/float64(b.N), "cases/op")
			b.ReportMetric(float64(notes)/float64(b.N), "notifications/op")
		})
	}
}
