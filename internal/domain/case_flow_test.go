package domain

import (
	"testing"
	"time"
)

var (
	office  = CaseActor{ID: 1, Name: "吴督查"}
	liaison = CaseActor{ID: 2, Name: "张联络", UnitID: 10}
	head    = CaseActor{ID: 3, Name: "赵局长", UnitID: 10}
	coUnit  = CaseActor{ID: 4, Name: "钱联络", UnitID: 20}
	raiser  = CaseActor{ID: 5, Name: "王建新"}
)

func newCase() *Case {
	return &Case{ID: 7, Number: "督〔2023〕1号", Title: "老旧小区加装电梯", Source: CaseSourceInstruction, Urgency: UrgencyUrgent,
		LeadUnitID: 10, CoUnitIDs: []ID{20}, TimeLimit: TimeLimit{Days: 10}, State: CaseDraft, Round: 1, RaisedByID: 5, RaisedBy: "王建新"}
}

func TestCheckTimeLimit(t *testing.T) {
	today := MustDate("2023-09-20")
	cases := []struct {
		name  string
		tl    TimeLimit
		code  string
		field string
	}{
		{"ten working days", TimeLimit{Days: 10}, "", ""},
		{"a working day", TimeLimit{Date: MustDate("2023-09-28")}, "", ""},
		{"today", TimeLimit{Date: today}, "", ""},
		{"an adjusted working saturday (调休)", TimeLimit{Date: MustDate("2023-10-07")}, "", ""},
		{"national day", TimeLimit{Date: MustDate("2023-10-02")}, "deadline_holiday", "limit_date"},
		{"mid-autumn friday", TimeLimit{Date: MustDate("2023-09-29")}, "deadline_holiday", "limit_date"},
		{"an ordinary sunday", TimeLimit{Date: MustDate("2023-09-24")}, "deadline_holiday", "limit_date"},
		{"yesterday", TimeLimit{Date: MustDate("2023-09-19")}, "deadline_past", "limit_date"},
		{"both", TimeLimit{Days: 5, Date: MustDate("2023-09-28")}, "limit_both", "limit_days"},
		{"neither", TimeLimit{}, "limit_missing", "limit_days"},
		{"too many days", TimeLimit{Days: 366}, "limit_days_range", "limit_days"},
		{"negative days", TimeLimit{Days: -3}, "limit_days_range", "limit_days"},
	}
	for _, c := range cases {
		err := CheckTimeLimit(testCal{}, c.tl, today)
		if refusalCode(err) != c.code {
			t.Errorf("%s: %v, want %q", c.name, err, c.code)
			continue
		}
		if err != nil {
			if r := err.(*CaseRefusal); r.Field != c.field || r.Kind != KindInvalid {
				t.Errorf("%s: refusal %+v", c.name, r)
			}
		}
	}
}

// The whole workflow: assign, sign once, progress, co-unit part before
// feedback, return, feedback again, close, extension, ratings and reopening.
func TestCaseWorkflow(t *testing.T) {
	st := DefaultCaseSettings()
	cal := testCal{}
	c := newCase()
	mustCode := func(err error, code string) {
		t.Helper()
		if got := refusalCode(err); got != code {
			t.Fatalf("refusal %q, want %q", got, code)
		}
	}

	_, err := c.Sign(liaison, at("2023-07-17 09:00"))
	mustCode(err, "wrong_state")
	if r := err.(*CaseRefusal); r.Args[0] != CaseDraft || r.Args[1] != EventSign || r.Kind != KindConflict {
		t.Fatalf("wrong state refusal %+v", r)
	}

	ev, err := c.Assign(office, at("2023-07-17 10:00"), cal, st)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != CaseAssigned || c.Deadline != MustDate("2023-07-31") || c.OriginalDeadline != c.Deadline || c.WindowStart != MustDate("2023-07-17") {
		t.Fatalf("after assign: %+v", c)
	}
	if !c.SignDue.Equal(at("2023-07-18 11:00")) {
		t.Errorf("sign due %s, want 8 working hours later: 2023-07-18 11:00", c.SignDue)
	}
	if ev.Kind != EventAssign || ev.FromState != CaseDraft || ev.ToState != CaseAssigned || ev.ToDate != c.Deadline || ev.Actor != "吴督查" {
		t.Errorf("assign event %+v", ev)
	}
	_, err = c.Assign(office, at("2023-07-17 10:00"), cal, st)
	mustCode(err, "wrong_state")

	_, err = c.ReportProgress(liaison, at("2023-07-17 11:00"), 10, "x")
	mustCode(err, "wrong_state")

	ev, err = c.Sign(liaison, at("2023-07-18 11:30"))
	if err != nil || c.State != CaseWorking || c.SignedBy != "张联络" || c.SignedByID != 2 || ev.UnitID != 10 {
		t.Fatalf("sign: %v %+v", err, c)
	}
	if !c.SignedLate() {
		t.Error("signed after the limit but not late")
	}
	_, err = c.Sign(head, at("2023-07-18 11:05"))
	mustCode(err, "already_signed")
	if r := err.(*CaseRefusal); r.Args[0] != "张联络" || !r.Args[1].(time.Time).Equal(at("2023-07-18 11:30")) {
		t.Errorf("second signature names %v", r.Args)
	}

	_, err = c.ReportProgress(liaison, at("2023-07-19 09:00"), 120, "过半")
	mustCode(err, "progress_range")
	_, err = c.ReportProgress(liaison, at("2023-07-19 09:00"), 40, "  ")
	mustCode(err, "required")
	ev, err = c.ReportProgress(liaison, at("2023-07-19 09:00"), 40.04, "完成入户调查")
	if err != nil || c.Progress != 40 || ev.Progress != 40 || ev.Text != "完成入户调查" {
		t.Fatalf("progress: %v %+v", err, ev)
	}

	_, err = c.Feedback(liaison, at("2023-07-20 09:00"), "已完成", nil)
	mustCode(err, "parts_missing")
	if r := refusalArgs(err); len(r) != 1 || len(r[0].(UnitList)) != 1 || r[0].(UnitList)[0] != 20 {
		t.Errorf("missing parts name %v", r)
	}
	_, _, err = c.GivePart(liaison, at("2023-07-20 09:00"), "配合")
	mustCode(err, "not_co_unit")
	_, part, err := c.GivePart(coUnit, at("2023-07-20 10:00"), "已拨付资金")
	if err != nil || part.UnitID != 20 || part.Round != 1 {
		t.Fatalf("part: %v %+v", err, part)
	}
	ev, err = c.Feedback(liaison, at("2023-07-20 11:00"), "已完成加装", []ID{part.UnitID})
	if err != nil || c.State != CaseReported || c.Progress != 100 || ev.ToState != CaseReported {
		t.Fatalf("feedback: %v %+v", err, c)
	}

	_, err = c.Return(office, at("2023-07-21 09:00"), "")
	mustCode(err, "required")
	if _, err = c.Return(office, at("2023-07-21 09:00"), "佐证材料不全"); err != nil || c.State != CaseWorking || !c.Returned || c.ReturnCount != 1 {
		t.Fatalf("return: %v %+v", err, c)
	}
	if _, err = c.Feedback(liaison, at("2023-07-24 09:00"), "补充了验收报告", []ID{20}); err != nil || c.Returned {
		t.Fatalf("second feedback: %v %+v", err, c)
	}
	if _, err = c.Close(office, at("2023-07-25 09:00"), "同意办结"); err != nil || c.State != CaseClosed {
		t.Fatalf("close: %v", err)
	}
	_, _, err = c.RequestExtension(liaison, at("2023-07-25 10:00"), cal, MustDate("2023-08-10"), "材料", false)
	mustCode(err, "wrong_state")

	// A fair rating keeps it closed; it cannot be rated twice in a round.
	c2 := *c
	evs, err := c2.Rate(raiser, at("2023-07-26 09:00"), cal, st, RatingFair, "")
	if err != nil || len(evs) != 1 || c2.State != CaseClosed || c2.Rating != RatingFair {
		t.Fatalf("fair rating: %v %+v", err, c2)
	}
	_, err = c2.Rate(raiser, at("2023-07-26 09:30"), cal, st, RatingDissatisfied, "还是不行")
	mustCode(err, "already_rated")

	// 不满意 reopens once, with a new window and deadline, and a new round.
	_, err = c.Rate(raiser, at("2023-07-26 09:00"), cal, st, RatingDissatisfied, "")
	mustCode(err, "required")
	_, err = c.Rate(raiser, at("2023-07-26 09:00"), cal, st, "great", "")
	mustCode(err, "invalid")
	evs, err = c.Rate(raiser, at("2023-07-26 09:00"), cal, st, RatingDissatisfied, "电梯运行噪音大")
	if err != nil || len(evs) != 2 || evs[0].Kind != EventRate || evs[0].Rating != RatingDissatisfied || evs[1].Kind != EventReopen {
		t.Fatalf("dissatisfied: %v %+v", err, evs)
	}
	if c.State != CaseWorking || c.Round != 2 || c.ReopenCount != 1 || c.Deadline != MustDate("2023-08-09") || c.WindowStart != MustDate("2023-07-26") ||
		c.Progress != 0 || c.Rating != "" || !c.ClosedAt.IsZero() || evs[1].FromDate != MustDate("2023-07-31") || evs[1].ToDate != c.Deadline {
		t.Fatalf("after reopening: %+v %+v", c, evs[1])
	}
	_, err = c.Feedback(liaison, at("2023-07-27 09:00"), "整改噪音", []ID{})
	mustCode(err, "parts_missing")

	// Extensions: one waiting at a time, later than the deadline, on a working day.
	_, _, err = c.RequestExtension(liaison, at("2023-07-27 09:00"), cal, MustDate("2023-08-12"), "等待厂家", false)
	mustCode(err, "deadline_holiday")
	_, _, err = c.RequestExtension(liaison, at("2023-07-27 09:00"), cal, MustDate("2023-08-08"), "等待厂家", false)
	mustCode(err, "extension_not_later")
	_, _, err = c.RequestExtension(liaison, at("2023-07-27 09:00"), cal, MustDate("2023-08-18"), "", false)
	mustCode(err, "required")
	ev, ext, err := c.RequestExtension(liaison, at("2023-07-27 09:00"), cal, MustDate("2023-08-18"), "等待厂家更换部件", false)
	if err != nil || ext.State != ExtensionPending || ext.FromDate != MustDate("2023-08-09") || ev.ToDate != MustDate("2023-08-18") {
		t.Fatalf("request: %v %+v", err, ext)
	}
	_, _, err = c.RequestExtension(liaison, at("2023-07-27 09:10"), cal, MustDate("2023-08-21"), "再延", true)
	mustCode(err, "extension_pending")
	refused := ext
	_, err = c.DecideExtension(office, at("2023-07-27 10:00"), &refused, false, "")
	mustCode(err, "required")
	c.Escalation = EscalationRemind
	ev, err = c.DecideExtension(office, at("2023-07-27 10:00"), &ext, true, "")
	if err != nil || ext.State != ExtensionApproved || c.Deadline != MustDate("2023-08-18") || c.Escalation != EscalationNone ||
		ev.FromDate != MustDate("2023-08-09") || ev.ToDate != MustDate("2023-08-18") || ext.DecidedBy != "吴督查" {
		t.Fatalf("approve: %v %+v %+v", err, ext, c)
	}
	_, err = c.DecideExtension(office, at("2023-07-27 10:05"), &ext, false, "不同意")
	mustCode(err, "extension_decided")

	// The second 不满意 is recorded but does not reopen.
	c.GivePart(coUnit, at("2023-07-28 09:00"), "配合整改")
	if _, err := c.Feedback(liaison, at("2023-07-28 10:00"), "更换电机", []ID{20}); err != nil {
		t.Fatal(err)
	}
	c.Close(office, at("2023-07-28 11:00"), "")
	evs, err = c.Rate(raiser, at("2023-07-28 15:00"), cal, st, RatingDissatisfied, "仍有噪音")
	if err != nil || len(evs) != 1 || c.State != CaseClosed || c.Rating != RatingDissatisfied || c.ReopenCount != 1 {
		t.Fatalf("second dissatisfied: %v %+v", err, c)
	}
}

func refusalArgs(err error) []any {
	if r, ok := err.(*CaseRefusal); ok {
		return r.Args
	}
	return nil
}

func TestAssignRefusesAPastDate(t *testing.T) {
	c := newCase()
	c.TimeLimit = TimeLimit{Date: MustDate("2023-07-14")}
	if _, err := c.Assign(office, at("2023-07-17 09:00"), testCal{}, DefaultCaseSettings()); refusalCode(err) != "deadline_past" || c.State != CaseDraft {
		t.Fatalf("assign past the fixed date: %v, state %s", err, c.State)
	}
	c.TimeLimit = TimeLimit{Date: MustDate("2023-10-07")}
	if _, err := c.Assign(office, at("2023-09-25 09:00"), testCal{}, DefaultCaseSettings()); err != nil || c.Deadline != MustDate("2023-10-07") {
		t.Fatalf("assign to an adjusted working saturday: %v", err)
	}
}

func TestExtensionLapses(t *testing.T) {
	ext := CaseExtension{State: ExtensionPending}
	ext.Lapse(at("2023-07-20 09:00"))
	if ext.State != ExtensionLapsed || ext.DecidedAt.IsZero() {
		t.Fatalf("%+v", ext)
	}
	done := CaseExtension{State: ExtensionApproved}
	done.Lapse(at("2023-07-20 09:00"))
	if done.State != ExtensionApproved {
		t.Fatal("a decided request lapsed")
	}
}
