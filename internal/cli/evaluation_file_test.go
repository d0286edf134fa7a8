package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/service"
)

// luoshi evaluation create reads JSON as well as YAML; a malformed file, a
// missing argument or a rule the service refuses are named in Chinese and
// create nothing.
func TestEvaluationCreateRefusals(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		dir := t.TempDir()
		file := func(name, text string) string {
			p := filepath.Join(dir, name)
			os.WriteFile(p, []byte(text), 0o644)
			return p
		}
		for _, c := range []struct{ name, text, want string }{
			{"syntax.yaml", "year: [2023\n", "测评文件格式有误"},
			{"list.yaml", "- 区住建局\n", "测评文件应为若干“字段: 值”。"},
			{"speaker.json", `{"year":2023,"code":"SZ","name":"述职评议","kind":"debriefing","units":["区住建局"],"groups":[{"key":"leaders","name":"上级领导","weight":1}],
				"session":{"date":"2023-12-20","speakers":[{"unit":"区水务局","person":"赵局长"}]}}`, "测评文件字段“session.speakers[1].unit”：单位“区水务局”不存在。"},
			{"groups.json", `{"year":2023,"code":"MZ","name":"民主测评","units":["区住建局"],"groups":[]}`, "请至少设置一个评议群体。"},
		} {
			_, errs, code := run(t, env.DSN, "evaluation", "create", file(c.name, c.text))
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("%s: %d %q, want %q", c.name, code, errs, c.want)
			}
		}
		if _, errs, code := run(t, env.DSN, "evaluation", "create"); code != 2 || !strings.Contains(errs, "create <测评文件.yaml|json>") {
			t.Errorf("no file: %d %q", code, errs)
		}
		if list, _ := env.App.Service.Evaluations(context.Background(), service.SystemPrincipal("test"), 0); len(list) != 0 {
			t.Fatalf("refused files created %d evaluations", len(list))
		}
		out, errs, code := run(t, env.DSN, "evaluation", "create", file("ok.json", `{"year":2023,"code":"MZ","name":"民主测评","units":["区住建局","住建局"],
			"groups":[{"key":"leaders","name":"上级领导","weight":1}]}`))
		if code != 1 || !strings.Contains(errs, "被测评单位“区住建局”重复。") {
			t.Errorf("an alias names the same unit: %d %q %q", code, out, errs)
		}
		out, errs, code = run(t, env.DSN, "evaluation", "create", file("ok.json", `{"year":2023,"code":"MZ","name":"民主测评","units":["区住建局","区财政局"],
			"options":[{"label":"好","points":100},{"label":"差","points":0}],"groups":[{"key":"leaders","name":"上级领导","weight":1}]}`))
		if code != 0 || !strings.Contains(out, "已创建测评“民主测评”（编号 1，草稿）。") {
			t.Fatalf("create: %d %q %q", code, out, errs)
		}
		if _, errs, code := run(t, env.DSN, "evaluation", "close", "1"); code != 1 || !strings.Contains(errs, "只有正在进行的测评才能结束。") {
			t.Errorf("close a draft: %d %q", code, errs)
		}
	})
}
