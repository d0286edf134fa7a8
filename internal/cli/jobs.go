package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// runJobs: "luoshi jobs run" runs every job due as of now (LUOSHI_NOW pins
// it) once and prints what ran; "luoshi jobs list" shows the job table;
// "luoshi jobs retry ID" schedules a failed job again.
func runJobs(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("cli.jobs.usage"))
	}
	sub := args[0]
	fs := c.flags("jobs " + sub)
	db := c.dbFlag(fs)
	limit := fs.Int("limit", 50, c.p.T("cli.flag.limit"))
	state := fs.String("state", "", c.p.T("cli.flag.job_state"))
	kind := fs.String("kind", "", c.p.T("cli.flag.job_kind"))
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	op := service.SystemPrincipal("cli")
	loc := a.Service.Location()
	switch sub {
	case "run":
		now := a.Service.Now()
		ran, err := a.Jobs.RunDue(ctx, now)
		when := now.In(loc).Format("2006-01-02 15:04")
		if len(ran) == 0 && err == nil {
			fmt.Fprintln(c.Out, c.p.T("cli.jobs.none_due", when))
			return nil
		}
		fmt.Fprintln(c.Out, c.p.T("cli.jobs.ran", when, len(ran)))
		tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
		for _, r := range ran {
			name := r.Key
			if name == "" {
				name = r.Kind + "#" + strconv.FormatInt(r.ID, 10)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, c.p.T("jobstate."+string(r.State)), r.Error)
		}
		tw.Flush()
		return err
	case "list":
		list, err := a.Service.Jobs(ctx, op, store.JobFilter{State: store.JobState(*state), Kind: *kind, Limit: *limit})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, c.p.T("cli.jobs.header"))
		for _, j := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, j.Key, c.p.T("jobstate."+string(j.State)), j.Attempts, j.MaxAttempts,
				j.RunAt.In(loc).Format("2006-01-02 15:04"), oneLine(j.LastError))
		}
		return tw.Flush()
	case "retry":
		if fs.NArg() != 1 {
			return usageError(c.p.T("cli.jobs.usage"))
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usageError(c.p.T("cli.jobs.usage"))
		}
		j, err := a.Service.RetryJob(ctx, op, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.jobs.retried", j.ID, j.RunAt.In(loc).Format("2006-01-02 15:04")))
		return nil
	}
	return usageError(c.p.T("cli.jobs.usage"))
}

// jobsPoll reads LUOSHI_JOBS_POLL: a duration ("15s", "1m"), or 0/off to
// leave jobs to other instances or to `luoshi jobs run` from cron.
func (c *cmdContext) jobsPoll() (time.Duration, error) {
	v := strings.TrimSpace(c.env("LUOSHI_JOBS_POLL"))
	switch v {
	case "":
		return app.DefaultJobsPoll, nil
	case "0", "off":
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, usageError(c.p.T("cli.jobs.bad_poll", v))
	}
	return d, nil
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}
