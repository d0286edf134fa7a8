package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Two instances on one database (on PostgreSQL, two `luoshi serve` behind
// a load balancer) look for due jobs at the same moments, several times
// each, concurrently: every occurrence of a recurring job runs exactly once.
func TestTwoInstancesRunEachJobOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a, b := open(t, dsn), open(t, dsn)
			var mu sync.Mutex
			runs := map[string][]string{}
			for _, x := range []struct {
				name   string
				runner *jobs.Runner
			}{{"a", a.Jobs}, {"b", b.Jobs}} {
				x.runner.Registry().Recurring("test.sweep", jobs.Every(5*time.Minute), func(ctx context.Context, j *store.Job, now time.Time) error {
					mu.Lock()
					runs[j.Key] = append(runs[j.Key], x.name)
					mu.Unlock()
					return nil
				})
			}
			base := apptest.DefaultNow
			const slots = 30
			for i := range slots {
				now := base.Add(time.Duration(i)*5*time.Minute + time.Minute)
				var wg sync.WaitGroup
				errs := make(chan error, 8)
				for _, x := range []*jobs.Runner{a.Jobs, b.Jobs} {
					for range 4 {
						wg.Add(1)
						go func() {
							defer wg.Done()
							if _, err := x.RunDue(ctx, now); err != nil {
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
			}
			byInstance := map[string]int{}
			for i := range slots {
				key := "test.sweep:" + base.Add(time.Duration(i)*5*time.Minute).Format("2006-01-02T15:04")
				if got := runs[key]; len(got) != 1 {
					t.Errorf("%s ran %d times: %v", key, len(got), got)
				} else {
					byInstance[got[0]]++
				}
			}
			if len(runs) != slots {
				t.Errorf("%d occurrences ran, want %d", len(runs), slots)
			}
			t.Logf("occurrences run by instance: %v", byInstance)
			// The housekeeping job ran once too, and nothing failed.
			list, err := a.DB.Read().Jobs(ctx, store.JobFilter{Kind: jobs.KindPrune})
			if err != nil || len(list) != 1 || list[0].State != store.JobDone {
				t.Errorf("prune jobs: %+v %v", list, err)
			}
			failed, _ := a.DB.Read().Jobs(ctx, store.JobFilter{State: store.JobFailed})
			if len(failed) != 0 {
				t.Errorf("failed jobs: %+v", failed)
			}
		})
	}
}

// serve's loop runs due jobs as of the App's clock and stops cleanly.
func TestJobLoopStartsAndStops(t *testing.T) {
	e := storetest.Engines(t)[0]
	a := open(t, e.DSN(t))
	ran := make(chan string, 10)
	a.Jobs.Registry().Recurring("test.tick", jobs.Daily(9, 0), func(ctx context.Context, j *store.Job, now time.Time) error {
		ran <- j.Key
		return nil
	})
	a.StartJobs(time.Hour)
	select {
	case key := <-ran:
		if key != "test.tick:2023-07-15" {
			t.Errorf("ran %s", key)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the loop did not run the due job")
	}
	a.StopJobs()
	a.StopJobs() // twice is harmless
}
