package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/workday"
)

var d = domain.MustDate

// The official calendar with the State Council's schedules, 调休 included.
var official = workday.OfficialTable()

// The rungs of the ladder fall on working days counted with the official
// calendar: across the Spring Festival, Labour Day and National Day
// holidays and their adjusted working weekends.
func TestEscalationDates(t *testing.T) {
	st := domain.DefaultCaseSettings() // remind 3 before, urge at, notice 3 after, talk 10 after
	cases := []struct {
		name                       string
		deadline                   string
		remind, urge, notice, talk string
	}{
		{"an ordinary week", "2023-07-31", "2023-07-26", "2023-07-31", "2023-08-03", "2023-08-14"},
		// 2023-09-29 … 10-06 off, Saturday 10-07 and Sunday 10-08 worked.
		{"due on the monday after national day 2023", "2023-10-09", "2023-09-28", "2023-10-09", "2023-10-12", "2023-10-23"},
		{"due on the eve of national day 2023", "2023-09-28", "2023-09-25", "2023-09-28", "2023-10-09", "2023-10-18"},
		{"due on the adjusted working saturday", "2023-10-07", "2023-09-26", "2023-10-07", "2023-10-10", "2023-10-19"},
		// 2023-01-21 … 01-27 off, 01-28 and 01-29 worked.
		{"due after the spring festival 2023", "2023-01-30", "2023-01-20", "2023-01-30", "2023-02-02", "2023-02-13"},
		// 2023-04-29 … 05-03 off, Saturday 05-06 worked.
		{"due after labour day 2023", "2023-05-04", "2023-04-26", "2023-05-04", "2023-05-08", "2023-05-17"},
		// 2024-02-10 … 02-17 off, Sunday 02-18 worked.
		{"due after the spring festival 2024", "2024-02-19", "2024-02-08", "2024-02-19", "2024-02-22", "2024-03-04"},
		// 2025-10-01 … 10-08 off, Sunday 09-28 and Saturday 10-11 worked.
		{"due before national day 2025", "2025-09-30", "2025-09-26", "2025-09-30", "2025-10-11", "2025-10-21"},
	}
	for _, tc := range cases {
		want := []string{tc.remind, tc.urge, tc.notice, tc.talk}
		for r := domain.EscalationRemind; r <= domain.EscalationTalk; r++ {
			got := domain.EscalationDate(r, d(tc.deadline), official, st)
			if got != d(want[r-1]) {
				t.Errorf("%s: %s on %s, want %s", tc.name, r.Event(), got, want[r-1])
			}
			if !official.IsWorkday(got) {
				t.Errorf("%s: %s falls on a day off (%s)", tc.name, r.Event(), got)
			}
		}
	}
	quiet := st
	quiet.RemindDays, quiet.UrgeAtDeadline = 0, false
	if domain.EscalationDate(domain.EscalationRemind, d("2023-07-31"), official, quiet) != 0 ||
		domain.EscalationDate(domain.EscalationUrge, d("2023-07-31"), official, quiet) != 0 {
		t.Error("rungs left out by the settings have a date")
	}
	if domain.EscalationDate(domain.EscalationUrge, 0, official, st) != 0 || domain.EscalationDate(domain.EscalationNone, d("2023-07-31"), official, st) != 0 {
		t.Error("no deadline or no rung has a date")
	}
}

// What is due on a day, for a case due on the Monday after the 2023
// National Day holiday: every rung not yet recorded, lowest first.
func TestEscalationsDue(t *testing.T) {
	st := domain.DefaultCaseSettings()
	quiet := st
	quiet.RemindDays, quiet.UrgeAtDeadline = 0, false
	R, U, N, T := domain.EscalationRemind, domain.EscalationUrge, domain.EscalationNotice, domain.EscalationTalk
	cases := []struct {
		name    string
		today   string
		reached domain.Escalation
		state   domain.CaseState
		st      domain.CaseSettings
		want    []domain.Escalation
	}{
		{"four working days left", "2023-09-27", 0, domain.CaseWorking, st, nil},
		{"three left, the holiday between", "2023-09-28", 0, domain.CaseWorking, st, []domain.Escalation{R}},
		{"during the holiday", "2023-10-03", 0, domain.CaseWorking, st, []domain.Escalation{R}},
		{"reminded already", "2023-10-03", R, domain.CaseWorking, st, nil},
		{"the adjusted working sunday", "2023-10-08", R, domain.CaseWorking, st, nil},
		{"the deadline", "2023-10-09", R, domain.CaseWorking, st, []domain.Escalation{U}},
		{"the deadline, nothing recorded", "2023-10-09", 0, domain.CaseAssigned, st, []domain.Escalation{R, U}},
		{"two working days over", "2023-10-11", U, domain.CaseWorking, st, nil},
		{"three working days over", "2023-10-12", U, domain.CaseWorking, st, []domain.Escalation{N}},
		{"nine working days over, a weekend on", "2023-10-22", N, domain.CaseWorking, st, nil},
		{"ten working days over", "2023-10-23", N, domain.CaseWorking, st, []domain.Escalation{T}},
		{"the sweep missed a fortnight", "2023-10-23", 0, domain.CaseWorking, st, []domain.Escalation{R, U, N, T}},
		{"the top of the ladder", "2023-12-01", T, domain.CaseWorking, st, nil},
		{"reported back", "2023-10-23", 0, domain.CaseReported, st, nil},
		{"closed", "2023-10-23", 0, domain.CaseClosed, st, nil},
		{"a draft", "2023-10-23", 0, domain.CaseDraft, st, nil},
		{"no reminder, no urge", "2023-10-12", 0, domain.CaseWorking, quiet, []domain.Escalation{N}},
		{"no reminder, no urge, the deadline", "2023-10-09", 0, domain.CaseWorking, quiet, nil},
	}
	for _, tc := range cases {
		c := domain.Case{State: tc.state, Deadline: d("2023-10-09"), Escalation: tc.reached}
		got := c.EscalationsDue(d(tc.today), official, tc.st)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		// The highest of them is what EscalationDue says.
		highest := domain.EscalationNone
		if len(got) > 0 {
			highest = got[len(got)-1]
		}
		if due := c.EscalationDue(d(tc.today), official, tc.st); due != highest {
			t.Errorf("%s: EscalationDue %v, the ladder's highest %v", tc.name, due, highest)
		}
	}
	c := domain.Case{State: domain.CaseWorking, Deadline: d("2023-10-09"), Escalation: U}
	if r, on := c.NextEscalation(official, st); r != N || on != d("2023-10-12") {
		t.Errorf("next after urge: %v on %s", r, on)
	}
	c.Escalation = T
	if r, on := c.NextEscalation(official, st); r != domain.EscalationNone || on != 0 {
		t.Errorf("next after talk: %v on %s", r, on)
	}
	c = domain.Case{State: domain.CaseWorking, Deadline: d("2023-10-09")}
	if r, on := c.NextEscalation(official, quiet); r != N || on != d("2023-10-12") {
		t.Errorf("next without reminder and urge: %v on %s", r, on)
	}
}

// For every day and every deadline around two holiday seasons, a rung is
// due exactly when the deadline is on or before the rung's threshold: the
// sweep's indexed selection misses no case and takes none too early.
func TestEscalationThresholds(t *testing.T) {
	settings := []domain.CaseSettings{domain.DefaultCaseSettings(),
		{RemindDays: 1, UrgeAtDeadline: false, NoticeAfterDays: 1, TalkAfterDays: 2},
		{RemindDays: 30, UrgeAtDeadline: true, NoticeAfterDays: 60, TalkAfterDays: 120}}
	for _, season := range []string{"2023-09-10", "2024-01-25"} {
		for _, st := range settings {
			for today := d(season); today < d(season)+50; today++ {
				th := domain.EscalationThresholds(today, official, st)
				for deadline := today - 200; deadline < today+60; deadline++ {
					for r := domain.EscalationRemind; r <= domain.EscalationTalk; r++ {
						on := domain.EscalationDate(r, deadline, official, st)
						if due := on != 0 && on <= today; due != (th[r] != 0 && deadline <= th[r]) {
							t.Fatalf("settings %+v, today %s, deadline %s: %s due on %s, threshold %s",
								st, today, deadline, r.Event(), on, th[r])
						}
					}
				}
				// Higher rungs need earlier deadlines.
				for r := domain.EscalationUrge; r <= domain.EscalationTalk; r++ {
					if th[r] != 0 && th[r-1] != 0 && th[r] > th[r-1] {
						t.Fatalf("today %s: threshold of %s after that of %s", today, r.Event(), (r - 1).Event())
					}
				}
			}
		}
	}
	quiet := domain.DefaultCaseSettings()
	quiet.RemindDays = 0
	if th := domain.EscalationThresholds(d("2023-10-09"), official, quiet); th[domain.EscalationRemind] != 0 || th[domain.EscalationUrge] != d("2023-10-09") {
		t.Errorf("thresholds without reminder: %v", th)
	}
}

// An unsigned case reminds its unit when the signing limit passes, and
// tells the office when it has passed by as long again, counted in office
// hours on working days (here across the 2023 National Day holiday).
func TestSignAlerts(t *testing.T) {
	st := domain.DefaultCaseSettings() // 8 working hours, 08:30-12:00 and 14:00-17:30
	oh, err := domain.ParseOfficeHours(st.OfficeHours)
	if err != nil {
		t.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	c := domain.Case{State: domain.CaseDraft, Deadline: 0, TimeLimit: domain.TimeLimit{Days: 10}}
	if _, err := c.Assign(domain.CaseActor{Name: "吴督查"}, at("2023-09-28 16:00"), official, st); err != nil {
		t.Fatal(err)
	}
	// 16:00–17:30 on 09-28 is 1.5 h; the holiday follows; the adjusted
	// working Saturday 10-07 gives the remaining 6.5 h by 17:00.
	if !c.SignDue.Equal(at("2023-10-07 17:00")) {
		t.Fatalf("sign due %s", c.SignDue.In(cst))
	}
	// As long again: 17:00–17:30, the working Sunday 10-08 (7 h), 08:30–09:00 on Monday.
	if o := c.SignAlertAt(domain.SignAlertOffice, official, oh, st); !o.Equal(at("2023-10-09 09:00")) {
		t.Fatalf("office told at %s", o.In(cst))
	}
	U, O := domain.SignAlertUnit, domain.SignAlertOffice
	cases := []struct {
		now  string
		sent domain.SignAlert
		want []domain.SignAlert
	}{
		{"2023-10-07 16:59", 0, nil},
		{"2023-10-07 17:00", 0, []domain.SignAlert{U}},
		{"2023-10-08 10:00", U, nil},
		{"2023-10-09 08:59", U, nil},
		{"2023-10-09 09:00", U, []domain.SignAlert{O}},
		{"2023-10-09 09:00", 0, []domain.SignAlert{U, O}},
		{"2023-10-20 09:00", O, nil},
	}
	for _, tc := range cases {
		if got := c.SignAlertsDue(at(tc.now), tc.sent, official, oh, st); !slices.Equal(got, tc.want) {
			t.Errorf("at %s after %d: %v, want %v", tc.now, tc.sent, got, tc.want)
		}
	}
	signed := c
	signed.State, signed.SignedAt, signed.SignedByID = domain.CaseWorking, at("2023-10-08 09:00"), 2
	if got := signed.SignAlertsDue(at("2023-10-20 09:00"), 0, official, oh, st); got != nil {
		t.Errorf("a signed case alerts: %v", got)
	}
	if U.Event() != domain.EventSignRemind || O.Event() != domain.EventSignOverdue || domain.SignAlertNone.Event() != "" {
		t.Error("sign alert events")
	}
}
