package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

func TestStatusAndCompliance(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		h.run(t, []scenario{
			{name: "the status report on 2023-07-15", as: "office", method: "GET", path: "/api/v1/status?as_of=2023-07-15", status: 200,
				json: map[string]any{"as_of": "2023-07-15", "summary.tasks": 5,
					// Task 1 has nodes: expected is the planned 50% of the node due 2023-06-30.
					"tasks[number=1].expected": 50, "tasks[number=1].status": "severe", "tasks[number=1].missed_milestones": 2,
					"tasks[number=3].status": "overdue", "tasks[number=4].status": "ongoing", "tasks[number=4].expected": nil,
					"tasks[number=1].lead_units": []string{"区住建局"}, "units[name=区住建局].tasks": 2, "sectors[name=城市建设口].tasks": 2},
				check: func(t *testing.T, h *harness, res *result) {
					// The same JSON contract as `luoshi status --json`, which runs as the operator.
					rep, err := env.App.Service.StatusReport(context.Background(), service.SystemPrincipal("cli"), readmodel.Filter{}, domain.MustDate("2023-07-15"))
					if err != nil {
						t.Fatal(err)
					}
					raw, _ := json.Marshal(rep)
					var want any
					json.Unmarshal(raw, &want)
					if !reflect.DeepEqual(res.json, want) {
						t.Errorf("GET /status differs from the command line's report:\napi: %s\ncli: %s", res.body, raw)
					}
				}},
			{name: "a plan by name", as: "office", method: "GET", path: "/api/v1/status?as_of=2023-07-15&plan=" + url.QueryEscape(f.Plan.Name), status: 200,
				json: map[string]any{"summary.tasks": 5, "plans.0.name": f.Plan.Name}},
			{name: "a plan by ID", as: "office", method: "GET", path: "/api/v1/status?plan=" + id(f.Plan.ID), status: 200, json: map[string]any{"summary.tasks": 5}},
			{name: "an unknown plan", as: "office", method: "GET", path: "/api/v1/status?plan=" + url.QueryEscape("百日攻坚"), status: 422,
				json: map[string]any{"error.field": "plan"}, contains: []string{"百日攻坚"}},
			{name: "filters apply", as: "office", method: "GET", path: "/api/v1/status?as_of=2023-07-15&behind=1", status: 200, json: map[string]any{"summary.tasks": 3}},
			{name: "the report is scoped", as: "czj_lly", method: "GET", path: "/api/v1/status?as_of=2023-07-15", status: 200,
				json: map[string]any{"summary.tasks": 2, "tasks.#": 2}, absent: []string{"背街小巷"}},

			{name: "compliance by unit and task", as: "office", method: "GET", path: "/api/v1/compliance?as_of=2023-07-15", status: 200,
				json: map[string]any{"as_of": "2023-07-15",
					// Monthly reports due on the 5th: January to June are missing, July is pending.
					"units[unit_name=区住建局].missing": 6, "units[unit_name=区住建局].tasks": 2, "units[unit_name=区城管局].missing": 6,
					"tasks[number=1].missing": 6, "tasks[number=1].periods.#": 7, "tasks[number=1].periods.6.state": "pending",
					"tasks[number=1].periods.0.period.key": "2023-01", "tasks[number=1].periods.0.period.deadline": "2023-02-05",
					"tasks[number=5].periods": []any{}}},
			{name: "compliance is scoped", as: "czj_lly", method: "GET", path: "/api/v1/compliance?as_of=2023-07-15", status: 200,
				json: map[string]any{"tasks.#": 2}, absent: []string{"区城管局"}},

			{name: "a unit's page", as: "office", method: "GET", path: "/api/v1/units/" + id(f.Units["区住建局"]) + "?as_of=2023-07-15", status: 200,
				json: map[string]any{"name": "区住建局", "sector_name": "城市建设口", "rollup.tasks": 2, "tasks.#": 2, "tasks.0.number": "1",
					"tasks.1.status": "not_started", "rollup.counts.severe": 1, "can_edit": true}},
			{name: "a unit's page out of scope", as: "czj_lly", method: "GET", path: "/api/v1/units/" + id(f.Units["区城管局"]), status: 404},
			{name: "a leader sees the units of their sector", as: "leader_wang", method: "GET", path: "/api/v1/units/" + id(f.Units["区住建局"]), status: 200,
				json: map[string]any{"can_edit": false}},
			{name: "a plan's roll-up", as: "office", method: "GET", path: "/api/v1/plans/" + id(f.Plan.ID) + "?as_of=2023-07-15", status: 200,
				json: map[string]any{"name": f.Plan.Name, "summary.tasks": 5, "summary.counts.overdue": 1, "cadence": "monthly", "due_day": 5}},
			{name: "a plan's roll-up is scoped", as: "czj_lly", method: "GET", path: "/api/v1/plans/" + id(f.Plan.ID), status: 200,
				json: map[string]any{"summary.tasks": 2}},
		})
	})
}
