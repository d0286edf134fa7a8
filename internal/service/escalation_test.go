package service_test

import (
	"context"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

var cst = time.FixedZone("CST", 8*3600)

// clock is an App's clock that the test moves.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time { return time.Unix(0, c.ns.Load()).In(cst) }

func (c *clock) set(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		t.Fatal(err)
	}
	c.ns.Store(v.UnixNano())
	return v
}

// kinds lists a case's timeline.
func kinds(t *testing.T, env *apptest.Env, id domain.ID) []domain.CaseEventKind {
	t.Helper()
	evs, err := env.App.DB.Read().CaseEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.CaseEventKind
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// inbox returns the kinds of a login's notifications about a case, oldest first.
func inbox(t *testing.T, env *apptest.Env, login string, caseID domain.ID) []string {
	t.Helper()
	ns, err := env.App.DB.Read().Notifications(context.Background(), env.Fix.Accounts[login], store.NotificationFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		if ns[i].Link == "/cases/"+strconv.FormatInt(caseID, 10) {
			out = append(out, ns[i].Kind)
		}
	}
	return out
}

// The ladder as the clock moves over the 2023 National Day holiday: the
// job runner's sweep records each rung once, in order, attributed to the
// system and audited; signing reminders go to the unit, then the office;
// each rung notifies its people once, however often the sweep runs.
func TestEscalationSweep(t *testing.T) {
	clk := &clock{}
	clk.set(t, "2023-09-25 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2023-09-25 09:00")
		svc, f := env.App.Service, env.Fix
		office := as(t, env, "office")
		// A: due on the Monday after the holiday, signed at once.
		a, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "老旧小区加装电梯进度缓慢", Source: domain.CaseSourceInstruction,
			LeaderID: f.People["王建新"], LeadUnitID: f.Units["区住建局"], CoUnitIDs: []domain.ID{f.Units["区财政局"]},
			LimitDate: domain.MustDate("2023-10-09"), Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		// B: ten working days (due 10-13), never signed.
		b, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "社区养老服务站选址", Source: domain.CaseSourcePublic,
			LeadUnitID: f.Units["东湖街道"], LimitDays: 10, Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		if b.Deadline != domain.MustDate("2023-10-13") {
			t.Fatalf("B due %s", b.Deadline)
		}
		// 交办 told the lead unit's liaison and head, and the co-unit's.
		for login, want := range map[string][]string{"zjj_lly": {"case.assign"}, "zjj_fzr": {"case.assign"}, "czj_lly": {"case.assign_co"},
			"czj_fzr": {"case.assign_co"}, "office": nil} {
			if got := inbox(t, env, login, a.ID); !slices.Equal(got, want) {
				t.Errorf("after assigning, %s has %v, want %v", login, got, want)
			}
		}
		if _, err := svc.SignCase(ctx, as(t, env, "zjj_lly"), a.ID); err != nil {
			t.Fatal(err)
		}
		sweep := func(at string) {
			t.Helper()
			now := clk.set(t, at)
			ran, err := env.App.Jobs.RunDue(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range ran {
				if r.Error != "" {
					t.Fatalf("%s: %s", r.Key, r.Error)
				}
			}
		}
		sweep("2023-09-25 09:00")
		if got := kinds(t, env, b.ID); len(got) != 2 {
			t.Fatalf("B before its signing limit: %v", got)
		}
		// B had 8 working hours to sign: until 09-26 10:00.
		sweep("2023-09-26 10:00")
		sweep("2023-09-26 10:15")
		if got := kinds(t, env, b.ID); !slices.Equal(got, []domain.CaseEventKind{"create", "assign", "sign_remind"}) {
			t.Fatalf("B after its signing limit: %v", got)
		}
		// As long again: the office is told at 09-27 11:00.
		sweep("2023-09-27 09:00")
		if got := inbox(t, env, "office", b.ID); len(got) != 0 {
			t.Errorf("office told early: %v", got)
		}
		sweep("2023-09-27 11:00")
		if got := inbox(t, env, "office", b.ID); !slices.Equal(got, []string{"case.sign_overdue"}) {
			t.Errorf("office about B: %v", got)
		}
		if got := inbox(t, env, "dh_lly", b.ID); !slices.Equal(got, []string{"case.assign", "case.sign_remind"}) {
			t.Errorf("東湖 about B: %v", got)
		}
		// A: three working days left on 09-28, the holiday between.
		sweep("2023-09-27 16:45")
		if got := kinds(t, env, a.ID); !slices.Equal(got, []domain.CaseEventKind{"create", "assign", "sign"}) {
			t.Fatalf("A before its reminder: %v", got)
		}
		sweep("2023-09-28 09:00")
		sweep("2023-09-28 09:15")
		// Two more sweeps at the same moment, outside the schedule.
		now := clk.now()
		for range 2 {
			if _, err := svc.SweepEscalations(ctx, now, "test"); err != nil {
				t.Fatal(err)
			}
		}
		evs, _ := env.App.DB.Read().CaseEvents(ctx, a.ID)
		if len(evs) != 4 || evs[3].Kind != domain.EventRemind || evs[3].Actor != "system:escalation" || evs[3].ActorID != 0 ||
			evs[3].Text != "距办理时限（2023-10-09）还有 3 个工作日，请抓紧办理，按时反馈。" {
			t.Fatalf("A's reminder: %+v", evs[len(evs)-1])
		}
		sweep("2023-10-09 09:00") // urge
		sweep("2023-10-11 09:00") // two days over: nothing new
		sweep("2023-10-12 09:00") // notice for A; B's reminder (three days before 10-13)
		sweep("2023-10-23 09:00") // talk proposal for A; B urged and noticed at once
		sweep("2023-10-23 09:15")
		if got := kinds(t, env, a.ID); !slices.Equal(got, []domain.CaseEventKind{"create", "assign", "sign", "remind", "urge", "notice", "talk_proposal"}) {
			t.Errorf("A's timeline: %v", got)
		}
		if got := kinds(t, env, b.ID); !slices.Equal(got, []domain.CaseEventKind{"create", "assign", "sign_remind", "sign_overdue", "remind", "urge", "notice"}) {
			t.Errorf("B's timeline: %v", got)
		}
		// One notification per rung and person: the unit for every rung,
		// the office from the notice, the leader for the talk proposal.
		wantA := map[string][]string{
			"zjj_lly":     {"case.assign", "case.remind", "case.urge", "case.notice", "case.talk_proposal"},
			"zjj_fzr":     {"case.assign", "case.remind", "case.urge", "case.notice", "case.talk_proposal"},
			"office":      {"case.notice", "case.talk_proposal"},
			"leader_wang": {"case.talk_proposal"},
			"leader_li":   nil,
		}
		for login, want := range wantA {
			if got := inbox(t, env, login, a.ID); !slices.Equal(got, want) {
				t.Errorf("%s about A: %v, want %v", login, got, want)
			}
		}
		// B's urge and notice came at once: the unit hears of the notice.
		if got := inbox(t, env, "dh_lly", b.ID); !slices.Equal(got, []string{"case.assign", "case.sign_remind", "case.remind", "case.notice"}) {
			t.Errorf("東湖 about B: %v", got)
		}
		got, _ := env.App.DB.Read().Case(ctx, a.ID)
		if got.Escalation != domain.EscalationTalk {
			t.Errorf("A at rung %d", got.Escalation)
		}
		// Every step is in the audit log, as the system.
		audits, err := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Action: "case.escalate", Entity: "case", EntityID: strconv.FormatInt(a.ID, 10)})
		if err != nil || len(audits) != 4 || audits[0].Actor != "system:escalation" {
			t.Errorf("audit of A's rungs: %d entries %v", len(audits), err)
		}
		// The runs say what they did.
		runs, err := svc.EscalationRuns(ctx, office, true)
		if err != nil {
			t.Fatal(err)
		}
		total := map[string]int{}
		for _, r := range runs {
			total["remind"] += r.Reminds
			total["urge"] += r.Urges
			total["notice"] += r.Notices
			total["talk"] += r.Talks
			total["sign"] += r.SignReminds + r.SignOverdues
		}
		if total["remind"] != 2 || total["urge"] != 2 || total["notice"] != 2 || total["talk"] != 1 || total["sign"] != 2 {
			t.Errorf("runs recorded %v", total)
		}
		detail, err := svc.EscalationRun(ctx, office, runs[0].ID)
		if err != nil || len(detail.Items) == 0 || detail.Items[0].Number == "" {
			t.Errorf("latest run: %+v %v", detail, err)
		}
		if _, err := svc.EscalationRuns(ctx, as(t, env, "zjj_lly"), false); domain.ErrorKind(err) != domain.KindForbidden {
			t.Errorf("a liaison reads the sweep runs: %v", err)
		}
	})
}

// An approved extension restarts the ladder from the new deadline: the
// rungs are recorded and notified again, counted from it.
func TestEscalationAfterExtension(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2023-07-17 09:00")
		svc, f := env.App.Service, env.Fix
		office, lly := as(t, env, "office"), as(t, env, "zjj_lly")
		c, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "背街小巷整治", Source: domain.CaseSourceMeeting,
			LeadUnitID: f.Units["区住建局"], LimitDays: 5, Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SignCase(ctx, lly, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SweepEscalations(ctx, clk.set(t, "2023-07-24 09:00"), "test"); err != nil { // due 07-24: remind and urge
			t.Fatal(err)
		}
		if _, err := svc.RequestCaseExtension(ctx, lly, c.ID, service.ExtensionInput{Days: 5, Reason: "需要等待财政资金拨付"}); err != nil {
			t.Fatal(err)
		}
		d, err := svc.DecideCaseExtension(ctx, office, c.ID, d0(t, svc, office, c.ID), service.ExtensionDecision{Approve: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Deadline != domain.MustDate("2023-07-31") || d.Escalation != domain.EscalationNone {
			t.Fatalf("after the extension: due %s at rung %d", d.Deadline, d.Escalation)
		}
		// The unit was told of the decision; the office of the request.
		if got := inbox(t, env, "zjj_lly", c.ID); !slices.Equal(got, []string{"case.assign", "case.urge", "case.extension_approve"}) {
			t.Errorf("the unit's inbox: %v", got)
		}
		if got := inbox(t, env, "office", c.ID); !slices.Equal(got, []string{"case.extension_request"}) {
			t.Errorf("the office's inbox: %v", got)
		}
		if _, err := svc.SweepEscalations(ctx, clk.set(t, "2023-07-31 09:00"), "test"); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, env, c.ID); !slices.Equal(got, []domain.CaseEventKind{"create", "assign", "sign", "remind", "urge",
			"extension_request", "extension_approve", "remind", "urge"}) {
			t.Errorf("timeline: %v", got)
		}
		if got := inbox(t, env, "zjj_lly", c.ID); !slices.Equal(got, []string{"case.assign", "case.urge", "case.extension_approve", "case.urge"}) {
			t.Errorf("the unit's inbox after the new deadline: %v", got)
		}
	})
}

// d0 returns the ID of a case's extension request waiting.
func d0(t *testing.T, svc *service.Service, p *service.Principal, id domain.ID) domain.ID {
	t.Helper()
	d, err := svc.Case(context.Background(), p, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Extensions {
		if e.State == domain.ExtensionPending {
			return e.ID
		}
	}
	t.Fatal("no request waiting")
	return 0
}

// Each step of the workflow tells whoever acts next, once per step.
func TestCaseStepNotifications(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		clk.set(t, "2023-07-17 09:00")
		svc, f := env.App.Service, env.Fix
		office, lly, co := as(t, env, "office"), as(t, env, "zjj_lly"), as(t, env, "czj_lly")
		c, err := svc.CreateCase(ctx, office, service.CaseInput{Title: "加装电梯", Source: domain.CaseSourceInstruction, LeaderID: f.People["王建新"],
			LeadUnitID: f.Units["区住建局"], CoUnitIDs: []domain.ID{f.Units["区财政局"]}, LimitDays: 10, Assign: true})
		if err != nil {
			t.Fatal(err)
		}
		steps := []func() (*service.CaseDetail, error){
			func() (*service.CaseDetail, error) { return svc.SignCase(ctx, lly, c.ID) },
			func() (*service.CaseDetail, error) {
				return svc.GiveCasePart(ctx, co, c.ID, service.CaseTextInput{Text: "资金已落实"})
			},
			func() (*service.CaseDetail, error) {
				return svc.CaseFeedback(ctx, lly, c.ID, service.CaseTextInput{Text: "已完成"})
			},
			func() (*service.CaseDetail, error) {
				return svc.ReturnCase(ctx, office, c.ID, service.CaseTextInput{Text: "缺少验收材料"})
			},
			func() (*service.CaseDetail, error) {
				return svc.CaseFeedback(ctx, lly, c.ID, service.CaseTextInput{Text: "已补充验收材料"})
			},
			func() (*service.CaseDetail, error) { return svc.CloseCase(ctx, office, c.ID, service.CaseTextInput{}) },
			func() (*service.CaseDetail, error) {
				return svc.RateCase(ctx, as(t, env, "leader_wang"), c.ID, service.RatingInput{Rating: domain.RatingSatisfied})
			},
		}
		for i, step := range steps {
			if _, err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		for login, want := range map[string][]string{
			"zjj_lly":     {"case.assign", "case.return", "case.close"},
			"zjj_fzr":     {"case.assign", "case.return", "case.close"},
			"czj_lly":     {"case.assign_co"},
			"office":      {"case.part", "case.feedback", "case.feedback", "case.rate"},
			"leader_wang": nil,
		} {
			if got := inbox(t, env, login, c.ID); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", login, got, want)
			}
		}
		ns, _ := svc.Inbox(ctx, as(t, env, "zjj_fzr"), store.NotificationFilter{Limit: 1})
		if len(ns.Items) != 1 || ns.Items[0].Subject != "【办结】"+c.Number+" 加装电梯" {
			t.Errorf("the head's latest: %+v", ns.Items)
		}
	})
}

// A unit's standing on the ladder.
func TestUnitEscalation(t *testing.T) {
	clk := &clock{}
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		c := overdueCase(t, env, clk)
		svc, f := env.App.Service, env.Fix
		u, err := svc.UnitEscalation(ctx, as(t, env, "zjj_fzr"), f.Units["区住建局"])
		if err != nil {
			t.Fatal(err)
		}
		if u.Open != 1 || u.Rungs["talk_proposal"] != 1 || len(u.Recent) != 4 || u.Recent[0].Kind != domain.EventTalkProposal || u.Recent[0].Number != c.Number {
			t.Errorf("unit escalation: %+v", u)
		}
		if _, err := svc.UnitEscalation(ctx, as(t, env, "dh_lly"), f.Units["区住建局"]); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("another unit reads it: %v", err)
		}
	})
}
