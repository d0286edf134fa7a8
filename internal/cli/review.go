package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// runReview prints the groups failing 时间过半、任务过半 on a date with their
// lagging tasks, and writes the review's workbook with --xlsx (recorded in
// the audit log).
func runReview(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("review")
	db := c.dbFlag(fs)
	date := fs.String("date", "", c.p.T("review.cli.flag.date"))
	out := fs.String("xlsx", "", c.p.T("review.cli.flag.xlsx"))
	plan := fs.String("plan", "", c.p.T("cli.flag.plan"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := service.ParseReviewDate(ctx, *date)
	if err != nil {
		return err
	}
	return c.withService(ctx, *db, func(svc *service.Service, op *service.Principal) error {
		var f service.ReviewFilter
		if *plan != "" {
			if f.PlanID, err = c.planByName(ctx, svc, *plan); err != nil {
				return err
			}
		}
		p := op
		var rev *service.HalfTimeReview
		if *out != "" {
			rev, err = svc.ReviewExport(ctx, p, d, f)
		} else {
			rev, err = svc.HalfTimeReview(ctx, p, d, f)
		}
		if err != nil {
			return err
		}
		c.printReview(rev)
		if *out == "" {
			return nil
		}
		b, err := xlsexport.HalfTimeReview(rev, c.p)
		if err != nil {
			return err
		}
		return c.writeOutput(*out, b, "review.cli.written")
	})
}

func (c *cmdContext) printReview(rev *service.HalfTimeReview) {
	p := c.p
	verdict := p.T("review.pass")
	if !rev.Total.Pass {
		verdict = p.T("review.fail")
	}
	fmt.Fprintln(c.Out, p.T("review.cli.header", rev.Date.String(), rev.TimeProgress, rev.Total.Progress, verdict))
	for _, g := range []struct {
		key  string
		rows []service.ReviewRow
	}{{"review.tab.units", rev.Units}, {"review.tab.sectors", rev.Sectors}, {"review.tab.fronts", rev.Fronts}, {"review.tab.leaders", rev.Leaders}} {
		n := service.Failing(g.rows)
		fmt.Fprintln(c.Out)
		fmt.Fprintln(c.Out, p.T("review.cli.group", p.T(g.key), n, len(g.rows)))
		if n == 0 {
			continue
		}
		tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, p.T("review.cli.columns"))
		for _, r := range g.rows {
			if r.Pass {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.2f%%\t%.2f%%\t%.2f\n", r.Name, r.Tasks, r.Lagging, r.Severe, r.Overdue, r.Progress, r.TimeProgress, r.Gap)
			for _, t := range r.Behind {
				fmt.Fprintf(tw, "  %s %s\t%s\t%.1f%% / %.1f%%\t%s\t%s\n", t.Number, t.Title, strings.Join(t.LeadUnits, "、"), t.Progress, t.Expected,
					p.T("status."+string(t.Status)), strings.Join(t.Leaders, "、"))
			}
		}
		tw.Flush()
	}
}
