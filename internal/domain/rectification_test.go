package domain

import "testing"

func TestNextRectState(t *testing.T) {
	cases := []struct {
		from RectState
		a    RectAction
		to   RectState
		ok   bool
	}{
		{RectIssued, RectMeasures, RectInProgress, true},
		{RectIssued, RectProgress, RectInProgress, true},
		{RectIssued, RectEvidence, RectInProgress, true},
		{RectInProgress, RectMeasures, RectInProgress, true},
		{RectIssued, RectApply, RectIssued, false},
		{RectInProgress, RectApply, RectApplied, true},
		{RectApplied, RectApply, RectApplied, false},
		{RectApplied, RectProgress, RectApplied, false},
		{RectApplied, RectEvidence, RectApplied, false},
		{RectApplied, RectVerifyPass, RectVerified, true},
		{RectApplied, RectVerifyFail, RectInProgress, true},
		{RectInProgress, RectVerifyPass, RectInProgress, false},
		{RectVerified, RectVerifyFail, RectVerified, false},
		// 销号 only after verification.
		{RectIssued, RectClose, RectIssued, false},
		{RectInProgress, RectClose, RectInProgress, false},
		{RectApplied, RectClose, RectApplied, false},
		{RectVerified, RectClose, RectClosed, true},
		{RectClosed, RectClose, RectClosed, false},
		{RectVerified, RectScheduleRecheck, RectVerified, false},
		{RectClosed, RectScheduleRecheck, RectClosed, true},
		{RectClosed, RectRecheckPass, RectConfirmed, true},
		{RectClosed, RectRecheckFail, RectInProgress, true},
		{RectConfirmed, RectRecheckFail, RectConfirmed, false},
		{RectConfirmed, RectMeasures, RectConfirmed, false},
		{RectClosed, RectProgress, RectClosed, false},
		{RectIssued, RectIssue, RectIssued, false},
		{RectIssued, RectAction("nonsense"), RectIssued, false},
	}
	for _, c := range cases {
		to, ok := NextRectState(c.from, c.a)
		if to != c.to || ok != c.ok {
			t.Errorf("%s --%s--> %s, %v; want %s, %v", c.from, c.a, to, ok, c.to, c.ok)
		}
	}
	// Every action but issuing has a rule, and exactly the unit's four
	// actions are the unit's.
	units := 0
	for _, a := range RectActions {
		if _, ok := rectFlow[a]; !ok && a != RectIssue {
			t.Errorf("no rule for %s", a)
		}
		if a.ByUnit() {
			units++
		}
	}
	if units != 4 {
		t.Errorf("%d unit actions", units)
	}
}

func TestRectificationOverdue(t *testing.T) {
	d := MustDate
	deadline := d("2023-07-31")
	cases := []struct {
		name    string
		r       Rectification
		today   string
		overdue bool
	}{
		{"before the deadline", Rectification{State: RectInProgress, Deadline: deadline}, "2023-07-30", false},
		{"on the deadline", Rectification{State: RectInProgress, Deadline: deadline}, "2023-07-31", false},
		{"the day after", Rectification{State: RectInProgress, Deadline: deadline}, "2023-08-01", true},
		{"issued and untouched", Rectification{State: RectIssued, Deadline: deadline}, "2023-08-01", true},
		{"applied in time, waiting for the office", Rectification{State: RectApplied, Deadline: deadline, AppliedOn: d("2023-07-31")}, "2023-08-10", false},
		{"verified in time, waiting to be closed", Rectification{State: RectVerified, Deadline: deadline, AppliedOn: d("2023-07-20")}, "2023-08-10", false},
		{"applied late", Rectification{State: RectApplied, Deadline: deadline, AppliedOn: d("2023-08-02")}, "2023-08-10", true},
		{"failed verification after applying in time", Rectification{State: RectInProgress, Deadline: deadline, AppliedOn: d("2023-07-20")}, "2023-08-10", true},
		{"closed late is not overdue", Rectification{State: RectClosed, Deadline: deadline}, "2023-08-10", false},
		{"confirmed", Rectification{State: RectConfirmed, Deadline: deadline}, "2023-09-10", false},
		{"no deadline", Rectification{State: RectInProgress}, "2023-09-10", false},
	}
	for _, c := range cases {
		if got := c.r.Overdue(d(c.today)); got != c.overdue {
			t.Errorf("%s: overdue = %v", c.name, got)
		}
	}
}

func TestInspectionStateRules(t *testing.T) {
	cases := []struct {
		s                      InspectionState
		edit, findings, issues bool
	}{
		{InspectionPlanned, true, false, false},
		{InspectionUnderWay, true, true, true},
		{InspectionConcluded, false, false, true},
	}
	for _, c := range cases {
		if c.s.CanEdit() != c.edit || c.s.CanRecordFindings() != c.findings || c.s.CanIssue() != c.issues || !c.s.Valid() {
			t.Errorf("%s: edit %v findings %v issue %v", c.s, c.s.CanEdit(), c.s.CanRecordFindings(), c.s.CanIssue())
		}
	}
	if InspectionState("done").Valid() || InspectionKind("secret").Valid() || !InspectionVisit.Valid() || RectState("open").Valid() {
		t.Error("Valid accepts unknown values")
	}
}
