package api_test

import (
	"fmt"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The office maintains the org and plans; everyone reads the directory;
// every change is audited and the chain still verifies afterwards.
func TestOrgAndPlans(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		root := f.Units["示范区"]
		plan := "/api/v1/plans/" + id(f.Plan.ID)
		h.run(t, []scenario{
			// The directory.
			{name: "the unit tree", as: "czj_lly", method: "GET", path: "/api/v1/units", status: 200,
				json: map[string]any{"total": 6, "items.#": 1, "items.0.name": "示范区", "items.0.depth": 0, "items.0.children.#": 4,
					"items.0.children[name=东湖街道].children.0.name": "湖滨社区", "items.0.children[name=区住建局].aliases": []string{"住建局"}}},
			{name: "the flat list", as: "czj_lly", method: "GET", path: "/api/v1/units?flat=1", status: 200,
				json: map[string]any{"total": 6, "items[name=湖滨社区].depth": 2, "items[name=东湖街道].kind": "street"}, absent: []string{"children"}},
			{name: "sectors with their leaders", as: "czj_lly", method: "GET", path: "/api/v1/sectors", status: 200,
				json: map[string]any{"total": 4, "items[name=城市建设口].leaders.0.name": "王建新", "items[name=城市建设口].leaders.0.role": "lead",
					"items[name=社会事业口].leaders": []any{}}},
			{name: "fronts", as: "czj_lly", method: "GET", path: "/api/v1/fronts", status: 200,
				json: map[string]any{"total": 2, "items[name=招商税源战线].leaders.0.name": "李经发"}},
			{name: "people of a unit", as: "czj_lly", method: "GET", path: "/api/v1/people?unit=" + id(f.Units["区财政局"]), status: 200,
				json: map[string]any{"total": 2}},
			{name: "a person with posts and leaderships", as: "czj_lly", method: "GET", path: "/api/v1/people/" + id(f.People["李经发"]), status: 200,
				json: map[string]any{"name": "李经发", "posts.0.title": "常务副区长", "leaderships.#": 2}},
			{name: "current posts of a unit", as: "czj_lly", method: "GET", path: "/api/v1/posts?current=1&unit=" + id(f.Units["区住建局"]), status: 200,
				json: map[string]any{"total": 2}},
			{name: "leaderships of fronts", as: "czj_lly", method: "GET", path: "/api/v1/leaderships?group=front", status: 200, json: map[string]any{"total": 1}},

			// Units.
			{name: "a liaison cannot add a unit", as: "czj_lly", method: "POST", path: "/api/v1/units", status: 403, unchanged: true,
				body: fmt.Sprintf(`{"name":"区教育局","parent_id":%d}`, root)},
			{name: "an unknown kind", as: "office", method: "POST", path: "/api/v1/units", status: 422, unchanged: true,
				body: fmt.Sprintf(`{"name":"区教育局","parent_id":%d,"kind":"ministry"}`, root), json: map[string]any{"error.field": "kind"}},
			{name: "a taken name", as: "office", method: "POST", path: "/api/v1/units", status: 409, unchanged: true,
				body: fmt.Sprintf(`{"name":"区财政局","parent_id":%d}`, root)},
			{name: "the office adds a unit", as: "office", method: "POST", path: "/api/v1/units", status: 201,
				body:    fmt.Sprintf(`{"name":"区教育局","parent_id":%d,"kind":"department","category":"区直部门","sector_id":%d,"aliases":["教育局"]}`, root, f.Sectors["社会事业口"]),
				json:    map[string]any{"name": "区教育局", "depth": 1, "active": true, "rollup.tasks": 0, "tasks": []any{}, "aliases": []string{"教育局"}},
				capture: map[string]string{"edu": "id"}},
			{name: "and renames it", as: "office", method: "PUT", path: "/api/v1/units/{{edu}}", status: 200,
				body: fmt.Sprintf(`{"name":"区教育体育局","parent_id":%d,"kind":"department","active":true}`, root), json: map[string]any{"name": "区教育体育局"}},
			{name: "not under itself", as: "office", method: "PUT", path: "/api/v1/units/" + id(root), status: 422, unchanged: true,
				body: `{"name":"示范区","parent_id":{{edu}},"kind":"district"}`, json: map[string]any{"error.field": "parent_id"}},

			// Sectors and fronts.
			{name: "a new sector", as: "office", method: "POST", path: "/api/v1/sectors", body: `{"name":"党群工作口","sort":5}`, status: 201,
				json: map[string]any{"name": "党群工作口", "leaders": []any{}}, capture: map[string]string{"sec": "id"}},
			{name: "renamed", as: "office", method: "PUT", path: "/api/v1/sectors/{{sec}}", body: `{"name":"党群口","sort":6}`, status: 200,
				json: map[string]any{"name": "党群口", "sort": 6}},
			{name: "a sector needs a name", as: "office", method: "POST", path: "/api/v1/sectors", body: `{"name":" "}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "name"}},
			{name: "a new front", as: "office", method: "POST", path: "/api/v1/fronts", body: `{"name":"创建办会战线"}`, status: 201, capture: map[string]string{"front": "id"}},
			{name: "a liaison cannot add a front", as: "zjj_lly", method: "POST", path: "/api/v1/fronts", body: `{"name":"房屋征收战线"}`, status: 403, unchanged: true},

			// People, posts, leaderships.
			{name: "a new person", as: "office", method: "POST", path: "/api/v1/people", status: 201,
				body: `{"name":"陈教育","unit_id":{{edu}},"title":"局长"}`, json: map[string]any{"name": "陈教育", "posts": []any{}}, capture: map[string]string{"chen": "id"}},
			{name: "edited", as: "office", method: "PUT", path: "/api/v1/people/{{chen}}", status: 200,
				body: `{"name":"陈教育","unit_id":{{edu}},"title":"局长","phone":"0571-1234567"}`, json: map[string]any{"phone": "0571-1234567"}},
			{name: "a post", as: "office", method: "POST", path: "/api/v1/posts", status: 201,
				body: `{"person_id":{{chen}},"unit_id":{{edu}},"title":"局长","start":"2023-01-01"}`, json: map[string]any{"start": "2023-01-01", "end": nil},
				capture: map[string]string{"post": "id"}},
			{name: "a post ending before it starts", as: "office", method: "POST", path: "/api/v1/posts/{{post}}/end", body: `{"end":"2022-12-31"}`, status: 422,
				unchanged: true, json: map[string]any{"error.field": "end"}},
			{name: "the post ends", as: "office", method: "POST", path: "/api/v1/posts/{{post}}/end", body: `{"end":"2023-06-30"}`, status: 200,
				json: map[string]any{"end": "2023-06-30"}},
			{name: "a leadership", as: "office", method: "POST", path: "/api/v1/leaderships", status: 201,
				body: `{"person_id":{{chen}},"group":"front","group_id":{{front}},"start":"2023-07-01"}`, json: map[string]any{"role": "lead"},
				capture: map[string]string{"lead": "id"}},
			{name: "a leadership of nothing", as: "office", method: "POST", path: "/api/v1/leaderships", status: 422, unchanged: true,
				body: `{"person_id":{{chen}},"group":"front","group_id":99999}`, json: map[string]any{"error.field": "group_id"}},
			{name: "the front shows its leader", as: "office", method: "GET", path: "/api/v1/fronts", status: 200,
				json: map[string]any{"items[id={{front}}].leaders.0.name": "陈教育"}},
			{name: "the leadership ends today without a body", as: "office", method: "POST", path: "/api/v1/leaderships/{{lead}}/end", status: 200,
				json: map[string]any{"end": "2023-07-15"}},

			// Plans, goals, indicators.
			{name: "a campaign with its end before its start", as: "office", method: "POST", path: "/api/v1/plans", status: 422, unchanged: true,
				body: `{"name":"百日攻坚","year":2023,"kind":"campaign","start":"2023-07-01","end":"2023-06-01"}`, json: map[string]any{"error.field": "end"}},
			{name: "a campaign", as: "office", method: "POST", path: "/api/v1/plans", status: 201,
				body: `{"name":"百日攻坚","year":2023,"kind":"campaign","start":"2023-07-01","end":"2023-10-08","cadence":"weekly","due_day":5}`,
				json: map[string]any{"kind": "campaign", "severe_gap": 20, "summary.tasks": 0}, capture: map[string]string{"camp": "id"}},
			{name: "a liaison cannot add plans", as: "zjj_lly", method: "POST", path: "/api/v1/plans", status: 403, unchanged: true, body: `{"name":"x","year":2023}`},
			{name: "the plans", as: "zjj_lly", method: "GET", path: "/api/v1/plans", status: 200, json: map[string]any{"total": 2}},
			{name: "a goal", as: "office", method: "POST", path: plan + "/goals", body: `{"code":"一","title":"经济强区"}`, status: 201,
				json: map[string]any{"plan_id": f.Plan.ID, "title": "经济强区"}, capture: map[string]string{"goal": "id"}},
			{name: "the goal edited", as: "office", method: "PUT", path: plan + "/goals/{{goal}}", body: `{"code":"一","title":"经济强区建设","sort":1}`, status: 200,
				json: map[string]any{"title": "经济强区建设", "id": "{{goal}}"}},
			{name: "a goal edited through another plan is missing", as: "office", method: "PUT", path: "/api/v1/plans/{{camp}}/goals/{{goal}}",
				body: `{"title":"改"}`, status: 404, unchanged: true},
			{name: "the goals", as: "zjj_lly", method: "GET", path: plan + "/goals", status: 200, json: map[string]any{"total": 1}},
			{name: "an indicator", as: "office", method: "POST", path: plan + "/indicators", status: 201,
				body: `{"goal_id":{{goal}},"name":"一般公共预算收入","measure":"亿元","baseline":20,"target":21.2}`,
				json: map[string]any{"direction": "up", "target": 21.2}, capture: map[string]string{"ind": "id"}},
			{name: "a bad direction", as: "office", method: "PUT", path: plan + "/indicators/{{ind}}", status: 422, unchanged: true,
				body: `{"name":"一般公共预算收入","direction":"sideways"}`, json: map[string]any{"error.field": "direction"}},
			{name: "the indicator edited", as: "office", method: "PUT", path: plan + "/indicators/{{ind}}", status: 200,
				body: `{"goal_id":{{goal}},"name":"一般公共预算收入","measure":"亿元","baseline":20,"target":21.5}`, json: map[string]any{"target": 21.5}},
			{name: "the indicators", as: "zjj_lly", method: "GET", path: plan + "/indicators", status: 200, json: map[string]any{"total": 1}},
			{name: "goals of a missing plan", as: "zjj_lly", method: "GET", path: "/api/v1/plans/99999/goals", status: 404},

			// The audit trail of all that.
			{name: "the unit's history", as: "auditor", method: "GET", path: "/api/v1/audit?entity=unit&entity_id={{edu}}", status: 200,
				json: map[string]any{"total": 2, "items.0.action": "unit.update", "items.1.action": "unit.create", "items.0.actor": "office"}},
			{name: "by actor", as: "auditor", method: "GET", path: "/api/v1/audit?action=goal.create&actor_id=" + id(f.Accounts["office"]), status: 200,
				json: map[string]any{"total": 1}},
			{name: "a bad limit", as: "auditor", method: "GET", path: "/api/v1/audit?limit=0", status: 422, json: map[string]any{"error.field": "limit"}},
			{name: "the chain verifies", as: "auditor", method: "GET", path: "/api/v1/audit/verify", status: 200,
				json: map[string]any{"ok": true, "break": nil},
				check: func(t *testing.T, h *harness, res *result) {
					if n := res.get(t, "entries").(float64); n < 60 || n != res.get(t, "tip_seq").(float64) {
						t.Errorf("verified %v entries, tip %v", n, res.get(t, "tip_seq"))
					}
				}},
		})
	})
}
