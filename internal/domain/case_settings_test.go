package domain

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNumberPattern(t *testing.T) {
	cases := []struct {
		pattern string
		want    string // for year 2023, seq 17; "" when refused
		code    string
	}{
		{"督〔{year}〕{seq}号", "督〔2023〕17号", ""},
		{"区督字〔{year}〕第{seq:3}号", "区督字〔2023〕第017号", ""},
		{"DB-{seq:6}", "DB-000017", ""},
		{"{seq}", "17", ""},
		{"", "", "settings.pattern_empty"},
		{"   ", "", "settings.pattern_empty"},
		{"督〔{year}〕号", "", "settings.pattern_seq"},
		{"{seq}-{seq}", "", "settings.pattern_seq"},
		{"督〔{yr}〕{seq}号", "", "settings.pattern_field"},
		{"督〔{year}〕{seq:7}号", "", "settings.pattern_field"},
		{"督{seq", "", "settings.pattern_field"},
		{"督}{seq}", "", "settings.pattern_field"},
		{strings.Repeat("督", 41) + "{seq}", "", "settings.pattern_long"},
	}
	for _, c := range cases {
		np, err := ParseNumberPattern(c.pattern)
		if got := refusalCode(err); got != c.code {
			t.Errorf("ParseNumberPattern(%q): code %q, want %q", c.pattern, got, c.code)
			continue
		}
		if err == nil {
			if got := np.Format(2023, 17); got != c.want {
				t.Errorf("%q formats %q, want %q", c.pattern, got, c.want)
			}
		} else if r := err.(*CaseRefusal); r.Field != "number_pattern" || r.Kind != KindInvalid {
			t.Errorf("%q: refusal %+v", c.pattern, r)
		}
	}
}

func FuzzNumberPattern(f *testing.F) {
	for _, s := range []string{"督〔{year}〕{seq}号", "{seq:3}", "{", "}", "{year}{seq}{", "{{seq}}", "\xff{seq}"} {
		f.Add(s, 17)
	}
	f.Fuzz(func(t *testing.T, pattern string, seq int) {
		if seq < 0 {
			seq = -seq
		}
		seq %= 1000000
		np, err := ParseNumberPattern(pattern)
		if err != nil {
			return
		}
		out := np.Format(2023, seq)
		if !strings.Contains(out, strconv.Itoa(seq)) {
			t.Fatalf("%q formats %q without the sequence %d", pattern, out, seq)
		}
		if utf8.ValidString(pattern) && !utf8.ValidString(out) {
			t.Fatalf("%q formats invalid UTF-8 %q", pattern, out)
		}
	})
}

func TestCaseSettingsValidate(t *testing.T) {
	if err := DefaultCaseSettings().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*CaseSettings)
		field string
		code  string
	}{
		{"sign hours zero", func(s *CaseSettings) { s.SignHours = 0 }, "sign_hours", "settings.range"},
		{"blue window too wide", func(s *CaseSettings) { s.BlueDays = 31 }, "blue_days", "settings.range"},
		{"negative reminder", func(s *CaseSettings) { s.RemindDays = -1 }, "remind_days", "settings.range"},
		{"talk before notice", func(s *CaseSettings) { s.NoticeAfterDays, s.TalkAfterDays = 5, 5 }, "talk_after_days", "settings.talk_after_notice"},
		{"no notice", func(s *CaseSettings) { s.NoticeAfterDays = 0 }, "notice_after_days", "settings.range"},
		{"bad hours", func(s *CaseSettings) { s.OfficeHours = "17:00-08:00" }, "office_hours", "settings.office_hours"},
		{"bad pattern", func(s *CaseSettings) { s.NumberPattern = "督办" }, "number_pattern", "settings.pattern_seq"},
		{"reopen zero", func(s *CaseSettings) { s.ReopenDays = 0 }, "reopen_days", "settings.range"},
		{"task limit too long", func(s *CaseSettings) { s.TaskCaseDays = 121 }, "task_case_days", "settings.range"},
	}
	for _, c := range cases {
		st := DefaultCaseSettings()
		c.edit(&st)
		err := st.Validate()
		r, ok := err.(*CaseRefusal)
		if !ok || r.Code != c.code || r.Field != c.field {
			t.Errorf("%s: %v, want %s on %s", c.name, err, c.code, c.field)
		}
	}
	off := DefaultCaseSettings()
	off.BlueDays, off.RemindDays, off.UrgeAtDeadline = 0, 0, false
	if err := off.Validate(); err != nil {
		t.Errorf("turning the blue window and reminders off: %v", err)
	}
}
