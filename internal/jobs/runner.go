// Package jobs runs luoshi's background work (reminders, escalation sweeps,
// notification deliveries, digests) from a job table in the database, so
// that any number of instances share it and each job runs once.
//
// What is audited: a job giving up (it failed on its last attempt, or its
// instance died on the last attempt) and a sysadmin's retry, because each
// means that something users expected did not happen or was redone. Claims,
// leases, attempts that will be retried and successes are routine
// bookkeeping: they run in unaudited transactions so that polling never
// contends for the audit head, and the job table itself is their record.
// The work a job does is audited by the services it calls, as any change.
//
// Code registers its jobs while the App is assembled (app/jobs.go):
//
//	reg.Recurring("case.escalate", jobs.Every(15*time.Minute), func(ctx context.Context, j *store.Job, now time.Time) error {
//		return svc.EscalateDue(ctx, now) // idempotent: a slot may run again after a crash
//	})
//	reg.Handle("case.remind", svc.remind) // one-off jobs, scheduled with Enqueue:
//	jobs.Enqueue(ctx, tx, jobs.Spec{Kind: "case.remind", Key: "case:17:remind:2023-07-20", Payload: p, RunAt: at}, now)
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// Config adjusts a Runner.
type Config struct {
	// Owner names this instance in leases (default: host, pid and a random suffix).
	Owner string
	// Location is the deployment's time zone, in which schedules are read.
	Location *time.Location
	// Lease is how long a claimed job belongs to this instance (default 10
	// minutes); a handler's context ends a little before it.
	Lease time.Duration
	// Backoff is the wait before another attempt (default Backoff).
	Backoff func(attempt int) time.Duration
	Logger  *slog.Logger
}

// Runner schedules recurring jobs and runs due ones.
type Runner struct {
	db  *store.DB
	reg *Registry
	cfg Config
	// ensured remembers, per recurring kind, the last slot key known to be
	// scheduled, so that an idle poll does not write.
	mu      sync.Mutex
	ensured map[string]string
}

// NewRunner returns a runner over db for the kinds in reg.
func NewRunner(db *store.DB, reg *Registry, cfg Config) *Runner {
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		cfg.Owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if cfg.Location == nil {
		cfg.Location = time.FixedZone("CST", 8*3600)
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 10 * time.Minute
	}
	if cfg.Backoff == nil {
		cfg.Backoff = Backoff
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Runner{db: db, reg: reg, cfg: cfg, ensured: map[string]string{}}
}

// Registry returns the runner's registry.
func (r *Runner) Registry() *Registry { return r.reg }

// Owner returns the name this runner leases jobs under.
func (r *Runner) Owner() string { return r.cfg.Owner }

// Ran is one attempt the runner made.
type Ran struct {
	ID      domain.ID      `json:"id"`
	Kind    string         `json:"kind"`
	Key     string         `json:"key,omitempty"`
	RunAt   time.Time      `json:"run_at"`
	Attempt int            `json:"attempt"`
	State   store.JobState `json:"state"`
	Error   string         `json:"error,omitempty"`
}

// maxPerRun bounds the jobs one RunDue runs, so that a handler that keeps
// scheduling work due at once cannot hold the runner forever.
const maxPerRun = 1000

// auditActor is how the runner appears in the audit log.
var auditActor = store.Actor{Login: "system:jobs"}

// RunDue schedules the due slot of every recurring job, gives up jobs
// whose instance died on their last attempt, and runs every job due at now,
// one at a time, until none is left. It returns the attempts it made, in
// order. Jobs other instances hold are left to them.
func (r *Runner) RunDue(ctx context.Context, now time.Time) ([]Ran, error) {
	if err := r.scheduleRecurring(ctx, now); err != nil {
		return nil, err
	}
	if err := r.giveUpDeadLeases(ctx, now); err != nil {
		return nil, err
	}
	due, err := r.db.Read().HasDueJob(ctx, now)
	if err != nil || !due {
		return nil, err
	}
	kinds := r.reg.Kinds()
	var out []Ran
	for len(out) < maxPerRun {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var j *store.Job
		err := r.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			var err error
			j, err = tx.ClaimJob(ctx, r.cfg.Owner, kinds, now, now.Add(r.cfg.Lease))
			return err
		})
		if err != nil {
			return out, fmt.Errorf("claim job: %w", err)
		}
		if j == nil {
			return out, nil
		}
		ran, err := r.run(ctx, j, now)
		out = append(out, ran)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// scheduleRecurring inserts each recurring job's latest due slot unless it
// exists; the unique key lets only one of several instances insert it.
func (r *Runner) scheduleRecurring(ctx context.Context, now time.Time) error {
	for _, rc := range r.reg.recurringList() {
		slot, label := rc.schedule.Slot(now, r.cfg.Location)
		key := rc.kind + ":" + label
		r.mu.Lock()
		known := r.ensured[rc.kind] == key
		r.mu.Unlock()
		if known {
			continue
		}
		exists, err := r.db.Read().JobKeyExists(ctx, key)
		if err != nil {
			return err
		}
		if !exists {
			spec, _ := r.reg.spec(rc.kind)
			err := r.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
				_, _, err := tx.InsertJob(ctx, store.NewJob{Kind: rc.kind, Key: key, RunAt: slot, MaxAttempts: spec.maxAttempts}, now)
				return err
			})
			if err != nil {
				return fmt.Errorf("schedule %s: %w", key, err)
			}
		}
		r.mu.Lock()
		r.ensured[rc.kind] = key
		r.mu.Unlock()
	}
	return nil
}

// giveUpDeadLeases fails jobs whose instance died during their last
// attempt, each with its audit record.
func (r *Runner) giveUpDeadLeases(ctx context.Context, now time.Time) error {
	dead, err := r.db.Read().DeadLeases(ctx, now)
	if err != nil {
		return err
	}
	for _, j := range dead {
		reason := fmt.Sprintf("lease of %s expired at %s on the last attempt (the instance stopped)", j.LeaseOwner, j.LeaseUntil.Format(time.RFC3339))
		err := r.db.Update(ctx, func(tx *store.Tx) error {
			ok, err := tx.GiveUpDeadLease(ctx, j.ID, reason, now)
			if err != nil || !ok {
				return err
			}
			return r.auditFailure(ctx, tx, &j, reason, now)
		})
		if err != nil {
			return fmt.Errorf("give up job %d: %w", j.ID, err)
		}
		r.cfg.Logger.Warn("job given up", "id", j.ID, "kind", j.Kind, "key", j.Key, "reason", reason)
	}
	return nil
}

// run runs one claimed job and records how it ended. The returned error is
// a failure to record, not the job's own failure.
func (r *Runner) run(ctx context.Context, j *store.Job, now time.Time) (Ran, error) {
	ran := Ran{ID: j.ID, Kind: j.Kind, Key: j.Key, RunAt: j.RunAt, Attempt: j.Attempts}
	spec, ok := r.reg.spec(j.Kind)
	var jerr error
	if !ok {
		jerr = Permanent(fmt.Errorf("no handler for job kind %q", j.Kind))
	} else {
		jerr = r.call(ctx, spec.run, j, now)
	}
	log := r.cfg.Logger.With("id", j.ID, "kind", j.Kind, "key", j.Key, "attempt", j.Attempts)
	// The outcome is recorded even when shutdown cancelled the job: a
	// cancelled attempt is retried like a failed one.
	ctx = context.WithoutCancel(ctx)
	var err error
	switch {
	case jerr == nil:
		ran.State = store.JobDone
		err = r.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, j.ID, r.cfg.Owner, store.JobDone, "", time.Time{}, now)
		})
		log.Debug("job done")
	case !IsPermanent(jerr) && j.Attempts < j.MaxAttempts:
		ran.State, ran.Error = store.JobPending, errText(jerr)
		retry := now.Add(r.cfg.Backoff(j.Attempts))
		err = r.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, j.ID, r.cfg.Owner, store.JobPending, ran.Error, retry, now)
		})
		log.Warn("job failed; will retry", "err", jerr, "retry_at", retry)
	default:
		ran.State, ran.Error = store.JobFailed, errText(jerr)
		err = r.db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.FinishJob(ctx, j.ID, r.cfg.Owner, store.JobFailed, ran.Error, time.Time{}, now); err != nil {
				return err
			}
			return r.auditFailure(ctx, tx, j, ran.Error, now)
		})
		log.Error("job failed; giving up", "err", jerr)
	}
	if errors.Is(err, store.ErrLeaseLost) {
		// The job ran past its lease and another instance took it over: its
		// attempt's outcome is that instance's to record.
		log.Warn("job outlived its lease; outcome not recorded")
		return ran, nil
	}
	return ran, err
}

// call runs a handler with a deadline inside the lease, turning a panic
// into an error.
func (r *Runner) call(ctx context.Context, h Handler, j *store.Job, now time.Time) (err error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Lease*9/10)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			r.cfg.Logger.Error("job panicked", "id", j.ID, "kind", j.Kind, "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return h(ctx, j, now)
}

func (r *Runner) auditFailure(ctx context.Context, tx *store.Tx, j *store.Job, reason string, now time.Time) error {
	_, err := tx.Audit(ctx, auditActor, now, store.Change{Action: "job.failed", Entity: "job", EntityID: j.ID,
		After: map[string]any{"kind": j.Kind, "key": j.Key, "attempts": j.Attempts, "error": reason}})
	return err
}

// errText keeps a failure's text short enough for the job table.
func errText(err error) string {
	s := err.Error()
	if r := []rune(s); len(r) > 1000 {
		s = string(r[:1000]) + "…"
	}
	return s
}

// Loop runs RunDue every interval, as of clock(), until ctx ends; failures
// are logged and the next tick tries again.
func (r *Runner) Loop(ctx context.Context, interval time.Duration, clock func() time.Time) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ran, err := r.RunDue(ctx, clock())
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Error("job runner", "err", err)
		}
		for _, x := range ran {
			r.cfg.Logger.Debug("job ran", "id", x.ID, "kind", x.Kind, "key", x.Key, "state", x.State)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
