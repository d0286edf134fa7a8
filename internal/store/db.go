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
	"sync"
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
	// committed is the audit head after this process's last write, polled
	// the head last read from the database at polledAt (unix ns).
	committed, committedAuth atomic.Int64
	polled                   atomic.Pointer[Heads]
	polledAt                 atomic.Int64
	// readStmts are prepared once on the read pool (SQLite only: pgx caches
	// prepared statements per connection itself).
	readStmts *stmtCache
	// On SQLite every write goes through one dedicated connection, taken on
	// the first write and kept, with its statements prepared once; queue
	// holds writes waiting for the next group commit.
	wmu        sync.Mutex
	wconn      *sql.Conn
	writeStmts *stmtCache
	qmu        sync.Mutex
	queue      []*writeReq
	leading    bool
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
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-4000)"} {
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
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "query_only(1)", "cache_size(-4000)"} {
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
	db := &DB{dialect: SQLite, read: read, write: write, dsn: path, readStmts: newStmtCache(read.PrepareContext)}
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
	if db.readStmts != nil {
		db.readStmts.close()
	}
	db.wmu.Lock()
	if db.writeStmts != nil {
		db.writeStmts.close()
	}
	if db.wconn != nil {
		db.wconn.Close()
		db.wconn = nil
	}
	db.wmu.Unlock()
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
func (db *DB) Read() *Reader {
	if db.readStmts != nil {
		return &Reader{q: &cachedPool{db: db.read, cache: db.readStmts}, dialect: db.dialect}
	}
	return &Reader{q: db.read, dialect: db.dialect}
}

// Tx is a write transaction holding the audit chain head.
type Tx struct {
	Reader
	tx   *sql.Tx
	head chainHead
	// structural is set when the transaction changed plans, tasks or the org
	// tree, so read models know to reload more than progress; authChanged
	// when it changed accounts, roles, sessions or tokens.
	structural      bool
	authChanged     bool
	progressChanged bool
	audited         bool
	// unaudited is set on bookkeeping transactions (UpdateUnaudited), which
	// do not hold the audit head and so may not append to the chain.
	unaudited bool
	stmts     map[string]*sql.Stmt
	// pool holds statements prepared once on the writer (SQLite).
	pool *stmtCache
}

// ReadPool exposes the read pool for connection statistics.
func (db *DB) ReadPool() *sql.DB { return db.read }
