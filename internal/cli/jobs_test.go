package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/cli"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// runAt runs the command line as of a LUOSHI_NOW.
func runAt(t *testing.T, dsn, now string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"LUOSHI_DB": dsn, "LUOSHI_NOW": now, "LUOSHI_LOG_LEVEL": "error", "LUOSHI_LANG": "zh-Hans"}
	code := cli.Run(context.Background(), args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

// `luoshi jobs run` runs what is due as of LUOSHI_NOW once, and says so;
// run again at the same moment it finds nothing; `jobs list` shows the table.
func TestJobsCommand(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			dsn := e.DSN(t)
			out, errs, code := runAt(t, dsn, "2023-07-15 04:00", "jobs", "run")
			if code != 0 || !strings.Contains(out, "截至 2023-07-15 04:00 运行了") || !strings.Contains(out, "jobs.prune:2023-07-15") || !strings.Contains(out, "已完成") {
				t.Fatalf("jobs run: %d\n%s%s", code, out, errs)
			}
			out, _, code = runAt(t, dsn, "2023-07-15 04:00", "jobs", "run")
			if code != 0 || !strings.Contains(out, "截至 2023-07-15 04:00 没有到期的后台作业") {
				t.Errorf("second run: %d\n%s", code, out)
			}
			// Before 03:30 the day's slot is not due yet (other jobs are).
			if out, _, _ = runAt(t, dsn, "2023-07-16 03:29", "jobs", "run"); strings.Contains(out, "jobs.prune") || !strings.Contains(out, "notify.deliver:2023-07-16T03:29") {
				t.Errorf("run before the daily slot: %s", out)
			}
			if out, _, _ = runAt(t, dsn, "2023-07-16 03:30", "jobs", "run"); !strings.Contains(out, "jobs.prune:2023-07-16") {
				t.Errorf("run at the daily slot: %s", out)
			}
			out, _, code = runAt(t, dsn, "2023-07-16 03:00", "jobs", "list", "--kind", "jobs.prune")
			if code != 0 || !strings.Contains(out, "jobs.prune:2023-07-15") || !strings.Contains(out, "已完成") || !strings.Contains(out, "1/5") {
				t.Errorf("jobs list: %d\n%s", code, out)
			}
			if _, errs, code := runAt(t, dsn, "2023-07-16 03:00", "jobs", "list", "--state", "nonsense"); code != 1 || !strings.Contains(errs, "状态的取值无效") {
				t.Errorf("bad state: %d %s", code, errs)
			}
			if _, errs, code := runAt(t, dsn, "2023-07-16 03:00", "jobs", "retry", "1"); code != 1 || !strings.Contains(errs, "只有已放弃的后台作业可以重试") {
				t.Errorf("retry of a done job: %d %s", code, errs)
			}
			if _, errs, code := runAt(t, dsn, "2023-07-16 03:00", "jobs"); code != 2 || !strings.Contains(errs, "用法：luoshi jobs") {
				t.Errorf("no subcommand: %d %s", code, errs)
			}
		})
	}
}
