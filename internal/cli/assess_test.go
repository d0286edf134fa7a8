package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
