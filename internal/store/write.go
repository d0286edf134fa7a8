// The write path: transactions grouped into shared commits, and the audit
// head sequences this process has seen.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"
)

// Update runs fn in a write transaction and commits it when fn returns nil.
// An error from fn undoes everything fn did and nothing else.
//
// Writes are committed in groups: writes that arrive while a transaction
// commits run together in the next one, each inside its own savepoint, and
// every caller returns only once the shared transaction has committed.
// Every write takes the audit chain's head, so writes are serialised
// anyway; grouping turns many commits (on PostgreSQL, many fsyncs while the
// head is locked) into one.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	return db.updateGrouped(ctx, fn)
}

// writeReq is one caller's write waiting for the SQLite writer.
type writeReq struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

// updateGrouped queues a write; the first writer to find no group running
// leads: it runs groups until the queue is empty.
func (db *DB) updateGrouped(ctx context.Context, fn func(tx *Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	db.qmu.Lock()
	db.queue = append(db.queue, req)
	lead := !db.leading
	db.leading = true
	db.qmu.Unlock()
	if lead {
		for {
			db.qmu.Lock()
			batch := db.queue
			db.queue = nil
			if len(batch) == 0 {
				db.leading = false
				db.qmu.Unlock()
				break
			}
			db.qmu.Unlock()
			db.runBatch(batch)
		}
	}
	return <-req.done
}

// maxGroup bounds how many writes share one commit.
const maxGroup = 256

// runBatch runs queued writes in shared transactions and tells each caller
// how its write ended.
func (db *DB) runBatch(batch []*writeReq) {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	for len(batch) > 0 {
		n := min(len(batch), maxGroup)
		db.runGroup(batch[:n])
		batch = batch[n:]
	}
}

// openWriter opens SQLite's one writer connection, shared by group commits
// and the few writes outside them, on first use. The caller holds wmu.
func (db *DB) openWriter() error {
	if db.wconn != nil {
		return nil
	}
	c, err := db.write.Conn(context.Background())
	if err != nil {
		return fmt.Errorf("writer connection: %w", err)
	}
	db.wconn, db.writeStmts = c, newStmtCache(c.PrepareContext)
	return nil
}

func (db *DB) runGroup(group []*writeReq) {
	fail := func(err error) {
		for _, r := range group {
			r.done <- err
		}
	}
	// The shared transaction outlives any one caller's context.
	bctx := context.Background()
	var sqltx *sql.Tx
	var pool *stmtCache
	if db.dialect == SQLite {
		if err := db.openWriter(); err != nil {
			fail(err)
			return
		}
		var err error
		if sqltx, err = db.wconn.BeginTx(bctx, nil); err != nil {
			fail(fmt.Errorf("begin: %w", err))
			return
		}
		pool = db.writeStmts
	} else {
		var err error
		if sqltx, err = db.write.BeginTx(bctx, nil); err != nil {
			fail(fmt.Errorf("begin: %w", err))
			return
		}
	}
	base := &Tx{Reader: Reader{q: uncancelable{sqltx}, dialect: db.dialect}, tx: sqltx, pool: pool}
	if err := base.lockHead(bctx); err != nil {
		sqltx.Rollback()
		fail(err)
		return
	}
	results := make([]error, len(group))
	ok := 0
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		single := len(group) == 1
		if !single {
			if _, err := sqltx.ExecContext(bctx, "SAVEPOINT w"); err != nil {
				results[i] = fmt.Errorf("savepoint: %w", err)
				continue
			}
		}
		// Each write sees the head as the writes before it left it, and
		// leaves it unchanged if it fails.
		tx := &Tx{Reader: base.Reader, tx: sqltx, pool: base.pool, stmts: base.stmts, head: base.head}
		err := r.fn(tx)
		base.stmts = tx.stmts
		if err != nil {
			results[i] = err
			if single {
				sqltx.Rollback()
				r.done <- err
				return
			}
			if _, rerr := sqltx.ExecContext(bctx, "ROLLBACK TO SAVEPOINT w; RELEASE SAVEPOINT w"); rerr != nil {
				// The transaction is in an unknown state: give up on all.
				sqltx.Rollback()
				fail(fmt.Errorf("rollback to savepoint: %w (after %v)", rerr, err))
				return
			}
			continue
		}
		if !single {
			if _, err := sqltx.ExecContext(bctx, "RELEASE SAVEPOINT w"); err != nil {
				sqltx.Rollback()
				fail(fmt.Errorf("release savepoint: %w", err))
				return
			}
		}
		base.head = tx.head
		base.structural = base.structural || tx.structural
		base.authChanged = base.authChanged || tx.authChanged
		base.progressChanged = base.progressChanged || tx.progressChanged
		ok++
	}
	if ok == 0 {
		sqltx.Rollback()
		for i, r := range group {
			r.done <- results[i]
		}
		return
	}
	if err := base.saveHead(bctx); err != nil {
		sqltx.Rollback()
		fail(err)
		return
	}
	if err := sqltx.Commit(); err != nil {
		fail(fmt.Errorf("commit: %w", err))
		return
	}
	db.noteCommit(base.head)
	for i, r := range group {
		r.done <- results[i]
	}
}

// uncancelable runs a shared transaction's statements without the caller's
// cancellation. A statement canceled midway takes the whole transaction
// with it (SQLite's interrupt rolls it back, pgx closes the connection), so
// one caller hanging up would fail every write grouped with it. A write
// whose caller is gone before it starts is skipped; once started, it runs
// to its end and commits or fails on its own merits.
type uncancelable struct{ tx *sql.Tx }

func (u uncancelable) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return u.tx.ExecContext(context.WithoutCancel(ctx), q, args...)
}

func (u uncancelable) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return u.tx.QueryContext(context.WithoutCancel(ctx), q, args...)
}

func (u uncancelable) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return u.tx.QueryRowContext(context.WithoutCancel(ctx), q, args...)
}

func (u uncancelable) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return u.tx.PrepareContext(context.WithoutCancel(ctx), q)
}

// noteCommit remembers the head this process's last write left.
func (db *DB) noteCommit(h chainHead) {
	if h.dirty {
		raise(&db.committed, h.seq)
		raise(&db.committedAuth, h.authSeq)
	}
}

func raise(v *atomic.Int64, to int64) {
	for {
		cur := v.Load()
		if to <= cur || v.CompareAndSwap(cur, to) {
			return
		}
	}
}

// RecentHeads returns the audit head's sequences, reading the database at
// most once per maxAge. This process's own writes show at once; other
// instances' writes within maxAge.
func (db *DB) RecentHeads(ctx context.Context, maxAge time.Duration) (Heads, error) {
	now := time.Now().UnixNano()
	h := db.polled.Load()
	if h == nil || now-db.polledAt.Load() > int64(maxAge) {
		fresh, err := db.Read().Heads(ctx)
		if err != nil {
			return Heads{}, err
		}
		h = &fresh
		db.polled.Store(h)
		db.polledAt.Store(now)
	}
	out := *h
	out.Seq = max(out.Seq, db.committed.Load())
	out.Auth = max(out.Auth, db.committedAuth.Load())
	return out, nil
}

// MarkAuth records that the transaction changed accounts, roles, sessions
// or tokens.
func (tx *Tx) MarkAuth() { tx.authChanged = true }

// MarkProgress records that the transaction approved progress.
func (tx *Tx) MarkProgress() { tx.progressChanged = true }

// writerConn returns a connection for schema work: on SQLite the dedicated
// writer (held until release), elsewhere a pool connection.
func (db *DB) writerConn(ctx context.Context) (*sql.Conn, func(), error) {
	if db.dialect == SQLite {
		db.wmu.Lock()
		if db.wconn != nil {
			return db.wconn, db.wmu.Unlock, nil
		}
		c, err := db.write.Conn(ctx)
		if err != nil {
			db.wmu.Unlock()
			return nil, nil, err
		}
		return c, func() { c.Close(); db.wmu.Unlock() }, nil
	}
	c, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}

// MarkStructural records that the transaction changed structure (org, plans,
// tasks), not only progress.
func (tx *Tx) MarkStructural() { tx.structural = true }
