package service

import (
	"context"

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
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	var out store.Job
	err := s.update(ctx, func(tx *store.Tx) error {
		before, err := tx.Job(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.job")
		}
		if before.State != store.JobFailed {
			return conflict(ctx, "err.job.not_failed")
		}
		if err := tx.RetryJob(ctx, id, s.Now()); err != nil {
			return err
		}
		if out, err = tx.Job(ctx, id); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "job.retry", Entity: "job", EntityID: id,
			Before: map[string]any{"state": before.State, "attempts": before.Attempts, "last_error": before.LastError},
			After:  map[string]any{"state": out.State, "run_at": out.RunAt}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
