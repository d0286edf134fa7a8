package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// runImport: "luoshi import tasks FILE.xlsx", "luoshi import progress FILE.xlsx"
// and "luoshi import cases FILE.xlsx" (caseimport.go).
func runImport(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) > 0 && args[0] == "cases" {
		return runImportCases(ctx, c, args[1:])
	}
	if len(args) == 0 || (args[0] != "tasks" && args[0] != "progress") {
		return usageError(c.p.T("cli.import.usage"))
	}
	kind := args[0]
	fs := c.flags("import " + kind)
	db := c.dbFlag(fs)
	plan := fs.String("plan", "", c.p.T("cli.flag.import_plan"))
	year := fs.Int("year", 0, c.p.T("cli.flag.year"))
	sheet := fs.String("sheet", "", c.p.T("cli.flag.sheet"))
	createUnits := fs.Bool("create-units", false, c.p.T("cli.flag.create_units"))
	date := fs.String("date", "", c.p.T("cli.flag.report_date"))
	if err := fs.Parse(reorder(args[1:])); err != nil {
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
	op := service.SystemPrincipal("cli")
	opt := service.ImportOptions{PlanName: *plan, CreateUnits: *createUnits, FileName: filepath.Base(path), Data: data}
	var sum *service.ImportSummary
	if kind == "tasks" {
		ts, err := xlsimport.ParseTasks(bytes.NewReader(data), xlsimport.TaskOptions{Year: *year, Sheet: *sheet, Printer: c.p})
		if err != nil {
			return err
		}
		if sum, err = a.Service.ImportTasks(ctx, op, ts, opt); err != nil {
			return err
		}
		fmt.Fprintln(c.Out, c.p.T("cli.import.tasks_done", opt.FileName, sum.Plan.Name, sum.Rows, sum.Created, sum.Updated, sum.Unchanged))
		if sum.PlanCreated {
			fmt.Fprintln(c.Out, c.p.T("cli.import.plan_created", sum.Plan.Name, sum.Plan.Year))
		}
		for _, l := range []struct {
			key   string
			names []string
		}{{"cli.import.created_units", sum.CreatedUnits}, {"cli.import.created_sectors", sum.CreatedSectors},
			{"cli.import.created_fronts", sum.CreatedFronts}, {"cli.import.created_people", sum.CreatedPeople}} {
			if len(l.names) > 0 {
				fmt.Fprintln(c.Out, c.p.T(l.key, len(l.names), strings.Join(l.names, "、")))
			}
		}
		return nil
	}
	po := xlsimport.ProgressOptions{Year: *year, Sheet: *sheet, Printer: c.p}
	if *date != "" {
		if po.Date, err = domain.ParseDate(*date); err != nil {
			return usageError(c.p.T("cli.bad_date", *date))
		}
	}
	ps, err := xlsimport.ParseProgress(bytes.NewReader(data), po)
	if err != nil {
		return err
	}
	if sum, err = a.Service.ImportProgress(ctx, op, ps, opt); err != nil {
		return err
	}
	fmt.Fprintln(c.Out, c.p.T("cli.import.progress_done", opt.FileName, sum.Plan.Name, sum.Rows, sum.Reports, sum.Unchanged, sum.Milestones))
	return nil
}

// importFile reads the one file an import command names; usage is what to
// say when it names none or more than one.
func (c *cmdContext) importFile(fs *flag.FlagSet, usage string) (path string, data []byte, err error) {
	if fs.NArg() != 1 {
		return "", nil, usageError(usage)
	}
	path = fs.Arg(0)
	if data, err = os.ReadFile(path); err != nil {
		return "", nil, usageError(c.p.T("cli.import.unreadable", path, err))
	}
	return path, data, nil
}
