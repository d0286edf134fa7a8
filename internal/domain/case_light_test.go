package domain

import "testing"

// assignedCase was assigned on Monday 2023-07-17 at 10:00 with ten working
// days: due 2023-07-31, to be signed by 2023-07-18 11:00.
func assignedCase() Case {
	c := newCase()
	if _, err := c.Assign(office, at("2023-07-17 10:00"), testCal{}, DefaultCaseSettings()); err != nil {
		panic(err)
	}
	return *c
}

func TestCaseLight(t *testing.T) {
	st := DefaultCaseSettings()
	noBlue := st
	noBlue.BlueDays = 0
	working := func(progress float64) func(*Case) {
		return func(c *Case) {
			c.State, c.SignedAt, c.SignedByID, c.Progress = CaseWorking, at("2023-07-17 15:00"), 2, progress
		}
	}
	cases := []struct {
		name     string
		edit     func(*Case)
		now      string
		st       CaseSettings
		light    CaseLight
		reason   LightReason
		daysLeft int
	}{
		{"just assigned", nil, "2023-07-17 12:00", st, LightNone, "", 10},
		{"not signed in time", nil, "2023-07-18 11:01", st, LightYellow, ReasonSignOverdue, 9},
		{"not signed, a day gone, nothing reported", nil, "2023-07-18 10:00", st, LightYellow, ReasonBehind, 9},
		{"ahead of time", working(50), "2023-07-21 09:00", st, LightNone, "", 6},
		{"behind time: 30 < 40", working(30), "2023-07-21 09:00", st, LightYellow, ReasonBehind, 6},
		{"due within three working days", working(80), "2023-07-26 09:00", st, LightBlue, ReasonDueSoon, 3},
		{"exactly on pace is not behind", working(70), "2023-07-26 09:00", st, LightBlue, ReasonDueSoon, 3},
		{"just below pace", working(69.9), "2023-07-26 09:00", st, LightYellow, ReasonBehind, 3},
		{"blue window off", working(80), "2023-07-26 09:00", noBlue, LightNone, "", 3},
		{"deadline day, all done", working(100), "2023-07-31 17:00", st, LightBlue, ReasonDueSoon, 0},
		{"a day late", working(100), "2023-08-01 08:00", st, LightRed, ReasonOverdue, -1},
		{"late over a weekend", working(100), "2023-08-05 10:00", st, LightRed, ReasonOverdue, -4},
		{"returned for poor quality", func(c *Case) { working(100)(c); c.Returned = true }, "2023-07-20 09:00", st, LightYellow, ReasonReturned, 7},
		{"returned and overdue", func(c *Case) { working(100)(c); c.Returned = true }, "2023-08-02 09:00", st, LightRed, ReasonOverdue, -2},
		{"reported on time, waiting for review", func(c *Case) { c.State, c.ReportedAt = CaseReported, at("2023-07-28 10:00") },
			"2023-08-10 09:00", st, LightNone, "", 0},
		{"reported late", func(c *Case) { c.State, c.ReportedAt = CaseReported, at("2023-08-01 09:00") }, "2023-08-02 09:00", st, LightRed, ReasonOverdue, 0},
		{"closed on time", func(c *Case) { c.State, c.ReportedAt = CaseClosed, at("2023-07-31 17:00") }, "2023-09-01 09:00", st, LightClosedOnTime, "", 0},
		{"closed late", func(c *Case) { c.State, c.ReportedAt = CaseClosed, at("2023-08-01 09:00") }, "2023-09-01 09:00", st, LightClosedLate, "", 0},
		{"closed late, stored in UTC", func(c *Case) { c.State, c.ReportedAt = CaseClosed, at("2023-08-01 07:00").UTC() }, "2023-09-01 09:00", st, LightClosedLate, "", 0},
		{"a draft", func(c *Case) { *c = *newCase() }, "2023-09-01 09:00", st, LightNone, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := assignedCase()
			if tc.edit != nil {
				tc.edit(&c)
			}
			sig := c.Signal(at(tc.now), testCal{}, tc.st)
			if sig.Light != tc.light || sig.Reason != tc.reason || sig.DaysLeft != tc.daysLeft {
				t.Errorf("light %s (%s, %d days left), want %s (%s, %d)", sig.Light, sig.Reason, sig.DaysLeft, tc.light, tc.reason, tc.daysLeft)
			}
			if sig.Overdue != (tc.reason == ReasonOverdue) {
				t.Errorf("overdue = %v", sig.Overdue)
			}
		})
	}
	c := assignedCase()
	c.State, c.Progress = CaseWorking, 50
	if sig := c.Signal(at("2023-07-21 09:00"), testCal{}, st); sig.Elapsed != 40 {
		t.Errorf("elapsed %v%%, want 40%%", sig.Elapsed)
	}
}

// The deadline falls after the National Day holiday: the days off neither
// count as elapsed nor as days left, the adjusted working weekend does.
func TestCaseLightAcrossHolidays(t *testing.T) {
	c := newCase()
	if _, err := c.Assign(office, at("2023-09-27 09:00"), testCal{}, DefaultCaseSettings()); err != nil {
		t.Fatal(err)
	}
	if c.Deadline != MustDate("2023-10-17") {
		t.Fatalf("deadline %s", c.Deadline)
	}
	c.State, c.Progress = CaseWorking, 20
	sig := c.Signal(at("2023-10-04 09:00"), testCal{}, DefaultCaseSettings())
	// Elapsed: 9-28 only (1 of 10); left: 10-07, 10-08, 10-09 … 10-17 (9).
	if sig.Light != LightNone || sig.Elapsed != 10 || sig.DaysLeft != 9 {
		t.Errorf("during the holiday: %+v", sig)
	}
}

func TestEscalationDue(t *testing.T) {
	st := DefaultCaseSettings()
	quiet := st
	quiet.RemindDays, quiet.UrgeAtDeadline = 0, false
	cases := []struct {
		name  string
		today string
		st    CaseSettings
		edit  func(*Case)
		want  Escalation
	}{
		{"four days left", "2023-07-25", st, nil, EscalationNone},
		{"three days left: remind", "2023-07-26", st, nil, EscalationRemind},
		{"deadline: urge", "2023-07-31", st, nil, EscalationUrge},
		{"two days over: still urge", "2023-08-02", st, nil, EscalationUrge},
		{"three days over: notice", "2023-08-03", st, nil, EscalationNotice},
		{"ten days over: talk", "2023-08-14", st, nil, EscalationTalk},
		{"already urged", "2023-07-31", st, func(c *Case) { c.Escalation = EscalationUrge }, EscalationNone},
		{"noticed, now talk", "2023-08-14", st, func(c *Case) { c.Escalation = EscalationNotice }, EscalationTalk},
		{"reported back", "2023-08-14", st, func(c *Case) { c.State = CaseReported }, EscalationNone},
		{"closed", "2023-08-14", st, func(c *Case) { c.State = CaseClosed }, EscalationNone},
		{"working counts too", "2023-07-26", st, func(c *Case) { c.State = CaseWorking }, EscalationRemind},
		{"no reminder, no urge", "2023-07-31", quiet, nil, EscalationNone},
		{"no reminder, no urge, notice", "2023-08-03", quiet, nil, EscalationNotice},
	}
	for _, tc := range cases {
		c := assignedCase()
		if tc.edit != nil {
			tc.edit(&c)
		}
		got := c.EscalationDue(MustDate(tc.today), testCal{}, tc.st)
		if got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	if EscalationOf(EventNotice) != EscalationNotice || EscalationOf(EventSign) != EscalationNone {
		t.Error("EscalationOf")
	}
	if EscalationTalk.Event() != EventTalkProposal || EscalationRemind.Event() != EventRemind || EscalationNone.Event() != "" {
		t.Error("escalation events")
	}
}

func TestWorkdaysToClose(t *testing.T) {
	c := assignedCase()
	if c.WorkdaysToClose(testCal{}, cst) != 0 {
		t.Error("an open case has days to close")
	}
	c.State, c.ClosedAt = CaseClosed, at("2023-07-26 16:00").UTC()
	if got := c.WorkdaysToClose(testCal{}, cst); got != 7 {
		t.Errorf("assigned 07-17, closed 07-26: %d working days, want 7", got)
	}
}

func TestEscalate(t *testing.T) {
	c := assignedCase()
	if _, err := c.Escalate(office, at("2023-07-26 09:00"), EscalationNone, ""); refusalCode(err) != "invalid" {
		t.Errorf("level none: %v", err)
	}
	ev, err := c.Escalate(office, at("2023-07-26 09:00"), EscalationRemind, "请按期办结")
	if err != nil || c.Escalation != EscalationRemind || ev.Kind != EventRemind || ev.Text != "请按期办结" {
		t.Fatalf("remind: %v %+v", err, ev)
	}
	_, err = c.Escalate(office, at("2023-07-27 09:00"), EscalationRemind, "")
	if r, ok := err.(*CaseRefusal); !ok || r.Code != "escalation_reached" || r.Args[0] != EventRemind || r.Args[1] != EventRemind {
		t.Errorf("remind twice: %v", err)
	}
	if _, err := c.Escalate(office, at("2023-08-14 09:00"), EscalationTalk, ""); err != nil || c.Escalation != EscalationTalk {
		t.Errorf("skipping to talk: %v", err)
	}
	c.State = CaseReported
	if _, err := c.Escalate(office, at("2023-08-15 09:00"), EscalationTalk, ""); refusalCode(err) != "wrong_state" {
		t.Errorf("a reported case escalates: %v", err)
	}
}
