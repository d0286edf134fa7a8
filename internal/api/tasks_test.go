package api_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

func TestTasks(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		task := func(n string) string { return "/api/v1/tasks/" + id(f.Tasks[n]) }
		// newTask is a valid task body with one field replaced or added.
		newTask := func(extra string) string {
			return fmt.Sprintf(`{"plan_id":%d,"number":"6","title":"垃圾分类示范小区","lead_unit_ids":[%d],"sector_id":%d,
				"start":"2023-03-01","due":"2023-11-30","milestones":[{"due":"2023-06-30","description":"完成选点","planned_pct":40},
				{"due":"2023-11-30","description":"验收","planned_pct":100}]%s}`,
				f.Plan.ID, f.Units["湖滨社区"], f.Sectors["城市管理口"], extra)
		}
		h.run(t, []scenario{
			// Scope: what a caller may not see looks missing.
			{name: "a liaison cannot create a task", as: "czj_lly", method: "POST", path: "/api/v1/tasks", body: newTask(""),
				status: 403, unchanged: true, json: map[string]any{"error.code": "forbidden"}, contains: []string{"您没有权限进行此操作"}},
			{name: "another unit's task is 404", as: "czj_lly", method: "GET", path: task("3"), status: 404, unchanged: true,
				json: map[string]any{"error.code": "not_found"}, contains: []string{"未找到该任务"}, absent: []string{"背街小巷"}},
			{name: "a co-unit sees the task but cannot report on it", as: "czj_lly", method: "GET", path: task("1"), status: 200,
				json: map[string]any{"number": "1", "can_report": false, "can_edit": false, "co_units.0.name": "区财政局"}},
			{name: "a liaison lists their unit's tasks", as: "czj_lly", method: "GET", path: "/api/v1/tasks", status: 200,
				json: map[string]any{"total": 2, "items.0.number": "1", "items.1.number": "2"}},
			{name: "a leader lists their sector's tasks", as: "leader_wang", method: "GET", path: "/api/v1/tasks", status: 200,
				json: map[string]any{"total": 2, "items.0.number": "1", "items.1.number": "5"}},
			{name: "the office lists everything", as: "office", method: "GET", path: "/api/v1/tasks", status: 200, json: map[string]any{"total": 5}},
			{name: "an admin sees no tasks", as: "sysadmin", method: "GET", path: "/api/v1/tasks", status: 200, json: map[string]any{"total": 0, "items": []any{}}},

			// Lists: status on a date, filters, search, paging.
			{name: "items carry their evaluation", as: "office", method: "GET", path: "/api/v1/tasks?as_of=2023-07-15", status: 200,
				json: map[string]any{"items[number=1].expected": 50, "items[number=1].status": "severe", "items[number=1].progress": 0,
					"items[number=1].gap": 50, "items[number=3].status": "overdue", "items[number=4].expected": nil, "items[number=4].status": "ongoing",
					"items[number=5].status": "not_started", "items[number=1].as_of": "2023-07-15", "items[number=1].plan_name": f.Plan.Name}},
			{name: "search in simplified Chinese", as: "office", method: "GET", path: "/api/v1/tasks?q=" + url.QueryEscape("养老"), status: 200,
				json: map[string]any{"total": 1, "items.0.number": "4"}},
			{name: "search in traditional Chinese", as: "office", method: "GET", path: "/api/v1/tasks?q=" + url.QueryEscape("養老"), status: 200,
				json: map[string]any{"total": 1, "items.0.number": "4"}},
			{name: "search by lead unit name", as: "office", method: "GET", path: "/api/v1/tasks?q=" + url.QueryEscape("城管局"), status: 200,
				json: map[string]any{"total": 1, "items.0.number": "3"}},
			{name: "overdue tasks", as: "office", method: "GET", path: "/api/v1/tasks?status=overdue&as_of=2023-07-15", status: 200,
				json: map[string]any{"total": 1, "items.0.number": "3"}},
			{name: "tasks behind", as: "office", method: "GET", path: "/api/v1/tasks?behind=1&as_of=2023-07-15", status: 200,
				json: map[string]any{"total": 3, "items.0.number": "1", "items.1.number": "2", "items.2.number": "3"}},
			{name: "by sector", as: "office", method: "GET", path: "/api/v1/tasks?sector=" + id(f.Sectors["城市建设口"]), status: 200, json: map[string]any{"total": 2}},
			{name: "by front", as: "office", method: "GET", path: "/api/v1/tasks?front=" + id(f.Fronts["招商税源战线"]), status: 200,
				json: map[string]any{"total": 1, "items.0.number": "2"}},
			{name: "by unit, co-units included", as: "office", method: "GET", path: "/api/v1/tasks?unit=" + id(f.Units["区财政局"]), status: 200, json: map[string]any{"total": 2}},
			{name: "by unit, leading only", as: "office", method: "GET", path: "/api/v1/tasks?lead_only=1&unit=" + id(f.Units["区财政局"]), status: 200, json: map[string]any{"total": 1}},
			{name: "by leader", as: "office", method: "GET", path: "/api/v1/tasks?leader=" + id(f.People["李经发"]), status: 200, json: map[string]any{"total": 1}},
			{name: "by category", as: "office", method: "GET", path: "/api/v1/tasks?category=innovation", status: 200, json: map[string]any{"total": 2}},
			{name: "by plan name", as: "office", method: "GET", path: "/api/v1/tasks?plan=" + url.QueryEscape(f.Plan.Name), status: 200, json: map[string]any{"total": 5}},
			{name: "most urgent first", as: "office", method: "GET", path: "/api/v1/tasks?sort=urgency&as_of=2023-07-15", status: 200,
				json: map[string]any{"items.0.status": "overdue"}},
			{name: "a page", as: "office", method: "GET", path: "/api/v1/tasks?limit=2&offset=1", status: 200,
				json: map[string]any{"total": 5, "items.#": 2, "items.0.number": "2", "items.1.number": "3"}},
			{name: "past the end", as: "office", method: "GET", path: "/api/v1/tasks?offset=10", status: 200, json: map[string]any{"total": 5, "items": []any{}}},
			{name: "a bad as_of", as: "office", method: "GET", path: "/api/v1/tasks?as_of=2023-13-01", status: 422,
				json: map[string]any{"error.field": "as_of"}, contains: []string{"YYYY-MM-DD"}},
			{name: "an unknown status", as: "office", method: "GET", path: "/api/v1/tasks?status=late", status: 422, json: map[string]any{"error.field": "status"}},
			{name: "an unknown plan", as: "office", method: "GET", path: "/api/v1/tasks?plan=999", status: 422, json: map[string]any{"error.field": "plan"}},

			// One task.
			{name: "a task with its nodes", as: "office", method: "GET", path: task("1") + "?as_of=2023-07-15", status: 200,
				json: map[string]any{"expected": 50, "status": "severe", "missed_milestones": 2, "milestones.#": 4, "milestones.1.planned_pct": 50,
					"lead_units.0.name": "区住建局", "leaders.0.name": "王建新", "sector.name": "城市建设口", "fronts.0.name": "重大项目战线",
					"cadence": "monthly", "can_edit": true, "can_report": false, "children": []any{}, "start": "2023-01-01", "weight": 2}},

			// Validation: 422 in Chinese, naming the field, and nothing stored.
			{name: "a bad date", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"due":"2023-02-30"`), status: 422, unchanged: true,
				json: map[string]any{"error.code": "invalid", "error.field": "due", "error.message": "字段「due」应为 YYYY-MM-DD 格式的日期。"}},
			{name: "a bad date, in English", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"due":"2023/12/31"`), status: 422,
				header: map[string]string{"Accept-Language": "en"}, json: map[string]any{"error.field": "due"}, contains: []string{"must be a date"}},
			{name: "an unknown field", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"deadline":"2023-12-31"`), status: 422, unchanged: true,
				json: map[string]any{"error.field": "deadline"}, contains: []string{"不认识的字段「deadline」"}},
			{name: "due before start", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"due":"2023-02-01"`), status: 422, unchanged: true,
				json: map[string]any{"error.field": "due"}, contains: []string{"完成时限 2023-02-01 早于开始时间 2023-03-01"}},
			{name: "a bad date in a node", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"milestones":[{"due":"2023-09-31","planned_pct":50}]`),
				status: 422, unchanged: true, json: map[string]any{"error.field": "milestones[0].due"}},
			{name: "a weight that is not a number", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"weight":"heavy"`), status: 422,
				json: map[string]any{"error.field": "weight"}, contains: []string{"数字"}},
			{name: "no lead unit", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"lead_unit_ids":[]`), status: 422,
				json: map[string]any{"error.field": "lead_unit_ids"}, contains: []string{"请填写牵头单位"}},
			{name: "a taken number", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(`,"number":"1"`), status: 409, unchanged: true,
				json: map[string]any{"error.code": "conflict"}},

			// Changes.
			{name: "the office creates a task", as: "office", method: "POST", path: "/api/v1/tasks", body: newTask(""), status: 201,
				headers: map[string]string{"Location": "/api/v1/tasks/"},
				json:    map[string]any{"number": "6", "milestones.#": 2, "lead_units.0.name": "湖滨社区", "status": "severe", "expected": 40},
				capture: map[string]string{"t6": "id"},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=task&action=task.create&entity_id="+h.vars["t6"]); n != 1 {
						t.Errorf("%d task.create entries", n)
					}
				}},
			{name: "the street's liaison sees the community's task", as: "dh_lly", method: "GET", path: "/api/v1/tasks/{{t6}}", status: 200},
			{name: "the office edits it, keeping its nodes", as: "office", method: "PUT", path: "/api/v1/tasks/{{t6}}",
				body: fmt.Sprintf(`{"number":"6","title":"垃圾分类示范小区创建","lead_unit_ids":[%d],"start":"2023-03-01","due":"2023-12-31","parent_id":%d}`,
					f.Units["湖滨社区"], f.Tasks["4"]),
				status: 200, json: map[string]any{"title": "垃圾分类示范小区创建", "due": "2023-12-31", "milestones.#": 2, "plan_id": f.Plan.ID}},
			{name: "the parent lists it", as: "office", method: "GET", path: task("4"), status: 200, json: map[string]any{"children.0.id": "{{t6}}"}},
			{name: "an empty list clears the nodes", as: "office", method: "PUT", path: "/api/v1/tasks/{{t6}}",
				body:   fmt.Sprintf(`{"number":"6","title":"垃圾分类示范小区创建","lead_unit_ids":[%d],"due":"2023-12-31","milestones":[]}`, f.Units["湖滨社区"]),
				status: 200, json: map[string]any{"milestones": []any{}}},
			{name: "out of scope is missing, even to edit", as: "czj_lly", method: "PUT", path: task("3"), body: newTask(""), status: 404, unchanged: true},
			{name: "in scope but not an office", as: "czj_lly", method: "PUT", path: task("2"),
				body: fmt.Sprintf(`{"number":"2","title":"改名","lead_unit_ids":[%d],"due":"2023-12-31"}`, f.Units["区财政局"]), status: 403, unchanged: true},
		})
	})
}
