package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// caseClock is an App clock the test moves.
type caseClock struct{ ns atomic.Int64 }

var cst = time.FixedZone("CST", 8*3600)

func (c *caseClock) now() time.Time { return time.Unix(0, c.ns.Load()).In(cst) }

func (c *caseClock) set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	c.ns.Store(t.UnixNano())
}

// raise creates a case as the office through the service.
func raise(t *testing.T, env *apptest.Env, in service.CaseInput) *service.CaseDetail {
	t.Helper()
	d, err := env.App.Service.CreateCase(context.Background(), principal(t, env, "office"), in)
	if err != nil {
		t.Fatalf("raise %s: %v", in.Title, err)
	}
	return d
}

// postMultipart posts a form with files.
func (b *browser) postMultipart(path string, fields map[string]string, files map[string][]byte) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
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

// has checks that a page answered with code and shows every text.
func has(t *testing.T, what string, resp *http.Response, body string, code int, texts ...string) {
	t.Helper()
	if resp.StatusCode != code {
		t.Errorf("%s: status %d, want %d\n%.1500s", what, resp.StatusCode, code, body)
		return
	}
	plain := html.UnescapeString(body)
	for _, s := range texts {
		if !strings.Contains(plain, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

func lacks(t *testing.T, what, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(html.UnescapeString(body), s) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}

// Every case page renders for whom it is meant and refuses others.
func TestCasePagesAndScope(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		a := raise(t, env, service.CaseInput{Title: "老旧小区加装电梯进度缓慢", Content: "王建新副区长批示：加快推进", Source: domain.CaseSourceInstruction,
			Urgency: domain.UrgencyUrgent, LeaderID: f.People["王建新"], LeadUnitID: f.Units["区住建局"], CoUnitIDs: []domain.ID{f.Units["区财政局"]},
			TaskIDs: []domain.ID{f.Tasks["1"]}, LimitDays: 10, Assign: true})
		b := raise(t, env, service.CaseInput{Title: "湖滨社区路灯不亮", Source: domain.CaseSourcePublic, LeadUnitID: f.Units["东湖街道"], LimitDate: domain.MustDate("2023-07-20")})
		ca, cb := "/cases/"+itoa(a.ID), "/cases/"+itoa(b.ID)

		office := login(t, env, "office")
		for path, want := range map[string][]string{
			"/cases":                       {"督〔2023〕1号", "老旧小区加装电梯进度缓慢", "湖滨社区路灯不亮", "待签收", "立项", "导出督办台账", "新建督办件"},
			"/cases?state=draft":           {"湖滨社区路灯不亮", "共 1 件"},
			"/cases/inbox":                 {"需要您处理", "湖滨社区路灯不亮", "待交办"},
			ca:                             {"督〔2023〕1号", "领导批示", "王建新", "区住建局", "区财政局", "交办后 10 个工作日", "2023-07-31", "老旧小区改造提升", "严重滞后", "办理过程", "立项", "交办", "吴督查", "督办升级"},
			cb:                             {"交办", "2023-07-20 前", "修改"},
			cb + "/edit":                   {"修改督办件 督〔2023〕2号", "湖滨社区路灯不亮", "2023-07-20"},
			"/cases/new":                   {"新建督办件（立项）", "督〔{year}〕{seq}号", "立项后立即交办"},
			"/cases/board":                 {"督办看板", "按来源", "按批示领导", "按牵头单位", "领导批示", "王建新", "按期办结率"},
			"/cases/settings":              {"督办设置", "督〔{year}〕{seq}号", "08:30-12:00,14:00-17:30", "到期当日催办", "示例：督〔2023〕17号"},
			"/cases/import":                {"导入督办台账", "下载督办台账模板"},
			"/tasks/" + itoa(f.Tasks["1"]): {"督办件", "督〔2023〕1号", "待签收"},
			"/tasks/" + itoa(f.Tasks["3"]): {"转为督办件"},
		} {
			resp, body := office.get(path)
			has(t, "office "+path, resp, body, 200, want...)
		}
		if _, body := office.get("/tasks/" + itoa(f.Tasks["1"])); strings.Contains(body, `id="escalate-task"`) {
			t.Error("a task with an open case offers to escalate again")
		}
		for _, path := range []string{"/cases/export.xlsx", "/cases/import/template.xlsx"} {
			if resp, body := office.get(path); resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
				t.Errorf("%s: %d", path, resp.StatusCode)
			}
		}

		// The lead unit's liaison sees the case waiting to be signed; the
		// draft and the office's pages are not theirs.
		zjj := login(t, env, "zjj_lly")
		resp, body := zjj.get("/cases/inbox")
		has(t, "liaison inbox", resp, body, 200, "我的督办件", "区住建局", "老旧小区加装电梯进度缓慢", "待签收", "剩余 10 个工作日")
		lacks(t, "liaison inbox", body, "湖滨社区路灯不亮")
		resp, body = zjj.get(ca)
		has(t, "liaison case", resp, body, 200, "签收人即为本件的首问负责人", `id="sign-button"`, "待您办理：待签收")
		lacks(t, "liaison case", body, `id="assign-button"`, "督办升级", `id="escalate-form"`)
		resp, body = zjj.get(cb)
		has(t, "someone else's draft", resp, body, 404, "未找到该督办件，或您无权查看。")
		for _, path := range []string{"/cases/new", "/cases/settings", "/cases/import", ca + "/edit"} {
			resp, body := zjj.get(path)
			has(t, "liaison "+path, resp, body, 403)
			lacks(t, "liaison "+path, body, "<form method=\"post\" action=\"/cases")
		}
		resp, body = zjj.postBody(ca+"/assign", nil)
		has(t, "a liaison assigning", resp, body, 403, "只有负责该督办件的督查室可以交办。")
		// The co-unit gives its part; it cannot sign.
		czj := login(t, env, "czj_lly")
		resp, body = czj.get(ca)
		has(t, "co-unit case", resp, body, 200, `id="part-form"`, "待提交协办意见")
		resp, body = czj.postBody(ca+"/sign", nil)
		has(t, "a co-unit signing", resp, body, 403, "只有牵头单位（区住建局）的联络员或单位负责人可以签收。")
		// An unrelated unit sees nothing of it.
		dh := login(t, env, "dh_lly")
		resp, body = dh.get(ca)
		has(t, "unrelated unit", resp, body, 404, "未找到该督办件")
		_, body = dh.get("/cases")
		lacks(t, "unrelated unit's list", body, "老旧小区加装电梯进度缓慢")
		resp, body = dh.get("/cases/board")
		has(t, "a street's board", resp, body, 200, "督办看板")
		lacks(t, "a street's board", body, "区住建局")
		if n := strings.Count(body, "<tr data-key="); n != 0 {
			t.Errorf("a street's board has %d groups of others' cases", n)
		}
		if resp, _ := dh.get(ca + "/files/1"); resp.StatusCode != 404 {
			t.Errorf("unrelated file: %d", resp.StatusCode)
		}
		// The ledger export follows the viewer's scope.
		_, body = dh.get("/cases/export.xlsx")
		if rows := xlsxRows(t, body); len(rows) != 2 {
			t.Errorf("a street's export has %d rows: %q", len(rows), rows)
		}
		_, body = office.get("/cases/export.xlsx?state=assigned")
		if rows := xlsxRows(t, body); len(rows) != 3 || rows[2][1] != "老旧小区加装电梯进度缓慢" || rows[2][3] != "区住建局（牵头）、区财政局（配合）" {
			t.Errorf("filtered export: %q", rows)
		}
	})
}

func xlsxRows(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The steps through their forms: a refused form keeps what was typed and
// says precisely why, in Chinese; the timeline records every step.
func TestCaseStepForms(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		office := login(t, env, "office")
		// Raising: a refusal keeps the form filled in.
		form := url.Values{"title": {"城市更新项目前期"}, "content": {"会议议定"}, "source": {"meeting"}, "urgency": {"normal"},
			"lead_unit_id": {""}, "co_unit_ids": {itoa(f.Units["区财政局"])}, "limit_days": {"10"}}
		resp, body := office.postBody("/cases", form)
		has(t, "no lead unit", resp, body, 422, "请选择牵头单位。", `value="城市更新项目前期"`, `value="10"`)
		form.Set("lead_unit_id", itoa(f.Units["区住建局"]))
		form.Set("limit_days", "")
		form.Set("limit_date", "2023-07-23")
		resp, body = office.postBody("/cases", form)
		has(t, "a deadline on a sunday", resp, body, 422, "2023-07-23（星期日）不是工作日，办理时限须为工作日（最近的工作日是 2023-07-24）。", `value="2023-07-23"`)
		form.Set("limit_date", "2023-07-31")
		form.Set("assign", "1")
		resp, _ = office.postBody("/cases", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		ca := resp.Header.Get("Location")
		resp, body = office.get(ca)
		has(t, "the new case", resp, body, 200, "已立项并交办：督〔2023〕1号。", "待签收")

		zjj, czj := login(t, env, "zjj_lly"), login(t, env, "czj_lly")
		resp, body = zjj.postBody(ca+"/sign", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", resp.StatusCode, body)
		}
		_, body = zjj.get(ca)
		has(t, "signed", &http.Response{StatusCode: 200}, body, 200, "已签收，您是本件的首问负责人。", "首问负责人", "张联络")
		resp, body = login(t, env, "zjj_fzr").postBody(ca+"/sign", nil)
		has(t, "a second signature", resp, body, 409, "该督办件已由张联络于2023-07-17 09:00签收，不能重复签收。")
		resp, body = zjj.postBody(ca+"/progress", url.Values{"progress": {"120"}, "text": {"完成入户调查"}})
		has(t, "progress over 100", resp, body, 422, "阶段进展的完成比例须在 0–100 之间。", `value="120"`, "完成入户调查</textarea>")
		resp, body = zjj.postBody(ca+"/progress", url.Values{"progress": {"三成"}, "text": {"完成入户调查"}})
		has(t, "progress not a number", resp, body, 422, "完成比例须填写数字。", `value="三成"`)
		resp, body = zjj.postMultipart(ca+"/feedback", map[string]string{"text": "已完成加装"}, nil)
		has(t, "feedback before the co-unit's part", resp, body, 409, "协办单位区财政局尚未提交协办意见，牵头单位暂不能反馈办理结果。")
		resp, body = zjj.postBody(ca+"/extension", url.Values{"to_date": {"2023-08-05"}, "reason": {"等待厂家供货"}})
		has(t, "an extension to a saturday", resp, body, 422, "2023-08-05（星期六）不是工作日", "等待厂家供货</textarea>")
		if resp := zjj.post(ca+"/extension", url.Values{"to_date": {"2023-08-07"}, "reason": {"等待厂家供货"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("extension: %d", resp.StatusCode)
		}
		resp, body = office.get(ca)
		has(t, "a request waits", resp, body, 200, "张联络申请将办理时限由 2023-07-31 延至 2023-08-07", `id="approve-extension"`)
		resp, body = office.postBody(ca+"/decide", url.Values{"extension": {"1"}, "decision": {"refuse"}})
		has(t, "a refusal without a note", resp, body, 422, "请填写审批意见。")
		if resp := office.post(ca+"/decide", url.Values{"extension": {"1"}, "decision": {"approve"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d", resp.StatusCode)
		}
		if resp, _ := czj.postMultipart(ca+"/part", map[string]string{"text": "已安排资金120万元"}, map[string][]byte{"拨款.pdf": []byte("%PDF-1.4 test")}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("part: %d", resp.StatusCode)
		}
		if resp, body := zjj.postMultipart(ca+"/feedback", map[string]string{"text": "已完成加装"}, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("feedback: %d %s", resp.StatusCode, body)
		}
		resp, body = office.postBody(ca+"/return", url.Values{"text": {""}})
		has(t, "a return without reasons", resp, body, 422, "请填写理由。")
		if resp := office.post(ca+"/return", url.Values{"text": {"未附验收记录"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d", resp.StatusCode)
		}
		_, body = zjj.get("/cases/inbox")
		has(t, "returned", &http.Response{StatusCode: 200}, body, 200, "黄灯（滞后）", "办理质量不高被退回")
		zjj.postMultipart(ca+"/feedback", map[string]string{"text": "已补充验收记录"}, map[string][]byte{"验收.png": pngPixel})
		if resp := office.post(ca+"/close", url.Values{"text": {"同意办结"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", resp.StatusCode)
		}
		resp, body = office.postBody(ca+"/rate", url.Values{"rating": {"dissatisfied"}})
		has(t, "dissatisfied without a comment", resp, body, 422, "请填写意见。")
		if resp := office.post(ca+"/rate", url.Values{"rating": {"satisfied"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("rate: %d", resp.StatusCode)
		}
		resp, body = zjj.get(ca)
		has(t, "the whole timeline", resp, body, 200, "按期办结", "已办结", "2023-08-07", "（原 2023-07-31，已延期）",
			"立项", "交办", "签收", "延期申请", "同意延期", "协办意见", "反馈", "退回", "未附验收记录", "审核通过，办结", "评价", "满意",
			"2023-07-17 09:00 · 张联络（区住建局）", "拨款.pdf", "验收.png", "已安排资金120万元", "钱联络")
		if n := strings.Count(body, `<li class="ev-`); n != 11 {
			t.Errorf("%d timeline steps, want 11", n)
		}
		lacks(t, "a closed case", body, `id="case-actions"`)
	})
}

var pngPixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// The office's pages that change rules and add cases in bulk: settings,
// the ledger upload, and escalating a lagging task.
func TestCaseSettingsImportAndTask(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		office := login(t, env, "office")
		settings := url.Values{"number_pattern": {"区督字〔{year}〕第{seq:3}号"}, "office_hours": {"08:30-12:00,14:00-17:30"}, "sign_hours": {"8"},
			"blue_days": {"3"}, "remind_days": {"3"}, "urge_at_deadline": {"1"}, "notice_after_days": {"5"}, "talk_after_days": {"5"},
			"reopen_days": {"10"}, "task_case_days": {"10"}}
		resp, body := office.postBody("/cases/settings", settings)
		has(t, "talk before notice", resp, body, 422, "提出约谈建议的逾期天数（5）须多于发督办通知的逾期天数（5）。", `value="区督字〔{year}〕第{seq:3}号"`)
		settings.Set("talk_after_days", "十")
		resp, body = office.postBody("/cases/settings", settings)
		has(t, "not a number", resp, body, 422, "逾期提出约谈建议天数（工作日）须填写数字。", `value="十"`)
		settings.Set("talk_after_days", "10")
		if resp := office.post("/cases/settings", settings); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save settings: %d", resp.StatusCode)
		}
		_, body = office.get("/cases/settings")
		has(t, "saved settings", &http.Response{StatusCode: 200}, body, 200, "督办设置已保存。", "示例：区督字〔2023〕第017号", "吴督查")
		// A street office reads the rules but may not change them.
		addStreetOffice(t, env)
		street := login(t, env, "dh_office")
		settings.Del("csrf")
		resp, body = street.postBody("/cases/settings", settings)
		has(t, "a street office saving", resp, body, 403, "只有区级督查室可以修改督办设置。")

		// The ledger upload lists every problem, then imports.
		bad := ledger(t, []any{1, "环境整治", "督查发现", "区环保局", "10个工作日"}, []any{2, "国庆安保", "上级交办", "区城管局", "2023-10-01"})
		resp, body = office.postSheet("/cases/import", "台账.xlsx", bad, map[string]string{"year": "2023"})
		has(t, "a bad ledger", resp, body, 422, "导入失败：发现 2 处问题，未导入任何数据。", "工作表「Sheet1」第2行 D列（承办单位）：系统中没有单位「区环保局」",
			"工作表「Sheet1」第3行 E列（办理时限）：2023-10-01（国庆节假期）不是工作日")
		good := ledger(t, []any{1, "湖滨社区路灯不亮", "12345热线", "东湖街道", "5个工作日"})
		resp, body = office.postSheet("/cases/import", "台账.xlsx", good, map[string]string{"year": "2023", "assign": "1"})
		has(t, "a good ledger", resp, body, 200, "已导入 台账.xlsx：新建督办件 1 件，已全部交办", "区督字〔2023〕第001号", "湖滨社区路灯不亮", "2023-07-24")

		// An overdue task becomes a case in one step; not twice.
		task := "/tasks/" + itoa(f.Tasks["3"])
		resp, _ = office.postBody(task+"/case", url.Values{"limit_days": {""}, "note": {"请于月底前完成"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("escalate task: %d", resp.StatusCode)
		}
		resp, body = office.get(resp.Header.Get("Location"))
		has(t, "the case from the task", resp, body, 200, "关于「背街小巷环境整治」进度滞后的督办", "任务滞后", "请于月底前完成", "交办后 10 个工作日", "逾期")
		resp, body = office.postBody(task+"/case", nil)
		has(t, "escalating twice", resp, body, 409, "任务「3 背街小巷环境整治」已有未办结的督办件 区督字〔2023〕第002号。")
		resp, body = login(t, env, "zjj_lly").postBody("/tasks/"+itoa(f.Tasks["1"])+"/case", nil)
		has(t, "a liaison escalating", resp, body, 403)
	})
}

func addStreetOffice(t *testing.T, env *apptest.Env) {
	t.Helper()
	ctx, svc, op := context.Background(), env.App.Service, service.SystemPrincipal("test")
	acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: "dh_office", DisplayName: "街道督查", Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPasswordAsOperator(ctx, op, "dh_office", apptest.Password, false); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleOffice, UnitID: env.Fix.Units["东湖街道"]}}); err != nil {
		t.Fatal(err)
	}
}

// ledger builds a one-sheet 督办台账.
func ledger(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	sh := x.GetSheetName(0)
	x.SetSheetRow(sh, "A1", &[]any{"序号", "督办事项", "来源", "承办单位", "办理时限"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow(sh, cell, &r)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postSheet uploads a workbook in the "file" field.
func (b *browser) postSheet(path, name string, data []byte, fields map[string]string) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.env.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// The listing filters by state, light, source, unit, leader and overdue,
// and pages; the office edits a draft, escalates by hand and attaches files.
func TestCaseListFiltersPagingAndOfficeForms(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		rows := [][]any{}
		for i := 1; i <= 52; i++ {
			rows = append(rows, []any{i, "背街小巷整治第" + itoa(int64(i)) + "段", "群众反映", "区城管局", "2023-07-19"})
		}
		svc := env.App.Service
		sheet := ledger(t, rows...)
		cs, err := parseLedger(env, sheet)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ImportCases(context.Background(), principal(t, env, "office"), cs, service.CaseImportOptions{Assign: true}); err != nil {
			t.Fatal(err)
		}
		lift := raise(t, env, service.CaseInput{Title: "老旧小区加装电梯", Source: domain.CaseSourceInstruction, LeaderID: f.People["王建新"],
			LeadUnitID: f.Units["区住建局"], LimitDays: 20, Assign: true})
		draft := raise(t, env, service.CaseInput{Title: "预算公开", Source: domain.CaseSourceNPC, LeadUnitID: f.Units["区财政局"], LimitDays: 5})
		clock.set("2023-07-20 09:00")
		office := login(t, env, "office")
		count := func(path string) int {
			t.Helper()
			resp, body := office.get(path)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
			return strings.Count(body, "<tr data-case=")
		}
		for path, want := range map[string]int{
			"/cases":                  50,
			"/cases?page=2":           4,
			"/cases?light=red":        50,
			"/cases?overdue=1&page=2": 2,
			"/cases?source=npc":       1,
			"/cases?state=draft":      1,
			"/cases?unit=" + itoa(f.Units["区住建局"]):   1,
			"/cases?leader=" + itoa(f.People["王建新"]): 1,
			"/cases?q=第52段":                          1,
			"/cases?light=purple":                    50,
		} {
			if got := count(path); got != want {
				t.Errorf("%s: %d rows, want %d", path, got, want)
			}
		}
		_, body := office.get("/cases")
		has(t, "the listing", &http.Response{StatusCode: 200}, body, 200, "共 54 件", "1 / 2", "逾期 52 件")

		// Editing a draft keeps the form on a refusal.
		cb := "/cases/" + itoa(draft.ID)
		form := url.Values{"title": {"预算公开"}, "source": {"npc"}, "urgency": {"urgent"}, "lead_unit_id": {itoa(f.Units["区财政局"])},
			"limit_days": {"5"}, "limit_date": {"2023-07-31"}}
		resp, body := office.postBody(cb, form)
		has(t, "both limits", resp, body, 422, "办理时限请在“交办后工作日天数”和“截止日期”中二选一。", `value="2023-07-31"`)
		form.Set("limit_date", "")
		if resp := office.post(cb, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", resp.StatusCode)
		}
		_, body = office.get(cb)
		has(t, "the edited draft", &http.Response{StatusCode: 200}, body, 200, "已保存。", "紧急", "修改")
		// Escalating by hand, and the ladder only climbs.
		ca := "/cases/" + itoa(lift.ID)
		if resp := office.post(ca+"/escalate", url.Values{"level": {"urge"}, "text": {"请加快进度"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("urge: %d", resp.StatusCode)
		}
		resp, body = office.postBody(ca+"/escalate", url.Values{"level": {"remind"}, "text": {"再提醒"}})
		has(t, "a lower rung", resp, body, 409, "该督办件已经催办，不能再提醒。", "再提醒</textarea>")
		// Attachments.
		resp, body = office.postMultipart(ca+"/files", nil, map[string][]byte{"批示件.pdf": []byte("%PDF-1.4 x")})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("attach: %d %s", resp.StatusCode, body)
		}
		resp, body = office.postMultipart(ca+"/files", nil, map[string][]byte{"病毒.exe": []byte("MZ")})
		has(t, "a file of the wrong type", resp, body, 422, "病毒.exe")
		_, body = office.get(ca)
		has(t, "the case", &http.Response{StatusCode: 200}, body, 200, "批示件.pdf", "催办", "请加快进度", "督办等级")
		if resp, _ := login(t, env, "zjj_lly").get(ca + "/files/1"); resp.StatusCode != 200 {
			t.Errorf("the lead unit downloads the attachment: %d", resp.StatusCode)
		}
	})
}

func parseLedger(env *apptest.Env, data []byte) (*xlsimport.CaseSheet, error) {
	return xlsimport.ParseCases(bytes.NewReader(data), xlsimport.CaseOptions{DefaultYear: 2023, Fold: env.App.Service.Normalizer().Normalize})
}
