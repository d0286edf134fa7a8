package store

import (
	"context"
	"database/sql"
)

// stmt returns a statement prepared once per transaction, so that bulk
// writes (imports, the demo) do not re-parse the same SQL per row.
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[query]; ok {
		return s, nil
	}
	var s *sql.Stmt
	if tx.pool != nil {
		// On SQLite the transaction runs on the one writer connection, and
		// SQLite's transaction belongs to the connection: a statement
		// prepared once on that connection runs inside the transaction.
		// (database/sql's Tx.StmtContext would parse it again every time.)
		// The writer mutex keeps every other use of the connection out.
		ps, err := tx.pool.get(ctx, query)
		if err != nil {
			return nil, err
		}
		s = ps
	}
	if s == nil {
		var err error
		if s, err = tx.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = s
	return s, nil
}

// On PostgreSQL, pgx keeps its own cache of prepared statements per
// connection, so statements go straight to the transaction: preparing them
// through database/sql would cost a round trip to prepare and another to
// deallocate.

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx) // see uncancelable
	if tx.pool == nil {
		return tx.tx.ExecContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx) // see uncancelable
	if tx.pool == nil {
		return tx.tx.QueryRowContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		// Surface the prepare error through the row's Scan.
		return tx.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx) // see uncancelable
	if tx.pool == nil {
		return tx.tx.QueryContext(ctx, query, args...)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}
