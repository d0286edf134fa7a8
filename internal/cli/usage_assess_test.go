package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// The operator's usage texts list every subcommand, and a bad ID is named
// in Chinese before any database is opened.
func TestAssessEvaluationUsageAndBadIDs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"assess"}, []string{"assess scheme list", "assess scheme import", "assess scheme export", "assess scheme freeze",
			"assess examiners", "assess score import", "assess results", "assess runs list", "assess run publish", "assess run show",
			"assess run finalize", "assess run adjust", "assess appeals", "assess appeal decide"}},
		{[]string{"assess", "run"}, []string{"assess runs list", "assess run show", "assess run finalize", "assess run publish", "assess run adjust"}},
		{[]string{"evaluation"}, []string{"list", "create", "open", "close", "codes", "results"}},
		{[]string{"evaluation", "vote", "1"}, []string{"用法：luoshi evaluation"}},
		{[]string{"evaluation", "open", "x"}, []string{"测评编号“x”无效。"}},
		{[]string{"evaluation", "results", "0"}, []string{"测评编号“0”无效。"}},
		{[]string{"assess", "run", "show", "x"}, []string{"“x”不是有效的编号。"}},
	} {
		_, errs, code := run(t, db, c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%q)", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: %q missing from %q", c.args, w, errs)
			}
		}
	}
	if m, _ := filepath.Glob(db + "*"); len(m) != 0 {
		t.Errorf("a refused command created %v", m)
	}
}
