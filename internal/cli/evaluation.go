package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// runEvaluation handles the office's evaluation commands:
//
//	luoshi evaluation list [--year Y]
//	luoshi evaluation create <file.yaml|json>
//	luoshi evaluation open|close <id>
//	luoshi evaluation codes <id> --group G --count N [--unit U | --each-unit] [--csv out] [--url base]
//	luoshi evaluation results <id> [--json]
func runEvaluation(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("eval.cli.usage"))
	}
	sub := args[0]
	switch sub {
	case "create":
		return evaluationCreate(ctx, c, args[1:])
	case "list", "open", "close", "codes", "results":
	default:
		// Unknown before the database is opened (or created).
		return usageError(c.p.T("eval.cli.usage"))
	}
	fs := c.flags("evaluation " + sub)
	db := c.dbFlag(fs)
	year := fs.Int("year", 0, c.p.T("eval.cli.flag.year"))
	group := fs.String("group", "", c.p.T("eval.cli.flag.group"))
	count := fs.Int("count", 0, c.p.T("eval.cli.flag.count"))
	unit := fs.Int64("unit", 0, c.p.T("eval.cli.flag.unit"))
	each := fs.Bool("each-unit", false, c.p.T("eval.cli.flag.each_unit"))
	csvOut := fs.String("csv", "", c.p.T("eval.cli.flag.csv"))
	base := fs.String("url", "http://127.0.0.1:8080", c.p.T("eval.cli.flag.url"))
	asJSON := fs.Bool("json", false, c.p.T("cli.flag.json"))
	if err := c.parseFlagsFor(fs, args[1:], "eval.cli.usage"); err != nil {
		return err
	}
	var id domain.ID
	if sub != "list" {
		var err error
		if id, err = c.idArg(fs, "eval.cli.usage", "eval.cli.bad_id"); err != nil {
			return err
		}
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		switch sub {
		case "list":
			list, err := svc.Evaluations(ctx, op, *year)
			if err != nil {
				return err
			}
			for _, e := range list {
				fmt.Fprintf(c.Out, "%d\t%d\t%s\t%s\t%s\n", e.ID, e.Year, e.Code, e.Name, c.p.T("eval.state."+string(e.State)))
			}
			return nil
		case "open", "close":
			step := svc.OpenEvaluation
			if sub == "close" {
				step = svc.CloseEvaluation
			}
			e, err := step(ctx, op, id)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.Out, c.p.T("eval.cli.state", e.Name, c.p.T("eval.state."+string(e.State))))
			return nil
		case "codes":
			// The CSV file is taken before any code is issued: codes nobody
			// receives would count as issued in the turnout.
			var f *os.File
			if *csvOut != "" {
				var err error
				if f, err = os.OpenFile(*csvOut, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); errors.Is(err, os.ErrExist) {
					return usageError(c.p.T("eval.cli.csv_exists", *csvOut))
				} else if err != nil {
					return err
				}
			}
			b, err := svc.IssueCodes(ctx, op, id, service.CodeRequest{Group: *group, Count: *count, RaterUnitID: *unit, EachUnit: *each})
			if err != nil {
				if f != nil {
					f.Close()
					os.Remove(*csvOut)
				}
				return err
			}
			return c.writeCodes(b, f, *base)
		case "results":
			res, err := svc.EvaluationScores(ctx, op, id)
			if err != nil {
				return err
			}
			if *asJSON {
				return c.printJSON(res)
			}
			fmt.Fprintln(c.Out, res.Name)
			for _, g := range res.Groups {
				fmt.Fprintln(c.Out, c.p.T("eval.cli.turnout", g.Name, g.Ballots, g.Quorum))
			}
			for _, u := range res.Units {
				score := "—"
				if u.Scored {
					score = strconv.FormatFloat(u.Score, 'f', 2, 64)
				}
				fmt.Fprintf(c.Out, "%s\t%s\t%s\n", u.Unit, score, u.Formula.Expr)
			}
			return nil
		}
		return usageError(c.p.T("eval.cli.usage"))
	})
}

// evaluationCreate: luoshi evaluation create FILE, a draft from a YAML or
// JSON file naming its units.
func evaluationCreate(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("evaluation create")
	db := c.dbFlag(fs)
	if err := c.parseFlagsFor(fs, args, "eval.cli.usage"); err != nil {
		return err
	}
	_, data, err := c.importFile(fs, c.p.T("eval.cli.usage"))
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		m, err := svc.Model(ctx)
		if err != nil {
			return err
		}
		in, err := parseEvaluationFile(c.p, m, data)
		if err != nil {
			return err
		}
		e, err := svc.CreateEvaluation(ctx, op, in)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("eval.cli.created", e.Name, e.ID))
		return nil
	})
}

// writeCodes prints a batch's codes and links, or writes them as CSV to f.
func (c *cmdContext) writeCodes(b *service.CodeBatch, f *os.File, base string) error {
	link := func(code string) string { return strings.TrimRight(base, "/") + "/v/" + code }
	if f == nil {
		for _, x := range b.Codes {
			fmt.Fprintf(c.Out, "%s\t%s\t%s\t%s\n", x.GroupName, x.RaterUnit, x.Code, link(x.Code))
		}
		return nil
	}
	f.WriteString("\uFEFF")
	w := csv.NewWriter(f)
	w.Write([]string{c.p.T("eval.web.col.evaluation"), c.p.T("eval.web.col.group"), c.p.T("eval.web.col.rater_unit"), c.p.T("eval.web.col.code"), c.p.T("eval.web.col.link")})
	for _, x := range b.Codes {
		w.Write([]string{b.Evaluation, x.GroupName, x.RaterUnit, x.Code, link(x.Code)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(c.Out, c.p.T("eval.cli.codes_written", len(b.Codes), f.Name()))
	return nil
}
