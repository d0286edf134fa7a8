package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/luoshi/luoshi/internal/api"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/textsearch"
	"github.com/luoshi/luoshi/internal/web"
)

// App is a running luoshi: database, services and HTTP handlers.
type App struct {
	Config   Config
	Log      *slog.Logger
	DB       *store.DB
	Models   *readmodel.Cache
	Service  *service.Service
	Handler  http.Handler
	Registry *prometheus.Registry
	// Jobs runs background jobs; serve starts its loop (StartJobs), tests
	// and `luoshi jobs run` call RunDue as of the moment they choose.
	Jobs *jobs.Runner

	jobsStop context.CancelFunc
	jobsDone chan struct{}

	server   *http.Server
	listener net.Listener
	stopped  chan struct{} // closed when Serve returns
	serveErr error
}

// Open connects to the database, migrates it, and builds the services.
// It does not create accounts or listen; see Bootstrap and Start.
func Open(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DB == "" {
		cfg.DB = "luoshi.db"
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		cfg.Logger.Info("database migrated", "engine", db.Dialect(), "applied", applied)
	}
	norm, err := textsearch.New()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load search dictionaries: %w", err)
	}
	models := readmodel.NewCache(db)
	svc := service.New(db, models, norm, service.Config{
		Now:            cfg.Clock(),
		PasswordParams: cfg.PasswordParams,
		Logger:         cfg.Logger,
	})
	// The official holiday schedules go into years that have none yet.
	if seeded, err := svc.EnsureCalendar(ctx); err != nil {
		db.Close()
		return nil, err
	} else if len(seeded) > 0 {
		cfg.Logger.Info("working-day calendar seeded", "years", len(seeded), "first", seeded[0], "last", seeded[len(seeded)-1])
	}
	a := &App{Config: cfg, Log: cfg.Logger, DB: db, Models: models, Service: svc, Registry: prometheus.NewRegistry()}
	a.Jobs = jobs.NewRunner(db, a.jobRegistry(), jobs.Config{Location: svc.Location(), Logger: cfg.Logger.With("component", "jobs")})
	a.Handler = a.routes()
	return a, nil
}

// routes mounts every surface on one mux.
func (a *App) routes() http.Handler {
	m := newMetrics(a.Registry, a.Models, a.DB, a.Log)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.health)
	mux.Handle("GET /metrics", m.handler())
	mux.Handle("/api/v1/", api.New(a.Service, api.Options{Logger: a.Log, Version: a.Config.Version}))
	mux.Handle("/", web.New(a.Service, web.Options{Logger: a.Log, SecureCookies: a.Config.SecureCookies, Version: a.Config.Version}))
	return m.instrument(mux)
}

func (a *App) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.DB.Ping(ctx); err != nil {
		a.Log.Error("health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `{"status":"unavailable","database":%q}`, a.DB.Dialect())
		return
	}
	fmt.Fprintf(w, `{"status":"ok","database":%q,"version":%q}`, a.DB.Dialect(), a.Config.Version)
}

// Bootstrap creates the three admin accounts on first start and returns
// their one-time passwords (empty when they already existed).
func (a *App) Bootstrap(ctx context.Context) (*service.BootstrapResult, error) {
	return a.Service.EnsureAdmins(ctx, a.Config.BootstrapPassword)
}

// Start listens on Config.Addr and serves in the background.
func (a *App) Start() error {
	addr := a.Config.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	a.listener = ln
	a.server = &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large sheets on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	if a.Config.PprofAddr != "" {
		if err := a.startPprof(); err != nil {
			ln.Close()
			return err
		}
	}
	a.stopped = make(chan struct{})
	go func() {
		err := a.server.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		a.serveErr = err
		close(a.stopped)
	}()
	return nil
}

// Addr returns the address the server listens on (host:port).
func (a *App) Addr() string {
	if a.listener == nil {
		return ""
	}
	return a.listener.Addr().String()
}

// URL returns the server's base URL.
func (a *App) URL() string { return "http://" + a.Addr() }

// Wait blocks until the server stops.
func (a *App) Wait() error {
	<-a.stopped
	return a.serveErr
}

// Shutdown stops accepting requests, lets running ones finish, and closes
// the database.
func (a *App) Shutdown(ctx context.Context) error {
	var err error
	if a.server != nil {
		err = a.server.Shutdown(ctx)
		<-a.stopped
		if err == nil {
			err = a.serveErr
		}
	}
	a.StopJobs()
	return errors.Join(err, a.DB.Close())
}

// Close releases the database of an App that was never started.
func (a *App) Close() error {
	a.StopJobs()
	return a.DB.Close()
}
