package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

var (
	cst   = time.FixedZone("CST", 8*3600)
	start = time.Date(2023, 7, 15, 9, 7, 0, 0, cst)
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// counter records the keys a handler ran, with the moment it ran them as of.
type counter struct {
	mu   sync.Mutex
	runs map[string]int
	at   map[string]time.Time
}

func newCounter() *counter { return &counter{runs: map[string]int{}, at: map[string]time.Time{}} }

func (c *counter) handler(fail func(j *store.Job) error) jobs.Handler {
	return func(ctx context.Context, j *store.Job, now time.Time) error {
		c.mu.Lock()
		c.runs[j.Key]++
		c.at[j.Key] = now
		c.mu.Unlock()
		if fail != nil {
			return fail(j)
		}
		return nil
	}
}

func (c *counter) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[key]
}

func runner(db *store.DB, reg *jobs.Registry, owner string) *jobs.Runner {
	return jobs.NewRunner(db, reg, jobs.Config{Owner: owner, Location: cst, Logger: quiet})
}

func runDue(t *testing.T, r *jobs.Runner, now time.Time) []jobs.Ran {
	t.Helper()
	ran, err := r.RunDue(context.Background(), now)
	if err != nil {
		t.Fatalf("RunDue at %v: %v", now, err)
	}
	return ran
}

func keys(ran []jobs.Ran) []string {
	var out []string
	for _, r := range ran {
		out = append(out, fmt.Sprintf("%s/%s", r.Key, r.State))
	}
	return out
}

func job(t *testing.T, db *store.DB, id int64) store.Job {
	t.Helper()
	j, err := db.Read().Job(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func audits(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	es, err := db.Read().AuditEntries(context.Background(), store.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// A recurring job runs once per slot, as of the clock it is given, however
// often the runner looks.
func TestRecurringRunsOncePerSlot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCounter()
		reg := jobs.NewRegistry()
		reg.Recurring("sweep", jobs.Every(15*time.Minute), c.handler(nil))
		reg.Recurring("digest", jobs.Daily(8, 0), c.handler(nil))
		r := runner(db, reg, "a")
		got := keys(runDue(t, r, start))
		if len(got) != 2 || got[0] != "digest:2023-07-15/done" || got[1] != "sweep:2023-07-15T09:00/done" {
			t.Fatalf("first run: %v", got)
		}
		if c.at["sweep:2023-07-15T09:00"] != start {
			t.Errorf("the handler ran as of %v, want %v", c.at["sweep:2023-07-15T09:00"], start)
		}
		for _, now := range []time.Time{start, start.Add(time.Minute), start.Add(7*time.Minute + 59*time.Second)} {
			if ran := runDue(t, r, now); len(ran) != 0 {
				t.Errorf("at %v ran again: %v", now, keys(ran))
			}
		}
		// A second runner (another instance) finds nothing to do either.
		if ran := runDue(t, runner(db, reg, "b"), start.Add(time.Minute)); len(ran) != 0 {
			t.Errorf("second runner ran %v", keys(ran))
		}
		if got := keys(runDue(t, r, start.Add(8*time.Minute))); len(got) != 1 || got[0] != "sweep:2023-07-15T09:15/done" {
			t.Errorf("at 09:15: %v", got)
		}
		// Hours later only the latest slot runs: missed slots are covered by it.
		if got := keys(runDue(t, r, time.Date(2023, 7, 16, 8, 1, 0, 0, cst))); len(got) != 2 || got[0] != "sweep:2023-07-16T08:00/done" || got[1] != "digest:2023-07-16/done" {
			t.Errorf("next day: %v", got)
		}
		if c.count("sweep:2023-07-15T09:00") != 1 || c.count("digest:2023-07-15") != 1 {
			t.Errorf("runs: %v", c.runs)
		}
		list, err := db.Read().Jobs(context.Background(), store.JobFilter{Kind: "sweep"})
		if err != nil || len(list) != 3 || list[0].State != store.JobDone || list[0].Attempts != 1 {
			t.Errorf("job list: %+v %v", list, err)
		}
	})
}

// A failed attempt is retried after a growing back-off; the job gives up
// after its last attempt, and that is audited.
func TestRetryWithBackoffThenGiveUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCounter()
		reg := jobs.NewRegistry()
		reg.Handle("flaky", c.handler(func(j *store.Job) error {
			if j.Attempts < 3 {
				return fmt.Errorf("attempt %d: smtp 421 try later", j.Attempts)
			}
			return nil
		}))
		reg.Handle("broken", c.handler(func(*store.Job) error { return errors.New("always broken") }))
		var flaky, broken bool
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if flaky, err = jobs.Enqueue(ctx, tx, jobs.Spec{Kind: "flaky", Key: "flaky:1", Payload: map[string]int{"case": 17}}, start); err != nil {
				return err
			}
			broken, err = jobs.Enqueue(ctx, tx, jobs.Spec{Kind: "broken", Key: "broken:1", MaxAttempts: 2}, start)
			return err
		})
		if err != nil || !flaky || !broken {
			t.Fatalf("enqueue: %v %v %v", flaky, broken, err)
		}
		// The same key again schedules nothing.
		err = db.Update(ctx, func(tx *store.Tx) error {
			again, err := jobs.Enqueue(ctx, tx, jobs.Spec{Kind: "flaky", Key: "flaky:1"}, start)
			if again {
				t.Error("a second job with the same key")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := runner(db, reg, "a")
		ran := runDue(t, r, start)
		if got := keys(ran); len(got) != 2 || got[0] != "flaky:1/pending" || got[1] != "broken:1/pending" {
			t.Fatalf("first attempts: %v", got)
		}
		fj := job(t, db, ran[0].ID)
		if !fj.RunAt.Equal(start.Add(time.Minute)) || fj.LastError != "attempt 1: smtp 421 try later" || fj.LeaseOwner != "" {
			t.Errorf("after the first failure: %+v", fj)
		}
		if got := runDue(t, r, start.Add(59*time.Second)); len(got) != 0 {
			t.Errorf("ran before the back-off: %v", keys(got))
		}
		got := keys(runDue(t, r, start.Add(time.Minute)))
		if len(got) != 2 || got[0] != "flaky:1/pending" || got[1] != "broken:1/failed" {
			t.Fatalf("second attempts: %v", got)
		}
		if job(t, db, ran[1].ID).State != store.JobFailed || audits(t, db, "job.failed") != 1 {
			t.Errorf("the broken job did not give up on the record")
		}
		// The back-off grows: 1 minute, then 4.
		if got := runDue(t, r, start.Add(4*time.Minute)); len(got) != 0 {
			t.Errorf("ran before the second back-off: %v", keys(got))
		}
		if got := keys(runDue(t, r, start.Add(5*time.Minute))); len(got) != 1 || got[0] != "flaky:1/done" {
			t.Errorf("third attempt: %v", got)
		}
		if fj := job(t, db, ran[0].ID); fj.State != store.JobDone || fj.Attempts != 3 {
			t.Errorf("flaky job: %+v", fj)
		}
		// A failed job is listed and can be scheduled again.
		failed, _ := db.Read().Jobs(ctx, store.JobFilter{State: store.JobFailed})
		if len(failed) != 1 || failed[0].LastError != "always broken" {
			t.Fatalf("failed list: %+v", failed)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.RetryJob(ctx, failed[0].ID, start.Add(time.Hour)) }); err != nil {
			t.Fatal(err)
		}
		if got := keys(runDue(t, r, start.Add(time.Hour))); len(got) != 1 || got[0] != "broken:1/pending" {
			t.Errorf("after a retry: %v", got)
		}
	})
}

// Permanent errors and panics: the first fails at once, the second is an
// ordinary failure.
func TestPermanentErrorsAndPanics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg := jobs.NewRegistry()
		reg.Handle("bad-payload", func(ctx context.Context, j *store.Job, now time.Time) error {
			var v struct{ N int }
			return jobs.Decode(j, &v)
		})
		reg.Handle("panics", func(context.Context, *store.Job, time.Time) error { panic("boom") })
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.InsertJob(ctx, store.NewJob{Kind: "bad-payload", Payload: "not json", RunAt: start}, start); err != nil {
				return err
			}
			_, err := jobs.Enqueue(ctx, tx, jobs.Spec{Kind: "panics"}, start)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ran := runDue(t, runner(db, reg, "a"), start)
		if len(ran) != 2 || ran[0].State != store.JobFailed || ran[1].State != store.JobPending || ran[1].Error != "panic: boom" {
			t.Fatalf("%+v", ran)
		}
	})
}

// A job whose instance died is run again once its lease expires; on its
// last attempt it is given up instead, on the record. Kinds this instance
// does not know are left alone.
func TestExpiredLeasesAreRecovered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCounter()
		reg := jobs.NewRegistry()
		reg.Handle("work", c.handler(nil))
		var ids []int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i, n := range []int{5, 1} {
				id, _, err := tx.InsertJob(ctx, store.NewJob{Kind: "work", Key: fmt.Sprintf("work:%d", i), RunAt: start, MaxAttempts: n}, start)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			_, _, err := tx.InsertJob(ctx, store.NewJob{Kind: "other", Key: "other:1", RunAt: start}, start)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// An instance claims both and dies.
		for range ids {
			err := db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
				j, err := tx.ClaimJob(ctx, "dead", []string{"work"}, start, start.Add(10*time.Minute))
				if j == nil && err == nil {
					err = errors.New("nothing claimed")
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		r := runner(db, reg, "alive")
		if got := runDue(t, r, start.Add(9*time.Minute)); len(got) != 0 {
			t.Fatalf("ran a leased job: %v", keys(got))
		}
		ran := runDue(t, r, start.Add(10*time.Minute))
		if got := keys(ran); len(got) != 1 || got[0] != "work:0/done" || ran[0].Attempt != 2 {
			t.Fatalf("recovery: %v %+v", got, ran)
		}
		dead := job(t, db, ids[1])
		if dead.State != store.JobFailed || dead.LastError == "" || audits(t, db, "job.failed") != 1 {
			t.Errorf("the job that died on its last attempt: %+v", dead)
		}
		if c.count("work:1") != 0 {
			t.Error("a job that died on its last attempt ran again")
		}
		other, _ := db.Read().Jobs(ctx, store.JobFilter{Kind: "other"})
		if len(other) != 1 || other[0].State != store.JobPending {
			t.Errorf("a job of an unknown kind was touched: %+v", other)
		}
		// The dead instance cannot record an outcome any more.
		err = db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, ids[0], "dead", store.JobDone, "", time.Time{}, start)
		})
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("finish by a stale owner: %v", err)
		}
	})
}

// Bookkeeping transactions cannot append to the audit chain.
func TestUnauditedTransactionsRefuseAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			_, err := tx.Audit(ctx, store.Actor{Login: "x"}, start, store.Change{Action: "x", Entity: "x"})
			return err
		})
		if err == nil {
			t.Fatal("an unaudited transaction appended to the chain")
		}
		if n := audits(t, db, "x"); n != 0 {
			t.Errorf("%d entries", n)
		}
	})
}

// Old finished jobs are pruned by the daily housekeeping job.
func TestPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg := jobs.NewRegistry()
		jobs.RegisterHousekeeping(reg, db)
		reg.Recurring("tick", jobs.Daily(1, 0), func(context.Context, *store.Job, time.Time) error { return nil })
		r := runner(db, reg, "a")
		runDue(t, r, start)
		list, _ := db.Read().Jobs(ctx, store.JobFilter{})
		if len(list) != 2 {
			t.Fatalf("%d jobs", len(list))
		}
		later := start.Add(20 * 24 * time.Hour)
		runDue(t, r, later)
		list, _ = db.Read().Jobs(ctx, store.JobFilter{})
		for _, j := range list {
			if j.FinishedAt.Before(later.Add(-14 * 24 * time.Hour)) {
				t.Errorf("not pruned: %+v", j)
			}
		}
		if len(list) != 2 {
			t.Errorf("%d jobs after pruning, want the two new ones", len(list))
		}
	})
}

// Two runners on one database, each on its own connection pool (as two
// instances are), run the same slots concurrently many times: every
// occurrence runs exactly once.
func TestTwoRunnersRunEachOccurrenceOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			var dbs []*store.DB
			for range 2 {
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				dbs = append(dbs, db)
			}
			c := newCounter()
			var runners []*jobs.Runner
			for i, db := range dbs {
				reg := jobs.NewRegistry()
				reg.Recurring("sweep", jobs.Every(time.Minute), c.handler(nil))
				reg.Recurring("hourly", jobs.Every(time.Hour), c.handler(nil))
				runners = append(runners, runner(db, reg, fmt.Sprintf("instance-%d", i)))
			}
			// Slot by slot (instances share a clock, give or take the lease),
			// both runners look three times each, all at once.
			const slots = 40
			for i := range slots {
				now := start.Add(time.Duration(i)*time.Minute + 30*time.Second)
				var wg sync.WaitGroup
				errs := make(chan error, 6)
				for _, r := range runners {
					for range 3 {
						wg.Add(1)
						go func() {
							defer wg.Done()
							if _, err := r.RunDue(ctx, now); err != nil {
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
			for i := range slots {
				key := "sweep:" + start.Add(time.Duration(i)*time.Minute).Format("2006-01-02T15:04")
				if n := c.count(key); n != 1 {
					t.Errorf("%s ran %d times", key, n)
				}
			}
			for _, key := range []string{"hourly:2023-07-15T09:00"} {
				if n := c.count(key); n != 1 {
					t.Errorf("%s ran %d times", key, n)
				}
			}
			if len(c.runs) != slots+1 {
				t.Errorf("%d distinct occurrences ran, want %d", len(c.runs), slots+1)
			}
		})
	}
}
