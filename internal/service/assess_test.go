package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// A scheme is a draft the office edits, frozen when scoring starts, and
// revised into a new version with a reason; examiners score within range,
// with a reason, never their own unit, only while scoring runs.
func TestAssessSchemesAndEntries(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		kh := addExaminer(t, env, "kh_czj", "区财政局")
		_, err := svc.CreateScheme(ctx, lly, testScheme())
		refused(t, "a liaison creates", err, domain.KindForbidden, "您没有权限进行此操作。")
		bad := testScheme()
		bad.Kind = "yearly"
		_, err = svc.CreateScheme(ctx, office, bad)
		refused(t, "bad kind", err, domain.KindInvalid, "未知的考核类型“yearly”（应为 annual、half 或 special）。")
		sc, err := svc.CreateScheme(ctx, office, testScheme())
		if err != nil {
			t.Fatal(err)
		}
		if sc.Version != 1 || sc.State != domain.SchemeDraft || !sc.Can.Edit || !sc.Can.Freeze || sc.Can.Score {
			t.Errorf("created: %+v", sc)
		}
		_, err = svc.CreateScheme(ctx, office, testScheme())
		refused(t, "the same scheme twice", err, domain.KindConflict, "2023 年已有方案“2023年度综合考核”。")
		if list, _ := svc.Schemes(ctx, lly, 2023); len(list) != 0 {
			t.Errorf("a liaison sees a draft: %+v", list)
		}
		if _, err := svc.Scheme(ctx, lly, sc.ID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("a liaison reads a draft: %v", err)
		}
		if _, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "zjj_lly"}}); domain.ErrorMessage(err) != "“zjj_lly”不是有效的考核员账号。" {
			t.Errorf("a liaison as examiner: %v", err)
		}
		if _, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "kh_czj", Criteria: []string{"T1"}}}); domain.ErrorMessage(err) != "未知的考核指标代码“T1”。" {
			t.Errorf("an examiner on a computed criterion: %v", err)
		}
		ex, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "kh_czj", Criteria: []string{"M1", "M2"}}})
		if err != nil || len(ex) != 1 || len(ex[0].Criteria) != 2 {
			t.Fatalf("examiners: %+v %v", ex, err)
		}
		entry := service.EntryInput{Code: "M1", UnitID: f.Units["区住建局"], Score: 8.5, Reason: "作风扎实，群众评价好"}
		_, err = svc.SaveEntry(ctx, office, sc.ID, service.EntryInput{Code: "B1", UnitID: f.Units["区城管局"], Score: 2, Reason: "获省级表彰"})
		refused(t, "scoring a draft", err, domain.KindConflict, "方案“2023年度综合考核”第 1 版草稿，不在评分阶段，不能录入评分。")
		edited := testScheme()
		edited.Name = "2023年度综合考核方案"
		if _, err := svc.UpdateScheme(ctx, office, sc.ID, edited); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FreezeScheme(ctx, office, sc.ID); err != nil {
			t.Fatal(err)
		}
		_, err = svc.UpdateScheme(ctx, office, sc.ID, testScheme())
		refused(t, "editing a frozen scheme", err, domain.KindConflict,
			"方案“2023年度综合考核方案”第 1 版评分中，已冻结，不能修改；如需调整，请修订为新版本并说明理由。")
		if list, _ := svc.Schemes(ctx, lly, 2023); len(list) != 1 {
			t.Errorf("a liaison does not see the published scheme: %+v", list)
		}
		for _, c := range []struct {
			what string
			in   service.EntryInput
			kind domain.Kind
			msg  string
		}{
			{"out of range", service.EntryInput{Code: "M1", UnitID: f.Units["区住建局"], Score: 12.5, Reason: "好"}, domain.KindInvalid, "得分 12.5 超出范围 0–10。"},
			{"negative", service.EntryInput{Code: "M1", UnitID: f.Units["区住建局"], Score: -1, Reason: "好"}, domain.KindInvalid, "得分 -1 超出范围 0–10。"},
			{"own unit", service.EntryInput{Code: "M1", UnitID: f.Units["区财政局"], Score: 8, Reason: "好"}, domain.KindForbidden, "不能为本单位（区财政局）评分。"},
			{"unknown code", service.EntryInput{Code: "X9", UnitID: f.Units["区住建局"], Score: 8, Reason: "好"}, domain.KindInvalid, "未知的考核指标代码“X9”。"},
			{"unknown unit", service.EntryInput{Code: "M1", UnitID: 9999, Score: 8, Reason: "好"}, domain.KindInvalid, "未知的单位（9999）。"},
			{"other category", service.EntryInput{Code: "M1", UnitID: f.Units["东湖街道"], Score: 8, Reason: "好"}, domain.KindInvalid,
				"单位“东湖街道”不在指标 M1（工作作风）的考核类别中。"},
			{"no reason", service.EntryInput{Code: "M1", UnitID: f.Units["区住建局"], Score: 8, Reason: " "}, domain.KindInvalid, "请填写评分理由。"},
			{"not assigned", service.EntryInput{Code: "B1", UnitID: f.Units["区住建局"], Score: 1, Reason: "好"}, domain.KindForbidden, "您不是指标 B1（创新加分）的考核员。"},
			{"computed", service.EntryInput{Code: "T1", UnitID: f.Units["区住建局"], Score: 1, Reason: "好"}, domain.KindInvalid, "指标 T1（重点任务推进）不由考核员评分。"},
		} {
			_, err := svc.SaveEntry(ctx, kh, sc.ID, c.in)
			refused(t, c.what, err, c.kind, c.msg)
		}
		// The sub-unit of an examiner's unit is their own too.
		kh2 := addExaminer(t, env, "kh_dh", "东湖街道")
		if _, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "kh_czj", Criteria: []string{"M1", "M2"}}, {Login: "kh_dh"}}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SaveEntry(ctx, kh2, sc.ID, service.EntryInput{Code: "M2", UnitID: f.Units["东湖街道"], Score: 18, Reason: "好"})
		refused(t, "own street", err, domain.KindForbidden, "不能为本单位（东湖街道）评分。")
		if _, err := svc.SaveEntry(ctx, kh, sc.ID, entry); err != nil {
			t.Fatal(err)
		}
		entry.Score, entry.Reason = 9, "复核后上调"
		if _, err := svc.SaveEntry(ctx, kh, sc.ID, entry); err != nil {
			t.Fatal(err)
		}
		// The office enters bonus items, not examiners' criteria.
		if _, err := svc.SaveEntry(ctx, office, sc.ID, service.EntryInput{Code: "B1", UnitID: f.Units["区城管局"], Score: 2, Reason: "获省级表彰"}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SaveEntry(ctx, office, sc.ID, service.EntryInput{Code: "M1", UnitID: f.Units["区城管局"], Score: 2, Reason: "好"})
		refused(t, "office on a manual criterion", err, domain.KindForbidden, "您不是指标 M1（工作作风）的考核员。")
		// A batch with bad rows stores nothing and names each.
		_, err = svc.SaveEntries(ctx, kh, sc.ID, []service.EntryInput{{Code: "M1", UnitID: f.Units["区城管局"], Score: 7, Reason: "好"},
			{Code: "M1", UnitID: f.Units["区城管局"], Score: 11, Reason: "好"}, {Code: "M1", UnitID: f.Units["区财政局"], Score: 7, Reason: "好"}})
		var re *service.EntriesRefused
		if !errors.As(err, &re) || len(re.Rows) != 2 || re.Rows[0].Index != 1 || re.Rows[1].Index != 2 || domain.ErrorMessage(err) != "有 2 条评分有误，均未保存。" ||
			fmtList(domain.ErrorDetails(err)) != "[第 2 条：得分 11 超出范围 0–10。 第 3 条：不能为本单位（区财政局）评分。]" {
			t.Errorf("batch: %v %v", err, domain.ErrorDetails(err))
		}
		all, err := svc.Entries(ctx, office, sc.ID)
		if err != nil || len(all) != 2 || all[0].Code != "B1" || all[1].Score != 9 || all[1].Reason != "复核后上调" || all[1].Examiner != "考核员kh_czj" {
			t.Errorf("entries: %+v %v", all, err)
		}
		if mine, _ := svc.Entries(ctx, lly, sc.ID); len(mine) != 1 || mine[0].UnitID != f.Units["区住建局"] {
			t.Errorf("a liaison's entries: %+v", mine)
		}
		if theirs, _ := svc.Entries(ctx, as(t, env, "dh_lly"), sc.ID); len(theirs) != 0 {
			t.Errorf("another unit's entries: %+v", theirs)
		}
		// Revision: a reason is required; M1's range shrinks below the
		// entered 9, which does not carry over; B1's entry does.
		rev := testScheme().SchemeBody
		rev.Categories[0].Sections[0].Criteria[2].Max = 8
		_, err = svc.ReviseScheme(ctx, office, sc.ID, service.SchemeRevision{Body: rev})
		refused(t, "no reason", err, domain.KindInvalid, "请填写修订理由。")
		next, err := svc.ReviseScheme(ctx, office, sc.ID, service.SchemeRevision{Body: rev, Reason: "工作作风分值调整为8分"})
		if err != nil {
			t.Fatal(err)
		}
		if next.Version != 2 || next.PrevID != sc.ID || next.State != domain.SchemeScoring || next.Carried != 1 || next.Dropped != 1 ||
			next.ChangeReason != "工作作风分值调整为8分" {
			t.Errorf("revised: %+v", next)
		}
		old, err := svc.Scheme(ctx, office, sc.ID)
		if err != nil || old.State != domain.SchemeSuperseded || len(old.Versions) != 2 {
			t.Errorf("old version: %+v %v", old, err)
		}
		_, err = svc.SaveEntry(ctx, kh, sc.ID, entry)
		refused(t, "scoring a superseded version", err, domain.KindConflict,
			"方案“2023年度综合考核方案”第 1 版已被新版本取代，不在评分阶段，不能录入评分。")
		entry.Score = 7.5
		if _, err := svc.SaveEntry(ctx, kh, next.ID, entry); err != nil {
			t.Errorf("scoring the new version: %v", err)
		}
		if list, _ := svc.Entries(ctx, office, next.ID); len(list) != 2 {
			t.Errorf("entries of the new version: %+v", list)
		}
		// Every change is in the audit log.
		n := 0
		for _, a := range auditActions(t, env) {
			if a == "assess.entry.save" {
				n++
			}
		}
		if n != 4 {
			t.Errorf("entry saves audited: %d", n)
		}
	})
}
