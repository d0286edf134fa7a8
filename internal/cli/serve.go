package cli

import (
	"context"
	"fmt"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

func runServe(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("serve")
	db := c.dbFlag(fs)
	defAddr := c.env("LUOSHI_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, c.p.T("cli.flag.addr"))
	demo := fs.Bool("demo", c.env("LUOSHI_DEMO") == "1" || c.env("LUOSHI_DEMO") == "true", c.p.T("cli.flag.demo"))
	poll, err := c.jobsPoll()
	if err != nil {
		return err
	}
	jobsEvery := fs.Duration("jobs-poll", poll, c.p.T("cli.flag.jobs_poll"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := c.config(*db)
	if err != nil {
		return err
	}
	cfg.Addr = *addr
	if c.env("GOMEMLIMIT") == "" {
		// A soft ceiling for the Go heap: collect sooner instead of letting a
		// burst of logins or a model reload raise the footprint. GOMEMLIMIT
		// overrides it.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	start := time.Now()
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	boot, err := a.Bootstrap(ctx)
	if err != nil {
		a.Close()
		return err
	}
	if len(boot.Created) > 0 {
		fmt.Fprintln(c.Out, c.p.T("cli.bootstrap.header"))
		for _, cr := range boot.Created {
			fmt.Fprintf(c.Out, "  %-9s %s  (%s)\n", cr.Login, cr.Password, c.p.T("role."+string(cr.Role)))
		}
		if cfg.BootstrapPassword == "" {
			fmt.Fprintln(c.Out, c.p.T("cli.bootstrap.once"))
		}
	}
	if *demo {
		if err := c.ensureDemo(ctx, a); err != nil {
			a.Close()
			return err
		}
	}
	if err := a.Start(); err != nil {
		a.Close()
		return err
	}
	a.StartJobs(*jobsEvery)
	a.Log.Info("luoshi serving", "url", a.URL(), "engine", a.DB.Dialect(), "version", Version, "startup", time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(c.Out, c.p.T("cli.serve.listening", a.URL()))
	// Warm the read model so the first page is fast; failures surface on use.
	go a.Models.Get(ctx)
	select {
	case <-ctx.Done():
	case err := <-waitChan(a.Wait):
		if err != nil {
			return err
		}
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return a.Shutdown(sctx)
}

// defaultMemoryLimit is the Go heap's soft limit under serve.
const defaultMemoryLimit = 120 << 20

func waitChan(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}
