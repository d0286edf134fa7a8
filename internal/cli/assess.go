package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// runAssess: assessment schemes and scoring from the command line, as the
// operator (audited as such).
//
//	luoshi assess scheme list [--year YYYY]
//	luoshi assess scheme import FILE
//	luoshi assess scheme export ID [--out FILE]
//	luoshi assess scheme freeze ID
//	luoshi assess score import ID SHEET.xlsx --examiner LOGIN
//	luoshi assess results ID [--xlsx FILE]
//
// and the office's other steps in assess_appeals.go and assess_runs.go.
func runAssess(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) >= 2 && args[0] == "scheme" {
		switch args[1] {
		case "list":
			return assessSchemeList(ctx, c, args[2:])
		case "import":
			return assessSchemeImport(ctx, c, args[2:])
		case "export":
			return assessSchemeExport(ctx, c, args[2:])
		case "freeze":
			return assessSchemeFreeze(ctx, c, args[2:])
		}
	}
	if len(args) >= 1 {
		if run := assessMore(args[0]); run != nil {
			return run(ctx, c, args[1:])
		}
	}
	return usageError(c.p.T("assessweb.cli.usage"))
}

// parseAssessFlags parses a subcommand's flags, in any order with its
// arguments; a mistake is a usage error.
func (c *cmdContext) parseAssessFlags(fs *flag.FlagSet, args []string) error {
	return c.parseFlagsFor(fs, args, "assessweb.cli.usage")
}

// schemeFlags parses a scheme subcommand's flags and reads its scheme ID.
func (c *cmdContext) schemeFlags(fs *flag.FlagSet, args []string) (domain.ID, error) {
	if err := c.parseAssessFlags(fs, args); err != nil {
		return 0, err
	}
	return c.schemeArg(fs)
}

// schemeArg reads the one scheme ID argument.
func (c *cmdContext) schemeArg(fs *flag.FlagSet) (domain.ID, error) {
	return c.idArg(fs, "assessweb.cli.usage", "assessweb.cli.bad_id")
}

// parseFlagsFor parses a command's flags (flags may follow the arguments);
// a bad flag prints the usage text of the command's area.
func (c *cmdContext) parseFlagsFor(fs *flag.FlagSet, args []string, usageKey string) error {
	if err := fs.Parse(reorder(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(c.p.T(usageKey))
	}
	return nil
}

// idArg reads the first argument as a positive ID.
func (c *cmdContext) idArg(fs *flag.FlagSet, usageKey, badKey string) (domain.ID, error) {
	if fs.NArg() < 1 {
		return 0, usageError(c.p.T(usageKey))
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError(c.p.T(badKey, fs.Arg(0)))
	}
	return id, nil
}

func assessSchemeList(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess scheme list")
	db := c.dbFlag(fs)
	year := fs.Int("year", 0, c.p.T("assessweb.cli.flag.year"))
	if err := c.parseAssessFlags(fs, args); err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		list, err := svc.Schemes(ctx, op, *year)
		if err != nil {
			return err
		}
		for _, sc := range list {
			reason := ""
			if sc.ChangeReason != "" {
				reason = "\t" + sc.ChangeReason
			}
			fmt.Fprintf(c.Out, "%d\t%d\t%s\t%s\t%s\t%s%s\n", sc.ID, sc.Year, sc.Name, c.p.T("assessweb.version", sc.Version),
				c.p.T("assessweb.state."+string(sc.State)), c.p.T("assessweb.kind."+string(sc.Kind)), reason)
		}
		if len(list) == 0 {
			fmt.Fprintln(c.Out, c.p.T("assessweb.none"))
		}
		return nil
	})
}

func assessSchemeImport(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess scheme import")
	db := c.dbFlag(fs)
	if err := c.parseAssessFlags(fs, args); err != nil {
		return err
	}
	_, data, err := c.importFile(fs, c.p.T("assessweb.cli.usage"))
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		sc, err := svc.ImportScheme(ctx, op, data)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assessweb.cli.imported", sc.Name, sc.ID))
		return nil
	})
}

func assessSchemeExport(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess scheme export")
	db := c.dbFlag(fs)
	out := fs.String("out", "", c.p.T("assessweb.cli.flag.out"))
	id, err := c.schemeFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		data, _, err := svc.ExportScheme(ctx, op, id)
		if err != nil {
			return err
		}
		return c.writeOutput(*out, data, "assessweb.cli.written")
	})
}

func assessSchemeFreeze(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess scheme freeze")
	db := c.dbFlag(fs)
	id, err := c.schemeFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		sc, err := svc.FreezeScheme(ctx, op, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assessweb.cli.frozen", sc.Name, sc.Version))
		return nil
	})
}

// assessMore returns the subcommands of scoring, or nil.
func assessMore(name string) func(ctx context.Context, c *cmdContext, args []string) error {
	switch name {
	case "score":
		return assessScore
	case "results":
		return assessResults
	case "examiners":
		return assessExaminers
	case "appeals":
		return assessAppeals
	case "appeal":
		return assessAppealDecide
	}
	// 考核结果公示: luoshi assess runs list, luoshi assess run show|finalize.
	return assessRunsCommand(name)
}
