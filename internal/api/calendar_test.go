package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// A fictitious 2027 schedule, as a system admin would prepare it.
const calendar2027 = "日期,假或班,名称\n2027-01-01,假,元旦\n" +
	"2027-02-05,假,春节\n2027-02-06,假,春节\n2027-02-07,假,春节\n2027-02-08,假,春节\n" +
	"2027-02-09,假,春节\n2027-02-10,假,春节\n2027-02-11,假,春节\n2027-02-12,假,春节\n" +
	"2027-02-14,班,春节\n2027-02-20,班,春节\n"

func TestCalendar(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		csv := map[string]string{"Content-Type": "text/csv; charset=utf-8"}
		// Due Thursday 2023-09-28 with its only node on that day: on
		// Wednesday 2023-09-20 it has six working days left, one more than
		// the plan's five for due_soon.
		task := fmt.Sprintf(`{"plan_id":%d,"number":"9","title":"中秋前完成背街整治","lead_unit_ids":[%d],"start":"2023-09-01","due":"2023-09-28",
			"milestones":[{"due":"2023-09-28","description":"完成","planned_pct":100}]}`, f.Plan.ID, f.Units["区城管局"])
		bad := "日期,类型,名称\n2027-01-01,假,元旦\n2027-02-30,假,春节\n2027-02-09,班,春节\n2027-02-10,放,春节\n2027-01-01,假,元旦\n"
		h.run(t, []scenario{
			{name: "anyone logged in reads a year", as: "zjj_lly", method: "GET", path: "/api/v1/calendar?year=2025", status: 200,
				json: map[string]any{"year": 2025, "covered": true, "source": "seed", "workdays": 248, "holidays": 18, "days.#": 33,
					"days[date=2025-01-26].kind": "workday", "days[date=2025-01-26].name": "春节",
					"days[date=2025-10-08].kind": "holiday", "days[date=2025-10-08].name": "国庆节、中秋节", "missing": []any{}}},
			{name: "this year by default", as: "leader_wang", method: "GET", path: "/api/v1/calendar", status: 200,
				json: map[string]any{"year": 2023, "covered": true, "days[date=2023-10-07].kind": "workday"}},
			{name: "a year without data is not covered", as: "office", method: "GET", path: "/api/v1/calendar?year=2027", status: 200,
				json: map[string]any{"year": 2027, "covered": false, "days": []any{}, "workdays": 261}},
			{name: "not without a token", method: "GET", path: "/api/v1/calendar", status: 401},
			{name: "a bad year is named", as: "office", method: "GET", path: "/api/v1/calendar?year=二〇二五", status: 422,
				json: map[string]any{"error.field": "year"}},

			{name: "an office creates a task due after the Mid-Autumn weekend", as: "office", method: "POST", path: "/api/v1/tasks", body: task, status: 201,
				capture: map[string]string{"task": "id"}},
			{name: "six working days left: on track", as: "office", method: "GET", path: "/api/v1/tasks/{{task}}?as_of=2023-09-20", status: 200,
				json: map[string]any{"status": "on_track"}},
			{name: "an office may not edit the calendar", as: "office", method: "PUT", path: "/api/v1/calendar/days/2023-09-21",
				body: `{"kind":"holiday","name":"临时放假"}`, status: 403, unchanged: true},
			{name: "nor a liaison", as: "zjj_lly", method: "PUT", path: "/api/v1/calendar/days/2023-09-21",
				body: `{"kind":"holiday"}`, status: 403, unchanged: true},
			{name: "nor the security admin", as: "secadmin", method: "DELETE", path: "/api/v1/calendar/days/2025-01-26", status: 403, unchanged: true},
			{name: "the system admin adds a day off", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-21",
				body: `{"kind":"holiday","name":" 临时放假 "}`, status: 200,
				json: map[string]any{"date": "2023-09-21", "kind": "holiday", "name": "临时放假", "source": "manual", "year": 2023}},
			{name: "the task is now due soon", as: "office", method: "GET", path: "/api/v1/tasks/{{task}}?as_of=2023-09-20", status: 200,
				json: map[string]any{"status": "due_soon"}},
			{name: "and the status report agrees", as: "office", method: "GET", path: "/api/v1/status?as_of=2023-09-20", status: 200,
				json: map[string]any{"tasks[number=9].status": "due_soon"}},
			{name: "everyone sees the day", as: "czj_lly", method: "GET", path: "/api/v1/calendar?year=2023", status: 200,
				json: map[string]any{"days[date=2023-09-21].name": "临时放假", "days[date=2023-09-21].source": "manual", "source": "seed"}},
			{name: "the system admin renames it", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-21",
				body: `{"kind":"holiday","name":"防台风停工"}`, status: 200, json: map[string]any{"name": "防台风停工"}},
			{name: "a workday must be a weekend", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-19",
				body: `{"kind":"workday"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "kind"},
				contains: []string{"2023-09-19 是星期二，本来就要上班"}},
			{name: "an unknown kind is refused", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-23",
				body: `{"kind":"rest"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "kind"}},
			{name: "an unknown field is refused", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-23",
				body: `{"kind":"holiday","reason":"x"}`, status: 422, unchanged: true},
			{name: "a name too long is refused", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-09-23",
				body: `{"kind":"holiday","name":"` + strings.Repeat("长", 41) + `"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "name"}},
			{name: "no such date", as: "sysadmin", method: "PUT", path: "/api/v1/calendar/days/2023-02-30", body: `{"kind":"holiday"}`, status: 404, unchanged: true},
			{name: "the system admin deletes the day", as: "sysadmin", method: "DELETE", path: "/api/v1/calendar/days/2023-09-21", status: 204},
			{name: "on track again", as: "office", method: "GET", path: "/api/v1/tasks/{{task}}?as_of=2023-09-20", status: 200,
				json: map[string]any{"status": "on_track"}},
			{name: "deleting a date without an entry", as: "sysadmin", method: "DELETE", path: "/api/v1/calendar/days/2023-09-21", status: 404, unchanged: true,
				contains: []string{"2023-09-21 没有节假日安排记录"}},
			{name: "the edits are in the audit log", as: "auditor", method: "GET", path: "/api/v1/audit?entity=calendar_day&entity_id=2023-09-21", status: 200,
				json: map[string]any{"items.#": 3, "items.0.action": "calendar.day.delete", "items.2.action": "calendar.day.set"}},

			{name: "an office may not import", as: "office", method: "POST", path: "/api/v1/calendar/imports", body: calendar2027, header: csv,
				status: 403, unchanged: true},
			{name: "a malformed file changes nothing and names every bad row", as: "sysadmin", method: "POST", path: "/api/v1/calendar/imports",
				body: bad, header: csv, status: 422, unchanged: true,
				json: map[string]any{"error.code": "invalid", "error.details.#": 4},
				contains: []string{"未导入任何内容", "第 3 行「日期」：「2027-02-30」不是有效日期", "第 4 行「类型」：2027-02-09 是星期二",
					"第 5 行「类型」：「放」无法识别", "第 6 行「日期」：2027-01-01 与第 2 行重复"}},
			{name: "an empty file", as: "sysadmin", method: "POST", path: "/api/v1/calendar/imports", body: "", header: csv, status: 422, unchanged: true},
			{name: "a year the dates do not belong to", as: "sysadmin", method: "POST", path: "/api/v1/calendar/imports?year=2026", body: calendar2027, header: csv,
				status: 422, unchanged: true, contains: []string{"不属于 2026 年的节假日安排"}},
			{name: "the system admin imports 2027", as: "sysadmin", method: "POST", path: "/api/v1/calendar/imports?file_name=2027.csv", body: calendar2027, header: csv,
				status: 200, json: map[string]any{"year": 2027, "file_name": "2027.csv", "days": 11, "holidays": 9, "workdays": 2, "added": 11, "removed": 0}},
			{name: "2027 is covered", as: "office", method: "GET", path: "/api/v1/calendar?year=2027", status: 200,
				json: map[string]any{"covered": true, "source": "import", "days.#": 11, "days[date=2027-02-14].kind": "workday", "workdays": 261 - 7 + 2}},
			{name: "a second import replaces the year's schedule", as: "sysadmin", method: "POST", path: "/api/v1/calendar/imports",
				body: "2027-01-01,假,元旦\n2027-02-14,班,春节调休\n", header: csv, status: 200,
				json: map[string]any{"year": 2027, "added": 0, "changed": 1, "unchanged": 1, "removed": 9}},
			{name: "the import is in the audit log", as: "auditor", method: "GET", path: "/api/v1/audit?entity=calendar_year&entity_id=2027&action=calendar.import", status: 200,
				json: map[string]any{"items.#": 2}},
		})
	})
}

// A workbook imports like a CSV file.
func TestCalendarImportWorkbook(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		book := sheetBytes(t, [][]any{
			{"2028年部分节假日安排"},
			{"日期", "类型", "名称"},
			{"2028-01-01", "休", "元旦"},
			{"2028-01-25", "节假日", "春节"},
			{"2028-01-29", "调休上班", "春节"},
		})
		code, out := postSheet(t, env, h.token(t, "sysadmin"), "/api/v1/calendar/imports", book)
		if code != 200 || out["year"] != float64(2028) || out["added"] != float64(3) {
			t.Fatalf("import: %d %v", code, out)
		}
		res := h.call(t, "office", "GET", "/api/v1/calendar?year=2028", nil)
		if v, _ := lookup(res.json, "days[date=2028-01-29].kind"); v != "workday" {
			t.Errorf("2028-01-29: %v", v)
		}
	})
}
