package service_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// addExaminer creates an examiner account belonging to a unit.
func addExaminer(t *testing.T, env *apptest.Env, login, unit string) *service.Principal {
	t.Helper()
	ctx := context.Background()
	op := service.SystemPrincipal("test")
	a, _, err := env.App.Service.CreateAccount(ctx, op, service.AccountInput{Login: login, DisplayName: "考核员" + login, Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.Service.SetGrants(ctx, op, a.ID, []domain.Grant{{Role: domain.RoleExaminer, UnitID: env.Fix.Units[unit]}}); err != nil {
		t.Fatal(err)
	}
	return as(t, env, login)
}

// testScheme is a small scheme: 区直部门 scored on tasks, supervision, a
// manual criterion, a bonus and a veto; 乡镇街道 on tasks and a manual one.
func testScheme() domain.Scheme {
	tasks := domain.Criterion{Code: "T1", Name: "重点任务推进", Kind: domain.CriterionBase, Max: 40, Method: domain.MethodTasks,
		Params: domain.MethodParams{PerOverdue: 2, PerLagging: 1, PerMissing: 0.5, PerLate: 0.25}, Note: "按任务加权进度计分"}
	return domain.Scheme{Year: 2023, Kind: domain.SchemeAnnual, Name: "2023年度综合考核", SchemeBody: domain.SchemeBody{
		CheckDate: domain.MustDate("2023-07-10"),
		Categories: []domain.AssessCategory{
			{Name: "区直部门", BonusCap: 3, Sections: []domain.AssessSection{
				{Key: "routine", Name: "常规工作", Max: 60, Criteria: []domain.Criterion{tasks,
					{Code: "S1", Name: "督办落实", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodSupervision,
						Params: domain.MethodParams{PerRed: 1, PerUnverified: 0.5}},
					{Code: "M1", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}},
				{Key: "extra", Name: "加减分", Max: 3, Criteria: []domain.Criterion{
					{Code: "B1", Name: "创新加分", Kind: domain.CriterionBonus, Max: 3, Method: domain.MethodManual},
					{Code: "V1", Name: "安全生产一票否决", Kind: domain.CriterionVeto, Method: domain.MethodManual}}}}},
			{Name: "乡镇街道", Sections: []domain.AssessSection{
				{Key: "routine", Name: "常规工作", Max: 60, Criteria: []domain.Criterion{tasks,
					{Code: "M2", Name: "群众满意", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodManual}}}}}},
		Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20, NoVeto: true}, {Name: "良好"}}},
	}}
}

// auditActions lists the actions of the whole audit log in order.
func auditActions(t *testing.T, env *apptest.Env) []string {
	t.Helper()
	var out []string
	err := env.App.DB.Read().WalkAudit(context.Background(), func(e domain.AuditEntry) error {
		out = append(out, e.Action)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
