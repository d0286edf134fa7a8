package cli

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/loadtest"
	"github.com/luoshi/luoshi/internal/readmodel"
)

// runLoad drives a running server over loopback:
//
//	luoshi load dashboard|tasks|reports|cases --url http://127.0.0.1:8080 [--clients 32] [--duration 10s]
//
// Page scenarios log in as --login; the reports scenario reads the demo's
// liaisons and their tasks from --db and logs them in with --password; the
// cases scenario reads from --db the liaisons and heads of the units with
// the most cases and has each client read its own case inbox.
func runLoad(ctx context.Context, c *cmdContext, args []string) error {
	if len(args) == 0 {
		return usageError(c.p.T("cli.load.usage"))
	}
	scenario := args[0]
	if scenario == "vote" { // a hall of voters on its own server: load_vote.go
		return runLoadVote(ctx, c, args[1:])
	}
	fs := c.flags("load " + scenario)
	db := c.dbFlag(fs)
	base := fs.String("url", "http://127.0.0.1:8080", c.p.T("cli.flag.url"))
	clients := fs.Int("clients", 32, c.p.T("cli.flag.clients"))
	duration := fs.Duration("duration", 10*time.Second, c.p.T("cli.flag.duration"))
	warmup := fs.Duration("warmup", 2*time.Second, c.p.T("cli.flag.warmup"))
	login := fs.String("login", "ducha", c.p.T("cli.flag.login"))
	password := fs.String("password", c.env("LUOSHI_DEMO_PASSWORD"), c.p.T("cli.flag.password"))
	asJSON := fs.Bool("json", false, c.p.T("cli.flag.json"))
	casePages := fs.Bool("case-pages", false, c.p.T("cli.flag.case_pages"))
	apiInbox := fs.Bool("api-inbox", false, c.p.T("cli.flag.api_inbox"))
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *password == "" {
		*password = demoPassword
	}
	if err := loadtest.CheckLoopback(*base); err != nil {
		return usageError(err.Error())
	}
	if *clients < 1 || *clients > 1024 || *duration <= 0 || *duration > 10*time.Minute {
		return usageError(c.p.T("cli.load.usage"))
	}
	opt := loadtest.Options{URL: *base, Clients: *clients, Duration: *duration, Warmup: *warmup}
	var res loadtest.Result
	var err error
	switch scenario {
	case "dashboard":
		res, err = loadtest.Pages(ctx, opt, "dashboard (作战图)", *login, *password, []string{"/"})
	case "tasks":
		res, err = loadtest.Pages(ctx, opt, "task list", *login, *password,
			[]string{"/tasks", "/tasks?page=2", "/tasks?behind=1", "/tasks?q=%E6%95%99%E8%82%B2", "/tasks?sort=urgency", "/tasks?page=5"})
	case "reports":
		var reporters []loadtest.Reporter
		var dates []domain.Date
		reporters, dates, err = c.reporters(ctx, *db, *clients)
		if err == nil {
			res, err = loadtest.Reports(ctx, opt, reporters, *password, dates)
		}
	case "cases":
		var viewers []loadtest.CaseViewer
		viewers, err = c.caseViewers(ctx, *db, *clients)
		if err == nil {
			res, err = loadtest.Cases(ctx, opt, viewers, *password, loadtest.CaseOptions{CasePages: *casePages, APIInbox: *apiInbox})
		}
	default:
		return usageError(c.p.T("cli.load.usage"))
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.Out, res.String())
	for _, e := range res.FirstErrors {
		fmt.Fprintln(c.Out, "  "+e)
	}
	if res.Errors > 0 || res.Lost > 0 {
		return fmt.Errorf("%d errors, %d lost", res.Errors, res.Lost)
	}
	return nil
}

// reporters picks up to n liaisons whose units lead the most tasks, and the
// report dates (one per week of the year so far) they will use.
func (c *cmdContext) reporters(ctx context.Context, dsn string, n int) ([]loadtest.Reporter, []domain.Date, error) {
	a, err := c.open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	defer a.Close()
	m, err := a.Service.Model(ctx)
	if err != nil {
		return nil, nil, err
	}
	accts, err := a.DB.Read().Accounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	today := a.Service.Today()
	var out []loadtest.Reporter
	for _, ac := range accts {
		for _, g := range ac.Grants {
			if g.Role != domain.RoleLiaison || g.UnitID == 0 {
				continue
			}
			r := loadtest.Reporter{Login: ac.Login}
			for _, t := range m.Find(nil, readmodel.Scope{All: true}, readmodel.Filter{UnitID: g.UnitID, LeadOnly: true, Year: today.Year()}) {
				if t.Start() <= today {
					r.TaskIDs = append(r.TaskIDs, t.ID)
				}
			}
			if len(r.TaskIDs) > 0 {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].TaskIDs) > len(out[j].TaskIDs) })
	if len(out) > n {
		out = out[:n]
	}
	var dates []domain.Date
	for _, p := range cadence.Between(domain.CadenceWeekly, 5, domain.NewDate(today.Year(), 1, 1), today) {
		if p.Deadline <= today && p.Deadline.Year() == today.Year() {
			dates = append(dates, p.Deadline)
		}
	}
	return out, dates, nil
}
