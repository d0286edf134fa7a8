package api_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/service"
)

// The daily rectification reminders go out through the job runner as of
// the clock: a unit is reminded before the deadline and urged after it
// (the office told too), units that have not answered a 举一反三 request
// are urged, and running the job again notifies nobody twice.
func TestRectificationRemindersRunAsJobsOnce(t *testing.T) {
	var days atomic.Int64
	clock := func() time.Time { return apptest.DefaultNow.AddDate(0, 0, int(days.Load())) }
	apptest.Each(t, apptest.Options{Clock: clock}, func(t *testing.T, env *apptest.Env) {
		days.Store(0)
		h := newHarness(env)
		f := env.Fix
		ctx := context.Background()
		h.run(t, append(inspectionWithFinding(f), []scenario{
			{name: "an item due Friday", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/rectifications", body: `{"deadline":"2023-07-21"}`, status: 201,
				capture: map[string]string{"r": "id"}},
			{name: "a request due Friday", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"departments","deadline":"2023-07-21"}`,
				status: 201},
		}...))
		runJob := func() {
			t.Helper()
			ran, err := env.App.Jobs.RunDue(ctx, clock())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range ran {
				if r.Kind == service.JobRectRemind && r.Error != "" {
					t.Fatalf("reminder job failed: %s", r.Error)
				}
			}
		}
		kinds := func(login string) []string {
			t.Helper()
			res := h.call(t, login, "GET", "/api/v1/me/notifications?limit=500", nil)
			if res.status != 200 {
				t.Fatalf("inbox of %s: %d %s", login, res.status, res.body)
			}
			var out []string
			for _, it := range res.get(t, "items").([]any) {
				out = append(out, it.(map[string]any)["kind"].(string))
			}
			return out
		}
		count := func(ks []string, kind string) int {
			n := 0
			for _, k := range ks {
				if k == kind {
					n++
				}
			}
			return n
		}
		// Tuesday 2023-07-18: three working days before the deadline.
		days.Store(3)
		runJob()
		runJob()
		if n := count(kinds("zjj_lly"), "rect.due_soon"); n != 1 {
			t.Fatalf("due-soon reminders to the unit: %d, want 1", n)
		}
		if n := count(kinds("office"), "rect.overdue"); n != 0 {
			t.Fatalf("the office was told of an overdue item too early")
		}
		// Monday 2023-07-24: overdue; the request is unanswered.
		days.Store(9)
		runJob()
		days.Store(10)
		runJob()
		unit := kinds("zjj_lly")
		if n := count(unit, "rect.overdue"); n != 1 {
			t.Errorf("overdue urges to the unit: %d, want 1 (%v)", n, unit)
		}
		if n := count(kinds("office"), "rect.overdue"); n != 1 {
			t.Errorf("overdue notices to the office: %d, want 1", n)
		}
		if n := count(kinds("czj_lly"), "selfcheck.urge"); n != 1 {
			t.Errorf("self-check urges to the finance bureau: %d, want 1", n)
		}
		if n := auditCount(t, h, "action=rect.remind"); n != 2 {
			t.Errorf("%d reminder runs audited, want 2 (one per day that sent anything)", n)
		}
		res := h.call(t, "auditor", "GET", "/api/v1/audit?action=rect.remind", nil)
		if !strings.Contains(string(res.body), "due_soon") {
			t.Errorf("the audit entry does not say what was sent: %s", res.body)
		}
	})
}
