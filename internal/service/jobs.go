package service

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// Jobs lists background jobs, newest first (system admin).
func (s *Service) Jobs(ctx context.Context, p *Principal, f store.JobFilter) ([]store.Job, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	if f.State != "" && !validJobState(f.State) {
		return nil, invalid(ctx, "state", "err.invalid_value", printer(ctx).T("field.status"))
	}
	return s.db.Read().Jobs(ctx, f)
}

func validJobState(st store.JobState) bool {
	for _, v := range store.JobStates {
		if v == st {
			return true
		}
	}
	return false
}

// RetryJob schedules a failed job again now with fresh attempts (system
// admin). Only failed jobs can be retried.
func (s *Service) RetryJob(ctx context.Context, p *Principal, id domain.ID) (*store.Job, error) {
	return retryFailed(ctx, s, p, id, "job", (*store.Tx).Job, (*store.Tx).RetryJob, func(j store.Job) retryView {
		return retryView{failed: j.State == store.JobFailed, state: j.State, attempts: j.Attempts, lastError: j.LastError, runAt: j.RunAt}
	})
}

// retryView is what retrying checks and audits of a job or a delivery.
type retryView struct {
	failed    bool
	state     any
	attempts  int
	lastError string
	runAt     time.Time
}

// retryFailed runs a failed row (a job or a delivery: entity) again with
// fresh attempts (system admin), and audits it. A row that has not failed
// is refused.
func retryFailed[T any](ctx context.Context, s *Service, p *Principal, id domain.ID, entity string,
	get func(*store.Tx, context.Context, domain.ID) (T, error),
	retry func(*store.Tx, context.Context, domain.ID, time.Time) error,
	view func(T) retryView) (*T, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	var out T
	err := s.update(ctx, func(tx *store.Tx) error {
		row, err := get(tx, ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing."+entity)
		}
		before := view(row)
		if !before.failed {
			return conflict(ctx, "err."+entity+".not_failed")
		}
		if err := retry(tx, ctx, id, s.Now()); err != nil {
			return err
		}
		if out, err = get(tx, ctx, id); err != nil {
			return err
		}
		after := view(out)
		_, err = s.audit(ctx, tx, p, store.Change{Action: entity + ".retry", Entity: entity, EntityID: id,
			Before: map[string]any{"state": before.state, "attempts": before.attempts, "last_error": before.lastError},
			After:  map[string]any{"state": after.state, "run_at": after.runAt}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
