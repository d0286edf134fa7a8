package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The lights follow the clock: blue near the deadline, yellow when not
// signed in time, red once overdue, and closed cases show how they closed.
// The board counts them by source, leader and unit; the office escalates by
// hand and edits the rules.
func TestCaseLightsBoardAndSettings(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		addOffice(t, env, "dh_office", f.Units["东湖街道"])
		h := newHarness(env)
		zjj, czj, dh := id(f.Units["区住建局"]), id(f.Units["区财政局"]), id(f.Units["东湖街道"])
		raise := func(name, body, capture string, json map[string]any) scenario {
			return scenario{name: name, as: "office", method: "POST", path: "/api/v1/cases", body: body, status: 201, json: json,
				capture: map[string]string{capture: "id"}}
		}
		h.run(t, []scenario{
			raise("a complaint due thursday", `{"title":"湖滨社区路灯不亮","source":"public","lead_unit_id":`+dh+`,"limit_date":"2023-07-20","assign":true}`, "a",
				map[string]any{"state": "assigned", "deadline": "2023-07-20", "light": "blue", "reason": "due_soon", "days_left": 3}),
			raise("a meeting decision", `{"title":"城市更新项目前期","source":"meeting","leader_id":`+id(f.People["李经发"])+`,"lead_unit_id":`+zjj+`,"limit_days":20,"assign":true}`, "b",
				map[string]any{"light": "none", "deadline": "2023-08-14"}),
			raise("a suggestion due in three days", `{"title":"预算公开","source":"npc","lead_unit_id":`+czj+`,"limit_days":3,"assign":true}`, "c",
				map[string]any{"deadline": "2023-07-20"}),
			raise("another complaint due wednesday", `{"title":"背街小巷积水","source":"public","lead_unit_id":`+dh+`,"limit_date":"2023-07-19","assign":true}`, "d", nil),
			{name: "the street signs its complaint", as: "dh_lly", method: "POST", path: "/api/v1/cases/{{a}}/sign", status: 200},
			{name: "the finance bureau signs", as: "czj_lly", method: "POST", path: "/api/v1/cases/{{c}}/sign", status: 200},
			{name: "and reports back at once", as: "czj_fzr", method: "POST", path: "/api/v1/cases/{{c}}/feedback", body: `{"text":"已在门户网站公开"}`, status: 200},
			{name: "the office closes it", as: "office", method: "POST", path: "/api/v1/cases/{{c}}/close", status: 200, json: map[string]any{"light": "closed_on_time"}},
			{name: "the office attaches the minutes", as: "office", method: "POST", path: "/api/v1/cases/{{b}}/files",
				form:   &form{files: []formFile{{field: "files", name: "会议纪要.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 minutes")}}},
				status: 200, json: map[string]any{"attachments.#": 1, "attachments.0.name": "会议纪要.pdf"},
				capture: map[string]string{"fb": "attachments.0.id"}},
			{name: "the lead unit downloads them", as: "zjj_lly", method: "GET", path: "/api/v1/cases/{{b}}/files/{{fb}}", status: 200,
				headers: map[string]string{"Content-Type": "application/pdf", "Content-Disposition": "attachment"}},
			{name: "not through another case", as: "dh_lly", method: "GET", path: "/api/v1/cases/{{a}}/files/{{fb}}", status: 404},
			{name: "a unit cannot attach to the case", as: "zjj_lly", method: "POST", path: "/api/v1/cases/{{b}}/files",
				form: &form{files: []formFile{{field: "files", name: "x.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4")}}}, status: 403, unchanged: true},
			{name: "a program is not an attachment", as: "office", method: "POST", path: "/api/v1/cases/{{b}}/files",
				form: &form{files: []formFile{{field: "files", name: "run.exe", contentType: "application/octet-stream", data: []byte("MZ\x90\x00")}}}, status: 422, unchanged: true,
				json: map[string]any{"error.field": "files"}},
			{name: "nor is an unknown form field", as: "office", method: "POST", path: "/api/v1/cases/{{b}}/files",
				form: &form{fields: [][2]string{{"text", "x"}}}, status: 422, unchanged: true, json: map[string]any{"error.field": "text"}},
		})

		clock.set("2023-07-18 11:00")
		h.run(t, []scenario{
			{name: "yellow when not signed in time", as: "office", method: "GET", path: "/api/v1/cases/{{b}}", status: 200,
				json: map[string]any{"state": "assigned", "light": "yellow", "reason": "sign_overdue", "sign_due": "2023-07-18T02:00:00Z"}},
			{name: "signing late is recorded", as: "zjj_lly", method: "POST", path: "/api/v1/cases/{{b}}/sign", status: 200,
				json: map[string]any{"signed_late": true, "light": "yellow", "reason": "behind"}},
		})

		clock.set("2023-07-21 09:00")
		h.run(t, []scenario{
			{name: "red once overdue", as: "dh_lly", method: "GET", path: "/api/v1/cases/{{a}}", status: 200,
				json: map[string]any{"light": "red", "reason": "overdue", "overdue": true, "days_left": -1}},
			{name: "the overdue filter", as: "office", method: "GET", path: "/api/v1/cases?overdue=1", status: 200,
				json: map[string]any{"total": 2, "counts.overdue": 2, "counts.lights.red": 2, "counts.lights.closed_on_time": 1, "items.0.light": "red"}},
			{name: "paging keeps the total", as: "office", method: "GET", path: "/api/v1/cases?limit=1&offset=1", status: 200,
				json: map[string]any{"total": 4, "items.#": 1}},
			{name: "a bad light", as: "office", method: "GET", path: "/api/v1/cases?light=purple", status: 422, json: map[string]any{"error.field": "light"}},
			{name: "the street reports back late", as: "dh_lly", method: "POST", path: "/api/v1/cases/{{a}}/feedback", body: `{"text":"已更换路灯"}`, status: 200,
				json: map[string]any{"state": "reported", "light": "red"}},
			{name: "and is closed late", as: "office", method: "POST", path: "/api/v1/cases/{{a}}/close", status: 200, json: map[string]any{"light": "closed_late"}},
			{name: "the office urges by hand", as: "office", method: "POST", path: "/api/v1/cases/{{d}}/escalations", body: `{"level":"urge","text":"请立即办理"}`, status: 200,
				json: map[string]any{"escalation": 2, "events[kind=urge].text": "请立即办理", "can.escalate": true}},
			{name: "the ladder only climbs", as: "office", method: "POST", path: "/api/v1/cases/{{d}}/escalations", body: `{"level":"remind"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "该督办件已经催办，不能再提醒。"}},
			{name: "an unknown rung", as: "office", method: "POST", path: "/api/v1/cases/{{d}}/escalations", body: `{"level":"sign"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "level"}},
			{name: "units do not escalate", as: "dh_lly", method: "POST", path: "/api/v1/cases/{{d}}/escalations", body: `{"level":"notice"}`, status: 403, unchanged: true},
			{name: "the board", as: "office", method: "GET", path: "/api/v1/cases/board", status: 200,
				json: map[string]any{"as_of": "2023-07-21", "summary.total": 4, "summary.open": 2, "summary.closed": 2, "summary.overdue": 1,
					"summary.closed_on_time": 1, "summary.closed_late": 1, "summary.on_time_rate": 50, "summary.avg_days_to_close": 2,
					"summary.lights.red": 1, "by_source.#": 3, "by_source.0.key": "meeting", "by_source.2.key": "public", "by_source.2.name": "群众反映",
					"by_source.2.total": 2, "by_leader.#": 1, "by_leader.0.name": "李经发", "by_leader.0.on_time_rate": nil,
					"by_unit[name=东湖街道].overdue": 1, "by_unit[name=东湖街道].closed_late": 1, "by_unit[name=区财政局].on_time_rate": 100,
					"overdue_ranking.#": 1, "overdue_ranking.0.name": "东湖街道"}},
			{name: "the board by source", as: "office", method: "GET", path: "/api/v1/cases/board?source=npc", status: 200,
				json: map[string]any{"summary.total": 1, "by_unit.0.name": "区财政局"}},
			{name: "a unit's board is its own", as: "dh_lly", method: "GET", path: "/api/v1/cases/board", status: 200,
				json: map[string]any{"summary.total": 2, "by_unit.#": 1}},
			{name: "a street office sees its street", as: "dh_office", method: "GET", path: "/api/v1/cases", status: 200,
				json: map[string]any{"total": 2}},
			{name: "and may act on it", as: "dh_office", method: "POST", path: "/api/v1/cases/{{d}}/escalations", body: `{"level":"notice"}`, status: 200},
			{name: "but not on others", as: "dh_office", method: "POST", path: "/api/v1/cases/{{b}}/escalations", body: `{"level":"notice"}`, status: 404, unchanged: true},
		})

		h.run(t, []scenario{
			{name: "anyone reads the settings", as: "dh_lly", method: "GET", path: "/api/v1/case-settings", status: 200,
				json: map[string]any{"number_pattern": "督〔{year}〕{seq}号", "sign_hours": 8, "office_hours": "08:30-12:00,14:00-17:30", "blue_days": 3}},
			{name: "a liaison cannot change them", as: "dh_lly", method: "PUT", path: "/api/v1/case-settings", body: settingsBody("督〔{year}〕{seq}号", 10, 3), status: 403, unchanged: true},
			{name: "nor a street office", as: "dh_office", method: "PUT", path: "/api/v1/case-settings", body: settingsBody("督〔{year}〕{seq}号", 10, 3), status: 403, unchanged: true,
				json: map[string]any{"error.message": "只有区级督查室可以修改督办设置。"}},
			{name: "a talk before the notice", as: "office", method: "PUT", path: "/api/v1/case-settings", body: settingsBody("督〔{year}〕{seq}号", 3, 3), status: 422, unchanged: true,
				json: map[string]any{"error.field": "talk_after_days", "error.message": "提出约谈建议的逾期天数（3）须多于发督办通知的逾期天数（3）。"}},
			{name: "a pattern without a sequence", as: "office", method: "PUT", path: "/api/v1/case-settings", body: settingsBody("督〔{year}〕号", 10, 3), status: 422, unchanged: true,
				json: map[string]any{"error.field": "number_pattern"}},
			{name: "the office changes the rules", as: "office", method: "PUT", path: "/api/v1/case-settings", body: settingsBody("区督字〔{year}〕第{seq:3}号", 10, 3), status: 200,
				json: map[string]any{"number_pattern": "区督字〔{year}〕第{seq:3}号", "updated_by": "吴督查"},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=case_settings&action=case_settings.update"); n != 1 {
						t.Errorf("%d settings audit entries", n)
					}
				}},
			raise("the next case follows the new pattern", `{"title":"新规则","source":"superior","lead_unit_id":`+zjj+`,"limit_days":5}`, "e",
				map[string]any{"number": "区督字〔2023〕第005号"}),
		})
	})
}

func settingsBody(pattern string, talk, notice int) map[string]any {
	return map[string]any{"number_pattern": pattern, "sign_hours": 8, "office_hours": "08:30-12:00,14:00-17:30", "blue_days": 3, "remind_days": 3,
		"urge_at_deadline": true, "notice_after_days": notice, "talk_after_days": talk, "reopen_days": 10, "task_case_days": 10}
}

// A lagging or overdue task becomes a case in one step, with its data
// filled in and its status shown on the case.
func TestCaseFromTask(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		addOffice(t, env, "dh_office", f.Units["东湖街道"])
		h := newHarness(env)
		task := func(n string) string { return "/api/v1/tasks/" + id(f.Tasks[n]) + "/case" }
		h.run(t, []scenario{
			{name: "a task not started", as: "office", method: "POST", path: task("5"), status: 409, unchanged: true,
				json: map[string]any{"error.message": "任务「5 智慧停车试点」当前为「未启动」，既未滞后也未逾期，不能转为督办件。"}},
			{name: "an ongoing task", as: "office", method: "POST", path: task("4"), status: 409, unchanged: true, contains: []string{"既未滞后也未逾期"}},
			{name: "a liaison cannot escalate", as: "zjj_lly", method: "POST", path: task("1"), status: 403, unchanged: true},
			{name: "an office that cannot see the task", as: "dh_office", method: "POST", path: task("1"), status: 404, unchanged: true},
			{name: "an overdue task", as: "office", method: "POST", path: task("3"), status: 201,
				json: map[string]any{"source": "task", "state": "draft", "lead_unit": "区城管局", "title": "关于「背街小巷环境整治」进度滞后的督办",
					"urgency": "urgent", "limit_days": 10, "task_ids": []any{f.Tasks["3"]}, "tasks.0.status": "overdue", "tasks.0.number": "3",
					"events.0.text": "由任务「3 背街小巷环境整治」（逾期）转为督办件。"},
				contains: []string{"完成时限为 2023-06-30，截至 2023-07-17 完成进度 0%，已逾期。"}},
			{name: "not twice while the case is open", as: "office", method: "POST", path: task("3"), status: 409, unchanged: true,
				json: map[string]any{"error.message": "任务「3 背街小巷环境整治」已有未办结的督办件 督〔2023〕1号。"}},
			{name: "a severely lagging task, assigned at once", as: "office", method: "POST", path: task("1"),
				body: `{"limit_date":"2023-07-31","note":"请区财政局做好资金保障","assign":true}`, status: 201,
				json: map[string]any{"lead_unit": "区住建局", "co_units": []string{"区财政局"}, "leader": "王建新", "state": "assigned", "deadline": "2023-07-31",
					"urgency": "urgent", "tasks.0.status": "severe"},
				contains: []string{"完成进度 0%，序时进度 50%，落后 50 个百分点，状态为严重滞后。", "有 2 个节点逾期未完成。", "请区财政局做好资金保障"},
				capture:  map[string]string{"c": "id"}},
			{name: "a bad limit", as: "office", method: "POST", path: "/api/v1/tasks/" + id(f.Tasks["2"]) + "/case", body: `{"limit_date":"2023-07-22"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "limit_date"}},
			{name: "the unit sees the task's status on the case", as: "zjj_lly", method: "GET", path: "/api/v1/cases/{{c}}", status: 200,
				json: map[string]any{"tasks.0.title": "老旧小区改造提升", "tasks.0.status": "severe", "tasks.0.expected": 50}},
			{name: "cases by task", as: "office", method: "GET", path: "/api/v1/cases?task=" + id(f.Tasks["1"]), status: 200,
				json: map[string]any{"total": 1, "items.0.source": "task"}},
		})
	})
}
