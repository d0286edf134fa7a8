package jobs

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/store"
)

// Retention of finished jobs: done ones are routine and go after two
// weeks; failed ones stay three months for the sysadmin (their giving up is
// in the audit log for good).
const (
	keepDone   = 14 * 24 * time.Hour
	keepFailed = 90 * 24 * time.Hour
)

// KindPrune is the daily job that deletes old finished jobs.
const KindPrune = "jobs.prune"

// RegisterHousekeeping registers the runner's own recurring jobs.
func RegisterHousekeeping(reg *Registry, db *store.DB) {
	reg.Recurring(KindPrune, Daily(3, 30), func(ctx context.Context, _ *store.Job, now time.Time) error {
		return db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			_, err := tx.PruneJobs(ctx, now.Add(-keepDone), now.Add(-keepFailed))
			return err
		})
	})
}
