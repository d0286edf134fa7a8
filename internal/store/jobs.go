package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// JobState is where a background job stands.
type JobState string

const (
	JobPending JobState = "pending" // waits for run_at (also between retries)
	JobRunning JobState = "running" // leased by one instance until lease_until
	JobDone    JobState = "done"
	JobFailed  JobState = "failed" // gave up after max_attempts; a sysadmin may retry it
)

// JobStates lists the states in display order.
var JobStates = []JobState{JobPending, JobRunning, JobDone, JobFailed}

// Job is one row of the job table.
type Job struct {
	ID          domain.ID `json:"id"`
	Kind        string    `json:"kind"`
	Key         string    `json:"key,omitempty"`
	Payload     string    `json:"payload"`
	RunAt       time.Time `json:"run_at"`
	State       JobState  `json:"state"`
	Attempts    int       `json:"attempts"`
	MaxAttempts int       `json:"max_attempts"`
	LastError   string    `json:"last_error,omitempty"`
	LeaseOwner  string    `json:"lease_owner,omitempty"`
	LeaseUntil  time.Time `json:"lease_until,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	FinishedAt  time.Time `json:"finished_at,omitzero"`
}

// ErrLeaseLost is returned when a job's lease passed to another instance
// (it expired while the job ran), so this instance may not record the end.
var ErrLeaseLost = errors.New("job lease lost")

const jobCols = `id, kind, unique_key, payload, run_at, state, attempts, max_attempts, last_error, lease_owner, lease_until,
	created_at, started_at, finished_at`

func scanJob(sc scanner) (Job, error) {
	var j Job
	var key sql.NullString
	var runAt, leaseUntil, created, started, finished nullTime
	err := sc.Scan(&j.ID, &j.Kind, &key, &j.Payload, &runAt, &j.State, &j.Attempts, &j.MaxAttempts, &j.LastError, &j.LeaseOwner,
		&leaseUntil, &created, &started, &finished)
	j.Key, j.RunAt, j.LeaseUntil, j.CreatedAt, j.StartedAt, j.FinishedAt = key.String, runAt.T, leaseUntil.T, created.T, started.T, finished.T
	return j, err
}

// NewJob is a job to schedule.
type NewJob struct {
	Kind string
	// Key, when set, is unique among all jobs ever scheduled (until pruned):
	// scheduling the same key twice schedules it once.
	Key         string
	Payload     string
	RunAt       time.Time
	MaxAttempts int
}

// InsertJob schedules a job. It reports false, and changes nothing, when a
// job with the same key exists.
func (tx *Tx) InsertJob(ctx context.Context, j NewJob, now time.Time) (domain.ID, bool, error) {
	if j.Payload == "" {
		j.Payload = "{}"
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = 5
	}
	var id domain.ID
	err := tx.queryRow(ctx, `INSERT INTO jobs (kind, unique_key, payload, run_at, state, attempts, max_attempts, created_at)
		VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6) ON CONFLICT (unique_key) DO NOTHING RETURNING id`,
		j.Kind, nullString(j.Key), j.Payload, ts(j.RunAt), j.MaxAttempts, ts(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, wrap("insert job", err)
	}
	return id, true, nil
}

// JobKeyExists reports whether a job with key was ever scheduled (and not
// pruned).
func (r *Reader) JobKeyExists(ctx context.Context, key string) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM jobs WHERE unique_key = $1", key).Scan(&n)
	return n > 0, wrap("job key", err)
}

// claimable is the condition of a job an instance may claim at $1: due and
// pending, or running under a lease that expired (its instance died) with
// attempts left.
const claimable = `((state = 'pending' AND run_at <= $1) OR (state = 'running' AND lease_until <= $1 AND attempts < max_attempts))`

// HasDueJob reports whether a job can be claimed at now, or a dead lease
// waits to be given up; a cheap read that spares the writer when idle.
func (r *Reader) HasDueJob(ctx context.Context, now time.Time) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT id FROM jobs WHERE (state = 'pending' AND run_at <= $1)
		OR (state = 'running' AND lease_until <= $1) LIMIT 1) due`, ts(now)).Scan(&n)
	return n > 0, wrap("due jobs", err)
}

// ClaimJob leases the next due job of one of kinds to owner until
// leaseUntil and counts an attempt. It returns nil when nothing is due. Two
// instances never claim the same job: on PostgreSQL the candidate row is
// locked and rows locked by another claim are skipped; on SQLite the writer
// transaction is the lock. Kinds this instance cannot run are left to
// instances that can.
func (tx *Tx) ClaimJob(ctx context.Context, owner string, kinds []string, now, leaseUntil time.Time) (*Job, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{ts(now), owner, ts(leaseUntil)}
	in := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, k)
		in[i] = fmt.Sprintf("$%d", len(args))
	}
	return claimOne(ctx, tx, "claim job", "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $2, lease_until = $3, started_at = $1",
		"SELECT id FROM jobs WHERE "+claimable+" AND kind IN ("+strings.Join(in, ", ")+") ORDER BY run_at, id LIMIT 1", jobCols, args, scanJob)
}

// DeadLeases lists running jobs whose lease expired at now with no attempt
// left: their instance died on the last attempt.
func (r *Reader) DeadLeases(ctx context.Context, now time.Time) ([]Job, error) {
	return collect(ctx, r.q, "dead leases", "SELECT "+jobCols+` FROM jobs
		WHERE state = 'running' AND lease_until <= $1 AND attempts >= max_attempts ORDER BY id LIMIT 100`, []any{ts(now)}, scanJob)
}

// GiveUpDeadLease marks a job whose lease expired on its last attempt as
// failed. It reports false when the job is no longer in that state.
func (tx *Tx) GiveUpDeadLease(ctx context.Context, id domain.ID, reason string, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE jobs SET state = 'failed', last_error = $1, finished_at = $2, lease_owner = '', lease_until = NULL
		WHERE id = $3 AND state = 'running' AND lease_until <= $2 AND attempts >= max_attempts`, reason, ts(now), id)
	n, err := rowsChanged("give up job", res, err)
	return n == 1, err
}

// FinishJob records the end of an attempt by owner: done, failed, or
// pending again at retryAt. It returns ErrLeaseLost when owner no longer
// holds the job.
func (tx *Tx) FinishJob(ctx context.Context, id domain.ID, owner string, state JobState, lastError string, retryAt, now time.Time) error {
	runAt := any(nil)
	if state == JobPending {
		runAt = ts(retryAt)
	}
	res, err := tx.exec(ctx, `UPDATE jobs SET state = $1, last_error = $2, run_at = COALESCE($3, run_at), finished_at = $4,
		lease_owner = '', lease_until = NULL WHERE id = $5 AND state = 'running' AND lease_owner = $6`,
		string(state), lastError, runAt, ts(now), id, owner)
	return leaseHeld("finish job", id, res, err)
}

// JobFilter narrows a job listing.
type JobFilter struct {
	State  JobState
	Kind   string
	Limit  int
	Offset int
}

// Jobs lists jobs, newest first.
func (r *Reader) Jobs(ctx context.Context, f JobFilter) ([]Job, error) {
	q := "SELECT " + jobCols + " FROM jobs WHERE 1=1"
	var args []any
	if f.State != "" {
		args = append(args, string(f.State))
		q += fmt.Sprintf(" AND state = $%d", len(args))
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += fmt.Sprintf(" AND kind = $%d", len(args))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
	return collect(ctx, r.q, "list jobs", q, args, scanJob)
}

// Job returns one job.
func (r *Reader) Job(ctx context.Context, id domain.ID) (Job, error) {
	j, err := scanJob(r.q.QueryRowContext(ctx, "SELECT "+jobCols+" FROM jobs WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, notFound("job", id)
	}
	return j, wrap("get job", err)
}

// RetryJob schedules a failed job again at now with fresh attempts.
func (tx *Tx) RetryJob(ctx context.Context, id domain.ID, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at = $1 WHERE id = $2 AND state = 'failed'`, ts(now), id)
	return affected("retry job", id, res, err)
}

// PruneJobs deletes jobs that finished before the cutoffs: done ones soon,
// failed ones later (a sysadmin may still want to read them).
func (tx *Tx) PruneJobs(ctx context.Context, doneBefore, failedBefore time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM jobs WHERE (state = 'done' AND finished_at < $1) OR (state = 'failed' AND finished_at < $2)`,
		ts(doneBefore), ts(failedBefore))
	return rowsChanged("prune jobs", res, err)
}
