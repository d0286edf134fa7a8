package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// Published assessment runs from the command line, as the operator:
//
//	luoshi assess runs list [--year YYYY]
//	luoshi assess run show ID [--xlsx FILE]
//	luoshi assess run finalize ID
//	luoshi assess run publish SCHEME_ID [--days N] [--start YYYY-MM-DD]

// assessRunsCommand returns the run subcommands ("runs", "run"), or nil.
func assessRunsCommand(name string) func(ctx context.Context, c *cmdContext, args []string) error {
	switch name {
	case "runs":
		return func(ctx context.Context, c *cmdContext, args []string) error {
			if len(args) >= 1 && args[0] == "list" {
				return assessRunsList(ctx, c, args[1:])
			}
			return usageError(c.p.T("assesspub.cli.usage"))
		}
	case "run":
		return func(ctx context.Context, c *cmdContext, args []string) error {
			if len(args) >= 1 {
				switch args[0] {
				case "show":
					return assessRunShow(ctx, c, args[1:])
				case "finalize":
					return assessRunFinalize(ctx, c, args[1:])
				case "publish":
					return assessRunPublish(ctx, c, args[1:])
				case "adjust":
					return assessRunAdjust(ctx, c, args[1:])
				}
			}
			return usageError(c.p.T("assesspub.cli.usage"))
		}
	}
	return nil
}

func (c *cmdContext) parseRunFlags(fs *flag.FlagSet, args []string) error {
	return c.parseFlagsFor(fs, args, "assesspub.cli.usage")
}

// runFlags parses a run subcommand's flags and reads its run ID.
func (c *cmdContext) runFlags(fs *flag.FlagSet, args []string) (domain.ID, error) {
	if err := c.parseRunFlags(fs, args); err != nil {
		return 0, err
	}
	return c.runArg(fs)
}

func (c *cmdContext) runArg(fs *flag.FlagSet) (domain.ID, error) {
	return c.idArg(fs, "assesspub.cli.usage", "assesspub.cli.bad_id")
}

func assessRunsList(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess runs list")
	db := c.dbFlag(fs)
	year := fs.Int("year", 0, c.p.T("assesspub.cli.flag.year"))
	if err := c.parseRunFlags(fs, args); err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		runs, err := svc.AssessRuns(ctx, op, *year)
		if err != nil {
			return err
		}
		if len(runs) == 0 {
			fmt.Fprintln(c.Out, c.p.T("assesspub.web.runs.none"))
			return nil
		}
		for _, r := range runs {
			fmt.Fprintf(c.Out, "%d\t%d\t%s\t%s\t%s — %s\n", r.ID, r.Year, r.SchemeName, c.p.T("assesspub.state."+string(r.State)), r.NoticeStart, r.NoticeEnd)
		}
		return nil
	})
}

func assessRunShow(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess run show")
	db := c.dbFlag(fs)
	out := fs.String("xlsx", "", c.p.T("assesspub.cli.flag.xlsx"))
	id, err := c.runFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		show := svc.AssessRun
		if *out != "" {
			show = svc.AssessRunFull
		}
		v, err := show(ctx, op, id)
		if err != nil {
			return err
		}
		if *out != "" {
			data, err := xlsexport.AssessResults(v.Result, v.SchemeName, c.p)
			if err != nil {
				return err
			}
			return c.writeOutput(*out, data, "assesspub.cli.written")
		}
		fmt.Fprintf(c.Out, "%s\t%s\t%s\n", v.SchemeName, c.p.T("assesspub.state."+string(v.State)),
			c.p.T("assesspub.web.col.window")+" "+v.NoticeStart.String()+" — "+v.NoticeEnd.String())
		cat := ""
		for _, u := range v.Result.Units {
			if u.Category != cat {
				cat = u.Category
				fmt.Fprintln(c.Out, "["+cat+"]")
			}
			line := []string{strconv.Itoa(u.Rank), u.Unit, domain.PubScore(u.Total), u.Grade, strings.Join(u.Awards, "、")}
			if u.Talk {
				line = append(line, c.p.T("assesspub.web.talk"))
			}
			fmt.Fprintln(c.Out, "  "+strings.TrimRight(strings.Join(line, "\t"), "\t"))
		}
		pending := 0
		for _, ap := range v.Appeals {
			if ap.State == domain.AppealPending {
				pending++
			}
		}
		fmt.Fprintln(c.Out, c.p.T("assesspub.cli.counts", len(v.Appeals), pending, len(v.Adjustments)))
		return nil
	})
}

func assessRunFinalize(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess run finalize")
	db := c.dbFlag(fs)
	id, err := c.runFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		if err := svc.FinalizeAssessment(ctx, op, id); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assesspub.web.finalized"))
		return nil
	})
}

func assessRunPublish(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess run publish")
	db := c.dbFlag(fs)
	days := fs.Int("days", 0, c.p.T("assesspub.cli.flag.days"))
	start := fs.String("start", "", c.p.T("assesspub.cli.flag.start"))
	scheme, err := c.runFlags(fs, args)
	if err != nil {
		return err
	}
	in := service.SchemePublish{SchemeID: scheme, NoticeDays: *days}
	if *start != "" {
		if in.Start, err = domain.ParseDate(*start); err != nil {
			return usageError(c.p.T("assesspub.web.err.start", *start))
		}
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		id, err := svc.PublishScheme(ctx, op, in)
		if err != nil {
			return err
		}
		v, err := svc.AssessRun(ctx, op, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assesspub.cli.published", id, v.NoticeStart.String(), v.NoticeEnd.String()))
		return nil
	})
}
