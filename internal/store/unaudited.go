package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// errUnaudited refuses an audit record in a transaction that does not hold
// the audit head: appending there would fork the chain.
var errUnaudited = errors.New("audit record in an unaudited transaction")

// UpdateUnaudited runs fn in a write transaction that does not take the
// audit chain's head, and commits it when fn returns nil.
//
// It is for bookkeeping that no one is accountable for: the job runner's
// claims, leases and retries, a notification's delivery state, a reader's
// read marks. Such writes must neither queue behind audited writes nor hold
// them up (on PostgreSQL every audited write locks the head row; several
// instances polling for jobs would otherwise contend for it). fn may not
// call Audit; it gets an error if it does.
func (db *DB) UpdateUnaudited(ctx context.Context, fn func(tx *Tx) error) error {
	if db.dialect == SQLite {
		// SQLite has one writer: take the same connection group commits use.
		db.wmu.Lock()
		defer db.wmu.Unlock()
		if err := db.openWriter(); err != nil {
			return err
		}
		return runUnaudited(ctx, db, db.wconn.BeginTx, db.writeStmts, fn)
	}
	return runUnaudited(ctx, db, db.write.BeginTx, nil, fn)
}

func runUnaudited(ctx context.Context, db *DB, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), pool *stmtCache, fn func(tx *Tx) error) error {
	// The transaction must end even when the caller's context is cancelled
	// halfway, so it runs on its own context; fn still gets the caller's.
	sqltx, err := begin(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Reader: Reader{q: sqltx, dialect: db.dialect}, tx: sqltx, pool: pool, unaudited: true}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
