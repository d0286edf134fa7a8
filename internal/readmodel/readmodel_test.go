package readmodel_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

func principal(t *testing.T, env *apptest.Env, login string) *service.Principal {
	t.Helper()
	a, err := env.App.DB.Read().AccountByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return &service.Principal{Account: a}
}

func report(t *testing.T, env *apptest.Env, task int64, date string, pct float64) *domain.Report {
	t.Helper()
	ctx := context.Background()
	rep, err := env.App.Service.SaveReport(ctx, principal(t, env, "zjj_lly"), task, service.ReportInput{Date: domain.MustDate(date), Progress: pct, Done: "进展", Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Service.ApproveReport(ctx, principal(t, env, "zjj_fzr"), rep.ID, ""); err != nil {
		t.Fatal(err)
	}
	return rep
}

// Approvals reach the model incrementally; a corrected version replaces
// the one it supersedes; unrelated writes share everything.
func TestIncrementalProgress(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		cache := env.App.Models
		m0, err := cache.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		full := cache.FullLoads.Load()
		task := env.Fix.Tasks["5"] // 区住建局, not started before September
		report(t, env, env.Fix.Tasks["1"], "2023-07-07", 40)
		m1, _ := cache.Get(ctx)
		if cache.FullLoads.Load() != full {
			t.Error("an approval without node completion reloaded the whole model")
		}
		t1 := m1.Task(env.Fix.Tasks["1"])
		if got := readmodel.Summary(m1.Evaluate(domain.MustDate("2023-07-15"), nil), []*readmodel.Task{t1}).Progress; got != 40 {
			t.Errorf("progress after approval: %v", got)
		}
		if len(m0.Task(env.Fix.Tasks["1"]).Points) != 0 {
			t.Error("the older model changed")
		}
		// A second report in the same month is the same period: after the
		// first was approved it makes version 2, which replaces it.
		v2 := report(t, env, env.Fix.Tasks["1"], "2023-07-10", 45)
		if v2.Version != 2 || v2.Supersedes == 0 {
			t.Fatalf("second report in the period: %+v", v2)
		}
		m2, _ := cache.Get(ctx)
		pts := m2.Task(env.Fix.Tasks["1"]).Points
		if len(pts) != 1 || pts[0].Progress != 45 {
			t.Fatalf("points after correction: %+v", pts)
		}
		// A login moves the head but not the data: the evaluation is shared.
		ev := m2.Evaluate(domain.MustDate("2023-07-15"), nil)
		if _, err := env.App.Service.Login(ctx, "office", apptest.Password, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		m3, _ := cache.Get(ctx)
		if m3.Seq <= m2.Seq || m3.Evaluate(domain.MustDate("2023-07-15"), nil) != ev {
			t.Error("an unrelated write did not share the evaluation")
		}
		_ = task
	})
}

func TestScopes(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		m, err := env.App.Models.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		count := func(login string) map[string]bool {
			p := principal(t, env, login)
			s := m.ScopeFor(p.Account.Grants, p.Account.PersonID, domain.MustDate("2023-07-15"))
			out := map[string]bool{}
			for _, tk := range m.Find(nil, s, readmodel.Filter{}) {
				out[tk.Number] = true
			}
			return out
		}
		cases := map[string][]string{
			"office":      {"1", "2", "3", "4", "5"},
			"leader_wang": {"1", "5"}, // 城市建设口, and his own task
			"leader_li":   {"2"},      // 经济发展口 and the 招商税源 front
			"zjj_lly":     {"1", "5"}, // leads both
			"czj_lly":     {"1", "2"}, // co-unit of 1, lead of 2
			"dh_lly":      {"4"},      // the street
			"sysadmin":    {},         // admins see no business data
			"auditor":     {},
		}
		for login, want := range cases {
			got := count(login)
			if len(got) != len(want) {
				t.Errorf("%s sees %v, want %v", login, got, want)
				continue
			}
			for _, n := range want {
				if !got[n] {
					t.Errorf("%s does not see task %s", login, n)
				}
			}
		}
	})
}

func TestCompareNumbers(t *testing.T) {
	cases := []struct {
		a, b string
		less bool
	}{
		{"2", "10", true}, {"1.2", "1.10", true}, {"1", "1.1", true}, {"住建-02", "住建-10", true}, {"10", "9", false}, {"A", "B", true},
	}
	for _, c := range cases {
		if got := readmodel.CompareNumbers(c.a, c.b) < 0; got != c.less {
			t.Errorf("%s < %s = %v", c.a, c.b, got)
		}
	}
}
