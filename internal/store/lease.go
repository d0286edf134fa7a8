package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
)

// Jobs and deliveries are both queues whose rows an instance claims under a
// lease; these helpers hold what the two share.

// claimOne claims the row pick selects: it runs "update WHERE id IN (pick)
// RETURNING cols" and scans the row, or returns nil when pick selects none.
// One instance only claims a row: on PostgreSQL the candidate is locked and
// rows locked by another claim are skipped; on SQLite the writer
// transaction is the lock.
func claimOne[T any](ctx context.Context, tx *Tx, op, update, pick, cols string, args []any, scan func(scanner) (T, error)) (*T, error) {
	if tx.dialect == Postgres {
		pick += " FOR UPDATE SKIP LOCKED"
	}
	v, err := scan(tx.queryRow(ctx, update+" WHERE id IN ("+pick+") RETURNING "+cols, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(op, err)
	}
	return &v, nil
}

// leaseHeld checks the result of an update that ends owner's lease on row
// id: ErrLeaseLost when it changed nothing (the lease passed to another
// instance).
func leaseHeld(op string, id domain.ID, res sql.Result, err error) error {
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 0 {
		return fmt.Errorf("%s %d: %w", op, id, ErrLeaseLost)
	}
	return nil
}

// rowsChanged returns how many rows a statement changed.
func rowsChanged(op string, res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, wrap(op, err)
	}
	n, err := res.RowsAffected()
	return n, wrap(op, err)
}
