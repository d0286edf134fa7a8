package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// A machine without a database answers from the built-in schedules and
// creates no file.
func TestCalendarQueriesWithoutDatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "none", "luoshi.db")
	cases := []struct {
		args       []string
		out        string
		warn, code int
	}{
		{[]string{"calendar", "add", "--from", "2025-01-24", "--workdays", "3"}, "2025-02-05\n", 0, 0},
		{[]string{"calendar", "add", "--workdays", "1", "--from", "2025-09-30"}, "2025-10-09\n", 0, 0},
		{[]string{"calendar", "add", "--from", "2025-01-24", "--workdays", "0"}, "2025-01-24\n", 0, 0},
		{[]string{"calendar", "is-workday", "2025-01-26"}, "true\n", 0, 0},  // a Sunday worked for Spring Festival
		{[]string{"calendar", "is-workday", "2025-10-08"}, "false\n", 0, 0}, // a Wednesday off for National Day
		{[]string{"calendar", "is-workday", "2024-02-18"}, "true\n", 0, 0},
		{[]string{"calendar", "is-workday"}, "false\n", 0, 0}, // LUOSHI_NOW 2023-07-15 is a Saturday
		{[]string{"calendar", "between", "--from", "2025-01-24", "--to", "2025-02-10"}, "7\n", 0, 0},
		{[]string{"calendar", "between", "--from", "2023-09-28", "--to", "2023-10-09"}, "3\n", 0, 0},
		{[]string{"calendar", "between", "--from", "2025-02-10", "--to", "2025-01-24"}, "0\n", 0, 0},
		{[]string{"calendar", "between", "--to", "2023-07-21"}, "5\n", 0, 0}, // from today
		// 2027 has no data: Monday–Friday, and a warning on stderr only.
		{[]string{"calendar", "add", "--from", "2026-12-31", "--workdays", "1"}, "2027-01-01\n", 1, 0},
		{[]string{"calendar", "is-workday", "2027-01-01"}, "true\n", 1, 0},
	}
	for _, c := range cases {
		out, errs, code := run(t, dsn, c.args...)
		if code != c.code || out != c.out {
			t.Errorf("%v: %q (exit %d), want %q; stderr %s", c.args, out, code, c.out, errs)
		}
		if n := strings.Count(errs, "没有节假日安排数据"); n != c.warn {
			t.Errorf("%v: %d warnings: %q", c.args, n, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(dsn)); !os.IsNotExist(err) {
		t.Errorf("a query created %s: %v", filepath.Dir(dsn), err)
	}
	// Usage errors: exit 2 with a message in Chinese.
	for _, args := range [][]string{
		{"calendar"},
		{"calendar", "next"},
		{"calendar", "add", "--from", "2025-01-24"},
		{"calendar", "add", "--from", "2025-01-24", "--workdays", "-1"},
		{"calendar", "add", "--from", "2025-01-24", "--workdays", "三"},
		{"calendar", "add", "--from", "2025/01/24", "--workdays", "3"},
		{"calendar", "is-workday", "2025-02-30"},
		{"calendar", "is-workday", "2025-01-01", "2025-01-02"},
		{"calendar", "between"},
		{"calendar", "between", "--from", "昨天", "--to", "2025-01-01"},
		{"calendar", "import"},
		{"calendar", "import", filepath.Join(t.TempDir(), "missing.csv")},
	} {
		out, errs, code := run(t, dsn, args...)
		if code != 2 || out != "" || !strings.ContainsAny(errs, "用法日期无法整数") {
			t.Errorf("%v: exit %d, out %q, err %q", args, code, out, errs)
		}
	}
}

// A fictitious 2027 schedule as an office would prepare it.
const schedule2027 = "\ufeff日期,假或班,名称\n" +
	"2027-01-01,假,元旦\n" +
	"2027-02-05,假,春节\n2027-02-06,假,春节\n2027-02-07,假,春节\n2027-02-08,假,春节\n" +
	"2027-02-09,假,春节\n2027-02-10,假,春节\n2027-02-11,假,春节\n2027-02-12,假,春节\n" +
	"2027-02-14,班,春节\n2027-02-20,班,春节\n"

func TestCalendarImportAndQueries(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		dir := t.TempDir()
		good := filepath.Join(dir, "2027年节假日.csv")
		os.WriteFile(good, []byte(schedule2027), 0o600)
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("2027-01-01,假,元旦\n2027-02-31,假,春节\n2027-02-09,班,春节\n"), 0o600)

		if out, errs, _ := run(t, env.DSN, "calendar", "add", "--from", "2026-12-31", "--workdays", "1"); out != "2027-01-01\n" || !strings.Contains(errs, "2027 年没有节假日安排数据") {
			t.Errorf("before the import: %q %q", out, errs)
		}
		// A malformed file: every bad row named, nothing imported.
		head, _, _ := env.App.DB.Read().Head(t.Context())
		out, errs, code := run(t, env.DSN, "calendar", "import", bad)
		if code != 1 || out != "" || !strings.Contains(errs, "第 2 行「日期」：「2027-02-31」不是有效日期") ||
			!strings.Contains(errs, "第 3 行「类型」：2027-02-09 是星期二") {
			t.Errorf("bad import: exit %d %q %q", code, out, errs)
		}
		if h, _, _ := env.App.DB.Read().Head(t.Context()); h != head {
			t.Errorf("a refused import changed the database: %d → %d", head, h)
		}
		out, errs, code = run(t, env.DSN, "calendar", "import", good)
		if code != 0 || out != "已导入 2027 年节假日安排（2027年节假日.csv）：共 11 天，放假 9 天、调休上班 2 天；新增 11，修改 0，删除 0，未变 0。\n" {
			t.Fatalf("import: exit %d %q %q", code, out, errs)
		}
		for _, c := range []struct {
			args []string
			out  string
		}{
			{[]string{"calendar", "add", "--from", "2026-12-31", "--workdays", "1"}, "2027-01-04\n"},
			{[]string{"calendar", "add", "--from", "2027-02-04", "--workdays", "1"}, "2027-02-14\n"},
			{[]string{"calendar", "is-workday", "2027-02-20"}, "true\n"},
			{[]string{"calendar", "between", "--from", "2027-02-04", "--to", "2027-02-21"}, "7\n"},
			{[]string{"calendar", "between", "--from", "2025-01-24", "--to", "2025-02-10"}, "7\n"},
		} {
			if out, errs, code := run(t, env.DSN, c.args...); out != c.out || code != 0 || errs != "" {
				t.Errorf("%v: %q (exit %d) %q, want %q", c.args, out, code, errs, c.out)
			}
		}
		// The same file again changes nothing but is recorded.
		if out, _, _ := run(t, env.DSN, "calendar", "import", good); !strings.Contains(out, "新增 0，修改 0，删除 0，未变 11") {
			t.Errorf("second import: %q", out)
		}
	})
}
