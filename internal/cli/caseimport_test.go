package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
)

func ledgerFile(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetCellValue(sh, "A1", "２０２３年督办事项台账")
	f.SetSheetRow(sh, "A2", &[]any{"序号", "督办事项", "来源", "承办单位", "办理时限"})
	for i, r := range rows {
		f.SetSheetRow(sh, "A"+itoa(3+i), &r)
	}
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// luoshi import cases: a ledger becomes cases, or nothing does.
func TestImportCases(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		before := headSeq(t, env)
		bad := ledgerFile(t, [][]any{{1, "路灯维修", "群众反映", "区路灯所", "10个工作日"}})
		_, errs, code := run(t, env.DSN, "import", "cases", bad)
		if code == 0 || !strings.Contains(errs, "第3行 D列（承办单位）：系统中没有单位「区路灯所」") || headSeq(t, env) != before {
			t.Fatalf("bad ledger: %d %s", code, errs)
		}
		good := ledgerFile(t, [][]any{{1, "路灯维修", "群众反映", "东湖街道", "10个工作日"}, {2, "预算公开", "人大建议", "区财政局", "8月底前"}})
		out, errs, code := run(t, env.DSN, "import", "cases", good, "--assign")
		if code != 0 || !strings.Contains(out, "新建督办件 2 件，已全部交办") || !strings.Contains(out, "督〔2023〕1号\t路灯维修\t东湖街道\t2023-07-28") ||
			!strings.Contains(out, "督〔2023〕2号\t预算公开\t区财政局\t2023-08-31") {
			t.Fatalf("import: %d\n%s\n%s", code, out, errs)
		}
		if _, errs, code := run(t, env.DSN, "import"); code == 0 || !strings.Contains(errs, "luoshi import cases") {
			t.Errorf("usage: %d %s", code, errs)
		}
	})
}
