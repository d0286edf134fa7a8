package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// assessScore: luoshi assess score import ID SHEET.xlsx [--examiner LOGIN].
// The operator imports in an examiner's name (the examiner's assignment
// and own units apply); without one, only the office's bonus, penalty and
// veto items.
func assessScore(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError(c.p.T("assessweb.cli.usage"))
	}
	fs := c.flags("assess score import")
	db := c.dbFlag(fs)
	examiner := fs.String("examiner", "", c.p.T("assessweb.cli.flag.examiner"))
	if err := c.parseAssessFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError(c.p.T("assessweb.cli.usage"))
	}
	id, err := c.schemeArg(fs)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(fs.Arg(1))
	if err != nil {
		return usageError(c.p.T("cli.import.unreadable", fs.Arg(1), err))
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		saved, err := svc.ImportScoreSheet(ctx, op, id, data, *examiner)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assessweb.score.imported", len(saved)))
		return nil
	})
}

// assessResults: luoshi assess results ID [--xlsx FILE]: the results (试算)
// by category, one unit a line, and the tables in Excel when asked.
func assessResults(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("assess results")
	db := c.dbFlag(fs)
	out := fs.String("xlsx", "", c.p.T("assessweb.cli.flag.xlsx"))
	id, err := c.schemeFlags(fs, args)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		d, err := svc.Scheme(ctx, op, id)
		if err != nil {
			return err
		}
		res, err := svc.ComputeAssessment(ctx, op, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("assessweb.cli.results_head"))
		for _, u := range res.Units {
			var marks []string
			if u.Vetoed {
				marks = append(marks, c.p.T("assessweb.vetoed"))
			}
			if u.Talk {
				marks = append(marks, c.p.T("assessweb.talk"))
			}
			marks = append(marks, u.Awards...)
			fmt.Fprintf(c.Out, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Category, u.Rank, u.Unit, num(u.Base), num(u.Bonus), num(u.Penalty), num(u.Total),
				u.Grade, strings.Join(marks, "、"))
		}
		if *out == "" {
			return nil
		}
		data, err := xlsexport.AssessResults(res, d.Name, c.p)
		if err != nil {
			return err
		}
		return c.writeOutput(*out, data, "assessweb.cli.written")
	})
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
