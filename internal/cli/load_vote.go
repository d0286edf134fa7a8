package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/loadtest"
	"github.com/luoshi/luoshi/internal/service"
)

// runLoadVote simulates a meeting hall:
//
//	luoshi load vote [--db path|postgres://…] [--voters 2000] [--units 40] [--concurrency 200] [--within 1m] [--think 2s] [--json]
//
// It sets up an evaluation of --units new units with three rater groups
// and --voters codes in a fresh SQLite file (or the database given),
// serves it on 127.0.0.1, has every voter open their ballot and vote,
// --concurrency at a time, and checks that every vote came back accepted
// and is stored. --within spreads the arrivals (zero: as fast as the server
// takes them) and --think pauses each voter between ballot and vote.
func runLoadVote(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("load vote")
	db := fs.String("db", "", c.p.T("eval.cli.flag.load_db"))
	voters := fs.Int("voters", 2000, c.p.T("eval.cli.flag.voters"))
	nUnits := fs.Int("units", 40, c.p.T("eval.cli.flag.units"))
	conc := fs.Int("concurrency", 200, c.p.T("eval.cli.flag.concurrency"))
	within := fs.Duration("within", 0, c.p.T("eval.cli.flag.within"))
	think := fs.Duration("think", 0, c.p.T("eval.cli.flag.think"))
	asJSON := fs.Bool("json", false, c.p.T("cli.flag.json"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *voters < 10 || *voters > 100000 || *nUnits < 2 || *nUnits > 500 || *conc < 1 || *conc > 2000 || *within < 0 || *within > 10*time.Minute || *think < 0 || *think > time.Minute {
		return usageError(c.p.T("eval.cli.load_usage"))
	}
	dsn := *db
	if dsn == "" {
		dir, err := os.MkdirTemp("", "luoshi-vote-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "vote.db")
	}
	cfg, err := c.config(dsn)
	if err != nil {
		return err
	}
	cfg.Addr = "127.0.0.1:0"
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	svc, op := a.Service, service.SystemPrincipal("load")
	suffix := time.Now().Format("150405")
	var units []domain.ID
	for i := range *nUnits {
		u, err := svc.CreateUnit(ctx, op, service.UnitInput{Name: fmt.Sprintf("测评单位%02d-%s", i+1, suffix), Kind: domain.UnitDepartment, Category: "区直部门", Sort: i})
		if err != nil {
			return err
		}
		units = append(units, u.ID)
	}
	peersEach := max(1, *voters/5 / *nUnits)
	peers := peersEach * *nUnits
	leaders := *voters / 10
	public := *voters - peers - leaders
	e, err := svc.CreateEvaluation(ctx, op, service.EvaluationInput{Year: svc.Today().Year(), Code: "LOAD-" + suffix, Name: "会场测评压力测试 " + suffix,
		Kind: domain.EvalSurvey, UnitIDs: units, Options: domain.DefaultEvalOptions(),
		Groups: []domain.RaterGroup{{Key: "leaders", Name: "上级领导", Weight: 40, Quorum: 1}, {Key: "peers", Name: "同级单位", Weight: 30, Quorum: 1, PerUnit: true},
			{Key: "public", Name: "群众", Weight: 30, Quorum: 1}}})
	if err != nil {
		return err
	}
	var codes []string
	for _, req := range []service.CodeRequest{{Group: "leaders", Count: leaders}, {Group: "peers", Count: peersEach, EachUnit: true}, {Group: "public", Count: public}} {
		b, err := svc.IssueCodes(ctx, op, e.ID, req)
		if err != nil {
			return err
		}
		for _, x := range b.Codes {
			codes = append(codes, x.Code)
		}
	}
	if _, err := svc.OpenEvaluation(ctx, op, e.ID); err != nil {
		return err
	}
	if err := a.Start(); err != nil {
		return err
	}
	defer a.Shutdown(context.WithoutCancel(ctx))
	res := loadtest.Vote(ctx, loadtest.VoteOptions{URL: a.URL(), Concurrency: *conc, Codes: codes, Units: units, Options: 4,
		Within: *within, Think: *think})
	// Every accepted vote must be stored, and nothing else.
	stored, err := a.DB.Read().Ballots(ctx, e.ID)
	if err != nil {
		return err
	}
	out := struct {
		loadtest.VoteResult
		Engine string `json:"engine"`
		Stored int    `json:"stored"`
	}{res, string(a.DB.Dialect()), len(stored)}
	if *asJSON {
		enc := json.NewEncoder(c.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.Out, "%s (%s), %d ballots stored\n", res.String(), out.Engine, out.Stored)
		for _, e := range res.FirstErrors {
			fmt.Fprintln(c.Out, "  "+e)
		}
	}
	if res.Errors > 0 || res.Cast != len(codes) || len(stored) != res.Cast {
		return fmt.Errorf("%d errors, %d of %d voters cast, %d ballots stored", res.Errors, res.Cast, len(codes), len(stored))
	}
	return nil
}
