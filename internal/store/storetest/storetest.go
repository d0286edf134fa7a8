// Package storetest opens fresh databases on every engine the test run has:
// SQLite always, PostgreSQL when LUOSHI_TEST_POSTGRES holds a URL. When CI
// is set, a missing PostgreSQL URL fails the test instead of skipping it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/luoshi/luoshi/internal/store"
)

// Engine is a way to get a fresh, migrated database.
type Engine struct {
	Name string
	// DSN returns a data source for a new empty database (a temp file, or a
	// PostgreSQL URL whose search_path is a new schema dropped after the test).
	DSN func(t testing.TB) string
}

// PostgresURL returns LUOSHI_TEST_POSTGRES, failing under CI when it is unset.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("LUOSHI_TEST_POSTGRES")
	if u == "" && os.Getenv("CI") != "" {
		t.Fatal("LUOSHI_TEST_POSTGRES is not set: CI runs every test on PostgreSQL too")
	}
	return u
}

// Engines lists the engines of this run.
func Engines(t testing.TB) []Engine {
	es := []Engine{{Name: "sqlite", DSN: func(t testing.TB) string {
		return filepath.Join(t.TempDir(), "luoshi.db")
	}}}
	if pg := PostgresURL(t); pg != "" {
		es = append(es, Engine{Name: "postgres", DSN: func(t testing.TB) string { return freshSchema(t, pg) }})
	}
	return es
}

// freshSchema creates a schema for one test and returns a URL that uses it.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse LUOSHI_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens and migrates a fresh database on engine e.
func Open(t testing.TB, e Engine) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, e.DSN(t))
	if err != nil {
		t.Fatalf("open %s: %v", e.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", e.Name, err)
	}
	return db
}

// Each runs fn as a subtest on every engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, Open(t, e)) })
	}
}
