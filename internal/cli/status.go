package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

func runStatus(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("status")
	db := c.dbFlag(fs)
	asOf := fs.String("as-of", "", c.p.T("cli.flag.as_of"))
	asJSON := fs.Bool("json", false, c.p.T("cli.flag.json"))
	plan := fs.String("plan", "", c.p.T("cli.flag.plan"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	var d domain.Date
	if *asOf != "" {
		if d, err = domain.ParseDate(*asOf); err != nil {
			return usageError(c.p.T("cli.bad_date", *asOf))
		}
	} else {
		d = a.Service.Today()
	}
	f := readmodel.Filter{}
	if *plan != "" {
		// Filter lists a plan named by ID even when it is archived.
		if f.PlanID, err = c.planByName(ctx, a.Service, *plan); err != nil {
			return err
		}
	}
	rep, err := a.Service.StatusReport(ctx, service.SystemPrincipal("cli"), f, d)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(rep)
	}
	c.printStatus(rep)
	return nil
}

func (c *cmdContext) printStatus(rep *service.StatusReport) {
	p := c.p
	fmt.Fprintln(c.Out, p.T("cli.status.header", rep.AsOf, rep.Summary.Tasks, rep.Summary.Progress, rep.Summary.Expected))
	fmt.Fprintln(c.Out, p.T("cli.status.counts", countsLine(c, rep.Summary.Counts)))
	tw := tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, p.T("cli.status.units_header"))
	for _, u := range rep.Units {
		mark := ""
		if u.Behind {
			mark = p.T("cli.status.behind")
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f%%\t%.1f%%\t%s\n", u.Name, u.Tasks, u.Progress, u.Expected, mark)
	}
	tw.Flush()
	var behind []service.TaskStatus
	for _, t := range rep.Tasks {
		if t.Status.Behind() {
			behind = append(behind, t)
		}
	}
	if len(behind) == 0 {
		return
	}
	fmt.Fprintln(c.Out)
	fmt.Fprintln(c.Out, p.T("cli.status.behind_header", len(behind)))
	tw = tabwriter.NewWriter(c.Out, 0, 0, 2, ' ', 0)
	for _, t := range behind {
		exp := "—"
		if t.Expected != nil {
			exp = fmt.Sprintf("%.1f%%", *t.Expected)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%s\t%s\n", t.Number, t.Title, strings.Join(t.LeadUnits, "、"), t.Progress, exp, p.T("status."+string(t.Status)))
	}
	tw.Flush()
}

func countsLine(c *cmdContext, counts map[string]int) string {
	var parts []string
	for _, st := range domain.Statuses {
		if n := counts[string(st)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c.p.T("status."+string(st)), n))
		}
	}
	return strings.Join(parts, "，")
}
