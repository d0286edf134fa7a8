package cli_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// Unknown names are reported with the command line's own way out
// (--create-units), and long lists are cut to a readable length.
func TestImportUnknownNamesHintAndCap(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		var rows [][]any
		for i := 1; i <= 13; i++ {
			rows = append(rows, []any{itoa(i), fmt.Sprintf("新任务%02d", i), "", "城市管理口", "", fmt.Sprintf("区新局%02d", i), "", "", "年底前"})
		}
		_, errs, code := run(t, env.DSN, "import", "tasks", officeSheet(t, rows))
		if code != 1 {
			t.Fatalf("unknown units accepted: %d", code)
		}
		for _, want := range []string{"13 个单位", "区新局01", "区新局10", "等 13 项", "--create-units"} {
			if !strings.Contains(errs, want) {
				t.Errorf("message lacks %q:\n%s", want, errs)
			}
		}
		if strings.Contains(errs, "区新局11") {
			t.Errorf("message lists past the cap:\n%s", errs)
		}

		var prog [][]any
		for i := 1; i <= 12; i++ {
			prog = append(prog, []any{itoa(900 + i), fmt.Sprintf("不存在的任务%02d", i), "50%", "进展", "", "", "2023-07-14"})
		}
		_, errs, code = run(t, env.DSN, "import", "progress", progressSheet(t, prog), "--plan", env.Fix.Plan.Name)
		if code != 1 || !strings.Contains(errs, "12 项任务") || !strings.Contains(errs, "「910」") || !strings.Contains(errs, "等 12 项") ||
			strings.Contains(errs, "「911」") {
			t.Errorf("unknown tasks: %d\n%s", code, errs)
		}
	})
}
