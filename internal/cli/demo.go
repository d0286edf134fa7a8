package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/demo"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// demoPassword is every demo login's password unless LUOSHI_DEMO_PASSWORD
// says otherwise. Demo data is for trying luoshi out, never for real work.
const demoPassword = "luoshi2026"

// demoLoginsKey is where the demo's logins are kept, so that a restarted
// `serve --demo` can print them again.
const demoLoginsKey = "demo.logins"

func runDemo(ctx context.Context, c *cmdContext, args []string) error {
	fs := c.flags("demo")
	db := c.dbFlag(fs)
	scale := fs.String("scale", "district", c.p.T("cli.flag.scale"))
	asOf := fs.String("as-of", "", c.p.T("cli.flag.demo_as_of"))
	seed := fs.Int64("seed", 1, c.p.T("cli.flag.seed"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := c.config(*db)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.Bootstrap(ctx); err != nil {
		return err
	}
	d := a.Service.Today()
	if *asOf != "" {
		if d, err = domain.ParseDate(*asOf); err != nil {
			return usageError(c.p.T("cli.bad_date", *asOf))
		}
	}
	return c.generateDemo(ctx, a, demo.Scale(*scale), d, *seed)
}

// generateDemo fills the database and prints the demo logins.
func (c *cmdContext) generateDemo(ctx context.Context, a *app.App, scale demo.Scale, asOf domain.Date, seed int64) error {
	password := c.env("LUOSHI_DEMO_PASSWORD")
	if password == "" {
		password = demoPassword
	}
	start := time.Now()
	last := time.Time{}
	res, err := demo.Generate(ctx, a.DB, a.Service.Normalizer(), demo.Options{Scale: scale, AsOf: asOf, Seed: seed, Password: password,
		PasswordParams: a.Config.PasswordParams, Now: a.Service.Now(),
		Progress: func(stage string, done, total int) {
			if time.Since(last) < 200*time.Millisecond && done < total {
				return
			}
			last = time.Now()
			fmt.Fprintf(c.Err, "\r%s %d/%d   ", stage, done, total)
		}})
	fmt.Fprintln(c.Err)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.Out, c.p.T("cli.demo.done", res.Units, res.Tasks, res.Reports, asOf, time.Since(start).Round(100*time.Millisecond)))
	fmt.Fprintln(c.Out, c.p.T("cli.demo.cases", res.Cases, res.Inspections, res.Rectifications))
	if res.Schemes > 0 {
		fmt.Fprintln(c.Out, c.p.T("demo.assess.done", res.Schemes, asOf.Year()-1, asOf.Year(), res.AssessEntries, res.Evaluations, res.Ballots,
			res.Highlights, res.Appeals))
		fmt.Fprintln(c.Out, c.p.T("demo.assess.public"))
	}
	if len(res.VoteCodes) > 0 {
		fmt.Fprintln(c.Out, c.p.T("demo.assess.codes", asOf.Year()))
		for _, v := range res.VoteCodes {
			fmt.Fprintf(c.Out, "  %s  %-12s /v/%s\n", v.Code, v.Group, v.Code)
		}
	}
	raw, _ := json.Marshal(res.Logins)
	if err := a.DB.Update(ctx, func(tx *store.Tx) error { return tx.PutSetting(ctx, demoLoginsKey, string(raw)) }); err != nil {
		return err
	}
	c.printDemoLogins(res.Logins, password)
	return nil
}

func (c *cmdContext) printDemoLogins(logins []demo.Login, password string) {
	fmt.Fprintln(c.Out, c.p.T("cli.demo.logins", password))
	for _, l := range logins {
		fmt.Fprintf(c.Out, "  %-12s %s %s（%s）\n", l.Login, l.Name, l.Unit, c.p.T("role."+l.Role))
	}
}

// ensureDemo gives `serve --demo` its data: generated on an empty
// database, and the logins printed again on a database that has them.
func (c *cmdContext) ensureDemo(ctx context.Context, a *app.App) error {
	m, err := a.Service.Model(ctx)
	if err != nil {
		return err
	}
	password := c.env("LUOSHI_DEMO_PASSWORD")
	if password == "" {
		password = demoPassword
	}
	if len(m.Units) == 0 && len(m.Tasks) == 0 {
		return c.generateDemo(ctx, a, demo.District, a.Service.Today(), 1)
	}
	raw, err := a.DB.Read().Setting(ctx, demoLoginsKey)
	if err != nil || raw == "" {
		fmt.Fprintln(c.Out, c.p.T("cli.demo.not_demo"))
		return nil
	}
	var logins []demo.Login
	if json.Unmarshal([]byte(raw), &logins) == nil {
		c.printDemoLogins(logins, password)
	}
	return nil
}
