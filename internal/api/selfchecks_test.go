package api_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
)

// inspectionWithFinding plans and starts an inspection of the housing
// bureau and records one finding there; it captures insp and f.
func inspectionWithFinding(f *apptest.Fixture) []scenario {
	zjj := id(f.Units["区住建局"])
	return []scenario{
		{name: "plan", as: "office", method: "POST", path: "/api/v1/inspections", status: 201, capture: map[string]string{"insp": "id"},
			body: `{"kind":"visit","title":"建筑工地扬尘治理暗访","target_unit_ids":[` + zjj + `],"leader_id":` + id(f.People["吴督查"]) + `}`},
		{name: "start", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/start", status: 200},
		{name: "finding", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings", status: 201, capture: map[string]string{"f": "id"},
			body: `{"unit_id":` + zjj + `,"problem":"工地出入口未设冲洗设施"}`},
	}
}

// 举一反三: the office sends a finding to units; each answers; the office
// sees who has answered and who has not, and units see only their own.
func TestSelfInspection(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		dh, czj := id(f.Units["东湖街道"]), id(f.Units["区财政局"])
		sc := "/api/v1/self-checks/{{all}}"
		h.run(t, append(inspectionWithFinding(f), []scenario{
			{name: "an unknown group", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"everyone"}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "targets"}},
			{name: "no units chosen", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"chosen"}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "所选范围内没有可发送的单位，请选择单位。"}},
			{name: "a unit that does not exist", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"unit_ids":[9999]}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "unit_ids"}},
			{name: "an answer deadline on a Sunday", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"all","deadline":"2023-07-23"}`,
				status: 422, unchanged: true, contains: []string{"自查反馈时限「2023-07-23」（星期日）不是工作日"}},
			{name: "a unit may not send one", as: "zjj_lly", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"all"}`, status: 404, unchanged: true},
			{name: "to all the streets", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"streets","deadline_workdays":5}`,
				status: 201, json: map[string]any{"asked": 1, "answers.0.unit": "东湖街道", "deadline": "2023-07-21"}},
			{name: "to every unit in scope", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks",
				body: `{"targets":"all","requirement":"对照检查本单位在建项目","deadline":"2023-07-21"}`, status: 201,
				// The district itself and the unit the finding is about are not asked.
				json: map[string]any{"asked": 4, "answered": 0, "office": true, "problem": "工地出入口未设冲洗设施",
					"pending": []any{"区财政局", "区城管局", "东湖街道", "湖滨社区"}},
				capture: map[string]string{"all": "id"}},
			{name: "the unit the finding is about is not asked", as: "zjj_lly", method: "GET", path: sc, status: 404},
			{name: "a unit lists the requests sent to it", as: "czj_lly", method: "GET", path: "/api/v1/self-checks", status: 200,
				json: map[string]any{"total": 1, "items.0.id": "{{all}}", "items.0.office": false, "items.0.answers.#": 1}},
			{name: "and sees only its own answer", as: "czj_lly", method: "GET", path: sc, status: 200,
				json: map[string]any{"asked": 1, "answers.0.unit": "区财政局", "pending": []any{}}, absent: []string{"东湖街道"}},
			{name: "found problems must be described", as: "czj_lly", method: "POST", path: sc + "/answers", body: `{"found":true}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "problems"}},
			{name: "and have measures", as: "czj_lly", method: "POST", path: sc + "/answers", body: `{"found":true,"problems":"财政投资项目工地2处未设冲洗设施"}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "measures"}},
			{name: "the finance bureau answers", as: "czj_lly", method: "POST", path: sc + "/answers",
				body: `{"found":true,"problems":"财政投资项目工地2处未设冲洗设施","measures":"督促施工单位7日内安装"}`, status: 200,
				json: map[string]any{"answered": 1, "answers.0.found": true, "answers.0.answered": true, "answers.0.answered_by": f.Accounts["czj_lly"]}},
			{name: "it may not answer for another unit", as: "czj_lly", method: "POST", path: sc + "/answers", body: `{"unit_id":` + dh + `,"found":false}`,
				status: 403, unchanged: true},
			// The street's liaison answers for the street and its community.
			{name: "which unit, when one answers for two", as: "dh_lly", method: "GET", path: sc, status: 200, json: map[string]any{"asked": 2}},
			{name: "must be said", as: "dh_lly", method: "POST", path: sc + "/answers", body: `{"found":false}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "unit_id"}},
			{name: "the street finds nothing", as: "dh_lly", method: "POST", path: sc + "/answers", body: `{"unit_id":` + dh + `,"found":false,"measures":"纳入日常巡查"}`,
				status: 200, json: map[string]any{"answered": 1, "asked": 2}},
			{name: "the office sees who has answered", as: "office", method: "GET", path: sc, status: 200,
				json: map[string]any{"asked": 4, "answered": 2, "pending": []any{"区城管局", "湖滨社区"},
					"answers[unit=区财政局].problems": "财政投资项目工地2处未设冲洗设施", "answers[unit=东湖街道].found": false}},
			{name: "an answer is replaced, not added", as: "czj_lly", method: "POST", path: sc + "/answers", body: `{"unit_id":` + czj + `,"found":false}`, status: 200,
				json: map[string]any{"answers.0.found": false},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=self_check&action=selfcheck.answer&entity_id="+h.vars["all"]); n != 3 {
						t.Errorf("%d answers audited, want 3", n)
					}
				}},
			{name: "the inspection page lists its requests", as: "office", method: "GET", path: "/api/v1/inspections/{{insp}}", status: 200,
				json: map[string]any{"self_checks.#": 2}},
		}...))
	})
}

// With the clock moving: an item past its deadline is overdue on the list,
// the board and the sweeps the job runner will call; applying in time
// stops the count; re-checks and unanswered requests come due.
func TestRectificationOverdueAndSweeps(t *testing.T) {
	var days atomic.Int64
	clock := func() time.Time { return apptest.DefaultNow.AddDate(0, 0, int(days.Load())) }
	apptest.Each(t, apptest.Options{Clock: clock}, func(t *testing.T, env *apptest.Env) {
		days.Store(0)
		h := newHarness(env)
		f := env.Fix
		ctx := context.Background()
		svc := env.App.Service
		h.run(t, append(inspectionWithFinding(f), []scenario{
			{name: "an item due Friday", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/rectifications", body: `{"deadline":"2023-07-21"}`, status: 201,
				capture: map[string]string{"r": "id"}},
			{name: "a request due Friday", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/self-checks", body: `{"targets":"departments","deadline":"2023-07-21"}`,
				status: 201, json: map[string]any{"asked": 2}},
		}...))
		d := domain.MustDate
		if soon, err := svc.RectificationsDueSoon(ctx, d("2023-07-17"), 5); err != nil || len(soon) != 1 {
			t.Fatalf("due soon on Monday: %v %v", soon, err)
		}
		if soon, _ := svc.RectificationsDueSoon(ctx, d("2023-07-15"), 3); len(soon) != 0 {
			t.Errorf("due within 3 working days of Saturday: %v", soon)
		}
		days.Store(9) // Monday 2023-07-24
		h.run(t, []scenario{
			{name: "overdue on the item", as: "zjj_lly", method: "GET", path: "/api/v1/rectifications/{{r}}", status: 200, json: map[string]any{"overdue": true}},
			{name: "overdue on the board", as: "office", method: "GET", path: "/api/v1/rectifications/board", status: 200,
				json: map[string]any{"as_of": "2023-07-24", "overdue": 1, "by_unit.0.overdue": 1}},
			{name: "the overdue filter", as: "office", method: "GET", path: "/api/v1/rectifications?overdue=1", status: 200, json: map[string]any{"total": 1}},
		})
		late, err := svc.OverdueRectifications(ctx, d("2023-07-24"))
		if err != nil || len(late) != 1 {
			t.Fatalf("overdue sweep: %v %v", late, err)
		}
		pending, err := svc.UnansweredSelfChecks(ctx, d("2023-07-24"))
		if err != nil || len(pending) != 1 || len(pending[0].UnitIDs) != 2 {
			t.Fatalf("unanswered sweep: %+v %v", pending, err)
		}
		if none, _ := svc.UnansweredSelfChecks(ctx, d("2023-07-21")); len(none) != 0 {
			t.Errorf("requests urged on their deadline: %+v", none)
		}
		// Applying late keeps it overdue until it is closed.
		h.run(t, []scenario{
			{name: "measures", as: "zjj_lly", method: "POST", path: "/api/v1/rectifications/{{r}}/measures", body: `{"measures":"安装冲洗设施"}`, status: 200},
			{name: "a late application", as: "zjj_lly", method: "POST", path: "/api/v1/rectifications/{{r}}/apply", body: `{"note":"已安装"}`, status: 200,
				json: map[string]any{"overdue": true, "applied_on": "2023-07-24"}},
			{name: "verified", as: "office", method: "POST", path: "/api/v1/rectifications/{{r}}/verify", body: `{"result":"passed"}`, status: 200},
			{name: "closed, re-check on 2023-08-24", as: "office", method: "POST", path: "/api/v1/rectifications/{{r}}/close", body: `{"recheck_on":"2023-08-24"}`, status: 200,
				json: map[string]any{"overdue": false, "closed_on": "2023-07-24"}},
		})
		if due, _ := svc.DueRechecks(ctx, d("2023-08-23")); len(due) != 0 {
			t.Errorf("re-check due early: %v", due)
		}
		if due, err := svc.DueRechecks(ctx, d("2023-08-24")); err != nil || len(due) != 1 {
			t.Fatalf("re-check sweep: %v %v", due, err)
		}
		days.Store(40) // 2023-08-24
		h.run(t, []scenario{
			{name: "the board counts the re-check due", as: "office", method: "GET", path: "/api/v1/rectifications/board", status: 200,
				json: map[string]any{"recheck_due": 1, "overdue": 0, "by_state.closed": 1}},
			{name: "the re-check passes", as: "office", method: "POST", path: "/api/v1/rectifications/{{r}}/recheck", body: `{"result":"passed"}`, status: 200,
				json: map[string]any{"state": "confirmed"}},
		})
		if due, _ := svc.DueRechecks(ctx, d("2023-08-24")); len(due) != 0 {
			t.Errorf("a recorded re-check is still due: %v", due)
		}
	})
}
