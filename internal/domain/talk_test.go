package domain

import (
	"strings"
	"testing"
)

func TestTalkRules(t *testing.T) {
	today := MustDate("2023-10-16")
	rec := TalkRecord{HeldOn: today, TalkerID: 1, TalkeeID: 2, Commitments: "两周内完成整改"}
	cases := []struct {
		name  string
		talk  Talk
		rec   *TalkRecord
		code  string
		field string
		state TalkState
	}{
		{"planned", Talk{UnitID: 10, Reasons: "督办件逾期10个工作日"}, nil, "", "", TalkPlanned},
		{"planned for a day", Talk{UnitID: 10, Reasons: "逾期", PlannedOn: today + 2}, nil, "", "", TalkPlanned},
		{"recorded at once", Talk{UnitID: 10, Reasons: "逾期"}, &rec, "", "", TalkHeld},
		{"no unit", Talk{Reasons: "逾期"}, nil, "required", "unit_id", ""},
		{"no reasons", Talk{UnitID: 10, Reasons: "  "}, nil, "required", "reasons", ""},
		{"reasons too long", Talk{UnitID: 10, Reasons: strings.Repeat("逾", 4001)}, nil, "too_long", "reasons", ""},
		{"planned in the past", Talk{UnitID: 10, Reasons: "逾期", PlannedOn: today - 1}, nil, "date_past", "planned_on", ""},
		{"held tomorrow", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{HeldOn: today + 1, Talker: "王建新", Talkee: "赵局长", Commitments: "x"}, "date_future", "held_on", ""},
		{"held, no day", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{Talker: "王建新", Talkee: "赵局长", Commitments: "x"}, "required", "held_on", ""},
		{"held, no talker", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{HeldOn: today, Talkee: "赵局长", Commitments: "x"}, "required", "talker", ""},
		{"held, no one talked to", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{HeldOn: today, Talker: "王建新", Commitments: "x"}, "required", "talkee", ""},
		{"held, no commitments", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{HeldOn: today, Talker: "王建新", Talkee: "赵局长"}, "required", "commitments", ""},
		{"a name too long", Talk{UnitID: 10, Reasons: "逾期"}, &TalkRecord{HeldOn: today, Talker: strings.Repeat("王", 61), Talkee: "赵局长", Commitments: "x"}, "too_long", "talker", ""},
	}
	for _, tc := range cases {
		tk := tc.talk
		err := tk.CheckNew(today, tc.rec)
		if refusalCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if err != nil {
			if r := err.(*CaseRefusal); r.Field != tc.field {
				t.Errorf("%s: field %q, want %q", tc.name, r.Field, tc.field)
			}
			continue
		}
		if tk.State != tc.state {
			t.Errorf("%s: state %s", tc.name, tk.State)
		}
	}
	tk := Talk{UnitID: 10, Reasons: "逾期"}
	if err := tk.CheckNew(today, nil); err != nil {
		t.Fatal(err)
	}
	if err := tk.Cancel(""); refusalCode(err) != "required" {
		t.Errorf("cancel without a reason: %v", err)
	}
	if err := tk.Record(rec, today); err != nil || tk.State != TalkHeld || tk.Commitments != "两周内完成整改" || tk.TalkerID != 1 {
		t.Fatalf("record: %v %+v", err, tk)
	}
	if err := tk.Record(rec, today); refusalCode(err) != "talk_state" {
		t.Errorf("recorded twice: %v", err)
	}
	if err := tk.Cancel("领导出差"); refusalCode(err) != "talk_state" {
		t.Errorf("a held talk cancelled: %v", err)
	}
}

func TestAccountabilityRules(t *testing.T) {
	today := MustDate("2023-10-16")
	measures := DefaultMeasures()
	ok := Accountability{Decision: "给予诫勉谈话处理", Person: "赵局长", UnitID: 10, Measure: "诫勉谈话", Date: today}
	cases := []struct {
		name  string
		edit  func(*Accountability)
		other string
		code  string
		field string
	}{
		{"a listed measure", nil, "", "", ""},
		{"a person of the org", func(a *Accountability) { a.Person, a.PersonID = "", 3 }, "", "", ""},
		{"another measure typed in", func(a *Accountability) { a.Measure = MeasureOther }, "调离岗位", "", ""},
		{"other, nothing typed", func(a *Accountability) { a.Measure = MeasureOther }, " ", "measure_other", "measure_other"},
		{"an unknown measure", func(a *Accountability) { a.Measure = "罚款" }, "", "measure_unknown", "measure"},
		{"no measure", func(a *Accountability) { a.Measure = "" }, "", "required", "measure"},
		{"no decision", func(a *Accountability) { a.Decision = "" }, "", "required", "decision"},
		{"no person", func(a *Accountability) { a.Person = "" }, "", "required", "person"},
		{"no unit", func(a *Accountability) { a.UnitID = 0 }, "", "required", "unit_id"},
		{"no date", func(a *Accountability) { a.Date = 0 }, "", "required", "date"},
		{"a date to come", func(a *Accountability) { a.Date = today + 1 }, "", "date_future", "date"},
	}
	for _, tc := range cases {
		a := ok
		if tc.edit != nil {
			tc.edit(&a)
		}
		err := a.Check(today, measures, tc.other)
		if refusalCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if err != nil && err.(*CaseRefusal).Field != tc.field {
			t.Errorf("%s: field %q", tc.name, err.(*CaseRefusal).Field)
		}
		if tc.other != "" && err == nil && a.Measure != "调离岗位" {
			t.Errorf("%s: measure %q", tc.name, a.Measure)
		}
	}
	if got, err := CheckMeasures([]string{" 诫勉谈话", "", "通报批评 "}); err != nil || len(got) != 2 || got[0] != "诫勉谈话" || got[1] != "通报批评" {
		t.Errorf("clean measures: %v %v", got, err)
	}
	for _, bad := range [][]string{{}, {" "}, {"诫勉谈话", "诫勉谈话"}, {MeasureOther}, {strings.Repeat("诫", 41)}} {
		if _, err := CheckMeasures(bad); err == nil {
			t.Errorf("measures %q accepted", bad)
		}
	}
}

func TestExemptionRules(t *testing.T) {
	e := Exemption{UnitID: 10, Kind: FailureCase, TargetID: 7, Grounds: "因台风停工，已提前报告"}
	if err := e.CheckApply(nil); err != nil || e.State != ExemptionPending {
		t.Fatalf("apply: %v %s", err, e.State)
	}
	for _, bad := range []Exemption{{Kind: "penalty", TargetID: 7, Grounds: "x"}, {Kind: FailureTask, Grounds: "x"}, {Kind: FailureTask, TargetID: 7}} {
		if err := bad.CheckApply(nil); refusalCode(err) == "" {
			t.Errorf("%+v accepted", bad)
		}
	}
	again := Exemption{Kind: FailureCase, TargetID: 7, Grounds: "再次申请"}
	if err := again.CheckApply(&e); refusalCode(err) != "exemption_exists" {
		t.Errorf("a second application: %v", err)
	}
	if err := e.Decide(true, "", office, at("2023-10-17 09:00")); refusalCode(err) != "required" {
		t.Errorf("a decision without reasons: %v", err)
	}
	if err := e.Decide(true, "属于不可抗力，予以免责", office, at("2023-10-17 09:00")); err != nil || e.State != ExemptionApproved || e.DecidedBy != "吴督查" {
		t.Fatalf("approve: %v %+v", err, e)
	}
	if err := e.Decide(false, "改判", office, at("2023-10-18 09:00")); refusalCode(err) != "exemption_decided" {
		t.Errorf("decided twice: %v", err)
	}
	if r := e.Ref(); r.Decision != "属于不可抗力，予以免责" || r.DecidedBy != "吴督查" {
		t.Errorf("ref %+v", r)
	}
}
