package service_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// refused checks that err is a refusal of kind with exactly msg.
func refused(t *testing.T, what string, err error, kind domain.Kind, msg string) {
	t.Helper()
	if domain.ErrorKind(err) != kind || domain.ErrorMessage(err) != msg {
		t.Errorf("%s: %v (%s), want %s %q", what, err, domain.ErrorKind(err), kind, msg)
	}
}

// overdueCase raises a case of 区住建局 (with 区财政局 co-operating) due
// 2023-07-24 and signed, and sweeps on 2023-08-07, ten working days over:
// the ladder reaches its top.
func overdueCase(t *testing.T, env *apptest.Env, clk *clock) *service.CaseDetail {
	t.Helper()
	ctx := context.Background()
	svc, f := env.App.Service, env.Fix
	clk.set(t, "2023-07-17 09:00")
	c, err := svc.CreateCase(ctx, as(t, env, "office"), service.CaseInput{Title: "老旧小区加装电梯进度缓慢", Source: domain.CaseSourceInstruction,
		LeaderID: f.People["王建新"], LeadUnitID: f.Units["区住建局"], CoUnitIDs: []domain.ID{f.Units["区财政局"]}, LimitDays: 5, Assign: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignCase(ctx, as(t, env, "zjj_lly"), c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SweepEscalations(ctx, clk.set(t, "2023-08-07 09:00"), "test"); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Case(ctx, as(t, env, "office"), c.ID)
	if err != nil || d.Escalation != domain.EscalationTalk {
		t.Fatalf("after the sweep: %+v %v", d, err)
	}
	return d
}

// The office confirms the sweep's 约谈 proposal, records the talk and the
// accountability that followed; bad input and other scopes are refused
// with precise messages.
func TestTalksAndAccountability(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		c := overdueCase(t, env, clk)
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		props, err := svc.TalkProposals(ctx, office)
		if err != nil || len(props) != 1 || props[0].Case.ID != c.ID || props[0].LeadUnit != "区住建局" || props[0].Leader != "王建新" {
			t.Fatalf("proposals: %+v %v", props, err)
		}
		_, err = svc.TalkProposals(ctx, lly)
		refused(t, "a liaison reads the proposals", err, domain.KindForbidden, "您没有权限进行此操作。")
		// A date already gone is refused; then a planned talk.
		_, err = svc.ConfirmTalkProposal(ctx, office, c.ID, service.TalkInput{PlannedOn: domain.MustDate("2023-08-04")})
		refused(t, "planned in the past", err, domain.KindInvalid, "日期 2023-08-04 早于今天（2023-08-07）。")
		talk, err := svc.ConfirmTalkProposal(ctx, office, c.ID, service.TalkInput{PlannedOn: domain.MustDate("2023-08-09"), TaskIDs: []domain.ID{f.Tasks["1"]}})
		if err != nil {
			t.Fatal(err)
		}
		if talk.State != domain.TalkPlanned || talk.Unit != "区住建局" || !talk.Proposal || len(talk.Cases) != 1 || talk.Cases[0].Number != c.Number ||
			len(talk.Tasks) != 1 || !strings.Contains(talk.Reasons, "建议约谈牵头单位主要负责人") || !talk.Can.Record {
			t.Errorf("confirmed: %+v", talk)
		}
		_, err = svc.ConfirmTalkProposal(ctx, office, c.ID, service.TalkInput{})
		refused(t, "confirmed twice", err, domain.KindConflict, "督办件 "+c.Number+" 没有待处理的约谈建议。")
		if props, _ := svc.TalkProposals(ctx, office); len(props) != 0 {
			t.Errorf("proposals after confirming: %+v", props)
		}
		// The unit is told of the talk.
		ns, _ := svc.Inbox(ctx, as(t, env, "zjj_fzr"), storeFilter())
		if len(ns.Items) == 0 || ns.Items[0].Kind != "talk.planned" || !strings.Contains(ns.Items[0].Body, "2023-08-09") {
			t.Errorf("the unit head's latest notification: %+v", ns.Items)
		}
		// Recording: not in the future, with who talked to whom and what was promised.
		rec := domain.TalkRecord{HeldOn: domain.MustDate("2023-08-08"), TalkerID: f.People["王建新"], Talkee: "赵局长", Commitments: "8月底前全部完工"}
		_, err = svc.RecordTalk(ctx, office, talk.ID, rec)
		refused(t, "held tomorrow", err, domain.KindInvalid, "日期 2023-08-08 晚于今天（2023-08-07）：只能记录已经发生的事。")
		rec.HeldOn = domain.MustDate("2023-08-07")
		rec.Commitments = " "
		_, err = svc.RecordTalk(ctx, office, talk.ID, rec)
		refused(t, "no commitments", err, domain.KindInvalid, "请填写整改承诺。")
		rec.Commitments = "8月底前全部完工"
		_, err = svc.RecordTalk(ctx, lly, talk.ID, rec)
		refused(t, "a liaison records", err, domain.KindForbidden, "您没有权限进行此操作。")
		held, err := svc.RecordTalk(ctx, office, talk.ID, rec)
		if err != nil || held.State != domain.TalkHeld || held.Talker != "王建新" || held.Talkee != "赵局长" || held.RecordedBy != "吴督查" {
			t.Fatalf("recorded: %+v %v", held, err)
		}
		_, err = svc.CancelTalk(ctx, office, talk.ID, "改期")
		refused(t, "cancelling a held talk", err, domain.KindConflict, "该约谈当前为“已约谈”，不能进行此操作。")
		// The unit reads its talk; another unit does not.
		if v, err := svc.Talk(ctx, lly, talk.ID); err != nil || !v.Can.Exempt || v.Can.Record {
			t.Errorf("the unit reads its talk: %+v %v", v, err)
		}
		_, err = svc.Talk(ctx, as(t, env, "dh_lly"), talk.ID)
		refused(t, "another unit reads it", err, domain.KindNotFound, "未找到该约谈记录，或您无权查看。")
		if ts, _ := svc.Talks(ctx, as(t, env, "dh_lly"), service.TalkFilter{}); len(ts) != 0 {
			t.Errorf("another unit lists %d talks", len(ts))
		}
		// A talk started directly, cancelled.
		direct, err := svc.StartTalk(ctx, office, service.TalkInput{UnitID: f.Units["东湖街道"], Reasons: "社区养老服务站建设滞后"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.CancelTalk(ctx, office, direct.ID, "")
		refused(t, "cancelled without a reason", err, domain.KindInvalid, "请填写说明。")
		if v, err := svc.CancelTalk(ctx, office, direct.ID, "已完成整改"); err != nil || v.State != domain.TalkCancelled {
			t.Errorf("cancelled: %+v %v", v, err)
		}
		_, err = svc.StartTalk(ctx, office, service.TalkInput{UnitID: f.Units["东湖街道"], Reasons: "x", CaseIDs: []domain.ID{c.ID}})
		refused(t, "a case of another unit", err, domain.KindInvalid, "督办件 "+c.Number+" 的承办单位中没有东湖街道。")
		_, err = svc.StartTalk(ctx, office, service.TalkInput{UnitID: 99999, Reasons: "x"})
		refused(t, "a missing unit", err, domain.KindInvalid, "单位（ID 99999）不存在。")

		// 问责.
		in := service.AccountabilityInput{Decision: "对赵局长进行诫勉谈话", Person: "赵局长", UnitID: f.Units["区住建局"], Measure: "罚款",
			Date: domain.MustDate("2023-08-07"), CaseID: c.ID, TalkID: talk.ID}
		_, err = svc.RecordAccountability(ctx, office, in)
		refused(t, "an unknown measure", err, domain.KindInvalid, "问责方式“罚款”不在列表中：请从列表中选择，或选择“其他”并填写。")
		in.Measure = domain.MeasureOther
		_, err = svc.RecordAccountability(ctx, office, in)
		refused(t, "other without text", err, domain.KindInvalid, "选择“其他”时，请填写具体的问责方式。")
		in.MeasureOther = "调离岗位"
		other := in
		other.UnitID = f.Units["区财政局"]
		_, err = svc.RecordAccountability(ctx, office, other)
		refused(t, "a talk with another unit", err, domain.KindInvalid, "该约谈的对象是区住建局，不是区财政局。")
		_, err = svc.RecordAccountability(ctx, lly, in)
		refused(t, "a liaison records accountability", err, domain.KindForbidden, "您没有权限进行此操作。")
		acc, err := svc.RecordAccountability(ctx, office, in)
		if err != nil || acc.Measure != "调离岗位" || acc.Case == nil || acc.Case.Number != c.Number || acc.Unit != "区住建局" {
			t.Fatalf("accountability: %+v %v", acc, err)
		}
		if v, _ := svc.Talk(ctx, office, talk.ID); len(v.Accountability) != 1 {
			t.Errorf("the talk shows %d records", len(v.Accountability))
		}
		// The measures are the district office's to change.
		if _, err := svc.SetAccountabilityMeasures(ctx, office, []string{"诫勉谈话", " ", "诫勉谈话"}); domain.ErrorMessage(err) != "问责方式“诫勉谈话”重复，或与保留字 other 相同。" {
			t.Errorf("repeated measure: %v", err)
		}
		if list, err := svc.SetAccountabilityMeasures(ctx, office, []string{"诫勉谈话", "通报批评", "罚款"}); err != nil || len(list) != 3 {
			t.Fatalf("measures: %v %v", list, err)
		}
		in.Measure, in.MeasureOther = "罚款", ""
		if _, err := svc.RecordAccountability(ctx, office, in); err != nil {
			t.Errorf("a measure added: %v", err)
		}
		if recs, _ := svc.AccountabilityRecords(ctx, lly, service.AccountabilityFilter{}); len(recs) != 2 {
			t.Errorf("the unit reads %d records", len(recs))
		}
		if recs, _ := svc.AccountabilityRecords(ctx, as(t, env, "czj_lly"), service.AccountabilityFilter{}); len(recs) != 0 {
			t.Errorf("another unit reads %d records", len(recs))
		}
	})
}

// A unit applies for exemption from its failures; the office decides; the
// approved exemption shows on the case, in listings, on the task's status
// and for assessment.
func TestExemptions(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, f := env.App.Service, env.Fix
		c := overdueCase(t, env, clk)
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		if !c.Overdue {
			t.Fatal("the case is not overdue")
		}
		d, _ := svc.Case(ctx, lly, c.ID)
		if !d.Can.ApplyExemption {
			t.Error("the lead unit may not apply")
		}
		// Refusals.
		_, err := svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: "penalty", TargetID: c.ID, Grounds: "x"})
		refused(t, "an unknown kind", err, domain.KindInvalid, "免责事项类型“penalty”无效，应为 case（督办件）、escalation（督办升级）、talk（约谈）、accountability（问责）或 task（任务）。")
		_, err = svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID})
		refused(t, "no grounds", err, domain.KindInvalid, "请填写申请理由。")
		_, err = svc.ApplyExemption(ctx, as(t, env, "czj_lly"), service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID, Grounds: "x"})
		refused(t, "the co-unit applies", err, domain.KindForbidden, "只有区住建局可以对该事项申请免责。")
		_, err = svc.ApplyExemption(ctx, as(t, env, "dh_lly"), service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID, Grounds: "x"})
		refused(t, "a unit that cannot read the case", err, domain.KindNotFound, "要申请免责的督办件逾期（ID "+id64(c.ID)+"）不存在。")
		_, err = svc.ApplyExemption(ctx, office, service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID, Grounds: "x"})
		refused(t, "the office applies", err, domain.KindForbidden, "您没有权限进行此操作。")
		fresh, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "新件", Source: domain.CaseSourcePublic, LeadUnitID: f.Units["区住建局"],
			LimitDays: 10, Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureCase, TargetID: fresh.ID, Grounds: "x"})
		refused(t, "a case on time", err, domain.KindConflict, "督办件 "+fresh.Number+" 没有逾期，也不是逾期办结，无需申请免责。")
		_, err = svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureTask, TargetID: f.Tasks["5"], Grounds: "x"})
		refused(t, "a task not started", err, domain.KindConflict, "任务 5 智慧停车试点 当前为“未启动”，没有滞后或逾期，无需申请免责。")
		sign := c.Events[2] // create, assign, sign
		_, err = svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureEscalation, TargetID: sign.ID, Grounds: "x"})
		refused(t, "a step that is no rung", err, domain.KindInvalid, "时间线记录 "+id64(sign.ID)+" 不是督办升级记录（提醒、催办、督办通知、约谈建议、签收提醒），不能申请免责。")

		// The case, its notice and a lagging task.
		ex, err := svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID, Grounds: "连续暴雨无法施工，已提前书面报告",
			Files: []service.Upload{{Name: "气象证明.pdf", Data: []byte("%PDF-1.4 test")}}})
		if err != nil {
			t.Fatal(err)
		}
		if ex.State != domain.ExemptionPending || ex.Unit != "区住建局" || ex.Year != 2023 || len(ex.Files) != 1 || ex.Link != "/cases/"+id64(c.ID) ||
			!strings.Contains(ex.Failure, "逾期（办理时限 2023-07-24）") {
			t.Errorf("applied: %+v", ex)
		}
		_, err = svc.ApplyExemption(ctx, as(t, env, "zjj_fzr"), service.ExemptionInput{Kind: domain.FailureCase, TargetID: c.ID, Grounds: "再次申请"})
		refused(t, "applied twice", err, domain.KindConflict, "该事项已有待审批的免责申请，不能重复申请。")
		var notice domain.CaseEvent
		for _, e := range c.Events {
			if e.Kind == domain.EventNotice {
				notice = e.CaseEvent
			}
		}
		exN, err := svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureEscalation, TargetID: notice.ID, Grounds: "同上"})
		if err != nil {
			t.Fatal(err)
		}
		exT, err := svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureTask, TargetID: f.Tasks["1"], Grounds: "设计变更"})
		if err != nil {
			t.Fatal(err)
		}
		ns, _ := svc.Inbox(ctx, office, storeFilter())
		if len(ns.Items) == 0 || ns.Items[0].Kind != "exemption.pending" {
			t.Errorf("the office was not told: %+v", ns.Items)
		}
		// The office decides, with reasons either way.
		_, err = svc.DecideExemption(ctx, office, ex.ID, service.ExemptionDecision{Approve: true})
		refused(t, "no reasons", err, domain.KindInvalid, "请填写审批意见。")
		_, err = svc.DecideExemption(ctx, lly, ex.ID, service.ExemptionDecision{Approve: true, Reasons: "x"})
		refused(t, "the unit decides", err, domain.KindForbidden, "您没有权限进行此操作。")
		if v, err := svc.DecideExemption(ctx, office, ex.ID, service.ExemptionDecision{Approve: true, Reasons: "属不可抗力，予以免责"}); err != nil || v.State != domain.ExemptionApproved {
			t.Fatalf("approve: %+v %v", v, err)
		}
		_, err = svc.DecideExemption(ctx, office, ex.ID, service.ExemptionDecision{Approve: false, Reasons: "x"})
		refused(t, "decided twice", err, domain.KindConflict, "该申请已审批（已批准），不能再次审批。")
		if _, err := svc.DecideExemption(ctx, office, exN.ID, service.ExemptionDecision{Approve: true, Reasons: "同上"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DecideExemption(ctx, office, exT.ID, service.ExemptionDecision{Approve: false, Reasons: "理由不充分"}); err != nil {
			t.Fatal(err)
		}
		// Shown wherever the failure appears.
		d, err = svc.Case(ctx, lly, c.ID)
		if err != nil || d.Exemption == nil || d.Exemption.Decision != "属不可抗力，予以免责" || len(d.Exemptions) != 2 || d.Can.ApplyExemption {
			t.Fatalf("the case: %+v %v", d.Exemption, err)
		}
		for _, e := range d.Events {
			if (e.ID == notice.ID) != (e.Exemption != nil) {
				t.Errorf("event %s exemption %+v", e.Kind, e.Exemption)
			}
		}
		list, _ := svc.CaseInbox(ctx, lly, service.CaseFilter{})
		for _, it := range list.Items {
			if (it.ID == c.ID) != (it.Exemption != nil) {
				t.Errorf("listing: case %s exemption %+v", it.Number, it.Exemption)
			}
		}
		rep, _ := svc.StatusReport(ctx, office, readmodel.Filter{}, 0)
		for _, ts := range rep.Tasks {
			if ts.Exemption != nil {
				t.Errorf("task %s shows a refused exemption", ts.Number)
			}
		}
		// A refused one may be applied for again; approved, it shows on the task.
		exT2, err := svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureTask, TargetID: f.Tasks["1"], Grounds: "补充设计变更批复"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DecideExemption(ctx, office, exT2.ID, service.ExemptionDecision{Approve: true, Reasons: "批复属实"}); err != nil {
			t.Fatal(err)
		}
		rep, _ = svc.StatusReport(ctx, office, readmodel.Filter{}, 0)
		for _, ts := range rep.Tasks {
			if (ts.ID == f.Tasks["1"]) != (ts.Exemption != nil) {
				t.Errorf("task %s exemption %+v", ts.Number, ts.Exemption)
			}
		}
		// For assessment.
		all, err := svc.ExemptionsFor(ctx, domain.FailureTask, f.Tasks["1"])
		if err != nil || len(all) != 2 || all[0].State != domain.ExemptionApproved || all[1].State != domain.ExemptionRefused {
			t.Errorf("exemptions for the task: %+v %v", all, err)
		}
		approved, err := svc.ApprovedExemptions(ctx, f.Units["区住建局"], 2023)
		var kinds []domain.FailureKind
		for _, e := range approved {
			kinds = append(kinds, e.Kind)
		}
		if err != nil || !slices.Equal(kinds, []domain.FailureKind{domain.FailureTask, domain.FailureEscalation, domain.FailureCase}) {
			t.Errorf("approved for 区住建局 in 2023: %v %v", kinds, err)
		}
		if other, _ := svc.ApprovedExemptions(ctx, f.Units["区住建局"], 2022); len(other) != 0 {
			t.Errorf("2022: %+v", other)
		}
		// Reading and files are scoped.
		if _, _, err := svc.ExemptionFile(ctx, lly, ex.ID, ex.Files[0].ID); err != nil {
			t.Errorf("the unit reads its file: %v", err)
		}
		_, err = svc.Exemption(ctx, as(t, env, "dh_lly"), ex.ID)
		refused(t, "another unit reads it", err, domain.KindNotFound, "未找到该免责申请，或您无权查看。")
		if l, _ := svc.Exemptions(ctx, as(t, env, "czj_lly"), service.ExemptionFilter{}); len(l) != 0 {
			t.Errorf("another unit lists %d", len(l))
		}
	})
}

func id64(id domain.ID) string { return strconv.FormatInt(id, 10) }

func storeFilter() store.NotificationFilter { return store.NotificationFilter{Limit: 50} }
