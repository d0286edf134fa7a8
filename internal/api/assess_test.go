package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// addExaminer creates an examiner account of a unit that logs in with the
// fixture password.
func addExaminer(t *testing.T, env *apptest.Env, login string, unit domain.ID) {
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
	if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: unit}}); err != nil {
		t.Fatal(err)
	}
}

// apiScheme is a small scheme in JSON: 区直部门 with a task criterion, a
// manual one and a bonus.
func apiScheme(name string) string {
	b, _ := json.Marshal(domain.Scheme{Year: 2023, Kind: domain.SchemeAnnual, Name: name, SchemeBody: domain.SchemeBody{
		CheckDate: domain.MustDate("2023-06-30"),
		Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 30, Criteria: []domain.Criterion{
			{Code: "T1", Name: "重点任务推进", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodTasks, Params: domain.MethodParams{PerOverdue: 1}},
			{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual},
			{Code: "B1", Name: "创新加分", Kind: domain.CriterionBonus, Max: 2, Method: domain.MethodManual}}}}}},
		Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}}}}})
	return string(b)
}

// Schemes and entries over the API: the office creates, edits and freezes
// a scheme and assigns an examiner; the examiner scores within range,
// never the own unit; a liaison reads only the own unit's entries and no
// inputs; refusals change nothing.
func TestAssessAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		f := env.Fix
		addExaminer(t, env, "kh_czj", f.Units["区财政局"])
		h := newHarness(env)
		zjj, czj := id(f.Units["区住建局"]), id(f.Units["区财政局"])
		sc := "/api/v1/assess/schemes/{{sc}}"
		h.run(t, []scenario{
			{name: "a liaison cannot create", as: "zjj_lly", method: "POST", path: "/api/v1/assess/schemes", body: apiScheme("2023年度综合考核"),
				status: 403, unchanged: true},
			{name: "no name", as: "office", method: "POST", path: "/api/v1/assess/schemes", body: apiScheme(" "), status: 422, unchanged: true,
				json: map[string]any{"error.field": "name", "error.message": "请填写方案名称。"}},
			{name: "the office creates", as: "office", method: "POST", path: "/api/v1/assess/schemes", body: apiScheme("2023年度综合考核"), status: 201,
				json:    map[string]any{"version": 1, "state": "draft", "can.edit": true, "categories.0.sections.0.criteria.#": 3},
				headers: map[string]string{"Location": "/api/v1/assess/schemes/"}, capture: map[string]string{"sc": "id"}},
			{name: "a draft is not the units'", as: "zjj_lly", method: "GET", path: sc, status: 404},
			{name: "the office edits the draft", as: "office", method: "PUT", path: sc, body: apiScheme("2023年度目标管理综合考核"), status: 200,
				json: map[string]any{"name": "2023年度目标管理综合考核"}},
			{name: "an examiner is assigned", as: "office", method: "PUT", path: sc + "/examiners", body: `{"examiners":[{"login":"kh_czj","criteria":["M1"]}]}`,
				status: 200, json: map[string]any{"total": 1, "items.0.login": "kh_czj", "items.0.criteria.0": "M1"}},
			{name: "scoring starts", as: "office", method: "POST", path: sc + "/freeze", status: 200, json: map[string]any{"state": "scoring", "can.revise": true}},
			{name: "a frozen scheme is not edited", as: "office", method: "PUT", path: sc, body: apiScheme("x"), status: 409, unchanged: true,
				json: map[string]any{"error.message": "方案“2023年度目标管理综合考核”第 1 版评分中，已冻结，不能修改；如需调整，请修订为新版本并说明理由。"}},
			{name: "out of range", as: "kh_czj", method: "POST", path: sc + "/entries", body: `{"code":"M1","unit_id":` + zjj + `,"score":12.5,"reason":"好"}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "score", "error.message": "得分 12.5 超出范围 0–10。"}},
			{name: "own unit", as: "kh_czj", method: "POST", path: sc + "/entries", body: `{"code":"M1","unit_id":` + czj + `,"score":8,"reason":"好"}`,
				status: 403, unchanged: true, json: map[string]any{"error.message": "不能为本单位（区财政局）评分。"}},
			{name: "scored", as: "kh_czj", method: "POST", path: sc + "/entries", body: `{"code":"M1","unit_id":` + zjj + `,"score":8.5,"reason":"作风扎实"}`,
				status: 200, json: map[string]any{"score": 8.5, "examiner": "考核员kh_czj"}},
			{name: "a form with a score that is not a number", as: "office", method: "POST", path: sc + "/entries", form: &form{
				fields: [][2]string{{"code", "B1"}, {"unit_id", zjj}, {"score", "一点五"}, {"reason", "获省级表彰"}}},
				status: 422, unchanged: true, json: map[string]any{"error.field": "score", "error.message": "字段「score」应为数字。"}},
			{name: "with evidence, as a form", as: "office", method: "POST", path: sc + "/entries", form: &form{
				fields: [][2]string{{"code", "B1"}, {"unit_id", zjj}, {"score", "1.5"}, {"reason", "获省级表彰"}},
				files:  []formFile{{field: "files", name: "表彰文件.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 表彰")}}},
				status: 200, json: map[string]any{"score": 1.5, "evidence_name": "表彰文件.pdf"}, capture: map[string]string{"file": "evidence_id"}},
			{name: "a batch with a bad row stores nothing", as: "kh_czj", method: "POST", path: sc + "/entries/batch",
				body:   `{"entries":[{"code":"M1","unit_id":` + id(f.Units["区城管局"]) + `,"score":7,"reason":"好"},{"code":"M9","unit_id":` + zjj + `,"score":7,"reason":"好"}]}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "有 1 条评分有误，均未保存。", "error.details.0": "第 2 条：未知的考核指标代码“M9”。"}},
			{name: "the office reads every entry", as: "office", method: "GET", path: sc + "/entries", status: 200, json: map[string]any{"total": 2}},
			{name: "the unit reads its own", as: "zjj_lly", method: "GET", path: sc + "/entries", status: 200, json: map[string]any{"total": 2, "items.0.unit_id": f.Units["区住建局"]}},
			{name: "another unit reads none", as: "czj_lly", method: "GET", path: sc + "/entries", status: 200, json: map[string]any{"total": 0}},
			{name: "the unit downloads its evidence", as: "zjj_lly", method: "GET", path: sc + "/files/{{file}}", status: 200, contains: []string{"%PDF-1.4"}},
			{name: "another unit cannot", as: "czj_lly", method: "GET", path: sc + "/files/{{file}}", status: 404},
			{name: "the office computes every unit", as: "office", method: "GET", path: sc + "/results", status: 200,
				json: map[string]any{"units.#": 3, "units.0.category": "区直部门"}},
			{name: "a unit gets its own row", as: "zjj_lly", method: "GET", path: sc + "/results", status: 200,
				json: map[string]any{"units.#": 1, "units.0.unit": "区住建局", "units.0.criteria[code=M1].score": 8.5, "units.0.criteria[code=B1].score": 1.5}},
			{name: "another unit's breakdown is not the unit's", as: "zjj_lly", method: "GET", path: sc + "/results/" + czj, status: 404},
			{name: "a breakdown with formulas", as: "office", method: "GET", path: sc + "/results/" + zjj, status: 200,
				json: map[string]any{"unit": "区住建局", "criteria[code=M1].formula.key": "manual_mean"}},
			{name: "the results tables", as: "office", method: "GET", path: sc + "/results.xlsx", status: 200, headers: map[string]string{"Content-Type": "spreadsheetml"}},
			{name: "the examiner's score sheet", as: "kh_czj", method: "GET", path: sc + "/score-template.xlsx", status: 200, headers: map[string]string{"Content-Type": "spreadsheetml"}},
			{name: "a liaison has no score sheet", as: "zjj_lly", method: "GET", path: sc + "/score-template.xlsx", status: 403},
			{name: "a sheet that is not a workbook", as: "kh_czj", method: "POST", path: sc + "/entries/import", body: "not a workbook", status: 422, unchanged: true},
			{name: "a liaison reads no inputs", as: "zjj_lly", method: "GET", path: sc + "/inputs", status: 403},
			{name: "the office reads the inputs", as: "office", method: "GET", path: sc + "/inputs", status: 200,
				json: map[string]any{"Units.#": 3, "Units.0.name": "区住建局"}},
			{name: "the file", as: "office", method: "GET", path: sc + "/export", status: 200, contains: []string{"name: 2023年度目标管理综合考核", `check_date: "2023-06-30"`, "code: M1"},
				headers: map[string]string{"Content-Type": "application/yaml"}},
			{name: "a revision needs a reason", as: "office", method: "POST", path: sc + "/revise", body: `{"body":{"check_date":"2023-06-30","categories":[{"name":"区直部门","sections":[{"key":"routine","name":"常规工作","max":30,"criteria":[{"code":"T1","name":"重点任务推进","kind":"score","max":20,"method":"tasks","params":{"per_overdue":1}}]}]}],"rules":{"grades":[{"name":"优秀","quota_percent":20},{"name":"良好"}]}},"reason":""}`,
				status: 422, unchanged: true, json: map[string]any{"error.field": "reason", "error.message": "请填写修订理由。"}},
			{name: "revised", as: "office", method: "POST", path: sc + "/revise", body: `{"body":{"check_date":"2023-06-30","categories":[{"name":"区直部门","sections":[{"key":"routine","name":"常规工作","max":30,"criteria":[{"code":"T1","name":"重点任务推进","kind":"score","max":20,"method":"tasks","params":{"per_overdue":1}}]}]}],"rules":{"grades":[{"name":"优秀","quota_percent":20},{"name":"良好"}]}},"reason":"取消人工评分"}`,
				status: 201, json: map[string]any{"version": 2, "carried": 0, "dropped": 2, "change_reason": "取消人工评分"}},
			{name: "the old version is superseded", as: "office", method: "GET", path: sc, status: 200, json: map[string]any{"state": "superseded", "versions.#": 2}},
			{name: "a malformed file", as: "office", method: "POST", path: "/api/v1/assess/schemes/import", body: `{"year":2023,"kind":"annual","nmae":"x"}`,
				status: 422, unchanged: true, contains: []string{"nmae"}},
			{name: "an invalid scheme", as: "office", method: "POST", path: "/api/v1/assess/schemes", body: `{"year":2023,"kind":"annual","name":"坏方案","check_date":"2023-06-30","categories":[]}`,
				status: 422, unchanged: true, contains: []string{"未设置任何考核类别。"}},
			{name: "a file imported", as: "office", method: "POST", path: "/api/v1/assess/schemes/import", body: apiSchemeFile(t, "2023年度专项考核"),
				status: 201, json: map[string]any{"name": "2023年度专项考核", "state": "draft"}},
			{name: "the unit sees both versions by year", as: "zjj_lly", method: "GET", path: "/api/v1/assess/schemes?year=2023", status: 200, json: map[string]any{"total": 2}},
		})
	})
}

// apiSchemeFile is apiScheme as its file holds it.
func apiSchemeFile(t *testing.T, name string) string {
	var sc domain.Scheme
	if err := json.Unmarshal([]byte(apiScheme(name)), &sc); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(service.SchemeFile{Year: sc.Year, Kind: sc.Kind, Name: sc.Name, SchemeBody: sc.SchemeBody})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
