package api_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
)

// An inspection is planned, carried out and records findings; a finding
// becomes a rectification item that the unit works on and applies to
// close, the office verifies (once failing it), closes and re-checks, and
// the failed re-check reopens it. Every refusal changes nothing.
func TestInspectionAndRectificationWorkflow(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		zjj, dh := id(f.Units["区住建局"]), id(f.Units["东湖街道"])
		plan := `{"kind":"field","title":"城市管理专项实地督查","plan":"随机抽查施工工地和背街小巷","target_unit_ids":[` + zjj + `,` + dh + `],
			"leader_id":` + id(f.People["吴督查"]) + `,"member_ids":[` + id(f.People["张联络"]) + `],"planned_start":"2023-07-17","planned_end":"2023-07-21"}`
		r1 := "/api/v1/rectifications/{{r1}}"
		h.run(t, []scenario{
			// Planning, with the refusals.
			{name: "no kind", as: "office", method: "POST", path: "/api/v1/inspections", body: `{"title":"x","target_unit_ids":[` + zjj + `]}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "kind", "error.message": "请选择检查类型（明查暗访、实地督查或专项督查）。"}},
			{name: "no units", as: "office", method: "POST", path: "/api/v1/inspections", body: `{"kind":"visit","title":"x","leader_id":1}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "target_unit_ids", "error.message": "请选择被检查单位。"}},
			{name: "a unit that does not exist", as: "office", method: "POST", path: "/api/v1/inspections",
				body: `{"kind":"visit","title":"x","target_unit_ids":[9999],"leader_id":1}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "target_unit_ids", "error.message": "未找到编号为 9999 的单位，请从单位列表中选择。"}},
			{name: "no leader", as: "office", method: "POST", path: "/api/v1/inspections", body: `{"kind":"visit","title":"x","target_unit_ids":[` + zjj + `]}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "leader_id"}},
			{name: "a liaison may not plan inspections", as: "zjj_lly", method: "POST", path: "/api/v1/inspections", body: plan, status: 403, unchanged: true},
			{name: "the office plans one", as: "office", method: "POST", path: "/api/v1/inspections", body: plan, status: 201,
				json: map[string]any{"state": "planned", "kind": "field", "target_units.0.name": "区住建局", "target_units.1.name": "东湖街道",
					"leader": "吴督查", "members.0.name": "张联络", "findings": []any{}, "planned_end": "2023-07-21"},
				capture: map[string]string{"insp": "id"}},
			{name: "units do not see inspections", as: "zjj_lly", method: "GET", path: "/api/v1/inspections/{{insp}}", status: 404},
			{name: "nor in the list", as: "zjj_lly", method: "GET", path: "/api/v1/inspections", status: 200, json: map[string]any{"total": 0}},
			{name: "the office lists it", as: "office", method: "GET", path: "/api/v1/inspections?state=planned", status: 200,
				json: map[string]any{"total": 1, "items.0.title": "城市管理专项实地督查"}},
			{name: "no findings before it starts", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings", body: `{"problem":"x"}`,
				status: 409, unchanged: true, json: map[string]any{"error.message": "该检查当前为「计划中」，不能登记发现问题。"}},
			{name: "it is carried out", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/start", status: 200,
				json: map[string]any{"state": "under_way", "started_on": "2023-07-15"}},
			{name: "not twice", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/start", status: 409, unchanged: true},

			// Findings.
			{name: "a finding without a problem", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings", body: `{"unit_id":` + zjj + `}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "problem"}},
			{name: "a finding at the housing bureau", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings",
				body: `{"unit_id":` + zjj + `,"problem":"施工工地围挡破损，渣土未覆盖","requirement":"立即整改，建立巡查制度"}`, status: 201,
				json: map[string]any{"seq": 1, "unit_name": "区住建局", "found_on": "2023-07-15"}, capture: map[string]string{"f1": "id"}},
			{name: "a finding in the street", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings",
				body: `{"unit_id":` + dh + `,"problem":"背街小巷垃圾清运不及时"}`, status: 201, json: map[string]any{"seq": 2}, capture: map[string]string{"f2": "id"}},
			{name: "a finding about no unit in particular", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings",
				body: `{"problem":"部分单位整改台账不全"}`, status: 201, json: map[string]any{"seq": 3, "unit_name": ""}, capture: map[string]string{"f3": "id"}},

			// Issuing items, with the refusals.
			{name: "an item without a unit", as: "office", method: "POST", path: "/api/v1/findings/{{f3}}/rectifications", body: `{"deadline_workdays":5}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "unit_id", "error.message": "请选择承办单位：该问题没有指定单位。"}},
			{name: "a deadline on a Sunday", as: "office", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{"deadline":"2023-07-30"}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "deadline",
					"error.message": "整改时限「2023-07-30」（星期日）不是工作日，请改为工作日（最近的工作日是 2023-07-31）。"}},
			{name: "a deadline in the past", as: "office", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{"deadline":"2023-07-14"}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "整改时限「2023-07-14」早于今天（2023-07-15）。"}},
			{name: "no deadline", as: "office", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "请填写整改时限（日期或工作日天数）。"}},
			{name: "a unit may not issue items", as: "zjj_lly", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{"deadline_workdays":10}`,
				status: 404, unchanged: true},
			{name: "ten working days", as: "office", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{"deadline_workdays":10}`, status: 201,
				json: map[string]any{"state": "issued", "deadline": "2023-07-28", "deadline_workdays": 10, "unit_name": "区住建局", "problem": "施工工地围挡破损，渣土未覆盖",
					"requirement": "立即整改，建立巡查制度", "inspection_title": "城市管理专项实地督查", "overdue": false, "events.0.action": "issue",
					"events.0.actor": "吴督查", "actions": []any{}},
				capture: map[string]string{"r1": "id"}},
			{name: "not twice for the same unit", as: "office", method: "POST", path: "/api/v1/findings/{{f1}}/rectifications", body: `{"deadline_workdays":10}`,
				status: 409, unchanged: true, json: map[string]any{"error.message": "该问题已向「区住建局」下发过整改事项。"}},
			{name: "an item for the street", as: "office", method: "POST", path: "/api/v1/findings/{{f2}}/rectifications", body: `{"deadline":"2023-07-31"}`, status: 201,
				capture: map[string]string{"r2": "id"}},

			// Scope: a unit sees only its own items.
			{name: "another unit cannot see the item", as: "czj_lly", method: "GET", path: r1, status: 404, absent: []string{"围挡"}},
			{name: "nor can the street", as: "dh_lly", method: "GET", path: r1, status: 404},
			{name: "the street lists only its own", as: "dh_lly", method: "GET", path: "/api/v1/rectifications", status: 200,
				json: map[string]any{"total": 1, "items.0.id": "{{r2}}"}},
			{name: "the leader of the sector reads it", as: "leader_wang", method: "GET", path: r1, status: 200, json: map[string]any{"actions": []any{}}},
			{name: "another leader does not", as: "leader_li", method: "GET", path: r1, status: 404},
			{name: "an out-of-scope unit cannot act on it", as: "czj_lly", method: "POST", path: r1 + "/measures", body: `{"measures":"x"}`, status: 404, unchanged: true},
			{name: "the unit sees what it may do", as: "zjj_lly", method: "GET", path: r1, status: 200,
				json: map[string]any{"actions": []any{"measures", "progress", "evidence"}}},

			// The unit works on it.
			{name: "no application before measures", as: "zjj_lly", method: "POST", path: r1 + "/apply", body: `{"note":"已整改"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "measures", "error.message": "申请销号前请先填写整改措施。"}},
			{name: "closing an item nobody verified", as: "office", method: "POST", path: r1 + "/close", status: 409, unchanged: true,
				contains: []string{"尚未验收通过，不能销号（当前为「已下发」）"}},
			{name: "a unit may not verify", as: "zjj_lly", method: "POST", path: r1 + "/verify", body: `{"result":"passed"}`, status: 403, unchanged: true},
			{name: "the office may not write the unit's measures", as: "office", method: "POST", path: r1 + "/measures", body: `{"measures":"x"}`, status: 403, unchanged: true},
			{name: "empty measures", as: "zjj_lly", method: "POST", path: r1 + "/measures", body: `{"measures":"  "}`, status: 422, unchanged: true},
			{name: "the unit writes its measures", as: "zjj_lly", method: "POST", path: r1 + "/measures",
				body: `{"measures":"更换破损围挡，渣土全部覆盖；建立每日巡查台账"}`, status: 200,
				json: map[string]any{"state": "in_progress", "measures": "更换破损围挡，渣土全部覆盖；建立每日巡查台账", "events.1.action": "measures", "events.1.actor": "张联络"}},
			{name: "and reports progress", as: "zjj_lly", method: "POST", path: r1 + "/progress", body: `{"note":"已更换围挡120米"}`, status: 200,
				json: map[string]any{"progress": "已更换围挡120米", "events.#": 3}},
			{name: "a file without a name", as: "zjj_lly", method: "POST", path: r1 + "/files", body: pngBytes, status: 422, unchanged: true},
			{name: "an executable is not evidence", as: "zjj_lly", method: "POST", path: r1 + "/files?name=x.exe", body: []byte("MZ\x90\x00binary"), status: 422, unchanged: true},
			{name: "and uploads a photo", as: "zjj_lly", method: "POST", path: r1 + "/files?name=" + url.QueryEscape("围挡照片.png"), body: pngBytes, status: 200,
				json: map[string]any{"files.0.name": "围挡照片.png", "events.3.action": "evidence"}, capture: map[string]string{"file": "files.0.id"}},
			{name: "the office downloads it", as: "office", method: "GET", path: "/api/v1/rectification-files/{{file}}", status: 200,
				headers: map[string]string{"Content-Type": "image/png", "Content-Disposition": "attachment"},
				check: func(t *testing.T, _ *harness, res *result) {
					if !bytes.Equal(res.body, pngBytes) {
						t.Error("downloaded bytes differ")
					}
				}},
			{name: "another unit cannot", as: "czj_lly", method: "GET", path: "/api/v1/rectification-files/{{file}}", status: 404},
			{name: "closing an item still in progress", as: "office", method: "POST", path: r1 + "/close", status: 409, unchanged: true,
				contains: []string{"当前为「整改中」"}},
			{name: "an application needs a note", as: "zjj_lly", method: "POST", path: r1 + "/apply", body: `{"note":""}`, status: 422, unchanged: true},
			{name: "the unit applies for closing", as: "zjj_lly", method: "POST", path: r1 + "/apply", body: `{"note":"围挡全部更换，渣土全部覆盖"}`, status: 200,
				json: map[string]any{"state": "applied", "applied_on": "2023-07-15", "progress": "围挡全部更换，渣土全部覆盖"}},
			{name: "no progress while it waits", as: "zjj_lly", method: "POST", path: r1 + "/progress", body: `{"note":"x"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "该整改事项当前为「已申请销号」，不能报送整改进展。"}},
			{name: "closing an applied item nobody verified", as: "office", method: "POST", path: r1 + "/close", status: 409, unchanged: true,
				contains: []string{"尚未验收通过，不能销号（当前为「已申请销号」）"}},

			// The office verifies: first it fails.
			{name: "a verification without a result", as: "office", method: "POST", path: r1 + "/verify", body: `{"note":"x"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "result"}},
			{name: "failing needs reasons", as: "office", method: "POST", path: r1 + "/verify", body: `{"result":"failed"}`, status: 422, unchanged: true,
				json: map[string]any{"error.message": "不通过时请填写理由。"}},
			{name: "failing with a new deadline on a Saturday", as: "office", method: "POST", path: r1 + "/verify",
				body: `{"result":"failed","note":"东侧围挡仍有破损","deadline":"2023-07-22"}`, status: 422, unchanged: true, contains: []string{"新的整改时限「2023-07-22」（星期六）不是工作日"}},
			{name: "it fails with reasons", as: "office", method: "POST", path: r1 + "/verify", body: `{"result":"failed","note":"东侧围挡仍有破损","deadline_workdays":5}`,
				status: 200, json: map[string]any{"state": "in_progress", "deadline": "2023-07-21", "events.5.action": "verify_fail", "events.5.note": "东侧围挡仍有破损"}},
			{name: "the unit applies again", as: "zjj_lly", method: "POST", path: r1 + "/apply", body: `{"note":"东侧围挡已更换"}`, status: 200,
				json: map[string]any{"state": "applied"}},
			{name: "it passes", as: "office", method: "POST", path: r1 + "/verify", body: `{"result":"passed","note":"现场核查合格"}`, status: 200,
				json: map[string]any{"state": "verified", "verified_on": "2023-07-15", "actions": []any{"close"}}},
			{name: "a re-check on a Sunday", as: "office", method: "POST", path: r1 + "/close", body: `{"recheck_on":"2023-08-13"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "recheck_on"}},
			{name: "it is closed, with a re-check in a month", as: "office", method: "POST", path: r1 + "/close", body: `{"note":"同意销号","recheck_on":"2023-08-14"}`, status: 200,
				json: map[string]any{"state": "closed", "closed_on": "2023-07-15", "recheck_on": "2023-08-14", "actions": []any{"schedule_recheck", "recheck_pass", "recheck_fail"}}},
			{name: "not twice", as: "office", method: "POST", path: r1 + "/close", status: 409, unchanged: true,
				json: map[string]any{"error.message": "该整改事项当前为「已销号」，不能销号。"}},

			// The re-check finds the problem back: the item reopens.
			{name: "a failed re-check needs a new deadline", as: "office", method: "POST", path: r1 + "/recheck", body: `{"result":"failed","note":"围挡再次破损"}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "请填写新的整改时限（日期或工作日天数）。"}},
			{name: "the re-check fails", as: "office", method: "POST", path: r1 + "/recheck", body: `{"result":"failed","note":"围挡再次破损","deadline":"2023-08-31"}`,
				status: 200, json: map[string]any{"state": "in_progress", "reopened": 1, "deadline": "2023-08-31", "closed_on": nil, "recheck_on": nil,
					"actions": []any{}, "events.#": 10, "events.9.action": "recheck_fail", "events.9.state": "in_progress", "events.9.date": "2023-08-14"},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=rectification&entity_id="+h.vars["r1"]); n != 10 {
						t.Errorf("%d audit entries for the item, want one per step (10)", n)
					}
				}},
			{name: "the reopened item is the unit's again", as: "zjj_lly", method: "GET", path: r1, status: 200,
				json: map[string]any{"actions": []any{"measures", "progress", "evidence", "apply"}}},

			// The street's item: closed without a re-check, then scheduled and passed.
			{name: "the street writes measures", as: "dh_lly", method: "POST", path: "/api/v1/rectifications/{{r2}}/measures", body: `{"measures":"增加清运频次"}`, status: 200},
			{name: "and applies", as: "dh_lly", method: "POST", path: "/api/v1/rectifications/{{r2}}/apply", body: `{"note":"已实行日产日清"}`, status: 200},
			{name: "verified", as: "office", method: "POST", path: "/api/v1/rectifications/{{r2}}/verify", body: `{"result":"passed"}`, status: 200},
			{name: "closed", as: "office", method: "POST", path: "/api/v1/rectifications/{{r2}}/close", body: `{}`, status: 200, json: map[string]any{"recheck_on": nil}},
			{name: "no re-check result before one is scheduled", as: "office", method: "POST", path: "/api/v1/rectifications/{{r2}}/recheck", body: `{"result":"passed"}`,
				status: 409, unchanged: true, json: map[string]any{"error.message": "尚未安排回头看日期，请先安排回头看。"}},
			{name: "scheduled", as: "office", method: "POST", path: "/api/v1/rectifications/{{r2}}/recheck-date", body: `{"recheck_on":"2023-08-01"}`, status: 200,
				json: map[string]any{"recheck_on": "2023-08-01", "state": "closed"}},
			{name: "the re-check passes", as: "office", method: "POST", path: "/api/v1/rectifications/{{r2}}/recheck", body: `{"result":"passed","note":"未见反弹"}`, status: 200,
				json: map[string]any{"state": "confirmed", "actions": []any{}}},

			// The board and the filters.
			{name: "the board", as: "office", method: "GET", path: "/api/v1/rectifications/board", status: 200,
				json: map[string]any{"total": 2, "by_state.in_progress": 1, "by_state.confirmed": 1, "by_state.closed": 0, "overdue": 0,
					"by_unit[unit=区住建局].open": 1, "by_unit[unit=东湖街道].closed": 1}},
			{name: "the street's board", as: "dh_lly", method: "GET", path: "/api/v1/rectifications/board", status: 200, json: map[string]any{"total": 1}},
			{name: "filter by state", as: "office", method: "GET", path: "/api/v1/rectifications?state=confirmed", status: 200,
				json: map[string]any{"total": 1, "items.0.id": "{{r2}}"}},
			{name: "a bad state", as: "office", method: "GET", path: "/api/v1/rectifications?state=done", status: 422, json: map[string]any{"error.field": "state"}},
			{name: "open items of one unit", as: "office", method: "GET", path: "/api/v1/rectifications?open=1&unit=" + dh, status: 200, json: map[string]any{"total": 0}},
			{name: "the inspection lists its items", as: "office", method: "GET", path: "/api/v1/inspections/{{insp}}", status: 200,
				json: map[string]any{"rectifications.#": 2, "findings.#": 3}},

			// Concluding.
			{name: "concluded", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/conclude", body: `{"conclusion":"发现问题3个，已全部交办"}`, status: 200,
				json: map[string]any{"state": "concluded", "concluded_on": "2023-07-15", "conclusion": "发现问题3个，已全部交办"}},
			{name: "no edits after", as: "office", method: "PUT", path: "/api/v1/inspections/{{insp}}", body: plan, status: 409, unchanged: true},
			{name: "no findings after", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings", body: `{"problem":"x"}`, status: 409, unchanged: true},
			{name: "items may still be issued", as: "office", method: "POST", path: "/api/v1/findings/{{f3}}/rectifications",
				body: `{"unit_id":` + id(f.Units["区城管局"]) + `,"deadline_workdays":3}`, status: 201, json: map[string]any{"unit_name": "区城管局", "deadline": "2023-07-19"}},
		})

		// The 整改台账 has the offices' columns and one row per item.
		res := h.call(t, "office", "GET", "/api/v1/rectifications/ledger.xlsx", nil)
		if res.status != 200 || res.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.Contains(res.header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("ledger: %d %v", res.status, res.header)
		}
		x, err := excelize.OpenReader(bytes.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("整改台账")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 {
			t.Fatalf("ledger has %d rows: %q", len(rows), rows)
		}
		if got := strings.Join(rows[1], "|"); got != "序号|督查事项/问题|来源（检查名称）|承办单位|整改时限|整改措施|整改情况|销号情况|备注" {
			t.Errorf("ledger header: %s", got)
		}
		byUnit := map[string][]string{}
		for _, r := range rows[2:] {
			byUnit[r[3]] = r
		}
		if r := byUnit["区住建局"]; len(r) < 9 || r[1] != "施工工地围挡破损，渣土未覆盖" || r[2] != "城市管理专项实地督查" || r[4] != "2023-08-31" ||
			r[5] != "更换破损围挡，渣土全部覆盖；建立每日巡查台账" || r[6] != "东侧围挡已更换" || r[7] != "未销号" || r[8] != "回头看不通过，重新整改 1 次" {
			t.Errorf("housing bureau row: %q", r)
		}
		if r := byUnit["东湖街道"]; len(r) < 8 || r[7] != "已销号（2023-07-15），回头看通过" {
			t.Errorf("street row: %q", r)
		}
		if r := byUnit["区城管局"]; len(r) < 5 || r[4] != "2023-07-19（3个工作日）" {
			t.Errorf("city management row: %q", r)
		}
		// A unit's ledger holds its own items only.
		res = h.call(t, "dh_lly", "GET", "/api/v1/rectifications/ledger.xlsx", nil)
		x, err = excelize.OpenReader(bytes.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := x.GetRows("整改台账"); len(rows) != 3 || rows[2][3] != "东湖街道" {
			t.Errorf("the street's ledger: %q", rows)
		}
	})
}

// A deadline on a public holiday (National Day, a Monday) is refused.
func TestRectificationDeadlineOnHoliday(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		cal, err := env.App.Service.WorkCalendar(context.Background())
		if err != nil || cal.IsWorkday(domain.MustDate("2023-10-02")) {
			t.Fatalf("the official calendar must know 2023-10-02 as a holiday (%v)", err)
		}
		h := newHarness(env)
		f := env.Fix
		h.run(t, []scenario{
			{name: "plan", as: "office", method: "POST", path: "/api/v1/inspections", status: 201, capture: map[string]string{"insp": "id"},
				body: `{"kind":"visit","title":"国庆前安全检查","target_unit_ids":[` + id(f.Units["区城管局"]) + `],"leader_id":` + id(f.People["吴督查"]) + `}`},
			{name: "start", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/start", status: 200},
			{name: "finding", as: "office", method: "POST", path: "/api/v1/inspections/{{insp}}/findings", status: 201, capture: map[string]string{"f": "id"},
				body: `{"unit_id":` + id(f.Units["区城管局"]) + `,"problem":"消防通道堵塞"}`},
			{name: "a deadline on National Day", as: "office", method: "POST", path: "/api/v1/findings/{{f}}/rectifications", body: `{"deadline":"2023-10-02"}`,
				status: 422, unchanged: true, contains: []string{"整改时限「2023-10-02」（国庆节假期）不是工作日"}},
		})
	})
}
