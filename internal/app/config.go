// Package app assembles luoshi: configuration, storage, services and the
// HTTP server. Tests start an App on port 0 with a temporary database.
package app

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
)

// Config is everything an App needs. Commands fill it from flags and
// LUOSHI_* environment variables.
type Config struct {
	// DB is a SQLite file path or a postgres:// URL.
	DB string
	// Addr is where serve listens; port 0 picks a free port.
	Addr string
	// Now pins the clock (LUOSHI_NOW); zero means the real time.
	Now time.Time
	// NowFunc, when set, is the clock (tests move it forward).
	NowFunc func() time.Time
	// BootstrapPassword, when set, is given to the three admin accounts
	// created on first start instead of random one-time passwords.
	BootstrapPassword string
	// SecureCookies marks session cookies Secure (serve behind HTTPS).
	SecureCookies bool
	// PasswordParams are argon2id's costs (tests use cheaper ones).
	PasswordParams auth.Params
	Logger         *slog.Logger
	// Version is the build's version string.
	Version string
	// PprofAddr, when set, serves Go's profiler there (a loopback address:
	// the profiles show internals).
	PprofAddr string
}

// Clock returns the configured clock: pinned when Now is set.
func (c Config) Clock() func() time.Time {
	if c.NowFunc != nil {
		return c.NowFunc
	}
	if c.Now.IsZero() {
		return time.Now
	}
	pinned := c.Now
	return func() time.Time { return pinned }
}

// ParseNow reads LUOSHI_NOW: RFC 3339, "YYYY-MM-DD HH:MM" or a date
// (09:00 China time on that day).
func ParseNow(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	cst := time.FixedZone("CST", 8*3600)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, cst); err == nil {
		return t, nil
	}
	if d, err := domain.ParseDate(s); err == nil {
		return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, cst), nil
	}
	return time.Time{}, fmt.Errorf("LUOSHI_NOW %q: want YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or RFC 3339", s)
}
