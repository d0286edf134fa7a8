// Package store keeps luoshi's data in SQLite or PostgreSQL through plain SQL.
// Every write runs in a transaction that first takes the audit chain's head,
// so writes are serialised on both engines and each one is recorded.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names a storage engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: a pool for reads and, on SQLite, a single writer.
type DB struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB
	dsn     string
	// committed is the audit head after this process's last write; polled
	// is the head last read from the database, at polledAt (unix ns).
	committed, polled, polledAt atomic.Int64
}

// IsPostgresURL reports whether dsn names a PostgreSQL server.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens dsn: a file path for SQLite, or a postgres:// URL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-16000)"} {
		q.Add("_pragma", p)
	}
	base := "file:" + path + "?"
	// The writer begins IMMEDIATE so that it never has to upgrade a read lock.
	write, err := sql.Open("sqlite", base+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	rq := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "query_only(1)", "cache_size(-16000)"} {
		rq.Add("_pragma", p)
	}
	read, err := sql.Open("sqlite", base+rq.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite reader: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0)*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	db := &DB{dialect: SQLite, read: read, write: write, dsn: path}
	// The writer connects first: it switches the file to WAL before readers open it.
	if err := write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.PingContext(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, read: pool, write: pool, dsn: dsn}, nil
}

// Dialect returns the engine in use.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools.
func (db *DB) Close() error {
	var err error
	if db.write != nil && db.write != db.read {
		err = db.write.Close()
	}
	if db.read != nil {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Reader runs read queries outside a transaction.
type Reader struct {
	q       querier
	dialect Dialect
}

// Read returns the reader on the read pool.
func (db *DB) Read() *Reader { return &Reader{q: db.read, dialect: db.dialect} }

// Tx is a write transaction holding the audit chain head.
type Tx struct {
	Reader
	tx   *sql.Tx
	head chainHead
	// structural is set when the transaction changed plans, tasks or the org
	// tree, so read models know to reload more than progress.
	structural bool
	audited    bool
	stmts      map[string]*sql.Stmt
}

// Update runs fn in a write transaction and commits it when fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Reader: Reader{q: sqltx, dialect: db.dialect}, tx: sqltx}
	if err := tx.lockHead(ctx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := tx.saveHead(ctx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if tx.head.dirty {
		for {
			cur := db.committed.Load()
			if tx.head.seq <= cur || db.committed.CompareAndSwap(cur, tx.head.seq) {
				break
			}
		}
	}
	return nil
}

// RecentHead returns the audit head sequence, reading the database at most
// once per maxAge. This process's own writes show at once; other
// instances' writes within maxAge.
func (db *DB) RecentHead(ctx context.Context, maxAge time.Duration) (int64, error) {
	now := time.Now().UnixNano()
	if now-db.polledAt.Load() > int64(maxAge) {
		seq, _, err := db.Read().Head(ctx)
		if err != nil {
			return 0, err
		}
		db.polled.Store(seq)
		db.polledAt.Store(now)
	}
	return max(db.polled.Load(), db.committed.Load()), nil
}

// MarkStructural records that the transaction changed structure (org, plans,
// tasks), not only progress.
func (tx *Tx) MarkStructural() { tx.structural = true }

// ReadPool exposes the read pool for connection statistics.
func (db *DB) ReadPool() *sql.DB { return db.read }
