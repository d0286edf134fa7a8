package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// publishRun publishes a hand-built result of the fixture's 区直部门 for
// 公示 from today, as the office, and returns the run.
func publishRun(t *testing.T, env *apptest.Env) domain.ID {
	t.Helper()
	u := env.Fix.Units
	unit := func(name string, a float64, rank int, grade string) domain.UnitResult {
		return domain.UnitResult{UnitID: u[name], Unit: name, Category: "区直部门", Base: 70 + a, Total: 70 + a, Rank: rank, Grade: grade,
			Sections: []domain.SectionScore{{Key: "key", Name: "重点工作", Max: 20, Score: a}, {Key: "routine", Name: "常规工作", Max: 80, Score: 70}},
			Criteria: []domain.CriterionScore{
				{Code: "A1", Name: "重点项目推进", Kind: domain.CriterionBase, Section: "key", Max: 20, Score: a,
					Formula: domain.Formula{Key: "no-such-key", Expr: "20 × 90% = 18", Inputs: []domain.FormulaInput{{Label: "progress", Value: 90}}}},
				{Code: "B1", Name: "群众满意度", Kind: domain.CriterionBase, Section: "routine", Max: 80, Score: 70, Formula: domain.Formula{Expr: "70"}}}}
	}
	r := domain.AssessResult{SchemeID: 41, Units: []domain.UnitResult{unit("区住建局", 18, 1, "优秀"), unit("区财政局", 16, 2, "良好"),
		unit("区城管局", 12, 3, "一般")}}
	r.Units[0].Awards = []string{"骏马奖"}
	r.Units[2].Talk = true
	op := service.SystemPrincipal("test")
	id, err := env.App.Service.PublishAssessment(context.Background(), op, service.PublishInput{SchemeID: 41, Year: 2026, SchemeName: "2026年半年考核",
		Result: r, Body: domain.SchemeBody{Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The run pages: the public reads without login and sees no appeal
// reasons; a liaison appeals for their own unit only; the office decides.
func TestAssessRunPages(t *testing.T) {
	clk := &escClock{}
	clk.set(t, "2026-09-30 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		clk.set(t, "2026-09-30 09:00")
		id := publishRun(t, env)
		run := "/assess/runs/" + itoa(id)
		zjj, czj := itoa(env.Fix.Units["区住建局"]), itoa(env.Fix.Units["区财政局"])

		// The public: no login, 公示中 with the end date, cacheable.
		anon := &browser{t: t, env: env, c: env.Client()}
		resp, body := anon.get("/public/assess/" + itoa(id))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("public page: %d", resp.StatusCode)
		}
		mustHave(t, "the public page", body, "公示中", "2026-10-12", "区住建局", "骏马奖", "88", "约谈名单", "区城管局")
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "public") || resp.Header.Get("ETag") == "" {
			t.Errorf("public page headers: %q %q", cc, resp.Header.Get("ETag"))
		}
		req, _ := http.NewRequest("GET", env.URL+"/public/assess/"+itoa(id), nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		if resp, _ := anon.do(req); resp.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: %d", resp.StatusCode)
		}
		resp, body = anon.get("/public/assess/" + itoa(id) + "/units/" + zjj)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("public unit page: %d", resp.StatusCode)
		}
		mustHave(t, "the public breakdown", body, "重点项目推进", "20 × 90% = 18", "progress", "第 1 名（共 3 个单位）")
		if resp, body := anon.get("/public/assess"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "2026年半年考核") {
			t.Errorf("public list: %d", resp.StatusCode)
		}
		req, _ = http.NewRequest("POST", env.URL+"/public/assess/"+itoa(id), nil)
		if resp, _ := anon.do(req); resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST to a public page: %d", resp.StatusCode)
		}
		if resp, _ := anon.get(run); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the office's run page without login: %d", resp.StatusCode)
		}
		if resp, _ := anon.get("/public/assess/99999"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("missing run: %d", resp.StatusCode)
		}

		// A liaison appeals: reasons required, own unit only.
		lly := login(t, env, "zjj_lly")
		_, body = lly.get(run + "/units/" + zjj)
		mustHave(t, "the unit page", body, `id="appeal-form"`, "2026-10-12")
		resp, body = lly.postFiles(run+"/units/"+zjj+"/appeals", url.Values{"criterion": {"A1"}, "reasons": {" "}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请填写理由。") {
			t.Errorf("no reasons: %d", resp.StatusCode)
		}
		resp, _ = lly.postFiles(run+"/units/"+czj+"/appeals", url.Values{"reasons": {"x"}}, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("appeal for another unit: %d", resp.StatusCode)
		}
		if _, body := lly.get(run + "/units/" + czj); strings.Contains(body, `id="appeal-form"`) {
			t.Error("the appeal form on another unit's page")
		}
		resp, _ = lly.postFiles(run+"/units/"+zjj+"/appeals", url.Values{"criterion": {"A1"}, "reasons": {"保密理由：12月报告未计入"}},
			map[string][]byte{"证明.pdf": []byte("%PDF-1.4 x")})
		seeOther(t, "appeal", resp, run+"/units/"+zjj)
		// Other units and the public do not see it.
		if _, body := login(t, env, "czj_lly").get(run); strings.Contains(body, "保密理由") {
			t.Error("another unit reads the appeal")
		}
		if _, body := anon.get("/public/assess/" + itoa(id)); strings.Contains(body, "保密理由") {
			t.Error("the public page shows an appeal's reasons")
		}
		// The office decides: a score out of range is refused, then upheld.
		office := login(t, env, "office")
		_, body = office.get(run)
		mustHave(t, "the office's run page", body, "保密理由", `class="stepform decide-form"`, `id="adjust-form"`)
		appeal := strings.Split(strings.Split(body, `action="/assess/appeals/`)[1], "/")[0]
		resp = office.post("/assess/appeals/"+appeal+"/decide", url.Values{"run": {itoa(id)}, "state": {"upheld"}, "score": {"30"}, "reason": {"核实"}})
		seeOther(t, "refused decision", resp, run)
		_, body = office.get(run)
		mustHave(t, "the refusal", body, "分数 30 超出“A1 重点项目推进”的范围（0–20）。")
		resp = office.post("/assess/appeals/"+appeal+"/decide", url.Values{"run": {itoa(id)}, "state": {"upheld"}, "score": {"19.5"}, "reason": {"核实后补计"}})
		seeOther(t, "decision", resp, run)
		_, body = office.get(run)
		mustHave(t, "after the decision", body, "18 → 19.5", "核实后补计", "申诉成立")
		// The result tables in Excel.
		resp, body = office.get(run + "/export.xlsx")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("export: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		// The liaison sees the decision on the unit page.
		_, body = lly.get(run + "/units/" + zjj)
		mustHave(t, "the unit's page after the decision", body, "核实后补计", "18 → 19.5", "申诉成立")

		// The unit's accepted 亮点 of the year, with its evaluation, sit
		// beside its scores; a draft one does not.
		ctx := context.Background()
		svc, zjjLly, op := env.App.Service, principal(t, env, "zjj_lly"), principal(t, env, "office")
		hl, err := svc.CreateHighlight(ctx, zjjLly, service.HighlightInput{Year: 2026, Title: "老旧小区改造“绣花”模式", Content: "32个小区", Ambition: "全市第一"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateHighlight(ctx, zjjLly, service.HighlightInput{Year: 2026, Title: "尚未申报的草稿", Content: "c", Ambition: "全市第一"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeclareHighlight(ctx, zjjLly, hl.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DecideHighlight(ctx, op, hl.ID, service.HighlightDecision{Accept: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.EvaluateHighlight(ctx, op, hl.ID, domain.HighlightEvaluation{Achieved: domain.AchievedPartly, Grade: "良好", Comment: "全市第二"}); err != nil {
			t.Fatal(err)
		}
		_, body = lly.get(run + "/units/" + zjj)
		mustHave(t, "the unit's highlights", body, `id="highlights"`, "老旧小区改造“绣花”模式", "全市第一", "全市第二", "良好")
		if strings.Contains(body, "尚未申报的草稿") {
			t.Error("a draft highlight shown beside the scores")
		}
		if _, body := lly.get(run + "/units/" + czj); strings.Contains(body, "老旧小区改造") {
			t.Error("another unit's page shows the highlight")
		}
	})
}

// The office publishes a frozen scheme from the run list: the results are
// computed, stored and shown; a liaison has no form.
func TestAssessPublishFromWeb(t *testing.T) {
	clk := &escClock{}
	clk.set(t, "2026-11-02 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		clk.set(t, "2026-11-02 09:00")
		ctx := context.Background()
		op := service.SystemPrincipal("test")
		crit := []domain.Criterion{{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}
		sc, err := env.App.Service.CreateScheme(ctx, op, domain.Scheme{Year: 2026, Kind: domain.SchemeAnnual, Name: "2026年度综合考核",
			SchemeBody: domain.SchemeBody{CheckDate: domain.MustDate("2026-10-31"), Categories: []domain.AssessCategory{
				{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 10, Criteria: crit}}}},
				Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Service.FreezeScheme(ctx, op, sc.ID); err != nil {
			t.Fatal(err)
		}
		if _, body := login(t, env, "zjj_lly").get("/assess/runs"); strings.Contains(body, `id="publish-form"`) {
			t.Error("a liaison sees the publish form")
		}
		office := login(t, env, "office")
		_, body := office.get("/assess/runs")
		mustHave(t, "the run list", body, `id="publish-form"`, "2026年度综合考核", ">"+env.URL+"/public/assess</a>")
		resp := office.post("/assess/runs", url.Values{"scheme": {itoa(sc.ID)}, "days": {"5"}, "start": {"2026-11-02"}})
		id := seeOther(t, "publish", resp, "/assess/runs/")
		_, body = office.get("/assess/runs/" + id)
		mustHave(t, "the published run", body, "2026年度综合考核", "2026-11-06", "区住建局", "公示中")
		resp = office.post("/assess/runs", url.Values{"scheme": {itoa(sc.ID)}})
		seeOther(t, "published twice", resp, "/assess/runs")
		_, body = office.get("/assess/runs")
		mustHave(t, "the refusal", body, "不能再次发布")
	})
}
