package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// luoshi assess examiners adds, narrows and removes one examiner at a
// time; adjust and decide refuse bad input in Chinese and change nothing.
func TestAssessOfficeCommandRefusals(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, op := env.App.Service, service.SystemPrincipal("test")
		for _, login := range []string{"kh_a", "kh_b"} {
			acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: login, DisplayName: "考核员" + login, Password: apptest.Password})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: env.Fix.Units["东湖街道"]}}); err != nil {
				t.Fatal(err)
			}
		}
		sc, err := svc.CreateScheme(ctx, op, domain.Scheme{Year: 2023, Kind: domain.SchemeAnnual, Name: "2023年度综合考核", SchemeBody: domain.SchemeBody{
			CheckDate: domain.MustDate("2023-06-30"),
			Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 10,
				Criteria: []domain.Criterion{{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}}}}},
			Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 40}, {Name: "良好"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if out, _, code := run(t, env.DSN, "assess", "examiners", "1", "--account", "kh_a"); code != 0 || !strings.Contains(out, "kh_a\t考核员kh_a\t全部指标") {
			t.Errorf("add: %d %q", code, out)
		}
		out, _, code := run(t, env.DSN, "assess", "examiners", "1", "--account", "kh_b", "--codes", "M1")
		if code != 0 || !strings.Contains(out, "kh_a\t考核员kh_a\t全部指标") || !strings.Contains(out, "kh_b\t考核员kh_b\tM1") {
			t.Errorf("a second: %d %q", code, out)
		}
		if _, errs, code := run(t, env.DSN, "assess", "examiners", "1", "--account", "kh_b", "--codes", "Z9"); code != 1 || !strings.Contains(errs, "Z9") {
			t.Errorf("unknown code: %d %q", code, errs)
		}
		if out, _, code := run(t, env.DSN, "assess", "examiners", "1", "--account", "kh_a", "--remove"); code != 0 || strings.Contains(out, "kh_a") || !strings.Contains(out, "kh_b\t考核员kh_b\tM1") {
			t.Errorf("remove: %d %q", code, out)
		}
		if _, errs, code := run(t, env.DSN, "assess", "examiners", "1"); code != 2 || !strings.Contains(errs, "luoshi assess examiners") {
			t.Errorf("no account: %d %q", code, errs)
		}
		if _, err := svc.FreezeScheme(ctx, op, sc.ID); err != nil {
			t.Fatal(err)
		}
		id, err := svc.PublishScheme(ctx, op, service.SchemePublish{SchemeID: sc.ID, NoticeDays: 5, Start: domain.MustDate("2023-07-17")})
		if err != nil {
			t.Fatal(err)
		}
		if id != 1 {
			t.Fatalf("run %d", id)
		}
		before := headSeq(t, env)
		for _, c := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"run", "adjust", "1", "--unit", "区水务局", "--code", "M1", "--score", "5", "--reason", "复核"}, 1, "单位“区水务局”不存在。"},
			{[]string{"run", "adjust", "1", "--unit", "区住建局", "--code", "M1", "--score", "五", "--reason", "复核"}, 2, "得分“五”不是有效的数。"},
			{[]string{"run", "adjust", "1", "--unit", "区住建局", "--code", "M1", "--score", "11", "--reason", "复核"}, 1, "超出"},
			{[]string{"run", "adjust", "1", "--unit", "区住建局", "--code", "M1", "--score", "5", "--reason", " "}, 1, "请填写"},
			{[]string{"run", "adjust", "1", "--unit", "区住建局", "--score", "5"}, 2, "luoshi assess run adjust"},
			{[]string{"appeal", "decide", "1", "--upheld", "--rejected", "--reason", "x"}, 2, "请在 --upheld、--partial、--rejected 中选择一项。"},
			{[]string{"appeal", "decide", "99", "--rejected", "--reason", "不属实"}, 1, "未找到该申诉"},
			{[]string{"appeals", "x"}, 2, "“x”不是有效的编号。"},
		} {
			_, errs, code := run(t, env.DSN, append([]string{"assess"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("%v: %d %q, want %d %q", c.args, code, errs, c.code, c.want)
			}
		}
		if headSeq(t, env) != before {
			t.Error("a refused command changed something")
		}
		if out, _, code := run(t, env.DSN, "assess", "appeals", "1"); code != 0 || !strings.Contains(out, "没有申诉。") {
			t.Errorf("no appeals: %d %q", code, out)
		}
	})
}
