package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/luoshi/luoshi/internal/store"
)

// Handler runs one job as of now (the runner's clock, which LUOSHI_NOW and
// tests pin). Handlers must be idempotent: a job whose instance died is run
// again once its lease expires. An error schedules another attempt after a
// back-off; wrap it with Permanent to fail the job at once.
type Handler func(ctx context.Context, j *store.Job, now time.Time) error

// Registry maps job kinds to handlers and holds the recurring schedules.
// Code registers its kinds while the App is assembled, before the runner
// starts.
type Registry struct {
	mu        sync.RWMutex
	kinds     map[string]kindSpec
	recurring []recurring
}

type kindSpec struct {
	run         Handler
	maxAttempts int
}

type recurring struct {
	kind     string
	schedule Schedule
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{kinds: map[string]kindSpec{}} }

// Option adjusts a kind's handling.
type Option func(*kindSpec)

// MaxAttempts sets how many times each occurrence of a recurring job is
// tried (default 5). One-off jobs carry their own (Spec.MaxAttempts).
func MaxAttempts(n int) Option { return func(k *kindSpec) { k.maxAttempts = max(1, n) } }

// Handle registers the handler of one-off jobs of kind (scheduled with
// Enqueue). Registering a kind twice is a programming error and panics.
func (r *Registry) Handle(kind string, h Handler) { r.handle(kind, h) }

func (r *Registry) handle(kind string, h Handler, opts ...Option) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.kinds[kind]; dup {
		panic("jobs: kind " + kind + " registered twice")
	}
	k := kindSpec{run: h, maxAttempts: 5}
	for _, o := range opts {
		o(&k)
	}
	r.kinds[kind] = k
}

// Recurring registers a job that runs once per slot of s: the runner
// schedules the latest due slot under the key "kind:label" (missed slots
// are not made up one by one: the next run covers them) and runs it.
func (r *Registry) Recurring(kind string, s Schedule, h Handler, opts ...Option) {
	r.handle(kind, h, opts...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recurring = append(r.recurring, recurring{kind: kind, schedule: s})
}

func (r *Registry) spec(kind string) (kindSpec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.kinds[kind]
	return k, ok
}

// Kinds lists the registered kinds, sorted.
func (r *Registry) Kinds() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.kinds))
	for k := range r.kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RecurringJob describes a registered recurring job.
type RecurringJob struct {
	Kind     string `json:"kind"`
	Schedule string `json:"schedule"`
	// EveryMinutes is set for a job every so many minutes, DailyAt
	// ("HH:MM") for a daily one.
	EveryMinutes int    `json:"every_minutes,omitempty"`
	DailyAt      string `json:"daily_at,omitempty"`
}

// RecurringJobs lists the recurring jobs in registration order.
func (r *Registry) RecurringJobs() []RecurringJob {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]RecurringJob, len(r.recurring))
	for i, rc := range r.recurring {
		out[i] = RecurringJob{Kind: rc.kind, Schedule: rc.schedule.String()}
		switch s := rc.schedule.(type) {
		case every:
			out[i].EveryMinutes = int(s.d / time.Minute)
		case daily:
			out[i].DailyAt = fmt.Sprintf("%02d:%02d", s.h, s.m)
		}
	}
	return out
}

func (r *Registry) recurringList() []recurring {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]recurring(nil), r.recurring...)
}

// Spec is a one-off job to schedule.
type Spec struct {
	Kind string
	// Key makes scheduling idempotent: a second Enqueue with the same key
	// does nothing ("digest:2023-07-15:account 7").
	Key string
	// Payload is marshalled to JSON (nil: {}).
	Payload any
	// RunAt is when the job is due (zero: now).
	RunAt time.Time
	// MaxAttempts overrides the kind's default when positive.
	MaxAttempts int
}

// Enqueue schedules a job inside the caller's write transaction, so that
// the job exists exactly when the change that asked for it commits. It
// reports false when a job with the same key already exists.
func Enqueue(ctx context.Context, tx *store.Tx, s Spec, now time.Time) (bool, error) {
	if s.Kind == "" {
		return false, errors.New("enqueue job: no kind")
	}
	payload := "{}"
	if s.Payload != nil {
		b, err := json.Marshal(s.Payload)
		if err != nil {
			return false, fmt.Errorf("enqueue %s: payload: %w", s.Kind, err)
		}
		payload = string(b)
	}
	if s.RunAt.IsZero() {
		s.RunAt = now
	}
	_, ok, err := tx.InsertJob(ctx, store.NewJob{Kind: s.Kind, Key: s.Key, Payload: payload, RunAt: s.RunAt, MaxAttempts: s.MaxAttempts}, now)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", s.Kind, err)
	}
	return ok, nil
}

// Decode unmarshals a job's payload into v.
func Decode(j *store.Job, v any) error {
	if err := json.Unmarshal([]byte(j.Payload), v); err != nil {
		return Permanent(fmt.Errorf("job %d payload: %w", j.ID, err))
	}
	return nil
}

// permanent marks an error that no retry can fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so that the job fails without further attempts.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
