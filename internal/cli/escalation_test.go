package cli_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// `luoshi jobs run` with LUOSHI_NOW runs the escalation sweep as of that
// moment: a case due 2023-07-24 is urged and noticed on 2023-07-27, once.
func TestJobsRunSweepsEscalations(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			open := func() *app.App {
				a, err := app.Open(ctx, app.Config{DB: dsn, Now: apptest.DefaultNow, PasswordParams: auth.FastParams,
					BootstrapPassword: apptest.Password, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			a := open()
			if _, err := a.Bootstrap(ctx); err != nil {
				t.Fatal(err)
			}
			fix, err := apptest.Seed(ctx, a.Service)
			if err != nil {
				t.Fatal(err)
			}
			c, err := a.Service.CreateCase(ctx, service.SystemPrincipal("test"), service.CaseInput{Title: "背街小巷整治", Source: domain.CaseSourceMeeting,
				LeadUnitID: fix.Units["区住建局"], LimitDate: domain.MustDate("2023-07-24"), Assign: true})
			if err != nil {
				t.Fatal(err)
			}
			a.Close()
			for range 2 {
				out, errs, code := runAt(t, dsn, "2023-07-27 09:00", "jobs", "run")
				if code != 0 || (!strings.Contains(out, "case.escalate:2023-07-27T09:00") && !strings.Contains(out, "没有到期的后台作业")) {
					t.Fatalf("jobs run: %d\n%s%s", code, out, errs)
				}
			}
			a = open()
			defer a.Close()
			evs, err := a.DB.Read().CaseEvents(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, ev := range evs {
				kinds = append(kinds, string(ev.Kind))
			}
			if got := strings.Join(kinds, " "); got != "create assign sign_remind sign_overdue remind urge notice" {
				t.Errorf("timeline after the sweep: %s", got)
			}
		})
	}
}
