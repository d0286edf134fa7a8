package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

func TestAssessRunCommands(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		u := env.Fix.Units
		res := domain.AssessResult{Units: []domain.UnitResult{
			{UnitID: u["区住建局"], Unit: "区住建局", Category: "区直部门", Total: 91.5, Rank: 1, Grade: "优秀", Awards: []string{"骏马奖"}},
			{UnitID: u["区财政局"], Unit: "区财政局", Category: "区直部门", Total: 80, Rank: 2, Grade: "良好", Talk: true}}}
		id, err := env.App.Service.PublishAssessment(context.Background(), service.SystemPrincipal("test"), service.PublishInput{SchemeID: 5, Year: 2023,
			SchemeName: "2023年半年考核", Result: res, Start: domain.MustDate("2023-07-17")})
		if err != nil {
			t.Fatal(err)
		}
		sid := strconv.FormatInt(id, 10)
		out, errOut, code := run(t, env.DSN, "assess", "runs", "list")
		if code != 0 || !strings.Contains(out, "2023年半年考核\t公示中\t2023-07-17 — 2023-07-21") {
			t.Errorf("runs list: %d %q %q", code, out, errOut)
		}
		out, _, code = run(t, env.DSN, "assess", "run", "show", sid)
		if code != 0 || !strings.Contains(out, "1\t区住建局\t91.5\t优秀\t骏马奖") || !strings.Contains(out, "区财政局\t80\t良好\t\t约谈") {
			t.Errorf("run show: %d %q", code, out)
		}
		path := filepath.Join(t.TempDir(), "结果.xlsx")
		if _, errOut, code := run(t, env.DSN, "assess", "run", "show", sid, "--xlsx", path); code != 0 {
			t.Errorf("run show --xlsx: %d %q", code, errOut)
		}
		if data, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(data, []byte("PK")) {
			t.Errorf("workbook: %v", err)
		}
		_, errOut, code = run(t, env.DSN, "assess", "run", "finalize", sid)
		if code == 0 || !strings.Contains(errOut, "公示期至 2023-07-21 结束，结束后方可定榜。") {
			t.Errorf("finalize during the window: %d %q", code, errOut)
		}
		_, errOut, code = run(t, env.DSN, "assess", "run", "finalize", "abc")
		if code == 0 || !strings.Contains(errOut, "“abc”不是有效的编号。") {
			t.Errorf("bad id: %d %q", code, errOut)
		}
		out, errOut, code = runAt(t, env.DSN, "2023-07-24", "assess", "run", "finalize", sid)
		if code != 0 || !strings.Contains(out, "考核结果已定榜。") {
			t.Errorf("finalize: %d %q %q", code, out, errOut)
		}
		if out, _, _ := run(t, env.DSN, "assess", "runs", "list", "--year", "2023"); !strings.Contains(out, "已定榜") {
			t.Errorf("after 定榜: %q", out)
		}
	})
}
