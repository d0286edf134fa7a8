package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// escClock is the App's clock, moved by the test.
type escClock struct{ ns atomic.Int64 }

func (c *escClock) now() time.Time { return time.Unix(0, c.ns.Load()) }

func (c *escClock) set(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	c.ns.Store(v.UnixNano())
	return v
}

// postFiles sends a multipart form with files in the "files" field.
func (b *browser) postFiles(path string, fields url.Values, files map[string][]byte) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.env.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// mustHave fails unless body contains every want.
func mustHave(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

var locationID = regexp.MustCompile(`/(\d+)$`)

// seeOther checks a redirect after a POST and returns the ID it ends with.
func seeOther(t *testing.T, what string, resp *http.Response, prefix string) string {
	t.Helper()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s: %d to %q", what, resp.StatusCode, loc)
	}
	if m := locationID.FindStringSubmatch(loc); m != nil {
		return m[1]
	}
	return ""
}

// The ladder's pages: the office sees the sweep and its proposals,
// confirms and records a talk and an accountability record; the unit
// applies for exemption with a file; the office decides; the unit's page
// shows its standing. Bad input is refused with the precise message and
// the form keeps what was typed.
func TestEscalationPages(t *testing.T) {
	clk := &escClock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		clk.set(t, "2023-07-17 09:00")
		c, err := svc.CreateCase(ctx, service.SystemPrincipal("test"), service.CaseInput{Title: "背街小巷整治", Source: domain.CaseSourceMeeting,
			LeaderID: f.People["王建新"], LeadUnitID: f.Units["区住建局"], LimitDays: 5, Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		caseID := strconvI(c.ID)
		clk.set(t, "2023-08-07 09:00")

		office := login(t, env, "office")
		_, body := office.get("/")
		mustHave(t, "the office's menu", body, `href="/talks" >约谈问责</a>`)
		seeOther(t, "run the sweep", office.post("/escalations/run", nil), "/escalations/")
		_, body = office.get("/escalations")
		mustHave(t, "the sweep runs", body, "督办升级", "manual:吴督查", `id="run-sweep"`)
		_, body = office.get("/talks")
		mustHave(t, "the proposals", body, `id="proposal-`+caseID+`"`, c.Number, "建议约谈牵头单位主要负责人", "王建新")
		_, body = office.get("/talks/new?case=" + caseID)
		mustHave(t, "the confirm form", body, "确认约谈建议", `name="case" value="`+caseID+`"`, "区住建局")
		resp, body := office.postBody("/talks", url.Values{"case": {caseID}, "planned_on": {"2023-08-04"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("planned in the past: %d", resp.StatusCode)
		}
		mustHave(t, "the refused form", body, "日期 2023-08-04 早于今天（2023-08-07）。", `value="2023-08-04"`)
		talk := seeOther(t, "confirm", office.post("/talks", url.Values{"case": {caseID}, "planned_on": {"2023-08-09"}}), "/talks/")
		_, body = office.get("/talks/" + talk)
		mustHave(t, "the planned talk", body, "待约谈", "2023-08-09", `id="record-form"`, `id="cancel-form"`)
		resp, body = office.postBody("/talks/"+talk+"/record", url.Values{"held_on": {"2023-08-07"}, "talker_id": {strconvI(f.People["王建新"])},
			"talkee": {"赵局长"}, "commitments": {""}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no commitments: %d", resp.StatusCode)
		}
		mustHave(t, "the refused record", body, "请填写整改承诺。", `value="赵局长"`)
		seeOther(t, "record", office.post("/talks/"+talk+"/record", url.Values{"held_on": {"2023-08-07"}, "talker_id": {strconvI(f.People["王建新"])},
			"talkee": {"赵局长"}, "commitments": {"8月底前全部完工"}}), "/talks/"+talk)
		_, body = office.get("/talks/" + talk)
		mustHave(t, "the held talk", body, "已约谈", "8月底前全部完工", "王建新", "赵局长")

		// 问责.
		_, body = office.get("/accountability/new?talk=" + talk + "&unit=" + strconvI(f.Units["区住建局"]))
		mustHave(t, "the accountability form", body, "诫勉谈话", `name="talk_id" value="`+talk+`"`)
		resp, body = office.postBody("/accountability", url.Values{"unit_id": {strconvI(f.Units["区住建局"])}, "person": {"赵局长"}, "measure": {"other"},
			"decision": {"调离岗位"}, "date": {"2023-08-07"}, "talk_id": {talk}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("other without text: %d", resp.StatusCode)
		}
		mustHave(t, "the refused accountability", body, "选择“其他”时，请填写具体的问责方式。", "调离岗位")
		acc := seeOther(t, "accountability", office.post("/accountability", url.Values{"unit_id": {strconvI(f.Units["区住建局"])}, "person": {"赵局长"},
			"measure": {"诫勉谈话"}, "decision": {"对赵局长进行诫勉谈话"}, "date": {"2023-08-07"}, "talk_id": {talk}}), "/accountability/")
		_, body = office.get("/accountability")
		mustHave(t, "the accountability list", body, `id="acc-`+acc+`"`, "诫勉谈话", `id="measures-form"`)

		// The unit applies for exemption.
		lly := login(t, env, "zjj_lly")
		_, body = lly.get("/")
		mustHave(t, "the liaison's menu", body, `href="/talks" >约谈问责</a>`)
		_, body = lly.get("/talks")
		mustHave(t, "the liaison's tabs", body, `href="/exemptions"`)
		if strings.Contains(body, `href="/escalations"`) {
			t.Error("the liaison's tabs offer the sweep")
		}
		if resp, _ := lly.get("/escalations"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a liaison reads the sweep: %d", resp.StatusCode)
		}
		_, body = lly.get("/talks/" + talk)
		mustHave(t, "the unit's talk", body, `href="/exemptions/apply?kind=talk&target=`+talk+`" id="apply-exemption"`)
		_, body = lly.get("/cases/" + caseID)
		mustHave(t, "the overdue case", body, `href="/exemptions/apply?kind=case&amp;target=`+caseID+`"`)
		_, body = lly.get("/exemptions/apply?kind=case&target=" + caseID)
		mustHave(t, "the application form", body, `<option value="case" selected>`, `value="`+caseID+`"`)
		resp, body = lly.postFiles("/exemptions", url.Values{"kind": {"case"}, "target": {caseID}, "grounds": {" "}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no grounds: %d", resp.StatusCode)
		}
		mustHave(t, "the refused application", body, "请填写申请理由。")
		resp, _ = lly.postFiles("/exemptions", url.Values{"kind": {"case"}, "target": {caseID}, "grounds": {"连续暴雨停工"}},
			map[string][]byte{"说明.txt": []byte("气象局证明")})
		ex := seeOther(t, "apply", resp, "/exemptions/")
		_, body = lly.get("/exemptions/" + ex)
		mustHave(t, "the application", body, "待审批", "连续暴雨停工", "说明.txt", "逾期（办理时限 2023-07-24）")
		if strings.Contains(body, `id="decide-form"`) {
			t.Error("the unit may decide its own application")
		}
		if resp, _ := login(t, env, "dh_lly").get("/exemptions/" + ex); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another unit reads it: %d", resp.StatusCode)
		}

		// The office decides.
		_, body = office.get("/exemptions?state=pending")
		mustHave(t, "the office's list", body, `id="ex-`+ex+`"`, "审批")
		resp, body = office.postBody("/exemptions/"+ex+"/decide", url.Values{"decision": {"approve"}, "reasons": {""}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no reasons: %d", resp.StatusCode)
		}
		mustHave(t, "the refused decision", body, "请填写审批意见。")
		seeOther(t, "approve", office.post("/exemptions/"+ex+"/decide", url.Values{"decision": {"approve"}, "reasons": {"属不可抗力"}}), "/exemptions/"+ex)
		_, body = office.get("/exemptions/" + ex)
		mustHave(t, "the decided application", body, "已批准", "属不可抗力")
		if d, err := svc.Case(ctx, service.SystemPrincipal("test"), c.ID); err != nil || d.Exemption == nil {
			t.Errorf("the case does not show the exemption: %v", err)
		}
		// The case page shows it where the failure shows, and no longer offers to apply.
		_, body = lly.get("/cases/" + caseID)
		mustHave(t, "the exempted case", body, `id="case-exemption"`, "已予容错免责", "属不可抗力")
		if strings.Contains(body, `href="/exemptions/apply?kind=case&amp;target=`+caseID+`"`) {
			t.Error("the exempted case still offers to apply")
		}

		// The unit's page shows its standing.
		_, body = login(t, env, "zjj_fzr").get("/units/" + strconvI(f.Units["区住建局"]))
		mustHave(t, "the unit page", body, `id="unit-escalation"`, `id="rung-talk">1<`, "免责申请：待审批 0，已批准 1", "约谈 1 次")
	})
}

// A lagging task offers its unit to apply for exemption; approved, the
// task's page shows it.
func TestTaskExemptionOnItsPage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		task := strconvI(env.Fix.Tasks["1"]) // 老旧小区改造提升, lagging on 2023-07-15
		lly := login(t, env, "zjj_lly")
		_, body := lly.get("/tasks/" + task)
		mustHave(t, "the lagging task", body, `href="/exemptions/apply?kind=task&target=`+task+`" id="apply-exemption"`)
		if _, body := login(t, env, "czj_lly").get("/tasks/" + task); strings.Contains(body, `id="apply-exemption"`) {
			t.Error("the co-unit is offered to apply")
		}
		resp, _ := lly.postFiles("/exemptions", url.Values{"kind": {"task"}, "target": {task}, "grounds": {"设计变更"}}, nil)
		ex := seeOther(t, "apply", resp, "/exemptions/")
		if _, body := lly.get("/tasks/" + task); strings.Contains(body, `id="apply-exemption"`) {
			t.Error("offered to apply twice")
		}
		seeOther(t, "approve", login(t, env, "office").post("/exemptions/"+ex+"/decide", url.Values{"decision": {"approve"}, "reasons": {"批复属实"}}), "/exemptions/")
		_, body = lly.get("/tasks/" + task)
		mustHave(t, "the exempted task", body, `id="task-exempt" title="批复属实">已免责<`)
	})
}
