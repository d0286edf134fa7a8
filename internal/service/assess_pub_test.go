package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// pubResult is a hand-built result of the fixture's 区直部门 and 东湖街道:
// 区住建局 first, 区财政局 second, 区城管局 third.
func pubResult(env *apptest.Env) domain.AssessResult {
	u := env.Fix.Units
	crit := func(score float64) []domain.CriterionScore {
		return []domain.CriterionScore{
			{Code: "A1", Name: "重点项目推进", Kind: domain.CriterionBase, Section: "key", Max: 20, Score: score,
				Formula: domain.Formula{Key: "tasks", Expr: "20 × 90% = 18", Inputs: []domain.FormulaInput{{Label: "progress", Value: 90}}}},
			{Code: "B1", Name: "群众满意度", Kind: domain.CriterionBase, Section: "routine", Max: 80, Score: 70,
				Formula: domain.Formula{Key: "manual", Expr: "(70 + 70) ÷ 2 = 70"}},
		}
	}
	unit := func(name, cat string, a float64, rank int, grade string) domain.UnitResult {
		return domain.UnitResult{UnitID: u[name], Unit: name, Category: cat, Criteria: crit(a), Base: 70 + a, Total: 70 + a, Rank: rank, Grade: grade,
			Sections: []domain.SectionScore{{Key: "key", Name: "重点工作", Max: 20, Score: a}, {Key: "routine", Name: "常规工作", Max: 80, Score: 70}}}
	}
	r := domain.AssessResult{SchemeID: 41, CheckDate: domain.MustDate("2026-06-30"), Units: []domain.UnitResult{
		unit("区住建局", "区直部门", 18, 1, "优秀"), unit("区财政局", "区直部门", 16, 2, "良好"), unit("区城管局", "区直部门", 12, 3, "一般"),
		unit("东湖街道", "乡镇街道", 15, 1, "优秀")}}
	r.Units[0].Awards = []string{"骏马奖"}
	r.Units[2].Talk = true
	return r
}

func pubBody() domain.SchemeBody {
	return domain.SchemeBody{CheckDate: domain.MustDate("2026-06-30"), Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 34},
		{Name: "良好"}}}}
}

// The whole of 公示: a window of working days across National Day,
// appeals in and after it, decisions with adjustments, 定榜 refused while
// appeals wait, and a final run nothing changes.
func TestAssessPublication(t *testing.T) {
	clk := &clock{}
	clk.set(t, "2026-09-30 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2026-09-30 09:00")
		svc, f := env.App.Service, env.Fix
		office, lly, fzr, czj, dh := as(t, env, "office"), as(t, env, "zjj_lly"), as(t, env, "zjj_fzr"), as(t, env, "czj_lly"), as(t, env, "dh_lly")
		zjj := f.Units["区住建局"]
		in := service.PublishInput{SchemeID: 41, Year: 2026, SchemeName: "2026年半年考核", Body: pubBody(), Result: pubResult(env)}

		_, err := svc.PublishAssessment(ctx, lly, in)
		refused(t, "a liaison publishes", err, domain.KindForbidden, "您没有权限进行此操作。")
		bad := in
		bad.NoticeDays = 40
		_, err = svc.PublishAssessment(ctx, office, bad)
		refused(t, "a long window", err, domain.KindInvalid, "公示期须为 1 至 30 个工作日。")
		bad = in
		bad.Start = domain.MustDate("2026-09-29")
		_, err = svc.PublishAssessment(ctx, office, bad)
		refused(t, "starting yesterday", err, domain.KindInvalid, "公示开始日期 2026-09-29 早于今天（2026-09-30）。")
		bad = in
		bad.Result = pubResult(env)
		bad.Result.Units[1].UnitID = 9999
		_, err = svc.PublishAssessment(ctx, office, bad)
		refused(t, "an unknown unit", err, domain.KindInvalid, "考核结果第 2 个单位“区财政局”不存在。")

		id, err := svc.PublishAssessment(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		// 9-30 is the first day; 10-1…10-7 are National Day; 10-10 (Saturday) is worked.
		run, err := svc.AssessRun(ctx, office, id)
		if err != nil || run.NoticeEnd != domain.MustDate("2026-10-12") || run.NoticeStart != domain.MustDate("2026-09-30") || !run.Open ||
			run.State != domain.RunNotice || run.Can.Finalize || !run.Can.Adjust {
			t.Fatalf("published: %+v %v", run, err)
		}
		_, err = svc.PublishAssessment(ctx, office, in)
		refused(t, "published twice", err, domain.KindConflict, "“2026年半年考核”的考核结果正在公示（至 2026-10-12），不能再次发布；如需更正，请在公示期内调整分数。")
		// Each unit's liaison and head are told.
		for _, login := range []string{"zjj_lly", "zjj_fzr", "dh_lly"} {
			ns, _ := svc.Inbox(ctx, as(t, env, login), storeFilter())
			if len(ns.Items) == 0 || ns.Items[0].Kind != "assess.notice" || !strings.Contains(ns.Items[0].Body, "2026-10-12") {
				t.Errorf("%s's notification: %+v", login, ns.Items)
			}
		}

		later := in
		later.SchemeID, later.Result.SchemeID, later.Start = 42, 42, domain.MustDate("2026-10-09")
		laterID, err := svc.PublishAssessment(ctx, office, later)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PublicAssessList(ctx, laterID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("a 公示 not started is public: %v", err)
		}
		if runs, _ := svc.PublicAssessRuns(ctx, 0); len(runs) != 1 || runs[0].ID != id {
			t.Errorf("public runs: %+v", runs)
		}
		if runs, _ := svc.AssessRuns(ctx, office, 2026); len(runs) != 2 {
			t.Errorf("the office's runs: %+v", runs)
		}
		// Appeals: own unit, reasons required, known criterion, one pending.
		_, err = svc.FileAppeal(ctx, lly, id, service.AppealInput{Criterion: "A1", Reasons: "  "})
		refused(t, "no reasons", err, domain.KindInvalid, "请填写理由。")
		_, err = svc.FileAppeal(ctx, lly, id, service.AppealInput{UnitID: f.Units["区财政局"], Reasons: "x"})
		refused(t, "for another unit", err, domain.KindForbidden, "您不是“区财政局”的联络员或主要负责人，不能为其申诉。")
		_, err = svc.FileAppeal(ctx, lly, id, service.AppealInput{Criterion: "Z9", Reasons: "x"})
		refused(t, "unknown criterion", err, domain.KindInvalid, "“区住建局”没有考核指标 Z9。")
		_, err = svc.FileAppeal(ctx, office, id, service.AppealInput{UnitID: zjj, Reasons: "x"})
		refused(t, "the office appeals", err, domain.KindForbidden, "您没有权限进行此操作。")
		appeal, err := svc.FileAppeal(ctx, lly, id, service.AppealInput{Criterion: "A1", Reasons: "12月进展报告未计入",
			Files: []service.Upload{{Name: "证明.pdf", Data: []byte("%PDF-1.4 test")}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.FileAppeal(ctx, fzr, id, service.AppealInput{Criterion: "A1", Reasons: "再次申诉"})
		refused(t, "a second pending appeal", err, domain.KindConflict, "您单位对“A1 重点项目推进”的申诉尚在处理中，请等待处理结果。")
		czjAppeal, err := svc.FileAppeal(ctx, czj, id, service.AppealInput{Criterion: "B1", Reasons: "财政局机密理由"})
		if err != nil {
			t.Fatal(err)
		}
		// Scope: a unit reads its own appeals, the office all.
		v, err := svc.AssessRun(ctx, dh, id)
		if err != nil || len(v.Appeals) != 0 || len(v.Result.Units) != 4 || len(v.Can.AppealUnits) != 1 || v.Can.Adjust {
			t.Errorf("东湖街道 reads: %+v %v", v, err)
		}
		if v, _ := svc.AssessRun(ctx, fzr, id); len(v.Appeals) != 1 || v.Appeals[0].ID != appeal || len(v.Appeals[0].Files) != 1 {
			t.Errorf("区住建局's head reads: %+v", v.Appeals)
		}
		if _, _, err := svc.AssessRunUnit(ctx, lly, id, f.Units["区财政局"]); err != nil {
			t.Errorf("the list is public: %v", err)
		}
		if v, _, _ := svc.AssessRunUnit(ctx, lly, id, f.Units["区财政局"]); len(v.Appeals) != 0 {
			t.Errorf("a liaison reads another unit's appeal: %+v", v.Appeals)
		}
		if v, _ := svc.AssessRun(ctx, as(t, env, "leader_wang"), id); len(v.Appeals) != 2 || v.Appeals[0].CanDecide || v.Can.Adjust {
			t.Errorf("a leader reads: %+v %+v", v.Appeals, v.Can)
		}
		v, _ = svc.AssessRun(ctx, office, id)
		if len(v.Appeals) != 2 || !v.Appeals[0].CanDecide || v.Appeals[0].CriterionName != "重点项目推进" {
			t.Errorf("the office reads: %+v", v.Appeals)
		}
		if v, _, _ := svc.AssessRunUnit(ctx, office, id, f.Units["区财政局"]); len(v.Appeals) != 1 || v.Appeals[0].ID != czjAppeal {
			t.Errorf("a unit's page shows that unit's appeals only: %+v", v.Appeals)
		}
		file := v.Appeals[0].Files[0].ID
		if _, data, err := svc.AssessAppealFile(ctx, fzr, file); err != nil || string(data) != "%PDF-1.4 test" {
			t.Errorf("the unit's file: %q %v", data, err)
		}
		_, _, err = svc.AssessAppealFile(ctx, dh, file)
		refused(t, "another unit's file", err, domain.KindNotFound, "未找到该申诉材料，或您无权查看。")

		// Decisions: reasons, a score in range, then the adjustment.
		score := func(v float64) *float64 { return &v }
		err = svc.DecideAppeal(ctx, lly, appeal, service.AppealDecision{State: domain.AppealRejected, Reason: "x"})
		refused(t, "a liaison decides", err, domain.KindForbidden, "您没有权限进行此操作。")
		err = svc.DecideAppeal(ctx, office, czjAppeal, service.AppealDecision{State: domain.AppealRejected})
		refused(t, "rejected without a reason", err, domain.KindInvalid, "请填写理由。")
		err = svc.DecideAppeal(ctx, office, appeal, service.AppealDecision{State: domain.AppealUpheld, Reason: "核实"})
		refused(t, "upheld without a score", err, domain.KindInvalid, "申诉成立时请填写调整后的分数。")
		err = svc.DecideAppeal(ctx, office, appeal, service.AppealDecision{State: domain.AppealUpheld, Reason: "核实", Score: score(25)})
		refused(t, "over the maximum", err, domain.KindInvalid, "分数 25 超出“A1 重点项目推进”的范围（0–20）。")
		if err := svc.DecideAppeal(ctx, office, appeal, service.AppealDecision{State: domain.AppealUpheld, Reason: "核实后补计12月报告", Score: score(19.5)}); err != nil {
			t.Fatal(err)
		}
		err = svc.DecideAppeal(ctx, office, appeal, service.AppealDecision{State: domain.AppealRejected, Reason: "x"})
		refused(t, "decided twice", err, domain.KindConflict, "该申诉已处理。")
		v, _ = svc.AssessRun(ctx, office, id)
		if len(v.Adjustments) != 1 || v.Adjustments[0].Before != 18 || v.Adjustments[0].After != 19.5 || v.Adjustments[0].AppealID != appeal ||
			v.Adjustments[0].By != "吴督查" || v.Adjustments[0].Reason != "核实后补计12月报告" || v.Adjustments[0].BeforeTotal != 88 {
			t.Errorf("adjustments: %+v", v.Adjustments)
		}
		if len(domain.FindUnitResult(&v.Result, zjj).Criteria) != 0 {
			t.Error("the list carries criteria")
		}
		if _, u, err := svc.AssessRunUnit(ctx, lly, id, zjj); err != nil || domain.FindCriterionScore(u, "A1").Score != 19.5 ||
			domain.FindCriterionScore(u, "A1").Formula.Key != "adjusted" || domain.FindCriterionScore(u, "B1").Score != 70 {
			t.Errorf("adjusted criterion: %+v %v", u, err)
		}
		if full, err := svc.AssessRunFull(ctx, office, id); err != nil || len(full.Result.Units[1].Criteria) != 2 {
			t.Errorf("the whole result: %v", err)
		}
		if v.Appeals[0].State != domain.AppealUpheld || v.Appeals[0].DecidedBy != "吴督查" {
			t.Errorf("decided appeal: %+v", v.Appeals[0])
		}
		ns, _ := svc.Inbox(ctx, lly, storeFilter())
		if len(ns.Items) == 0 || ns.Items[0].Kind != "assess.appeal.upheld" || !strings.Contains(ns.Items[0].Body, "核实后补计12月报告") {
			t.Errorf("the filer's notification: %+v", ns.Items)
		}
		// The office adjusts without an appeal, with a reason.
		_, err = svc.AdjustAssessment(ctx, office, id, service.AdjustInput{UnitID: f.Units["区城管局"], Criterion: "A1", Score: 13})
		refused(t, "adjusted without a reason", err, domain.KindInvalid, "请填写理由。")
		_, err = svc.AdjustAssessment(ctx, office, id, service.AdjustInput{UnitID: f.Units["区城管局"], Criterion: "A1", Score: 12, Reason: "x"})
		refused(t, "no change", err, domain.KindInvalid, "“A1 重点项目推进”的分数没有变化。")
		if _, err := svc.AdjustAssessment(ctx, office, id, service.AdjustInput{UnitID: f.Units["区城管局"], Criterion: "A1", Score: 13, Reason: "复核计分错误"}); err != nil {
			t.Fatal(err)
		}
		if v, _ := svc.AssessRun(ctx, lly, id); len(v.Adjustments) != 1 {
			t.Errorf("区住建局 reads %d adjustments, want its own one", len(v.Adjustments))
		}
		err = svc.FinalizeAssessment(ctx, office, id)
		refused(t, "final during the window", err, domain.KindConflict, "公示期至 2026-10-12 结束，结束后方可定榜。")

		// After the window: no appeal; 定榜 waits for the pending one.
		clk.set(t, "2026-10-13 09:00")
		_, err = svc.FileAppeal(ctx, lly, id, service.AppealInput{Reasons: "总分有误"})
		refused(t, "an appeal after the window", err, domain.KindConflict, "公示期已于 2026-10-12 结束，不能再提出申诉。")
		err = svc.FinalizeAssessment(ctx, office, id)
		refused(t, "final with a pending appeal", err, domain.KindConflict, "尚有未处理的申诉（区财政局），处理后方可定榜。")
		if err := svc.DecideAppeal(ctx, office, czjAppeal, service.AppealDecision{State: domain.AppealRejected, Reason: "评分符合细则"}); err != nil {
			t.Fatal(err)
		}
		err = svc.FinalizeAssessment(ctx, lly, id)
		refused(t, "a liaison finalises", err, domain.KindForbidden, "您没有权限进行此操作。")
		if err := svc.FinalizeAssessment(ctx, office, id); err != nil {
			t.Fatal(err)
		}

		if ns, _ := svc.Inbox(ctx, fzr, storeFilter()); len(ns.Items) == 0 || ns.Items[0].Kind != "assess.final" || !strings.Contains(ns.Items[0].Body, "已定榜") {
			t.Errorf("the unit is told of 定榜: %+v", ns.Items)
		}
		// The final run: every write is refused and stores nothing.
		before, _ := svc.AssessRun(ctx, office, id)
		seq, _, _ := env.App.DB.Read().Head(ctx)
		finalMsg := "考核结果已定榜，不能再修改。"
		_, err = svc.FileAppeal(ctx, lly, id, service.AppealInput{Reasons: "x"})
		refused(t, "appeal on a final run", err, domain.KindConflict, finalMsg)
		err = svc.DecideAppeal(ctx, office, czjAppeal, service.AppealDecision{State: domain.AppealUpheld, Reason: "x", Score: score(1)})
		refused(t, "decide on a final run", err, domain.KindConflict, finalMsg)
		_, err = svc.AdjustAssessment(ctx, office, id, service.AdjustInput{UnitID: zjj, Criterion: "A1", Score: 1, Reason: "x"})
		refused(t, "adjust a final run", err, domain.KindConflict, finalMsg)
		err = svc.FinalizeAssessment(ctx, office, id)
		refused(t, "finalise twice", err, domain.KindConflict, finalMsg)
		_, err = svc.PublishAssessment(ctx, office, in)
		refused(t, "publish the scheme again", err, domain.KindConflict, "“2026年半年考核”的考核结果已定榜，不能再次发布。")
		after, _ := svc.AssessRun(ctx, office, id)
		seq2, _, _ := env.App.DB.Read().Head(ctx)
		if seq2 != seq || len(after.Appeals) != len(before.Appeals) || len(after.Adjustments) != len(before.Adjustments) ||
			after.Result.Units[0].Total != before.Result.Units[0].Total || after.State != domain.RunFinal {
			t.Errorf("a final run changed: audit %d → %d, %+v", seq, seq2, after)
		}
		// Everything is in the audit log.
		var actions []string
		entries, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Limit: 100})
		for _, e := range entries {
			if strings.HasPrefix(e.Action, "assess.") {
				actions = append(actions, e.Action)
			}
		}
		for _, want := range []string{"assess.run.publish", "assess.appeal.file", "assess.appeal.upheld", "assess.appeal.rejected", "assess.adjust", "assess.run.finalize"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit log lacks %s: %v", want, actions)
			}
		}
		// The public reads the final list, without appeals.
		pub, err := svc.PublicAssessRun(ctx, id)
		if err != nil || pub.State != domain.RunFinal || len(pub.Result.Units) != 4 {
			t.Errorf("public: %+v %v", pub, err)
		}
	})
}

// An adjustment reranks the whole category by the run's own scheme body:
// total, rank, grade, awards and the 约谈 list follow, and the adjustment
// records the unit's total, rank and grade before and after.
func TestAssessAdjustReranks(t *testing.T) {
	clk := &clock{}
	clk.set(t, "2026-11-02 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2026-11-02 09:00")
		svc, f := env.App.Service, env.Fix
		office := as(t, env, "office")
		body := domain.SchemeBody{CheckDate: domain.MustDate("2026-06-30"),
			Categories: []domain.AssessCategory{{Name: "区直部门", Sections: []domain.AssessSection{
				{Key: "key", Name: "重点工作", Max: 20, Criteria: []domain.Criterion{{Code: "A1", Name: "重点项目推进", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodManual}}},
				{Key: "routine", Name: "常规工作", Max: 80, Criteria: []domain.Criterion{{Code: "B1", Name: "群众满意度", Kind: domain.CriterionBase, Max: 80, Method: domain.MethodManual}}}}}},
			Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 34}, {Name: "良好"}},
				Awards: []domain.AwardRule{{Name: "骏马奖", Criteria: []string{"A1"}}}, Talks: domain.TalkRule{BottomN: 1}}}
		res := pubResult(env)
		res.Units = res.Units[:3] // 区直部门 only
		domain.RerankAssessment(body, &res)
		id, err := svc.PublishAssessment(ctx, office, service.PublishInput{SchemeID: 41, Year: 2026, SchemeName: "2026年半年考核", Body: body, Result: res})
		if err != nil {
			t.Fatal(err)
		}
		cg := f.Units["区城管局"]
		adj, err := svc.AdjustAssessment(ctx, office, id, service.AdjustInput{UnitID: cg, Criterion: "A1", Score: 20, Reason: "补录重点项目验收结果"})
		if err != nil {
			t.Fatal(err)
		}
		if adj.Before != 12 || adj.After != 20 || adj.BeforeTotal != 82 || adj.AfterTotal != 90 || adj.BeforeRank != 3 || adj.AfterRank != 1 ||
			adj.BeforeGrade != "良好" || adj.AfterGrade != "优秀" {
			t.Errorf("adjustment: %+v", adj)
		}
		v, _ := svc.AssessRun(ctx, office, id)
		got := map[string]domain.UnitResult{}
		for _, u := range v.Result.Units {
			got[u.Unit] = u
		}
		if u := got["区城管局"]; u.Rank != 1 || u.Grade != "优秀" || u.Total != 90 || !slices.Contains(u.Awards, "骏马奖") || u.Talk {
			t.Errorf("区城管局: %+v", u)
		}
		if u := got["区住建局"]; u.Rank != 2 || u.Grade != "良好" || len(u.Awards) != 0 {
			t.Errorf("区住建局: %+v", u)
		}
		if u := got["区财政局"]; u.Rank != 3 || !u.Talk {
			t.Errorf("区财政局 should be called in: %+v", u)
		}
		if v.Result.Units[0].Unit != "区城管局" {
			t.Errorf("the list is not in rank order: %s first", v.Result.Units[0].Unit)
		}
	})
}

// The office publishes a frozen scheme's results as computed now; a draft
// is refused with its state named.
func TestPublishScheme(t *testing.T) {
	clk := &clock{}
	clk.set(t, "2026-11-02 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2026-11-02 09:00")
		svc := env.App.Service
		office := as(t, env, "office")
		sc, err := svc.CreateScheme(ctx, office, testScheme())
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.PublishScheme(ctx, office, service.SchemePublish{SchemeID: sc.ID})
		refused(t, "a draft", err, domain.KindConflict, "方案“"+sc.Name+"”当前为“草稿”，只有已冻结（评分中）的方案可以公示结果。")
		if _, err := svc.FreezeScheme(ctx, office, sc.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := svc.PublishableSchemes(ctx, office); len(list) != 1 || list[0].ID != sc.ID {
			t.Errorf("publishable: %+v", list)
		}
		_, err = svc.PublishScheme(ctx, as(t, env, "zjj_lly"), service.SchemePublish{SchemeID: sc.ID})
		refused(t, "a liaison", err, domain.KindForbidden, "您没有权限进行此操作。")
		id, err := svc.PublishScheme(ctx, office, service.SchemePublish{SchemeID: sc.ID, NoticeDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.AssessRunFull(ctx, office, id)
		if err != nil || v.SchemeName != sc.Name || v.NoticeEnd != domain.MustDate("2026-11-04") || len(v.Result.Units) == 0 ||
			len(v.Body.Categories) == 0 || len(v.Result.Units[0].Criteria) == 0 {
			t.Errorf("published: %+v %v", v, err)
		}
		// 定榜 closes the scheme: no score can change after the list is final.
		clk.set(t, "2026-11-05 09:00")
		if err := svc.FinalizeAssessment(ctx, office, id); err != nil {
			t.Fatal(err)
		}
		d, err := svc.Scheme(ctx, office, sc.ID)
		if err != nil || d.State != domain.SchemeClosed {
			t.Fatalf("scheme after 定榜: %v %v", d.State, err)
		}
		_, err = svc.SaveEntry(ctx, office, sc.ID, service.EntryInput{Code: "B1", UnitID: v.Result.Units[0].UnitID, Score: 1, Reason: "省级表彰"})
		if domain.ErrorKind(err) != domain.KindConflict || !strings.Contains(domain.ErrorMessage(err), "不在评分阶段") {
			t.Errorf("entry after 定榜: %v", err)
		}
	})
}
