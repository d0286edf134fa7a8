package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

func schemeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scheme.json")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// luoshi assess scheme: a file becomes a draft, is listed, frozen and
// exported back; a malformed file changes nothing.
func TestAssessSchemeCommands(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		before := headSeq(t, env)
		_, errs, code := run(t, env.DSN, "assess", "scheme", "import", schemeFile(t, `{"year":2023,"kind":"annual","name":"x","categories":[{"name":"区直部门","sectoins":[]}]}`))
		if code != 1 || !strings.Contains(errs, "方案文件有 1 处问题") || headSeq(t, env) != before {
			t.Fatalf("malformed: %d %s", code, errs)
		}
		b, _ := json.Marshal(service.SchemeFile{Year: 2023, Kind: domain.SchemeHalf, Name: "2023年半年考核", SchemeBody: domain.SchemeBody{
			CheckDate: domain.MustDate("2023-06-30"),
			Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 60,
				Criteria: []domain.Criterion{{Code: "T1", Name: "任务推进", Kind: domain.CriterionBase, Max: 60, Method: domain.MethodTasks}}}}}},
			Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}}}}})
		out, errs, code := run(t, env.DSN, "assess", "scheme", "import", schemeFile(t, string(b)))
		if code != 0 || !strings.Contains(out, "已导入方案“2023年半年考核”（ID 1，草稿）。") {
			t.Fatalf("import: %d %s %s", code, out, errs)
		}
		if out, _, code := run(t, env.DSN, "assess", "scheme", "list", "--year", "2023"); code != 0 || !strings.Contains(out, "1\t2023\t2023年半年考核\t第 1 版\t草稿\t半年考核") {
			t.Errorf("list: %d %q", code, out)
		}
		if out, _, code := run(t, env.DSN, "assess", "scheme", "freeze", "1"); code != 0 || !strings.Contains(out, "方案“2023年半年考核”第 1 版已开始评分（已冻结）。") {
			t.Errorf("freeze: %d %q", code, out)
		}
		if _, errs, code := run(t, env.DSN, "assess", "scheme", "freeze", "1"); code != 1 || !strings.Contains(errs, "已冻结，不能修改") {
			t.Errorf("freeze twice: %d %q", code, errs)
		}
		if out, _, code := run(t, env.DSN, "assess", "scheme", "export", "1"); code != 0 || !strings.Contains(out, `check_date: "2023-06-30"`) {
			t.Errorf("export: %d %q", code, out)
		}
		if _, errs, code := run(t, env.DSN, "assess", "scheme", "freeze", "x"); code != 2 || !strings.Contains(errs, "方案ID“x”无效。") {
			t.Errorf("bad id: %d %q", code, errs)
		}
		if _, errs, code := run(t, env.DSN, "assess"); code != 2 || !strings.Contains(errs, "luoshi assess scheme list") {
			t.Errorf("usage: %d %q", code, errs)
		}
	})
}

// luoshi assess score import and luoshi assess results: a sheet imported
// in an examiner's name (a bad row rejects it whole), then the results.
func TestAssessScoreAndResultsCommands(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, op := env.App.Service, service.SystemPrincipal("test")
		acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: "kh_czj", DisplayName: "考核员甲", Password: apptest.Password})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: env.Fix.Units["区财政局"]}}); err != nil {
			t.Fatal(err)
		}
		sc, err := svc.CreateScheme(ctx, op, domain.Scheme{Year: 2023, Kind: domain.SchemeAnnual, Name: "2023年度综合考核", SchemeBody: domain.SchemeBody{
			CheckDate: domain.MustDate("2023-06-30"),
			Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 10,
				Criteria: []domain.Criterion{{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}}}}},
			Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 40}, {Name: "良好"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetSchemeExaminers(ctx, op, sc.ID, []service.ExaminerInput{{Login: "kh_czj"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FreezeScheme(ctx, op, sc.ID); err != nil {
			t.Fatal(err)
		}
		tpl, err := svc.ScoreTemplate(ctx, &service.Principal{Account: mustAccount(t, env, "kh_czj")}, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		sheet := func(cells map[string]any) string {
			f, err := excelize.OpenReader(bytes.NewReader(tpl))
			if err != nil {
				t.Fatal(err)
			}
			for c, v := range cells {
				f.SetCellValue(f.GetSheetName(0), c, v)
			}
			path := filepath.Join(t.TempDir(), "评分表.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			return path
		}
		// Rows 3 and 4: 区住建局 and 区城管局 (区财政局 is the examiner's own).
		before := headSeq(t, env)
		bad := sheet(map[string]any{"E3": 11, "F3": "好", "E4": 7})
		_, errs, code := run(t, env.DSN, "assess", "score", "import", "1", bad, "--examiner", "kh_czj")
		if code != 1 || !strings.Contains(errs, "评分表 第 3 行：得分 11 超出范围 0–10。") || !strings.Contains(errs, "评分表 第 4 行：请填写评分理由。") || headSeq(t, env) != before {
			t.Fatalf("bad sheet: %d %s", code, errs)
		}
		good := sheet(map[string]any{"E3": 9, "F3": "作风扎实", "E4": 7, "F4": "整改较慢"})
		if out, errs, code := run(t, env.DSN, "assess", "score", "import", "1", good, "--examiner", "kh_czj"); code != 0 || !strings.Contains(out, "已导入 2 条评分。") {
			t.Fatalf("good sheet: %d %s %s", code, out, errs)
		}
		xlsx := filepath.Join(t.TempDir(), "结果.xlsx")
		out, errs, code := run(t, env.DSN, "assess", "results", "1", "--xlsx", xlsx)
		if code != 0 || !strings.Contains(out, "区直部门\t1\t区住建局\t9\t0\t0\t9\t优秀") || !strings.Contains(out, "区直部门\t2\t区城管局\t7\t0\t0\t7\t良好") {
			t.Fatalf("results: %d %s %s", code, out, errs)
		}
		if _, err := os.Stat(xlsx); err != nil {
			t.Errorf("results workbook: %v", err)
		}
	})
}

func mustAccount(t *testing.T, env *apptest.Env, login string) domain.Account {
	t.Helper()
	a, err := env.App.DB.Read().AccountByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
