package service_test

import (
	"context"
	"math"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The inputs of the fixture's plan at the check date 2023-07-10, worked
// out by hand:
//   - 区住建局 leads tasks 1 (nodes 25% by 03-31, 50% by 06-30, nothing
//     reported: 0% against 50%, severely lagging; six monthly reports
//     January–June due by 07-05 all missing; an approved exemption) and 5
//     (starts 09-01: nothing expected yet); task 1's co-unit 区财政局 does
//     not get it;
//   - 区财政局 leads task 2 (whole year, 0% against 191/365 = 52.33%);
//   - 区城管局 leads task 3, due 06-30: overdue, against 100%;
//   - 东湖街道 (乡镇街道) leads task 4; 湖滨社区 (社区) is not assessed;
//   - 区住建局 leads two cases assigned 06-01 with five working days, never
//     answered: red at the check date, but one has an approved exemption;
//   - task 2's indicator was 11 on 06-20 and 11.5 on 07-12: 11 counts.
func TestAssessInputsGathered(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		clk.set(t, "2023-06-01 09:00")
		var cases []domain.ID
		for _, title := range []string{"老旧小区加装电梯", "小区雨污分流"} {
			c, err := svc.CreateCase(ctx, office, service.CaseInput{Title: title, Source: domain.CaseSourceInstruction, LeaderID: f.People["王建新"],
				LeadUnitID: f.Units["区住建局"], LimitDays: 5, Assign: true})
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, c.ID)
		}
		clk.set(t, "2023-06-20 09:00")
		ind, err := svc.SaveIndicator(ctx, office, domain.Indicator{PlanID: f.Plan.ID, TaskID: f.Tasks["2"], Name: "一般公共预算收入", Measure: "亿元",
			Baseline: 10, Target: 12, Direction: domain.DirectionUp})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordIndicatorValue(ctx, office, domain.IndicatorValue{IndicatorID: ind.ID, Date: domain.MustDate("2023-06-20"), Value: 11}); err != nil {
			t.Fatal(err)
		}
		clk.set(t, "2023-07-15 09:00")
		if _, err := svc.RecordIndicatorValue(ctx, office, domain.IndicatorValue{IndicatorID: ind.ID, Date: domain.MustDate("2023-07-12"), Value: 11.5}); err != nil {
			t.Fatal(err)
		}
		for _, in := range []service.ExemptionInput{{Kind: domain.FailureTask, TargetID: f.Tasks["1"], UnitID: f.Units["区住建局"], Grounds: "征收受阻，非主观原因"},
			{Kind: domain.FailureCase, TargetID: cases[1], UnitID: f.Units["区住建局"], Grounds: "上级政策调整"}} {
			e, err := svc.ApplyExemption(ctx, lly, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.DecideExemption(ctx, office, e.ID, service.ExemptionDecision{Approve: true, Reasons: "属实"}); err != nil {
				t.Fatal(err)
			}
		}
		sc, err := svc.CreateScheme(ctx, office, testScheme())
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.AssessmentInputs(ctx, lly, sc.ID)
		if domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("a liaison reads a draft's inputs: %v", err)
		}
		in, err := svc.AssessmentInputs(ctx, office, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range in.Units {
			names = append(names, u.Name+"/"+u.Category)
		}
		if want := "[区住建局/区直部门 区财政局/区直部门 区城管局/区直部门 东湖街道/乡镇街道]"; fmtList(names) != want {
			t.Errorf("units: %s, want %s", fmtList(names), want)
		}
		zjj := in.Tasks[f.Units["区住建局"]]
		if len(zjj) != 2 || zjj[0].Number != "1" || zjj[0].Progress != 0 || zjj[0].Expected != 50 || !zjj[0].Lagging || zjj[0].Overdue ||
			zjj[0].Missing != 6 || zjj[0].Late != 0 || !zjj[0].Exempt || zjj[0].Weight != 2 || zjj[0].Category != domain.CategoryKey {
			t.Errorf("区住建局 task 1: %+v", zjj)
		}
		if len(zjj) == 2 && (zjj[1].Number != "5" || zjj[1].Expected != 0 || zjj[1].Lagging || zjj[1].Missing != 0 || zjj[1].Exempt) {
			t.Errorf("区住建局 task 5: %+v", zjj[1])
		}
		czj := in.Tasks[f.Units["区财政局"]]
		if len(czj) != 1 || czj[0].Number != "2" || math.Abs(czj[0].Expected-52.33) > 0.01 || !czj[0].Lagging || czj[0].Exempt {
			t.Errorf("区财政局 tasks: %+v", czj)
		}
		if cg := in.Tasks[f.Units["区城管局"]]; len(cg) != 1 || !cg[0].Overdue || cg[0].Lagging || cg[0].Expected != 100 {
			t.Errorf("区城管局 tasks: %+v", cg)
		}
		if dh := in.Tasks[f.Units["东湖街道"]]; len(dh) != 1 || dh[0].Number != "4" {
			t.Errorf("东湖街道 tasks: %+v", dh)
		}
		if _, ok := in.Tasks[f.Units["湖滨社区"]]; ok {
			t.Errorf("湖滨社区 is assessed")
		}
		if sup := in.Supervision[f.Units["区住建局"]]; sup != (domain.AssessSupervision{Red: 1}) {
			t.Errorf("区住建局 supervision: %+v", sup)
		}
		inds := in.Indicators[f.Units["区财政局"]]
		if len(inds) != 1 || inds[0].Actual != 11 || !inds[0].HasActual || inds[0].Target != 12 || inds[0].Direction != domain.DirectionUp {
			t.Errorf("区财政局 indicators: %+v", inds)
		}
		if v := in.Values["一般公共预算收入"][f.Units["区财政局"]]; v != 11 {
			t.Errorf("ranked value: %v", v)
		}
		if len(in.Indicators[f.Units["区住建局"]]) != 0 {
			t.Errorf("区住建局 indicators: %+v", in.Indicators[f.Units["区住建局"]])
		}
		// Scored: T1 attains (2 × 0% + 1 × 100%) ÷ 3 = 33.33% of 40 =
		// 13.33, and task 1's exemption cancels its deductions (1 for
		// lagging, 6 × 0.5 for missing reports); S1 has nothing closed (rate
		// 100%) and one red case: 10 − 1 = 9.
		if _, err := svc.FreezeScheme(ctx, office, sc.ID); err != nil {
			t.Fatal(err)
		}
		res, err := svc.ComputeAssessment(ctx, office, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Units) != 4 || res.SchemeID != sc.ID || res.CheckDate != domain.MustDate("2023-07-10") {
			t.Fatalf("results: %+v", res)
		}
		score := func(u domain.UnitResult, code string) domain.CriterionScore {
			for _, c := range u.Criteria {
				if c.Code == code {
					return c
				}
			}
			t.Fatalf("%s has no %s", u.Unit, code)
			return domain.CriterionScore{}
		}
		for _, u := range res.Units {
			if u.UnitID != f.Units["区住建局"] {
				continue
			}
			if c := score(u, "T1"); c.Score != 13.33 || c.Formula.Key != "tasks" {
				t.Errorf("区住建局 T1: %+v", c)
			}
			if c := score(u, "S1"); c.Score != 9 {
				t.Errorf("区住建局 S1: %+v", c)
			}
			if c := score(u, "M1"); c.Score != 0 || !c.Missing {
				t.Errorf("区住建局 M1: %+v", c)
			}
		}
		// The check date counts whole: on 06-30 task 3, due that day and
		// not done, has failed against 100%; task 2 is measured against
		// the 181 of its 365 days.
		half := testScheme()
		half.Kind, half.Name, half.CheckDate = domain.SchemeSpecial, "2023年上半年专项考核", domain.MustDate("2023-06-30")
		hs, err := svc.CreateScheme(ctx, office, half)
		if err != nil {
			t.Fatal(err)
		}
		hin, err := svc.AssessmentInputs(ctx, office, hs.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cg := hin.Tasks[f.Units["区城管局"]]; len(cg) != 1 || !cg[0].Overdue || cg[0].Lagging || cg[0].Expected != 100 {
			t.Errorf("区城管局 on its task's due date: %+v", cg)
		}
		if czj := hin.Tasks[f.Units["区财政局"]]; len(czj) != 1 || czj[0].Overdue || math.Abs(czj[0].Expected-49.59) > 0.01 {
			t.Errorf("区财政局 at the half year: %+v", czj)
		}
		// A unit sees its own row only.
		own, err := svc.ComputeAssessment(ctx, lly, sc.ID)
		if err != nil || len(own.Units) != 1 || own.Units[0].UnitID != f.Units["区住建局"] || own.Units[0].Rank == 0 {
			t.Errorf("a liaison's results: %+v %v", own, err)
		}
		if _, err := svc.UnitAssessment(ctx, lly, sc.ID, f.Units["区财政局"]); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("a liaison reads another unit's breakdown: %v", err)
		}
	})
}

func fmtList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out + "]"
}
