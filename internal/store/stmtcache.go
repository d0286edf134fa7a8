package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps statements prepared on a pool, keyed by their SQL. On
// SQLite, parsing a statement costs more than running a small one, and
// database/sql re-prepares per call unless asked not to. Only the first
// maxCached distinct statements are kept, so queries built with a varying
// number of placeholders cannot grow it without bound.
type stmtCache struct {
	prepare func(context.Context, string) (*sql.Stmt, error)
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
}

const maxCached = 256

func newStmtCache(prepare func(context.Context, string) (*sql.Stmt, error)) *stmtCache {
	return &stmtCache{prepare: prepare, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for q, or nil when the cache is full.
func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.m[q]
	n := len(c.m)
	c.mu.RUnlock()
	if ok {
		return st, nil
	}
	if n >= maxCached {
		return nil, nil
	}
	st, err := c.prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[q]; ok {
		st.Close()
		return prev, nil
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// cachedPool is a querier over a pool whose statements are prepared once.
type cachedPool struct {
	db    *sql.DB
	cache *stmtCache
}

func (p *cachedPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st, err := p.cache.get(ctx, q); err == nil && st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.db.ExecContext(ctx, q, args...)
}

func (p *cachedPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st, err := p.cache.get(ctx, q); err == nil && st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, q, args...)
}

func (p *cachedPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st, err := p.cache.get(ctx, q); err == nil && st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, q, args...)
}

func (p *cachedPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, q)
}
