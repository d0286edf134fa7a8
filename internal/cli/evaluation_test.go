package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// luoshi evaluation codes writes a batch once (never over a file), and
// results are refused until the evaluation is closed, then listed with
// their formulas.
func TestEvaluationCommands(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f, op := env.App.Service, env.Fix, service.SystemPrincipal("test")
		e, err := svc.CreateEvaluation(ctx, op, service.EvaluationInput{Year: 2023, Code: "CLI", Name: "命令行测评", UnitIDs: []domain.ID{f.Units["区住建局"], f.Units["区财政局"]},
			Options: domain.DefaultEvalOptions(), Groups: []domain.RaterGroup{{Key: "public", Name: "群众", Weight: 1, Quorum: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(e.ID, 10)
		out := filepath.Join(t.TempDir(), "codes.csv")
		stdout, errs, code := run(t, env.DSN, "evaluation", "codes", id, "--db", env.DSN, "--group", "public", "--count", "3", "--csv", out)
		if code != 0 || !strings.Contains(stdout, "已写入 3 个票码") {
			t.Fatalf("codes: %d %s %s", code, stdout, errs)
		}
		data, _ := os.ReadFile(out)
		if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 4 || !strings.Contains(lines[1], "/v/") {
			t.Errorf("csv: %s", data)
		}
		// An existing file is refused before any code is issued.
		if _, errs, code := run(t, env.DSN, "evaluation", "codes", id, "--db", env.DSN, "--group", "public", "--count", "3", "--csv", out); code != 2 ||
			!strings.Contains(errs, "已存在，未发放票码") {
			t.Errorf("a CSV file overwritten: %d %s", code, errs)
		}
		if again, _ := os.ReadFile(out); string(again) != string(data) {
			t.Error("the CSV file changed")
		}
		// A refused request leaves no file behind.
		bad := filepath.Join(t.TempDir(), "bad.csv")
		if _, _, code := run(t, env.DSN, "evaluation", "codes", id, "--db", env.DSN, "--group", "nobody", "--count", "1", "--csv", bad); code != 1 {
			t.Errorf("unknown group to a file: %d", code)
		}
		if _, err := os.Stat(bad); !os.IsNotExist(err) {
			t.Errorf("a refused request left %s: %v", bad, err)
		}
		// Flags go before or after the ID, as in every command; a bad one
		// is a usage mistake, in Chinese, and nothing is issued.
		stdout, errs, code = run(t, env.DSN, "evaluation", "codes", "--db", env.DSN, "--group", "public", "--count", "2", "--each-unit=false", id)
		if code != 0 || strings.Count(stdout, "/v/") != 2 {
			t.Errorf("flags before the ID: %d %s %s", code, stdout, errs)
		}
		_, errs, code = run(t, env.DSN, "evaluation", "codes", id, "--db", env.DSN, "--groop", "public")
		if code != 2 || !strings.Contains(errs, "用法：luoshi evaluation") {
			t.Errorf("a bad flag: %d %s", code, errs)
		}
		if it, err := svc.Evaluation(ctx, op, e.ID); err != nil || len(it.Turnout) != 1 || it.Turnout[0].Issued != 5 {
			t.Errorf("codes after the bad flag: %+v %v; want 5", it, err)
		}
		_, errs, code = run(t, env.DSN, "evaluation", "codes", id, "--db", env.DSN, "--group", "nobody", "--count", "3")
		if code != 1 || !strings.Contains(errs, "评议群体“nobody”不存在。") {
			t.Errorf("unknown group: %d %s", code, errs)
		}
		_, errs, code = run(t, env.DSN, "evaluation", "results", id, "--db", env.DSN)
		if code != 1 || !strings.Contains(errs, "测评尚未结束，结果在结束后公布。") {
			t.Errorf("results before closing: %d %s", code, errs)
		}
		svc.OpenEvaluation(ctx, op, e.ID)
		svc.CloseEvaluation(ctx, op, e.ID)
		stdout, errs, code = run(t, env.DSN, "evaluation", "results", id, "--db", env.DSN)
		if code != 0 || !strings.Contains(stdout, "群众：0 票（最低 1 票）") || !strings.Contains(stdout, "区住建局\t—") {
			t.Errorf("results: %d %s %s", code, stdout, errs)
		}
	})
}

// luoshi load vote runs a small hall end to end.
func TestLoadVote(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hall.db")
	stdout, errs, code := run(t, dsn, "load", "vote", "--db", dsn, "--voters", "60", "--units", "5", "--concurrency", "8", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, errs)
	}
	var res struct {
		Voters, Cast, Errors, Stored int
		Engine                       string
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Voters != 60 || res.Cast != 60 || res.Stored != 60 || res.Errors != 0 || res.Engine != "sqlite" {
		t.Errorf("hall: %+v %v %s", res, err, stdout)
	}
}
