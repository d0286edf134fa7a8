// Package apptest starts a real luoshi App on port 0 with a fresh database
// on every engine of the test run, seeded with a small district whose
// accounts cover every role. API, web, browser and command tests share it.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Password is every fixture account's password.
const Password = "Luoshi-Test-2023"

// DefaultNow is the fixture's pinned clock: mid-July of the plan year, so
// that 时间过半 has just happened.
var DefaultNow = time.Date(2023, 7, 15, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Env is a running App and the seeded fixture.
type Env struct {
	T   testing.TB
	App *app.App
	URL string
	Fix *Fixture
	DSN string
}

// Options adjust an Env.
type Options struct {
	Now time.Time
	// Clock, when set, is the App's clock instead of the fixed Now.
	Clock func() time.Time
	// Empty skips the fixture (only the admin accounts exist).
	Empty bool
}

// Start boots an App on engine e.
func Start(t testing.TB, e storetest.Engine, opt Options) *Env {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = DefaultNow
	}
	dsn := e.DSN(t)
	ctx := context.Background()
	cfg := app.Config{DB: dsn, Addr: "127.0.0.1:0", Now: opt.Now, NowFunc: opt.Clock, BootstrapPassword: Password,
		PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open app on %s: %v", e.Name, err)
	}
	if _, err := a.Bootstrap(ctx); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	env := &Env{T: t, App: a, DSN: dsn}
	if !opt.Empty {
		env.Fix, err = Seed(ctx, a.Service)
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	if err := a.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	env.URL = a.URL()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Shutdown(sctx)
	})
	return env
}

// Each runs fn on every engine with a fresh seeded App.
func Each(t *testing.T, opt Options, fn func(t *testing.T, env *Env)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, Start(t, e, opt)) })
	}
}

// Client returns an HTTP client with its own cookie jar that does not
// follow redirects (tests look at them).
func (env *Env) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}
