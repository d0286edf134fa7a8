// Package cli is luoshi's command line: one binary with subcommands, each
// configured by flags with LUOSHI_* environment variables as defaults.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// Version is set at build time (-ldflags "-X …/cli.Version=…").
var Version = "dev"

// Env reads environment variables; tests pass their own.
type Env func(string) string

// Streams are a command's input and outputs.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

type command struct {
	name    string
	summary string // catalog key
	run     func(ctx context.Context, c *cmdContext, args []string) error
}

// cmdContext is what every command gets.
type cmdContext struct {
	Streams
	env Env
	p   *i18n.Printer
}

func commands() []command {
	return []command{
		{"serve", "cli.serve.summary", runServe},
		{"migrate", "cli.migrate.summary", runMigrate},
		{"import", "cli.import.summary", runImport},
		{"status", "cli.status.summary", runStatus},
		{"demo", "cli.demo.summary", runDemo},
		{"user", "cli.user.summary", runUser},
		{"audit", "cli.audit.summary", runAudit},
		{"load", "cli.load.summary", runLoad},
		{"calendar", "calendar.cli.summary", runCalendar},
		{"version", "cli.version.summary", runVersion},
		{"jobs", "cli.jobs.summary", runJobs},
		// 考核: schemes, scoring and results.
		{"assess", "assessweb.cli.summary", runAssess},
		// 时间过半、任务过半 review.
		{"review", "review.cli.summary", runReview},
		{"evaluation", "eval.cli.summary", runEvaluation}, // 测评/评议
	}
}

// Run executes luoshi with args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, s Streams, env Env) int {
	if env == nil {
		env = os.Getenv
	}
	lang := env("LUOSHI_LANG")
	if lang == "" {
		lang = strings.ReplaceAll(strings.SplitN(env("LANG"), ".", 2)[0], "_", "-")
	}
	c := &cmdContext{Streams: s, env: env, p: i18n.Default().Printer(i18n.Match(lang))}
	ctx = i18n.WithPrinter(ctx, c.p)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		c.usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, cmd := range commands() {
		if cmd.name != args[0] {
			continue
		}
		err := cmd.run(ctx, c, args[1:])
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(c.Err, string(ue))
			return 2
		}
		c.printError(err)
		return 1
	}
	fmt.Fprintln(c.Err, c.p.T("cli.unknown_command", args[0]))
	c.usage()
	return 2
}

func (c *cmdContext) usage() {
	fmt.Fprintln(c.Err, c.p.T("cli.usage"))
	for _, cmd := range commands() {
		fmt.Fprintf(c.Err, "  %-9s %s\n", cmd.name, c.p.T(cmd.summary))
	}
}

// printError shows a domain error's message and details, or a generic line
// with the cause for internal errors (the operator needs it).
func (c *cmdContext) printError(err error) {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal {
		fmt.Fprintln(c.Err, de.Message)
		for _, d := range de.Details {
			fmt.Fprintln(c.Err, "  "+d)
		}
		return
	}
	fmt.Fprintln(c.Err, c.p.T("cli.error", err))
}

// usageError is a mistake in the command line itself.
type usageError string

func (e usageError) Error() string { return string(e) }

// flags returns a flag set that prints its usage in the user's language.
func (c *cmdContext) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("luoshi "+name, flag.ContinueOnError)
	fs.SetOutput(c.Err)
	return fs
}

// dbFlag adds --db with LUOSHI_DB as default.
func (c *cmdContext) dbFlag(fs *flag.FlagSet) *string {
	def := c.env("LUOSHI_DB")
	if def == "" {
		def = "luoshi.db"
	}
	return fs.String("db", def, c.p.T("cli.flag.db"))
}

// config builds the App configuration from the environment.
func (c *cmdContext) config(db string) (app.Config, error) {
	now, err := app.ParseNow(c.env("LUOSHI_NOW"))
	if err != nil {
		return app.Config{}, usageError(err.Error())
	}
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(c.env("LUOSHI_LOG_LEVEL"))); err != nil {
		level = slog.LevelInfo
	}
	var h slog.Handler
	if c.env("LUOSHI_LOG_FORMAT") == "json" {
		h = slog.NewJSONHandler(c.Err, &slog.HandlerOptions{Level: level})
	} else {
		h = slog.NewTextHandler(c.Err, &slog.HandlerOptions{Level: level})
	}
	return app.Config{
		DB:                db,
		Addr:              c.env("LUOSHI_ADDR"),
		Now:               now,
		BootstrapPassword: c.env("LUOSHI_BOOTSTRAP_PASSWORD"),
		SecureCookies:     c.env("LUOSHI_SECURE_COOKIES") == "true" || c.env("LUOSHI_SECURE_COOKIES") == "1",
		Logger:            slog.New(h),
		Version:           Version,
		PprofAddr:         c.env("LUOSHI_PPROF_ADDR"),
	}, nil
}

// open opens the App for a one-shot command (no listening).
func (c *cmdContext) open(ctx context.Context, db string) (*app.App, error) {
	cfg, err := c.config(db)
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg)
}

// withService opens the database for one command and runs fn with its
// service, acting as the command line (a system principal).
func (c *cmdContext) withService(ctx context.Context, db string, fn func(svc *service.Service, op *service.Principal) error) error {
	a, err := c.open(ctx, db)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a.Service, service.SystemPrincipal("cli"))
}

// printJSON writes v to stdout as indented JSON, Chinese and all as is.
func (c *cmdContext) printJSON(v any) error {
	enc := json.NewEncoder(c.Out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// planByName finds a plan by its exact name (archived ones too).
func (c *cmdContext) planByName(ctx context.Context, svc *service.Service, name string) (domain.ID, error) {
	m, err := svc.Model(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range m.Plans {
		if p.Name == name {
			return p.ID, nil
		}
	}
	return 0, usageError(c.p.T("cli.plan_unknown", name))
}

func runVersion(ctx context.Context, c *cmdContext, args []string) error {
	fmt.Fprintln(c.Out, "luoshi", Version)
	return nil
}

func runMigrate(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("migrate")
	db := c.dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	v, _ := a.DB.SchemaVersion(ctx)
	fmt.Fprintln(c.Out, c.p.T("cli.migrate.done", a.DB.Dialect(), v))
	return nil
}
