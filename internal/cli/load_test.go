package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// luoshi load cases picks the liaisons and heads of the units with cases
// from the database and has each client read its own inbox; it refuses a
// target off this machine.
func TestLoadCases(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		office, err := env.App.DB.Read().AccountByLogin(ctx, "office")
		if err != nil {
			t.Fatal(err)
		}
		for _, lead := range []string{"区住建局", "东湖街道"} {
			_, err := env.App.Service.CreateCase(ctx, &service.Principal{Account: office}, service.CaseInput{Title: "群众反映路灯损坏",
				Source: domain.CaseSourcePublic, LeadUnitID: env.Fix.Units[lead], CoUnitIDs: []domain.ID{env.Fix.Units["区财政局"]}, LimitDays: 5, Assign: true})
			if err != nil {
				t.Fatal(err)
			}
		}
		out, errs, code := run(t, env.DSN, "load", "cases", "--url", env.URL, "--db", env.DSN, "--clients", "4", "--duration", "500ms",
			"--warmup", "100ms", "--password", apptest.Password, "--case-pages", "--api-inbox", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s %s", code, out, errs)
		}
		var res struct {
			Scenario string `json:"scenario"`
			Clients  int    `json:"clients"`
			Requests int    `json:"requests"`
			Errors   int    `json:"errors"`
			P99      int64  `json:"p99_ns"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if !strings.Contains(res.Scenario, "case inbox") || res.Clients != 4 || res.Requests == 0 || res.Errors != 0 || res.P99 <= 0 {
			t.Errorf("result %+v", res)
		}
		_, errs, code = run(t, env.DSN, "load", "cases", "--url", "http://10.1.2.3:8080", "--db", env.DSN)
		if code == 0 || !strings.Contains(errs, "loopback") {
			t.Errorf("a remote target: exit %d, %s", code, errs)
		}
	})
}
