package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// addExaminerLogin creates an examiner of a unit who logs in with the
// fixture password.
func addExaminerLogin(t *testing.T, env *apptest.Env, login, unit string) {
	t.Helper()
	ctx := context.Background()
	svc, op := env.App.Service, service.SystemPrincipal("test")
	acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: login, DisplayName: "考核员" + login, Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPasswordAsOperator(ctx, op, login, apptest.Password, false); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: env.Fix.Units[unit]}}); err != nil {
		t.Fatal(err)
	}
}

func webSchemeText(t *testing.T) string {
	b, err := json.Marshal(service.SchemeFile{Year: 2023, Kind: domain.SchemeAnnual, Name: "2023年度综合考核", SchemeBody: domain.SchemeBody{
		CheckDate: domain.MustDate("2023-06-30"),
		Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 30, Criteria: []domain.Criterion{
			{Code: "T1", Name: "重点任务推进", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodTasks, Params: domain.MethodParams{PerOverdue: 1, PerLagging: 0.5},
				Note: "按加权进度计分"},
			{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}}}}},
		Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The office creates a scheme from its file, assigns an examiner and
// starts scoring; the examiner's grid leaves out the own unit, saves the
// good rows and names the bad one; units see neither drafts nor the grid.
func TestAssessPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		addExaminerLogin(t, env, "kh_czj", "区财政局")
		office, lly, kh := login(t, env, "office"), login(t, env, "zjj_lly"), login(t, env, "kh_czj")
		resp, body := office.postBody("/assess", url.Values{"text": {"{not a scheme"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "不是有效的 YAML 格式") {
			t.Fatalf("bad file: %d %s", resp.StatusCode, body)
		}
		resp = office.post("/assess", url.Values{"text": {webSchemeText(t)}})
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/assess/schemes/") {
			t.Fatalf("create: %d %s", resp.StatusCode, loc)
		}
		if resp, _ := lly.get(loc); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a liaison reads a draft: %d", resp.StatusCode)
		}
		_, body = office.get(loc)
		for _, want := range []string{"重点任务推进", "满分 20 分", "每项逾期扣 1 分，每项滞后扣 0.5 分", "按加权进度计分", "考核员评分", "第 1 版", `id="freeze"`, "不超过本类别 20%"} {
			if !strings.Contains(body, want) {
				t.Errorf("scheme page lacks %q", want)
			}
		}
		if resp := office.post(loc+"/examiners", url.Values{"examiners": {"kh_czj:M1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("examiners: %d", resp.StatusCode)
		}
		resp, body = office.postBody(loc+"/examiners", url.Values{"examiners": {"zjj_lly:M1"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "“zjj_lly”不是有效的考核员账号。") {
			t.Errorf("a liaison as examiner: %d", resp.StatusCode)
		}
		if resp := office.post(loc+"/freeze", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("freeze: %d", resp.StatusCode)
		}
		resp, body = office.postBody(loc+"/revise", url.Values{"text": {webSchemeText(t)}, "reason": {" "}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请填写修订理由。") {
			t.Errorf("revise without a reason: %d", resp.StatusCode)
		}
		_, body = kh.get(loc + "/score")
		if !strings.Contains(body, "区住建局") || !strings.Contains(body, "区城管局") || strings.Contains(body, ">区财政局<") || !strings.Contains(body, "0–10") {
			t.Fatalf("the grid: %s", body)
		}
		// Rows: 0 is 区住建局, 1 is 区城管局.
		form := url.Values{"code_0": {"M1"}, "unit_0": {itoa(env.Fix.Units["区住建局"])}, "score_0": {"12.5"}, "reason_0": {"好"},
			"code_1": {"M1"}, "unit_1": {itoa(env.Fix.Units["区城管局"])}, "score_1": {"8"}, "reason_1": {"整改及时"}}
		resp, body = kh.postBody(loc+"/score", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "得分 12.5 超出范围 0–10。") ||
			!strings.Contains(body, "有 1 行未保存，请按各行提示修改；其余 1 行已保存。") || !strings.Contains(body, `value="12.5"`) {
			t.Errorf("a bad row: %d %s", resp.StatusCode, body)
		}
		entries, err := env.App.Service.Entries(context.Background(), service.SystemPrincipal("test"), idParamOf(loc))
		if err != nil || len(entries) != 1 || entries[0].Score != 8 || entries[0].UnitID != env.Fix.Units["区城管局"] {
			t.Errorf("stored: %+v %v", entries, err)
		}
		// Evidence added to a saved row, in a multipart form.
		var mbuf bytes.Buffer
		mw := multipart.NewWriter(&mbuf)
		for k, v := range map[string]string{"csrf": kh.csrf, "code_1": "M1", "unit_1": itoa(env.Fix.Units["区城管局"]), "score_1": "8", "reason_1": "整改及时"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("evidence_1", "整改报告.pdf")
		fw.Write([]byte("%PDF-1.4 整改报告"))
		mw.Close()
		req, _ := http.NewRequest("POST", env.URL+loc+"/score", &mbuf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if resp, body := kh.do(req); resp.StatusCode != http.StatusOK || !strings.Contains(body, "整改报告.pdf") {
			t.Errorf("evidence: %d", resp.StatusCode)
		}
		if resp, _ := lly.get(loc + "/score"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a liaison's grid: %d", resp.StatusCode)
		}
		resp, body = lly.get("/assess")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "2023年度综合考核") || strings.Contains(body, "/score\"") {
			t.Errorf("a liaison's list: %d", resp.StatusCode)
		}
		// Results: every unit for the office, the own row for a unit, each
		// criterion's formula on the breakdown.
		for _, path := range []string{"/assess", loc, loc + "/results", loc + "/results/" + itoa(env.Fix.Units["区住建局"])} {
			if _, body := office.get(path); strings.Contains(body, "assessweb.") || strings.Contains(body, "assess.formula.") {
				t.Errorf("%s shows a catalog key", path)
			}
		}
		resp, body = office.get(loc + "/results")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "区直部门") || !strings.Contains(body, "区城管局") || !strings.Contains(body, "考核结果试算") {
			t.Errorf("results: %d %s", resp.StatusCode, body)
		}
		zjj := itoa(env.Fix.Units["区住建局"])
		if !strings.Contains(body, `href="`+loc+"/results/"+zjj+`"`) {
			t.Errorf("results do not link to the unit's breakdown: %s", body)
		}
		resp, body = office.get(loc + "/results/" + zjj)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-code="T1"`) || !strings.Contains(body, "按任务") || !strings.Contains(body, "20 × ") {
			t.Errorf("breakdown: %d %s", resp.StatusCode, body)
		}
		// The trial breakdown is the published one's, marked as a trial,
		// with no appeals (nothing is published yet).
		if !strings.Contains(body, "试算结果，未定榜") || !strings.Contains(body, `id="unit-rank"`) || strings.Contains(body, `id="appeals"`) {
			t.Errorf("trial breakdown: %s", body)
		}
		resp, body = lly.get(loc + "/results")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "区住建局") || strings.Contains(body, "区城管局") {
			t.Errorf("a liaison's results: %d", resp.StatusCode)
		}
		if resp, _ := lly.get(loc + "/results/" + itoa(env.Fix.Units["区城管局"])); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a liaison reads another unit's breakdown: %d", resp.StatusCode)
		}
		if resp, _ := office.get(loc + "/results.xlsx"); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("results export: %d", resp.StatusCode)
		}
		resp, tpl := kh.get(loc + "/score/template.xlsx")
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("score template: %d", resp.StatusCode)
		}
		// The sheet back with a score over the maximum and a row without a
		// reason: refused whole, each row named.
		wb, err := excelize.OpenReader(strings.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		sh := wb.GetSheetName(0)
		wb.SetCellValue(sh, "E3", 11)
		wb.SetCellValue(sh, "F3", "好")
		wb.SetCellValue(sh, "E4", 6)
		var buf bytes.Buffer
		wb.Write(&buf)
		resp, body = kh.postFile(loc+"/score/import", "评分表.xlsx", buf.Bytes(), nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "评分表 第 3 行：得分 11 超出范围 0–10。") ||
			!strings.Contains(body, "评分表 第 4 行：请填写评分理由。") {
			t.Errorf("a bad sheet: %d %s", resp.StatusCode, body)
		}
		if resp, body := kh.postBody(loc+"/score/import", url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "row-error") && !strings.Contains(body, "alert") {
			t.Errorf("an import without a file: %d", resp.StatusCode)
		}
		if resp, body := office.get(loc + "/export"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `check_date: "2023-06-30"`) {
			t.Errorf("export: %d %s", resp.StatusCode, body)
		}
	})
}

func idParamOf(loc string) domain.ID {
	var id domain.ID
	for _, c := range loc[strings.LastIndex(loc, "/")+1:] {
		id = id*10 + domain.ID(c-'0')
	}
	return id
}
