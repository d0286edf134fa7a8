package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// webYearScheme: the five 区直部门 checked on 2023-06-30 by tasks,
// supervision, an examiner and a satisfaction evaluation (the same scheme
// as the command line's whole-year test, where the numbers are worked out).
const webYearScheme = `year: 2023
kind: annual
name: 2023年度区直部门综合考核
check_date: 2023-06-30
categories:
  - name: 区直部门
    sections:
      - key: routine
        name: 常规工作
        max: 30
        criteria:
          - {code: T1, name: 任务推进, kind: score, max: 20, method: tasks, params: {per_overdue: 2, per_lagging: 1}}
          - {code: S1, name: 督查督办, kind: score, max: 10, method: supervision, params: {per_red: 2}}
      - key: key
        name: 重点工作
        max: 30
        criteria:
          - {code: M1, name: 工作实绩, kind: score, max: 30, method: manual}
      - key: party
        name: 群众满意度
        max: 40
        criteria:
          - {code: V1, name: 满意度测评, kind: score, max: 40, method: evaluation, params: {evaluation: MYD2023}}
rules:
  grades:
    - {name: 优秀, quota_percent: 20, no_veto: true}
    - {name: 良好}
  awards:
    - {name: 骏马奖, criteria: [V1]}
  talks:
    below: 60
`

var voteLinkRe = regexp.MustCompile(`/v/([0-9A-Z-]{15})`)

// The whole year through the pages: scheme, examiner's grid, evaluation
// with codes and anonymous phone ballots, results with grades and
// formulas, 公示, a liaison's appeal, the office's decision, 定榜 and the
// public final list. Totals before the appeal: 住建 79, 财政 78.1, 审计
// 66.67, 城管 56.67, 统计 44; 财政's M1 upheld at 30 makes 83.1, first
// and 优秀, ahead of 住建 (79, 良好, still 骏马奖).
func TestAssessWholeYearThroughThePages(t *testing.T) {
	clk := &escClock{}
	clk.set(t, "2023-06-01 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2023-06-01 09:00")
		svc, f, op := env.App.Service, env.Fix, service.SystemPrincipal("test")
		if _, err := svc.CreateCase(ctx, principal(t, env, "office"), service.CaseInput{Title: "老旧小区加装电梯", Source: domain.CaseSourceInstruction,
			LeaderID: f.People["王建新"], LeadUnitID: f.Units["区住建局"], LimitDays: 5, Assign: true}); err != nil {
			t.Fatal(err)
		}
		clk.set(t, "2023-06-20 09:00")
		approveProgress(t, env, "czj_lly", "czj_fzr", f.Tasks["2"], 30, false)
		clk.set(t, "2023-07-15 09:00")
		units := map[string]string{"区住建局": itoa(f.Units["区住建局"]), "区财政局": itoa(f.Units["区财政局"]), "区城管局": itoa(f.Units["区城管局"])}
		for i, name := range []string{"区审计局", "区统计局"} {
			u, err := svc.CreateUnit(ctx, op, service.UnitInput{Name: name, ParentID: f.Units["示范区"], Kind: domain.UnitDepartment, Category: "区直部门", Sort: 10 + i})
			if err != nil {
				t.Fatal(err)
			}
			units[name] = itoa(u.ID)
		}
		addExaminerLogin(t, env, "kh_year", "东湖街道")
		office, kh := login(t, env, "office"), login(t, env, "kh_year")

		// The scheme from pasted YAML, its examiner, frozen.
		scheme := "/assess/schemes/" + seeOther(t, "scheme", office.post("/assess", url.Values{"text": {webYearScheme}}), "/assess/schemes/")
		seeOther(t, "examiners", office.post(scheme+"/examiners", url.Values{"examiners": {"kh_year:M1"}}), scheme)
		seeOther(t, "freeze", office.post(scheme+"/freeze", nil), scheme)

		// The examiner's grid: one bad row is named, then all five saved.
		order := []string{"区住建局", "区财政局", "区城管局", "区审计局", "区统计局"}
		grid := url.Values{}
		for i, name := range order {
			k := itoa(int64(i))
			grid.Set("code_"+k, "M1")
			grid.Set("unit_"+k, units[name])
			grid.Set("score_"+k, []string{"28", "25", "20", "22", "18"}[i])
			grid.Set("reason_"+k, "年度工作实绩")
		}
		grid.Set("score_4", "31")
		resp, body := kh.postBody(scheme+"/score", grid)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "得分 31 超出范围 0–30。") {
			t.Fatalf("a score out of range: %d", resp.StatusCode)
		}
		grid.Set("score_4", "18")
		if resp, _ := kh.postBody(scheme+"/score", grid); resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the grid: %d", resp.StatusCode)
		}

		// The evaluation, its codes, three phones, closing.
		form := url.Values{"name": {"2023年群众满意度测评"}, "year": {"2023"}, "code": {"MYD2023"}, "kind": {"survey"}, "scale": {"options"},
			"options": {"满意 100\n较满意 80\n一般 60\n不满意 0"}, "groups": {"public 群众 1 2"}}
		for _, name := range order {
			form.Add("unit", units[name])
		}
		page := "/evaluations/" + seeOther(t, "evaluation", office.post("/evaluations", form), "/evaluations/")
		seeOther(t, "open", office.post(page+"/open", nil), page)
		resp, body = office.postBody(page+"/codes", url.Values{"group": {"public"}, "count": {"3"}, "format": {"csv"}})
		codes := voteLinkRe.FindAllStringSubmatch(body, -1)
		if resp.StatusCode != http.StatusOK || len(codes) != 3 {
			t.Fatalf("codes: %d %s", resp.StatusCode, body)
		}
		ballots := [][]string{{"1", "2", "3", "1", "3"}, {"1", "2", "2", "2", "3"}, {"2", "2", "3", "2", "4"}}
		for i, b := range ballots {
			phone := &browser{t: t, env: env, c: env.Client()}
			if resp, body := phone.get("/v/" + codes[i][1]); resp.StatusCode != http.StatusOK || !strings.Contains(body, "区统计局") {
				t.Fatalf("ballot %d: %d", i, resp.StatusCode)
			}
			vote := url.Values{}
			for k, opt := range b {
				vote.Set("u"+units[order[k]], opt)
			}
			if resp := phone.post("/v/"+codes[i][1], vote); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/vote/thanks" {
				t.Fatalf("vote %d: %d", i, resp.StatusCode)
			}
		}
		if resp := (&browser{t: t, env: env, c: env.Client()}).post("/v/"+codes[0][1], url.Values{"u" + units["区住建局"]: {"1"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("a used code: %d", resp.StatusCode)
		}
		seeOther(t, "close", office.post(page+"/close", nil), page)

		// Results with grades, awards, the talk list and formulas.
		_, body = office.get(scheme + "/results")
		mustHave(t, "the results", body, "区住建局", "79", "78.1", "优秀", "骏马奖", "66.67", "56.67", "约谈")
		_, body = office.get(scheme + "/results/" + units["区住建局"])
		mustHave(t, "the breakdown", body, "20 × 33.33% − 1 × 1 = 5.67", "10 × 100.00% − 2 × 1 = 8.00", "/ 100 = 37.33",
			"完成率：33.33%", "按期办结率：100.00%")

		// 公示, the liaison's appeal, the office's decision.
		run := "/assess/runs/" + seeOther(t, "publish", office.post("/assess/runs", url.Values{"scheme": {scheme[len("/assess/schemes/"):]}, "days": {"5"}, "start": {"2023-07-17"}}), "/assess/runs/")
		clk.set(t, "2023-07-18 09:00")
		office, lly := login(t, env, "office"), login(t, env, "czj_lly")
		czj := units["区财政局"]
		resp, _ = lly.postFiles(run+"/units/"+czj+"/appeals", url.Values{"criterion": {"M1"}, "reasons": {"年内完成的财源建设项目未计入工作实绩。"}}, nil)
		seeOther(t, "appeal", resp, run+"/units/"+czj)
		_, body = office.get(run)
		appeal := strings.Split(strings.Split(body, `action="/assess/appeals/`)[1], "/")[0]
		seeOther(t, "decision", office.post("/assess/appeals/"+appeal+"/decide", url.Values{"run": {run[len("/assess/runs/"):]}, "state": {"upheld"},
			"score": {"30"}, "reason": {"项目已核实，予以更正。"}}), run)
		_, body = office.get(run)
		mustHave(t, "after the decision", body, "25 → 30", "78.1 → 83.1", "项目已核实，予以更正。", "申诉成立")

		// Time moves past the window; 定榜; the public list without login.
		if resp := office.post(run+"/finalize", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("finalize: %d", resp.StatusCode)
		}
		_, body = office.get(run)
		mustHave(t, "finalizing during the window", body, "公示期至 2023-07-21 结束，结束后方可定榜。", "公示中")
		clk.set(t, "2023-07-24 09:00")
		office = login(t, env, "office")
		seeOther(t, "finalize", office.post(run+"/finalize", nil), run)
		anon := &browser{t: t, env: env, c: env.Client()}
		resp, body = anon.get("/public/assess/" + run[len("/assess/runs/"):])
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the public list: %d", resp.StatusCode)
		}
		mustHave(t, "the public list", body, "已定榜", "骏马奖</dt><dd>区住建局")
		for _, row := range []string{`>1</td>\s*<td data-label="单位"><a [^>]*>区财政局</a></td>\s*<td[^>]*>21.1</td><td[^>]*>30</td><td[^>]*>32</td>.*?<b>83.1</b></td>\s*<td[^>]*>优秀</td>`,
			`>2</td>\s*<td data-label="单位"><a [^>]*>区住建局</a></td>\s*<td[^>]*>13.67</td><td[^>]*>28</td><td[^>]*>37.33</td>.*?<b>79</b></td>\s*<td[^>]*>良好</td>\s*<td[^>]*>骏马奖</td>`,
			`>5</td>\s*<td data-label="单位"><a [^>]*>区统计局</a>.*?<b>44</b>`, `id="talk-list">区城管局、区统计局<`} {
			if !regexp.MustCompile(`(?s)` + row).MatchString(body) {
				t.Errorf("the public list lacks the row %s", row)
			}
		}
		if strings.Contains(body, "财源建设项目") {
			t.Error("the public list shows the appeal's reasons")
		}
	})
}
