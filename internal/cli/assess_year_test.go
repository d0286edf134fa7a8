package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// yearScheme is the year's scheme for the five 区直部门 (the fixture's three
// and two added without tasks or cases), checked on 2023-06-30.
const yearScheme = `year: 2023
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
          - code: T1
            name: 任务推进
            kind: score
            max: 20
            method: tasks
            params:
              per_overdue: 2
              per_lagging: 1
          - code: S1
            name: 督查督办
            kind: score
            max: 10
            method: supervision
            params:
              per_red: 2
      - key: key
        name: 重点工作
        max: 30
        criteria:
          - code: M1
            name: 工作实绩
            kind: score
            max: 30
            method: manual
      - key: party
        name: 群众满意度
        max: 40
        criteria:
          - code: V1
            name: 满意度测评
            kind: score
            max: 40
            method: evaluation
            params:
              evaluation: MYD2023
rules:
  grades:
    - name: 优秀
      quota_percent: 20
      no_veto: true
    - name: 良好
  awards:
    - name: 骏马奖
      criteria: [V1]
  talks:
    below: 60
`

const yearEvaluation = `year: 2023
code: MYD2023
name: 2023年群众满意度测评
units: [区住建局, 区财政局, 区城管局, 区审计局, 区统计局]
options:
  - {label: 满意, points: 100}
  - {label: 较满意, points: 80}
  - {label: 一般, points: 60}
  - {label: 不满意, points: 0}
groups:
  - {key: public, name: 群众, weight: 1, quorum: 2}
`

type testClock struct{ ns atomic.Int64 }

func (c *testClock) now() time.Time { return time.Unix(0, c.ns.Load()) }

func (c *testClock) set(t *testing.T, s string) {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	c.ns.Store(v.UnixNano())
}

// A whole year from the command line, with the numbers worked out by hand
// (check date 2023-06-30):
//
//	T1 任务推进 20 × attainment − 2 per overdue − 1 per lagging task:
//	   区住建局 tasks 1 (weight 2, 0% of 50%, lagging) and 5 (nothing
//	   expected yet: attained): 20 × 33.33% − 1 = 5.67; 区财政局 task 2,
//	   reported at 30% on 06-20 against 181/365 = 49.59% expected on
//	   06-30, lagging: 30 ÷ 49.59 = 60.50%, 20 × 60.50% − 1 = 11.10; 区城管局 task 3 overdue: max(0, 0 − 2) =
//	   0; the two new units have no task: 0.
//	S1 督查督办 10 × on-time rate − 2 per red case: 区住建局 has a case
//	   assigned 06-01 for five working days, never answered: 8; others 10.
//	M1 工作实绩, the examiner's sheet: 28, 25, 20, 22, 18.
//	V1 满意度 40 × ballot mean / 100, three ballots (满意 100, 较满意 80,
//	   一般 60, 不满意 0): 区住建局 100,100,80 → 37.33; 区财政局 80,80,80 →
//	   32; 区城管局 60,80,60 → 26.67; 区审计局 100,80,80 → 34.67; 区统计局
//	   60,60,0 → 16.
//
// Totals 79, 78.1, 56.67, 66.67, 44: ranks 住建 1, 财政 2, 审计 3, 城管
// 4, 统计 5; 优秀 20% of 5 = 1 (住建), the rest 良好; 骏马奖 (best V1)
// 住建; 约谈 below 60: 城管, 统计. 财政's appeal on M1 is upheld at 30:
// 78.1 → 83.1, first and 优秀, 住建 second and 良好; the office corrects
// 审计's M1 to 24: 66.67 → 68.67, still third.
func TestAssessWholeYearFromTheCommandLine(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clk := &testClock{}
			clk.set(t, "2023-06-01 09:00")
			env := apptest.Start(t, e, apptest.Options{Clock: clk.now})
			assessYear(t, env, clk)
		})
	}
}

func assessYear(t *testing.T, env *apptest.Env, clk *testClock) {
	ctx := context.Background()
	svc, f, op := env.App.Service, env.Fix, service.SystemPrincipal("test")
	office := &service.Principal{Account: mustAccount(t, env, "office")}
	// The district: a red case for 区住建局, two more departments, an examiner.
	if _, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "老旧小区加装电梯", Source: domain.CaseSourceInstruction, LeaderID: f.People["王建新"],
		LeadUnitID: f.Units["区住建局"], LimitDays: 5, Assign: true}); err != nil {
		t.Fatal(err)
	}
	// 区财政局 reports task 2 at 30% on 06-20, approved by its head.
	clk.set(t, "2023-06-20 09:00")
	rep, err := svc.SaveReport(ctx, &service.Principal{Account: mustAccount(t, env, "czj_lly")}, f.Tasks["2"],
		service.ReportInput{Progress: 30, Done: "税源培育按计划推进", Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveReport(ctx, &service.Principal{Account: mustAccount(t, env, "czj_fzr")}, rep.ID, ""); err != nil {
		t.Fatal(err)
	}
	clk.set(t, "2023-07-15 09:00")
	for i, name := range []string{"区审计局", "区统计局"} {
		if _, err := svc.CreateUnit(ctx, op, service.UnitInput{Name: name, ParentID: f.Units["示范区"], Kind: domain.UnitDepartment, Category: "区直部门", Sort: 10 + i}); err != nil {
			t.Fatal(err)
		}
	}
	acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: "kh_year", DisplayName: "考核员乙", Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: f.Units["东湖街道"]}}); err != nil {
		t.Fatal(err)
	}
	must := func(now string, want string, args ...string) string {
		t.Helper()
		out, errs, code := runAt(t, env.DSN, now, args...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%s: %d %q %q, want %q", strings.Join(args, " "), code, out, errs, want)
		}
		return out
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const now = "2023-07-15 10:00"

	// Scheme, examiner, freeze.
	must(now, "已导入方案“2023年度区直部门综合考核”（ID 1，草稿）。", "assess", "scheme", "import", write("scheme.yaml", yearScheme))
	_, errs, code := runAt(t, env.DSN, now, "assess", "examiners", "1", "--account", "nobody")
	if code != 1 || !strings.Contains(errs, "nobody") {
		t.Errorf("unknown examiner: %d %q", code, errs)
	}
	must(now, "kh_year\t考核员乙\tM1", "assess", "examiners", "1", "--account", "kh_year", "--codes", "M1")
	must(now, "已冻结", "assess", "scheme", "freeze", "1")

	// The evaluation from a file: a misspelt unit is refused by name, then created, opened, codes issued.
	_, errs, code = runAt(t, env.DSN, now, "evaluation", "create", write("bad.yaml", strings.Replace(yearEvaluation, "区统计局", "区统计所", 1)))
	if code != 1 || !strings.Contains(errs, "测评文件字段“units[5]”：单位“区统计所”不存在。") {
		t.Errorf("bad unit: %d %q", code, errs)
	}
	_, errs, code = runAt(t, env.DSN, now, "evaluation", "create", write("bad2.yaml", yearEvaluation+"quorm: 3\n"))
	if code != 1 || !strings.Contains(errs, "测评文件中有未知字段“quorm”。") {
		t.Errorf("unknown field: %d %q", code, errs)
	}
	_, errs, code = runAt(t, env.DSN, now, "evaluation", "create", write("bad3.yaml", strings.Replace(yearEvaluation, "weight: 1", "weight: 一", 1)))
	if code != 1 || !strings.Contains(errs, "测评文件字段“groups.weight”的值类型不对。") {
		t.Errorf("bad type: %d %q", code, errs)
	}
	if list, _ := svc.Evaluations(ctx, op, 2023); len(list) != 0 {
		t.Fatalf("a refused file created %d evaluations", len(list))
	}
	out := must(now, "已创建测评“2023年群众满意度测评”", "evaluation", "create", write("eval.yaml", yearEvaluation))
	eid := regexp.MustCompile(`编号 (\d+)`).FindStringSubmatch(out)[1]
	must(now, "测评“2023年群众满意度测评”：投票中。", "evaluation", "open", eid)
	csvPath := filepath.Join(dir, "codes.csv")
	must(now, "已写入 3 个票码", "evaluation", "codes", eid, "--group", "public", "--count", "3", "--csv", csvPath)
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`/v/([^,\s]+)`).FindAllStringSubmatch(string(data), -1)
	if len(codes) != 3 {
		t.Fatalf("codes: %s", data)
	}

	// Three voters on their phones (the service's vote, as /v/{code} calls it).
	u := func(name string) domain.ID {
		if id, ok := f.Units[name]; ok {
			return id
		}
		m, err := svc.Model(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return m.UnitByName(name).ID
	}
	order := []string{"区住建局", "区财政局", "区城管局", "区审计局", "区统计局"}
	ballots := [][]int{{1, 2, 3, 1, 3}, {1, 2, 2, 2, 3}, {2, 2, 3, 2, 4}}
	for i, b := range ballots {
		ans := map[domain.ID]domain.BallotAnswer{}
		for k, opt := range b {
			ans[u(order[k])] = domain.BallotAnswer{Option: opt}
		}
		if err := svc.Vote(ctx, codes[i][1], ans); err != nil {
			t.Fatalf("ballot %d: %v", i, err)
		}
	}
	if err := svc.Vote(ctx, codes[0][1], map[domain.ID]domain.BallotAnswer{u("区住建局"): {Option: 1}}); err == nil || !strings.Contains(err.Error(), "该票码已使用") {
		t.Errorf("a used code voted again: %v", err)
	}
	must(now, "测评“2023年群众满意度测评”：已结束。", "evaluation", "close", eid)

	// The examiner's sheet, from the template.
	tpl, err := svc.ScoreTemplate(ctx, &service.Principal{Account: mustAccount(t, env, "kh_year")}, 1)
	if err != nil {
		t.Fatal(err)
	}
	sheet := filepath.Join(dir, "评分表.xlsx")
	fillSheet(t, tpl, sheet, map[string][2]string{"区住建局": {"28", "成效突出"}, "区财政局": {"25", "较好"}, "区城管局": {"20", "一般"},
		"区审计局": {"22", "较好"}, "区统计局": {"18", "较弱"}})
	must(now, "已导入 5 条评分。", "assess", "score", "import", "1", sheet, "--examiner", "kh_year")

	// Results (试算), then 公示 for five working days from Monday 07-17.
	out = must(now, "区直部门\t1\t区住建局\t79\t0\t0\t79\t优秀\t骏马奖", "assess", "results", "1")
	for _, line := range []string{"区直部门\t2\t区财政局\t78.1\t0\t0\t78.1\t良好", "区直部门\t3\t区审计局\t66.67\t0\t0\t66.67\t良好",
		"区直部门\t4\t区城管局\t56.67\t0\t0\t56.67\t良好\t约谈", "区直部门\t5\t区统计局\t44\t0\t0\t44\t良好\t约谈"} {
		if !strings.Contains(out, line) {
			t.Errorf("results lack %q:\n%s", line, out)
		}
	}
	must(now, "公示期 2023-07-17 至 2023-07-21", "assess", "run", "publish", "1", "--days", "5", "--start", "2023-07-17")

	// 区财政局 appeals its M1 score; the office upholds it at 30 and corrects 区审计局's M1.
	clk.set(t, "2023-07-18 09:00")
	appeal, err := svc.FileAppeal(ctx, &service.Principal{Account: mustAccount(t, env, "czj_lly")}, 1,
		service.AppealInput{UnitID: f.Units["区财政局"], Criterion: "M1", Reasons: "年内完成的财源建设项目未计入工作实绩。"})
	if err != nil {
		t.Fatal(err)
	}
	aid := strconv.FormatInt(appeal, 10)
	const during = "2023-07-19 10:00"
	must(during, "待处理", "assess", "appeals", "1")
	_, errs, code = runAt(t, env.DSN, during, "assess", "appeal", "decide", aid, "--upheld", "--reason", "属实")
	if code != 1 || !strings.Contains(errs, "请填写") {
		t.Errorf("upheld without a score: %d %q", code, errs)
	}
	must(during, "已处理：申诉成立", "assess", "appeal", "decide", aid, "--upheld", "--score", "30", "--reason", "项目已核实，予以更正。")
	must(during, "区审计局 M1：22 → 24；总分 66.67 → 68.67；排名 3 → 3；等次 良好 → 良好",
		"assess", "run", "adjust", "1", "--unit", "区审计局", "--code", "M1", "--score", "24", "--reason", "考核员复核更正。")
	out = must(during, "区财政局 M1：25 → 30；总分 78.1 → 83.1；排名 2 → 1；等次 良好 → 优秀", "assess", "appeals", "1")
	if !strings.Contains(out, "申诉成立") {
		t.Errorf("appeals: %q", out)
	}

	// After the window: 定榜, the final list, and no more changes.
	must("2023-07-24 09:00", "考核结果已定榜。", "assess", "run", "finalize", "1")
	out = must("2023-07-24 09:00", "已定榜", "assess", "run", "show", "1")
	for _, line := range []string{"1\t区财政局\t83.1\t优秀", "2\t区住建局\t79\t良好\t骏马奖", "3\t区审计局\t68.67\t良好",
		"4\t区城管局\t56.67\t良好\t\t约谈", "5\t区统计局\t44\t良好\t\t约谈", "申诉 1 件（待处理 0 件），调整 2 次。"} {
		if !strings.Contains(out, line) {
			t.Errorf("final list lacks %q:\n%s", line, out)
		}
	}
	_, errs, code = runAt(t, env.DSN, "2023-07-24 09:00", "assess", "run", "adjust", "1", "--unit", "区统计局", "--code", "M1", "--score", "30", "--reason", "再改")
	if code != 1 || !strings.Contains(errs, "考核结果已定榜，不能再修改。") {
		t.Errorf("a write on the final run: %d %q", code, errs)
	}
	if after := must("2023-07-24 09:00", "5\t区统计局\t44\t良好", "assess", "run", "show", "1"); after != out {
		t.Errorf("the refused write changed the list:\n%s", after)
	}
}

// fillSheet fills the template's score and reason on each unit's row.
func fillSheet(t *testing.T, tpl []byte, path string, scores map[string][2]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	sh := f.GetSheetName(0)
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for i, row := range rows {
		for _, cell := range row {
			if v, ok := scores[cell]; ok {
				n, _ := strconv.ParseFloat(v[0], 64)
				f.SetCellValue(sh, "E"+strconv.Itoa(i+1), n)
				f.SetCellValue(sh, "F"+strconv.Itoa(i+1), v[1])
				filled++
				break
			}
		}
	}
	if filled != len(scores) {
		t.Fatalf("the template has %d of %d units: %v", filled, len(scores), rows)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
