package api_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// testClock is the App's clock, moved by the test between phases.
type testClock struct{ ns atomic.Int64 }

var cst = time.FixedZone("CST", 8*3600)

func newTestClock() *testClock { return &testClock{} }

func (c *testClock) now() time.Time { return time.Unix(0, c.ns.Load()).In(cst) }

// set moves the clock to a CST time written as 2006-01-02 15:04.
func (c *testClock) set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	c.ns.Store(t.UnixNano())
}

// addOffice adds an office account scoped to one unit's subtree.
func addOffice(t *testing.T, env *apptest.Env, login string, unit domain.ID) {
	t.Helper()
	ctx := context.Background()
	svc, op := env.App.Service, service.SystemPrincipal("test")
	acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: login, DisplayName: login, Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPasswordAsOperator(ctx, op, login, apptest.Password, false); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleOffice, UnitID: unit}}); err != nil {
		t.Fatal(err)
	}
}

// The whole workflow of a case, with every refusal on the way: a missing
// unit, a deadline on a rest day, an office out of scope, a unit reading a
// draft, a second signature, feedback before the co-unit's part, steps in
// the wrong state, extensions, a return, ratings that reopen once.
func TestCaseWorkflow(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		addOffice(t, env, "dh_office", f.Units["东湖街道"])
		h := newHarness(env)
		zjj, czj, dh := id(f.Units["区住建局"]), id(f.Units["区财政局"]), id(f.Units["东湖街道"])
		newCase := func(extra string) string {
			return `{"title":"老旧小区加装电梯进度缓慢","content":"王建新副区长批示：加快推进","source":"instruction","urgency":"urgent",` +
				`"leader_id":` + id(f.People["王建新"]) + `,"lead_unit_id":` + zjj + `,"co_unit_ids":[` + czj + `],"task_ids":[` + id(f.Tasks["1"]) + `]` + extra + `}`
		}
		c1 := "/api/v1/cases/{{c1}}"
		h.run(t, []scenario{
			{name: "a missing lead unit", as: "office", method: "POST", path: "/api/v1/cases", body: strings.Replace(newCase(`,"limit_days":10`), `"lead_unit_id":`+zjj, `"lead_unit_id":9999`, 1),
				status: 422, unchanged: true, json: map[string]any{"error.field": "lead_unit_id", "error.message": "牵头单位（ID 9999）不存在。"}},
			{name: "a missing co-unit", as: "office", method: "POST", path: "/api/v1/cases", body: strings.Replace(newCase(`,"limit_days":10`), `"co_unit_ids":[`+czj, `"co_unit_ids":[8888`, 1),
				status: 422, unchanged: true, json: map[string]any{"error.field": "co_unit_ids", "error.message": "协办单位（ID 8888）不存在。"}},
			{name: "no lead unit", as: "office", method: "POST", path: "/api/v1/cases", body: `{"title":"x","source":"public","limit_days":5}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "lead_unit_id", "error.message": "请选择牵头单位。"}},
			{name: "a deadline on a sunday", as: "office", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_date":"2023-07-23"`),
				status: 422, unchanged: true, json: map[string]any{"error.field": "limit_date", "error.message": "2023-07-23（星期日）不是工作日，办理时限须为工作日（最近的工作日是 2023-07-24）。"}},
			{name: "a deadline on a public holiday", as: "office", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_date":"2023-10-04"`),
				status: 422, unchanged: true, json: map[string]any{"error.field": "limit_date", "error.message": "2023-10-04（国庆节假期）不是工作日，办理时限须为工作日（最近的工作日是 2023-10-07）。"}},
			{name: "a deadline in the past", as: "office", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_date":"2023-07-14"`),
				status: 422, unchanged: true, json: map[string]any{"error.message": "办理时限 2023-07-14 早于今天（2023-07-17）。"}},
			{name: "no time limit", as: "office", method: "POST", path: "/api/v1/cases", body: newCase(``),
				status: 422, unchanged: true, json: map[string]any{"error.field": "limit_days"}, contains: []string{"请填写办理时限"}},
			{name: "an unknown source", as: "office", method: "POST", path: "/api/v1/cases", body: strings.Replace(newCase(`,"limit_days":10`), "instruction", "rumour", 1),
				status: 422, unchanged: true, json: map[string]any{"error.field": "source"}},
			{name: "a street office cannot raise a case for a department", as: "dh_office", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_days":10`),
				status: 403, unchanged: true, json: map[string]any{"error.message": "区住建局不在您的督查范围内。"}},
			{name: "a liaison cannot raise a case", as: "zjj_lly", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_days":10`), status: 403, unchanged: true},

			{name: "the office raises the case", as: "office", method: "POST", path: "/api/v1/cases", body: newCase(`,"limit_days":10`), status: 201,
				json: map[string]any{"number": "督〔2023〕1号", "year": 2023, "seq": 1, "state": "draft", "light": "none", "raised_by": "吴督查", "leader": "王建新",
					"lead_unit": "区住建局", "co_units": []string{"区财政局"}, "deadline": nil, "limit_days": 10, "todo": "assign",
					"events.#": 1, "events.0.kind": "create", "events.0.actor": "吴督查", "tasks.0.number": "1", "tasks.0.status": "severe",
					"can.assign": true, "can.edit": true, "can.sign": false},
				headers: map[string]string{"Location": "/api/v1/cases/"}, capture: map[string]string{"c1": "id"}},
			{name: "units do not see a draft", as: "zjj_lly", method: "GET", path: c1, status: 404, json: map[string]any{"error.message": "未找到该督办件，或您无权查看。"}},
			{name: "nor can they sign it", as: "zjj_lly", method: "POST", path: c1 + "/sign", status: 404, unchanged: true},
			{name: "nor is it in their inbox", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200, json: map[string]any{"total": 0}},
			{name: "the office edits the draft's urgency", as: "office", method: "PUT", path: c1, body: strings.Replace(newCase(`,"limit_days":10`), "urgent", "critical", 1),
				status: 200, json: map[string]any{"urgency": "critical", "events.1.kind": "edit"}},
			{name: "the office assigns it", as: "office", method: "POST", path: c1 + "/assign", status: 200,
				json: map[string]any{"state": "assigned", "deadline": "2023-07-31", "original_deadline": "2023-07-31", "window_start": "2023-07-17",
					"sign_due": "2023-07-18T02:00:00Z", "days_left": 10, "light": "none", "events.2.kind": "assign", "events.2.to_date": "2023-07-31",
					"events.2.from_state": "draft", "events.2.to_state": "assigned", "can.edit": false}},
			{name: "not twice", as: "office", method: "POST", path: c1 + "/assign", status: 409, unchanged: true,
				json: map[string]any{"error.message": "该督办件当前为「待签收」状态，不能交办。"}},
			{name: "nor can a draft's edit reach it now", as: "office", method: "PUT", path: c1, body: newCase(`,"limit_days":10`), status: 409, unchanged: true},
			{name: "an unrelated unit cannot read it", as: "dh_lly", method: "GET", path: c1, status: 404},
			{name: "nor can an office out of scope", as: "dh_office", method: "GET", path: c1, status: 404},
			{name: "the co-unit reads it", as: "czj_lly", method: "GET", path: c1, status: 200,
				json: map[string]any{"role": "co", "todo": "part", "can.sign": false, "can.part": true, "parts_missing": []string{"区财政局"}}},
			{name: "the leader of its sector reads it", as: "leader_wang", method: "GET", path: c1, status: 200, json: map[string]any{"can.rate": false}},
			{name: "the co-unit cannot sign", as: "czj_lly", method: "POST", path: c1 + "/sign", status: 403, unchanged: true,
				json: map[string]any{"error.message": "只有牵头单位（区住建局）的联络员或单位负责人可以签收。"}},
			{name: "it waits in the lead unit's inbox", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 1, "items.0.todo": "sign", "items.0.role": "lead", "counts.todo": 1, "counts.states.assigned": 1}},
			{name: "the liaison signs", as: "zjj_lly", method: "POST", path: c1 + "/sign", status: 200,
				json: map[string]any{"state": "working", "signed_by": "张联络", "signed_late": false, "events.3.kind": "sign", "events.3.unit": "区住建局", "todo": "feedback"}},
			{name: "a second signature", as: "zjj_fzr", method: "POST", path: c1 + "/sign", status: 409, unchanged: true,
				json: map[string]any{"error.message": "该督办件已由张联络于2023-07-17 09:00签收，不能重复签收。"}},
			{name: "feedback before the co-unit's part", as: "zjj_lly", method: "POST", path: c1 + "/feedback", body: `{"text":"已完成加装"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "协办单位区财政局尚未提交协办意见，牵头单位暂不能反馈办理结果。"}},
			{name: "progress over 100", as: "zjj_lly", method: "POST", path: c1 + "/progress", body: `{"progress":120,"text":"x"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "progress"}},
			{name: "progress without a text", as: "zjj_lly", method: "POST", path: c1 + "/progress", body: `{"progress":20}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "text", "error.message": "请填写情况说明。"}},
			{name: "the co-unit cannot report progress", as: "czj_lly", method: "POST", path: c1 + "/progress", body: `{"progress":20,"text":"x"}`, status: 403, unchanged: true},
			{name: "interim progress with evidence", as: "zjj_lly", method: "POST", path: c1 + "/progress",
				form:   &form{fields: [][2]string{{"progress", "30"}, {"text", "完成入户调查和方案设计"}}, files: []formFile{{field: "files", name: "现场.png", contentType: "image/png", data: pngBytes}}},
				status: 200, json: map[string]any{"progress": 30, "events.4.kind": "progress", "events.4.progress": 30, "events.4.files.0.name": "现场.png"},
				capture: map[string]string{"f1": "events.4.files.0.id"}},
			{name: "the evidence downloads", as: "czj_lly", method: "GET", path: c1 + "/files/{{f1}}", status: 200, headers: map[string]string{"Content-Type": "image/png"}},
			{name: "not by an unrelated unit", as: "dh_lly", method: "GET", path: c1 + "/files/{{f1}}", status: 404},
			{name: "the office cannot close a case in progress", as: "office", method: "POST", path: c1 + "/close", status: 409, unchanged: true,
				json: map[string]any{"error.message": "该督办件当前为「办理中」状态，不能审核办结。"}},
		})

		// Four working days of ten gone with 30% done: behind.
		clock.set("2023-07-21 10:00")
		h.run(t, []scenario{
			{name: "yellow when behind", as: "office", method: "GET", path: c1, status: 200,
				json: map[string]any{"light": "yellow", "reason": "behind", "elapsed": 40, "days_left": 6}},
			{name: "the listing filters by light", as: "office", method: "GET", path: "/api/v1/cases?light=yellow", status: 200,
				json: map[string]any{"total": 1, "items.0.number": "督〔2023〕1号", "counts.lights.yellow": 1}},
			{name: "and by unit", as: "office", method: "GET", path: "/api/v1/cases?unit=" + dh, status: 200, json: map[string]any{"total": 0}},
			{name: "the co-unit gives its part", as: "czj_lly", method: "POST", path: c1 + "/parts", body: `{"text":"已安排专项资金120万元"}`, status: 200,
				json: map[string]any{"parts.0.unit": "区财政局", "parts.0.round": 1, "parts_missing": []string{}, "todo": ""}},
			{name: "an extension to a saturday", as: "zjj_lly", method: "POST", path: c1 + "/extensions", body: `{"to_date":"2023-08-05","reason":"等待电梯厂家供货"}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "to_date", "error.message": "2023-08-05（星期六）不是工作日，办理时限须为工作日（最近的工作日是 2023-08-07）。"}},
			{name: "an extension that is no extension", as: "zjj_lly", method: "POST", path: c1 + "/extensions", body: `{"to_date":"2023-07-28","reason":"等待"}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "申请延期至 2023-07-28，须晚于当前办理时限 2023-07-31。"}},
			{name: "an extension without reasons", as: "zjj_lly", method: "POST", path: c1 + "/extensions", body: `{"days":5}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "reason"}},
			{name: "the co-unit cannot ask for one", as: "czj_lly", method: "POST", path: c1 + "/extensions", body: `{"days":5,"reason":"x"}`, status: 403, unchanged: true},
			{name: "five more working days", as: "zjj_lly", method: "POST", path: c1 + "/extensions", body: `{"days":5,"reason":"等待电梯厂家供货"}`, status: 200,
				json: map[string]any{"extensions.0.state": "pending", "extensions.0.from_date": "2023-07-31", "extensions.0.to_date": "2023-08-07",
					"deadline": "2023-07-31", "can.request_extension": false}, capture: map[string]string{"x1": "extensions.0.id"}},
			{name: "one request at a time", as: "zjj_lly", method: "POST", path: c1 + "/extensions", body: `{"days":2,"reason":"再延"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "已有一份延期申请正在等待督查室审批，审批后才能再次申请。"}},
			{name: "the office sees the request waiting", as: "office", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 1, "items.0.todo": "decide_extension"}},
			{name: "the lead unit cannot decide it", as: "zjj_fzr", method: "POST", path: c1 + "/extensions/{{x1}}/decide", body: `{"approve":true}`, status: 403, unchanged: true},
			{name: "a refusal needs a note", as: "office", method: "POST", path: c1 + "/extensions/{{x1}}/decide", body: `{"approve":false}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "note"}},
			{name: "the office approves it", as: "office", method: "POST", path: c1 + "/extensions/{{x1}}/decide", body: `{"approve":true,"note":"同意"}`, status: 200,
				json: map[string]any{"deadline": "2023-08-07", "original_deadline": "2023-07-31", "extensions.0.state": "approved", "extensions.0.decided_by": "吴督查",
					"events[kind=extension_approve].from_date": "2023-07-31", "events[kind=extension_approve].to_date": "2023-08-07"}},
			{name: "not twice", as: "office", method: "POST", path: c1 + "/extensions/{{x1}}/decide", body: `{"approve":false,"note":"撤回"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "该延期申请已经处理，不能重复处理。"}},
			{name: "an unknown request", as: "office", method: "POST", path: c1 + "/extensions/999/decide", body: `{"approve":true}`, status: 404, unchanged: true},
			{name: "the lead unit reports back", as: "zjj_fzr", method: "POST", path: c1 + "/feedback", body: `{"text":"已完成12部电梯加装并投入使用"}`, status: 200,
				json: map[string]any{"state": "reported", "progress": 100, "light": "none", "todo": ""}},
			{name: "it waits for review", as: "office", method: "GET", path: "/api/v1/cases/inbox", status: 200, json: map[string]any{"items.0.todo": "review"}},
			{name: "a leader cannot rate before closing", as: "leader_wang", method: "POST", path: c1 + "/rate", body: `{"rating":"satisfied"}`, status: 409, unchanged: true},
			{name: "a return needs reasons", as: "office", method: "POST", path: c1 + "/return", body: `{"text":""}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "reason", "error.message": "请填写理由。"}},
			{name: "the office returns it", as: "office", method: "POST", path: c1 + "/return", body: `{"text":"缺少竣工验收材料"}`, status: 200,
				json: map[string]any{"state": "working", "returned": true, "return_count": 1, "light": "yellow", "reason": "returned",
					"events[kind=return].text": "缺少竣工验收材料", "events[kind=return].actor": "吴督查"}},
			{name: "the lead unit reports back again", as: "zjj_lly", method: "POST", path: c1 + "/feedback", body: `{"text":"补充了竣工验收报告"}`, status: 200,
				json: map[string]any{"state": "reported", "returned": false}},
			{name: "the office closes it", as: "office", method: "POST", path: c1 + "/close", body: `{"text":"同意办结"}`, status: 200,
				json: map[string]any{"state": "closed", "light": "closed_on_time", "can.review": false}},
			{name: "the co-unit cannot rate", as: "czj_lly", method: "POST", path: c1 + "/rate", body: `{"rating":"satisfied"}`, status: 403, unchanged: true,
				json: map[string]any{"error.message": "只有提出该督办件的人或作出批示的领导可以评价办理结果。"}},
			{name: "the leader is asked to rate", as: "leader_wang", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 1, "items.0.todo": "rate"}},
			{name: "不满意 needs a comment", as: "leader_wang", method: "POST", path: c1 + "/rate", body: `{"rating":"dissatisfied"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "comment"}},
			{name: "不满意 reopens the case", as: "leader_wang", method: "POST", path: c1 + "/rate", body: `{"rating":"dissatisfied","comment":"电梯噪音大，群众有意见"}`, status: 200,
				json: map[string]any{"state": "working", "round": 2, "reopen_count": 1, "deadline": "2023-08-04", "window_start": "2023-07-21", "progress": 0,
					"ratings.0.rating": "dissatisfied", "ratings.0.by": "王建新", "events[kind=reopen].from_date": "2023-08-07",
					"events[kind=reopen].to_date": "2023-08-04", "parts_missing": []string{"区财政局"}}},
			{name: "the co-unit's part counts for its round", as: "zjj_lly", method: "POST", path: c1 + "/feedback", body: `{"text":"更换了电机"}`, status: 409, unchanged: true},
			{name: "the co-unit gives its part again", as: "czj_lly", method: "POST", path: c1 + "/parts", body: `{"text":"追加降噪改造资金"}`, status: 200,
				json: map[string]any{"parts.#": 2, "parts.1.round": 2}},
			{name: "the lead unit reports back in round two", as: "zjj_lly", method: "POST", path: c1 + "/feedback", body: `{"text":"更换了低噪音电机"}`, status: 200},
			{name: "the office closes it again", as: "office", method: "POST", path: c1 + "/close", status: 200, json: map[string]any{"state": "closed"}},
			{name: "a second 不满意 does not reopen", as: "office", method: "POST", path: c1 + "/rate", body: `{"rating":"dissatisfied","comment":"仍不理想"}`, status: 200,
				json: map[string]any{"state": "closed", "rating": "dissatisfied", "reopen_count": 1, "ratings.#": 2, "ratings.1.by": "吴督查"}},
			{name: "nor can it be rated twice", as: "leader_wang", method: "POST", path: c1 + "/rate", body: `{"rating":"satisfied"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "本轮办理结果已经评价过，不能重复评价。"}},
			{name: "the timeline holds every step", as: "zjj_lly", method: "GET", path: c1, status: 200,
				check: func(t *testing.T, h *harness, res *result) {
					var kinds []string
					for _, e := range res.get(t, "events").([]any) {
						ev := e.(map[string]any)
						kinds = append(kinds, ev["kind"].(string))
						if ev["actor"] == "" || ev["at"] == "" {
							t.Errorf("step without actor or time: %v", ev)
						}
					}
					want := "create edit assign sign progress part extension_request extension_approve feedback return feedback close rate reopen part feedback close rate"
					if got := strings.Join(kinds, " "); got != want {
						t.Errorf("timeline\n%s\nwant\n%s", got, want)
					}
					actions := map[string]int{"case.create": 1, "case.update": 1, "case.assign": 1, "case.sign": 1, "case.progress": 1, "case.part": 2,
						"case.feedback": 3, "case.return": 1, "case.close": 2, "case.rate": 2, "case.extension_request": 1, "case.extension_approve": 1}
					total := 0
					for action, n := range actions {
						if got := auditCount(t, h, "entity=case&entity_id="+h.vars["c1"]+"&action="+action); got != n {
							t.Errorf("%d %s audit entries, want %d", got, action, n)
						}
						total += n
					}
					if got := auditCount(t, h, "entity=case&entity_id="+h.vars["c1"]); got != total {
						t.Errorf("%d audit entries for the case, want %d", got, total)
					}
				}},
		})
	})
}
