package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"

	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// runImportCases: "luoshi import cases FILE.xlsx [--year Y] [--sheet S]
// [--assign]" imports a supervision ledger (督办台账) as the operator.
func runImportCases(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("import cases")
	db := c.dbFlag(fs)
	year := fs.Int("year", 0, c.p.T("cli.flag.year"))
	sheet := fs.String("sheet", "", c.p.T("cli.flag.sheet"))
	assign := fs.Bool("assign", false, c.p.T("caseweb.cli.flag_assign"))
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	path, data, err := c.importFile(fs, c.p.T("cli.import.usage"))
	if err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Service
	cs, err := xlsimport.ParseCases(bytes.NewReader(data), xlsimport.CaseOptions{Year: *year, DefaultYear: svc.Today().Year(), Sheet: *sheet,
		Printer: c.p, Fold: svc.Normalizer().Normalize})
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	sum, err := svc.ImportCases(ctx, service.SystemPrincipal("cli"), cs, service.CaseImportOptions{Assign: *assign, FileName: name, Data: data})
	if err != nil {
		return err
	}
	done := "caseweb.cli.done"
	if sum.Assigned {
		done = "caseweb.cli.done_assigned"
	}
	fmt.Fprintln(c.Out, c.p.T(done, name, sum.Rows, sum.Created))
	for _, ic := range sum.Cases {
		deadline := ic.Deadline.String()
		if ic.Deadline.IsZero() {
			deadline = "—"
		}
		fmt.Fprintf(c.Out, "  %s\t%s\t%s\t%s\n", ic.Number, ic.Title, ic.LeadUnit, deadline)
	}
	return nil
}
