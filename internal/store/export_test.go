package store

import "context"

// ExecForTest runs raw SQL inside a write transaction, for tests that must
// try what the application never does.
func (tx *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := tx.q.ExecContext(ctx, q)
	return err
}
