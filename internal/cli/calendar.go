package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// runCalendar: the working-day calendar. The query commands' output is a
// contract (scripts read it): one line, a date, true/false or a number.
//
//	luoshi calendar add --from DATE --workdays N   the date N working days after DATE
//	luoshi calendar is-workday DATE                true or false
//	luoshi calendar between --from A --to B        working days after A up to and including B
//	luoshi calendar import FILE [--year YYYY]      replace a year's schedule from CSV or .xlsx
func runCalendar(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("calendar.cli.usage"))
	}
	switch args[0] {
	case "add":
		return calendarAdd(ctx, c, args[1:])
	case "is-workday":
		return calendarIsWorkday(ctx, c, args[1:])
	case "between":
		return calendarBetween(ctx, c, args[1:])
	case "import":
		return calendarImport(ctx, c, args[1:])
	}
	return usageError(c.p.T("calendar.cli.usage"))
}

// parseCalendarFlags parses a subcommand's flags, flags and arguments in
// any order; a mistake is a usage error (exit 2).
func (c *cmdContext) parseCalendarFlags(fs *flag.FlagSet, args []string) error {
	return c.parseFlagsFor(fs, args, "calendar.cli.usage")
}

// dateArg reads a date given on the command line; "" is today.
func (c *cmdContext) dateArg(s string, today domain.Date) (domain.Date, error) {
	if s == "" {
		return today, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil || d.IsZero() {
		return 0, usageError(c.p.T("cli.bad_date", s))
	}
	return d, nil
}

// calendarToday is today in China time, or LUOSHI_NOW's date.
func (c *cmdContext) calendarToday(db string) (domain.Date, error) {
	cfg, err := c.config(db)
	if err != nil {
		return 0, err
	}
	return domain.DateOf(cfg.Clock()().In(time.FixedZone("CST", 8*3600))), nil
}

// queryCalendar returns the calendar of the configured database. Where the
// SQLite file does not exist yet, the built-in official schedules answer
// and no file is created.
func (c *cmdContext) queryCalendar(ctx context.Context, db string) (*workday.Table, error) {
	if !store.IsPostgresURL(db) {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return workday.OfficialTable(), nil
		}
	}
	a, err := c.open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return a.Service.ReadCalendar(ctx)
}

// warnUncovered tells on stderr which years of from…to have no schedule:
// their days were counted Monday to Friday.
func (c *cmdContext) warnUncovered(cal *workday.Table, from, to domain.Date) {
	if to < from {
		from, to = to, from
	}
	for y := from.Year(); y <= to.Year(); y++ {
		if !cal.Covered(y) {
			fmt.Fprintln(c.Err, c.p.T("calendar.cli.uncovered", y))
		}
	}
}

func calendarAdd(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("calendar add")
	db := c.dbFlag(fs)
	from := fs.String("from", "", c.p.T("calendar.cli.flag.from"))
	workdays := fs.String("workdays", "", c.p.T("calendar.cli.flag.workdays"))
	if err := c.parseCalendarFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *workdays == "" {
		return usageError(c.p.T("calendar.cli.usage"))
	}
	n, err := strconv.Atoi(*workdays)
	if err != nil || n < 0 {
		return usageError(c.p.T("calendar.cli.bad_workdays", *workdays))
	}
	today, err := c.calendarToday(*db)
	if err != nil {
		return err
	}
	start, err := c.dateArg(*from, today)
	if err != nil {
		return err
	}
	cal, err := c.queryCalendar(ctx, *db)
	if err != nil {
		return err
	}
	end := workday.Add(cal, start, n)
	c.warnUncovered(cal, start, end)
	fmt.Fprintln(c.Out, end.String())
	return nil
}

func calendarIsWorkday(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("calendar is-workday")
	db := c.dbFlag(fs)
	if err := c.parseCalendarFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError(c.p.T("calendar.cli.usage"))
	}
	today, err := c.calendarToday(*db)
	if err != nil {
		return err
	}
	d, err := c.dateArg(fs.Arg(0), today)
	if err != nil {
		return err
	}
	cal, err := c.queryCalendar(ctx, *db)
	if err != nil {
		return err
	}
	c.warnUncovered(cal, d, d)
	fmt.Fprintln(c.Out, cal.IsWorkday(d))
	return nil
}

func calendarBetween(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("calendar between")
	db := c.dbFlag(fs)
	from := fs.String("from", "", c.p.T("calendar.cli.flag.from"))
	to := fs.String("to", "", c.p.T("calendar.cli.flag.to"))
	if err := c.parseCalendarFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *from == "" && *to == "" {
		return usageError(c.p.T("calendar.cli.usage"))
	}
	today, err := c.calendarToday(*db)
	if err != nil {
		return err
	}
	a, err := c.dateArg(*from, today)
	if err != nil {
		return err
	}
	b, err := c.dateArg(*to, today)
	if err != nil {
		return err
	}
	cal, err := c.queryCalendar(ctx, *db)
	if err != nil {
		return err
	}
	if b > a {
		c.warnUncovered(cal, a+1, b)
	}
	fmt.Fprintln(c.Out, workday.Between(cal, a, b))
	return nil
}

func calendarImport(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("calendar import")
	db := c.dbFlag(fs)
	year := fs.Int("year", 0, c.p.T("calendar.cli.flag.year"))
	if err := c.parseCalendarFlags(fs, args); err != nil {
		return err
	}
	path, data, err := c.importFile(fs, c.p.T("calendar.cli.usage"))
	if err != nil {
		return err
	}
	a, err := c.open(ctx, *db)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.Service.ImportCalendar(ctx, service.SystemPrincipal("cli"), data, service.CalendarImportOptions{Year: *year, FileName: filepath.Base(path)})
	if err != nil {
		return err
	}
	fmt.Fprintln(c.Out, c.p.T("calendar.cli.imported", sum.Year, sum.FileName, sum.Days, sum.Holidays, sum.Workdays,
		sum.Added, sum.Changed, sum.Removed, sum.Unchanged))
	return nil
}
