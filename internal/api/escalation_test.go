package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The escalation ladder over the API: the office runs the sweep, reads what
// it did, confirms the 约谈 proposal and records the talk and the
// accountability; the unit applies for exemption with a file, the office
// approves, and the case and the unit's standing show it. Refusals change
// nothing.
func TestEscalationRecords(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		addOffice(t, env, "dh_office", f.Units["东湖街道"])
		h := newHarness(env)
		zjj := id(f.Units["区住建局"])
		c1 := "/api/v1/cases/{{c1}}"
		h.run(t, []scenario{
			{name: "a case due in five working days", as: "office", method: "POST", path: "/api/v1/cases",
				body:   `{"title":"背街小巷整治","source":"meeting","leader_id":` + id(f.People["王建新"]) + `,"lead_unit_id":` + zjj + `,"task_ids":[` + id(f.Tasks["1"]) + `],"limit_days":5,"assign":true}`,
				status: 201, json: map[string]any{"deadline": "2023-07-24"}, capture: map[string]string{"c1": "id"}},
			{name: "signed", as: "zjj_lly", method: "POST", path: c1 + "/sign", status: 200},
		})
		clock.set("2023-08-07 09:00")
		h.run(t, []scenario{
			{name: "a liaison cannot run the sweep", as: "zjj_lly", method: "POST", path: "/api/v1/escalation-runs", status: 403, unchanged: true},
			{name: "nor a street office", as: "dh_office", method: "POST", path: "/api/v1/escalation-runs", status: 403, unchanged: true,
				json: map[string]any{"error.message": "只有区督查室可以立即运行督办升级巡查。"}},
			{name: "the district office runs it", as: "office", method: "POST", path: "/api/v1/escalation-runs", status: 201,
				json:    map[string]any{"as_of": "2023-08-07", "cases": 1, "reminds": 1, "urges": 1, "notices": 1, "talks": 1, "notifications": 4},
				capture: map[string]string{"run": "id"}},
			{name: "again: nothing new", as: "office", method: "POST", path: "/api/v1/escalation-runs", status: 201, json: map[string]any{"cases": 0, "notifications": 0}},
			{name: "the busy runs", as: "office", method: "GET", path: "/api/v1/escalation-runs?busy=1", status: 200, json: map[string]any{"total": 1, "items.0.talks": 1}},
			{name: "what the run did", as: "office", method: "GET", path: "/api/v1/escalation-runs/{{run}}", status: 200,
				json: map[string]any{"items.#": 4, "items.3.kind": "talk_proposal", "items.3.lead_unit": "区住建局", "items.0.number": "督〔2023〕1号"}},
			{name: "a street office sees none of a department's", as: "dh_office", method: "GET", path: "/api/v1/escalation-runs/{{run}}", status: 200,
				json: map[string]any{"items.#": 0}},
			{name: "the timeline, as the system", as: "zjj_lly", method: "GET", path: c1, status: 200,
				json: map[string]any{"escalation": 4, "events.#": 7, "events.6.kind": "talk_proposal", "events.6.actor": "system:escalation",
					"events.6.text": "已超过办理时限（2023-07-24）10 个工作日仍未办结，建议约谈牵头单位主要负责人。", "can.apply_exemption": true}},
			{name: "the unit's standing", as: "zjj_fzr", method: "GET", path: "/api/v1/units/" + zjj + "/escalation", status: 200,
				json: map[string]any{"open": 1, "rungs.talk_proposal": 1, "recent.#": 4}},
			{name: "the proposal waits", as: "office", method: "GET", path: "/api/v1/talk-proposals", status: 200,
				json: map[string]any{"total": 1, "items.0.case.number": "督〔2023〕1号", "items.0.leader": "王建新"}},
			{name: "declining needs reasons", as: "office", method: "POST", path: "/api/v1/talk-proposals/{{c1}}/decline", body: `{"note":""}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "note", "error.message": "请填写说明。"}},
			{name: "a liaison cannot confirm", as: "zjj_lly", method: "POST", path: "/api/v1/talk-proposals/{{c1}}/confirm", status: 403, unchanged: true},
			{name: "the office confirms", as: "office", method: "POST", path: "/api/v1/talk-proposals/{{c1}}/confirm", body: `{"planned_on":"2023-08-09"}`, status: 201,
				json:    map[string]any{"state": "planned", "unit": "区住建局", "proposal": true, "cases.0.number": "督〔2023〕1号", "can.record": true},
				headers: map[string]string{"Location": "/api/v1/talks/"}, capture: map[string]string{"talk": "id"}},
			{name: "not twice", as: "office", method: "POST", path: "/api/v1/talk-proposals/{{c1}}/confirm", status: 409, unchanged: true,
				json: map[string]any{"error.message": "督办件 督〔2023〕1号 没有待处理的约谈建议。"}},
			{name: "a talk recorded before it happens", as: "office", method: "POST", path: "/api/v1/talks/{{talk}}/record",
				body: `{"held_on":"2023-08-09","talker_id":` + id(f.People["王建新"]) + `,"talkee":"赵局长","commitments":"月底前完工"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "held_on", "error.message": "日期 2023-08-09 晚于今天（2023-08-07）：只能记录已经发生的事。"}},
			{name: "nobody talked to", as: "office", method: "POST", path: "/api/v1/talks/{{talk}}/record",
				body: `{"held_on":"2023-08-07","talker_id":` + id(f.People["王建新"]) + `,"commitments":"月底前完工"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "talkee", "error.message": "请填写被约谈人。"}},
			{name: "recorded", as: "office", method: "POST", path: "/api/v1/talks/{{talk}}/record",
				body: `{"held_on":"2023-08-07","talker_id":` + id(f.People["王建新"]) + `,"talkee":"赵局长","commitments":"月底前完工"}`, status: 200,
				json: map[string]any{"state": "held", "talker": "王建新", "talkee": "赵局长", "recorded_by": "吴督查"}},
			{name: "the unit reads its talks", as: "zjj_lly", method: "GET", path: "/api/v1/talks", status: 200, json: map[string]any{"total": 1, "items.0.can.exempt": true}},
			{name: "another unit does not", as: "dh_lly", method: "GET", path: "/api/v1/talks", status: 200, json: map[string]any{"total": 0}},
			{name: "a bad state filter", as: "office", method: "GET", path: "/api/v1/talks?state=maybe", status: 422},
			{name: "the measures", as: "office", method: "GET", path: "/api/v1/accountability-measures", status: 200, json: map[string]any{"measures.3": "诫勉谈话"}},
			{name: "a street office cannot change them", as: "dh_office", method: "PUT", path: "/api/v1/accountability-measures", body: `{"measures":["谈话"]}`,
				status: 403, unchanged: true},
			{name: "an unknown measure", as: "office", method: "POST", path: "/api/v1/accountability",
				body: `{"decision":"诫勉谈话","person":"赵局长","unit_id":` + zjj + `,"measure":"罚款","date":"2023-08-07","talk_id":{{talk}}}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "measure"}},
			{name: "accountability", as: "office", method: "POST", path: "/api/v1/accountability",
				body:   `{"decision":"对赵局长诫勉谈话","person":"赵局长","unit_id":` + zjj + `,"measure":"诫勉谈话","date":"2023-08-07","talk_id":{{talk}},"case_id":{{c1}}}`,
				status: 201, json: map[string]any{"measure": "诫勉谈话", "case.number": "督〔2023〕1号", "unit": "区住建局"}, capture: map[string]string{"acc": "id"}},
			{name: "read by the unit", as: "zjj_fzr", method: "GET", path: "/api/v1/accountability/{{acc}}", status: 200, json: map[string]any{"can_exempt": true}},
			{name: "not by another", as: "czj_lly", method: "GET", path: "/api/v1/accountability/{{acc}}", status: 404},
			{name: "the office cannot apply for the unit", as: "office", method: "POST", path: "/api/v1/exemptions",
				body: `{"kind":"case","target_id":{{c1}},"grounds":"x"}`, status: 403, unchanged: true},
			{name: "an application without grounds", as: "zjj_lly", method: "POST", path: "/api/v1/exemptions",
				body: `{"kind":"case","target_id":{{c1}}}`, status: 422, unchanged: true, json: map[string]any{"error.field": "grounds", "error.message": "请填写申请理由。"}},
			{name: "the unit applies with a file", as: "zjj_lly", method: "POST", path: "/api/v1/exemptions",
				form: &form{fields: [][2]string{{"kind", "case"}, {"target_id", "{{c1}}"}, {"grounds", "连续暴雨停工"}},
					files: []formFile{{field: "files", name: "气象证明.png", contentType: "image/png", data: pngBytes}}},
				status: 201, json: map[string]any{"state": "pending", "unit": "区住建局", "year": 2023, "files.0.name": "气象证明.png", "can_decide": false},
				capture: map[string]string{"ex": "id", "exf": "files.0.id"}},
			{name: "the file downloads for the office", as: "office", method: "GET", path: "/api/v1/exemptions/{{ex}}/files/{{exf}}", status: 200,
				headers: map[string]string{"Content-Type": "image/png"}},
			{name: "not for another unit", as: "dh_lly", method: "GET", path: "/api/v1/exemptions/{{ex}}/files/{{exf}}", status: 404},
			{name: "the office lists it to decide", as: "office", method: "GET", path: "/api/v1/exemptions?state=pending", status: 200,
				json: map[string]any{"total": 1, "items.0.can_decide": true, "items.0.link": "/cases/{{c1}}"}},
			{name: "a decision needs reasons", as: "office", method: "POST", path: "/api/v1/exemptions/{{ex}}/decide", body: `{"approve":true}`, status: 422, unchanged: true,
				json: map[string]any{"error.message": "请填写审批意见。"}},
			{name: "approved", as: "office", method: "POST", path: "/api/v1/exemptions/{{ex}}/decide", body: `{"approve":true,"reasons":"属不可抗力"}`, status: 200,
				json: map[string]any{"state": "approved", "decided_by": "吴督查"}},
			{name: "the case shows it", as: "zjj_lly", method: "GET", path: c1, status: 200,
				json: map[string]any{"exemption.decision": "属不可抗力", "exemptions.#": 1, "can.apply_exemption": false}},
			{name: "so does the listing", as: "office", method: "GET", path: "/api/v1/cases", status: 200, json: map[string]any{"items.0.exemption.decided_by": "吴督查"}},
			{name: "the task lags", as: "zjj_lly", method: "POST", path: "/api/v1/exemptions", body: `{"kind":"task","target_id":` + id(f.Tasks["1"]) + `,"grounds":"设计变更"}`,
				status: 201, capture: map[string]string{"ext": "id"}},
			{name: "approved too", as: "office", method: "POST", path: "/api/v1/exemptions/{{ext}}/decide", body: `{"approve":true,"reasons":"批复属实"}`, status: 200},
			{name: "the task shows it", as: "zjj_lly", method: "GET", path: "/api/v1/tasks/" + id(f.Tasks["1"]), status: 200, json: map[string]any{"exemption.decision": "批复属实"}},
			{name: "and its status", as: "office", method: "GET", path: "/api/v1/status", status: 200, json: map[string]any{"tasks.0.exemption.decision": "批复属实"}},
			{name: "the unit's standing counts them", as: "zjj_lly", method: "GET", path: "/api/v1/units/" + zjj + "/escalation", status: 200,
				json: map[string]any{"exemptions.approved": 2, "talks.#": 1, "accountability.#": 1}},
		})
	})
}
