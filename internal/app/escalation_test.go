package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Two instances on one database sweep the same moment, several times each,
// by the job runner and directly: every rung of every case is recorded
// once and notified once.
func TestTwoInstancesSweepOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a, b := open(t, dsn), open(t, dsn)
			if _, err := a.Bootstrap(ctx); err != nil {
				t.Fatal(err)
			}
			fix, err := apptest.Seed(ctx, a.Service)
			if err != nil {
				t.Fatal(err)
			}
			op := service.SystemPrincipal("test")
			cal, err := a.Service.WorkCalendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// 24 cases of 区住建局 due on successive working days from 07-17.
			var ids []domain.ID
			for i := range 24 {
				d, err := a.Service.CreateCase(ctx, op, service.CaseInput{Title: fmt.Sprintf("第%d件", i+1), Source: domain.CaseSourceMeeting,
					LeadUnitID: fix.Units["区住建局"], LimitDate: domain.AddWorkdays(cal, domain.MustDate("2023-07-14"), i+1), Assign: true})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, d.ID)
			}
			now := time.Date(2023, 8, 14, 9, 0, 0, 0, apptest.DefaultNow.Location())
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for _, x := range []struct {
				svc    *service.Service
				runner *jobs.Runner
			}{{a.Service, a.Jobs}, {b.Service, b.Jobs}} {
				for i := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var err error
						if i%2 == 0 {
							_, err = x.runner.RunDue(ctx, now)
						} else {
							_, err = x.svc.SweepEscalations(ctx, now, "test")
						}
						if err != nil {
							errs <- err
						}
					}()
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			st := domain.DefaultCaseSettings()
			rungs := 0
			for i, id := range ids {
				evs, err := a.DB.Read().CaseEvents(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				seen := map[domain.CaseEventKind]int{}
				for _, ev := range evs {
					seen[ev.Kind]++
				}
				c := domain.Case{State: domain.CaseAssigned, Deadline: domain.AddWorkdays(cal, domain.MustDate("2023-07-14"), i+1)}
				want := c.EscalationsDue(domain.DateOf(now), cal, st)
				for _, r := range want {
					if seen[r.Event()] != 1 {
						t.Errorf("case %d: %s recorded %d times", i+1, r.Event(), seen[r.Event()])
					}
				}
				for k, n := range seen {
					if n != 1 {
						t.Errorf("case %d: %s recorded %d times", i+1, k, n)
					}
				}
				if seen[domain.EventSignRemind] != 1 || seen[domain.EventSignOverdue] != 1 {
					t.Errorf("case %d: signing reminders %v", i+1, seen)
				}
				rungs += len(want)
			}
			if rungs < 48 {
				t.Fatalf("only %d rungs due: the test proves little", rungs)
			}
			// One message per case and person for the top rung, one for the
			// signing reminder: never two.
			ns, err := a.DB.Read().Notifications(ctx, fix.Accounts["zjj_lly"], store.NotificationFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string]int{}
			for _, n := range ns {
				keys[n.Key]++
			}
			if len(ns) != len(keys) || len(ns) != 3*len(ids) { // assign, sign_remind, top rung
				t.Errorf("%d notifications, %d keys, want %d", len(ns), len(keys), 3*len(ids))
			}
			v, err := a.Service.VerifyAudit(ctx, op)
			if err != nil || !v.OK {
				t.Fatalf("audit chain: %+v %v", v, err)
			}
		})
	}
}
