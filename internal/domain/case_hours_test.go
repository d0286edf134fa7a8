package domain

import (
	"errors"
	"testing"
	"time"
)

// testCal is Monday–Friday with the 2023 National Day holiday (9-29 to
// 10-06 off, Saturday 10-07 and Sunday 10-08 worked: 调休).
type testCal struct{}

func (testCal) IsWorkday(d Date) bool {
	if d >= MustDate("2023-09-29") && d <= MustDate("2023-10-06") {
		return false
	}
	if d == MustDate("2023-10-07") || d == MustDate("2023-10-08") {
		return true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

var cst = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func refusalCode(err error) string {
	var r *CaseRefusal
	if errors.As(err, &r) {
		return r.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestParseOfficeHours(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"08:30-12:00,14:00-17:30", "08:30-12:00,14:00-17:30", true},
		{"8:30-12:00，14:00～17:30", "08:30-12:00,14:00-17:30", true},
		{"09:00-17:00", "09:00-17:00", true},
		{"00:00-24:00", "00:00-24:00", true},
		{"", "", false},
		{"08:30", "", false},
		{"12:00-08:30", "", false},
		{"08:30-12:00,11:00-17:30", "", false},
		{"08:60-12:00", "", false},
		{"24:30-25:00", "", false},
		{"8-12", "", false},
		{"a1:00-12:00", "", false},
		{"08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00,16:00-17:00", "", false},
	}
	for _, c := range cases {
		oh, err := ParseOfficeHours(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseOfficeHours(%q): err %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && oh.String() != c.want {
			t.Errorf("ParseOfficeHours(%q) = %s, want %s", c.in, oh, c.want)
		}
		if !c.ok && refusalCode(err) != "settings.office_hours" {
			t.Errorf("ParseOfficeHours(%q): %v", c.in, err)
		}
	}
}

func TestWorkingMinutes(t *testing.T) {
	oh, _ := ParseOfficeHours("08:30-12:00,14:00-17:30")
	cases := []struct {
		name  string
		start string
		hours float64
		want  string
	}{
		{"inside the morning", "2023-07-17 09:00", 2, "2023-07-17 11:00"},
		{"across lunch", "2023-07-17 11:00", 2, "2023-07-17 15:00"},
		{"during lunch counts from 14:00", "2023-07-17 12:30", 1, "2023-07-17 15:00"},
		{"before the office opens", "2023-07-17 07:00", 1, "2023-07-17 09:30"},
		{"after it closes", "2023-07-17 19:00", 1, "2023-07-18 09:30"},
		{"ends exactly at closing", "2023-07-17 16:00", 1.5, "2023-07-17 17:30"},
		{"one working day", "2023-07-17 08:30", 7, "2023-07-17 17:30"},
		{"friday afternoon to monday", "2023-07-14 16:00", 4, "2023-07-17 11:00"},
		{"assigned on a saturday", "2023-07-15 10:00", 8, "2023-07-18 09:30"},
		{"before the national day", "2023-09-28 15:00", 4, "2023-10-07 10:00"},
		{"during the holiday", "2023-10-03 10:00", 1, "2023-10-07 09:30"},
		{"zero", "2023-07-15 10:00", 0, "2023-07-15 10:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := at(c.start)
			n := int(c.hours * 60)
			got := AddWorkingMinutes(testCal{}, oh, start, n)
			if !got.Equal(at(c.want)) {
				t.Fatalf("AddWorkingMinutes(%s, %v h) = %s, want %s", c.start, c.hours, got.Format("2006-01-02 15:04"), c.want)
			}
			if back := WorkingMinutes(testCal{}, oh, start, got); back != n {
				t.Errorf("WorkingMinutes(%s, %s) = %d, want %d", c.start, c.want, back, n)
			}
		})
	}
	if WorkingMinutes(testCal{}, oh, at("2023-07-17 12:00"), at("2023-07-17 09:00")) != 0 {
		t.Error("a span backwards has working minutes")
	}
	if got := WorkingMinutes(testCal{}, oh, at("2023-07-14 17:00"), at("2023-07-17 09:00")); got != 60 {
		t.Errorf("friday 17:00 to monday 09:00 = %d minutes, want 60", got)
	}
}

func TestWorkdays(t *testing.T) {
	d := MustDate
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2023-07-14", 1, "2023-07-17"},
		{"2023-07-17", 10, "2023-07-31"},
		{"2023-09-27", 2, "2023-10-07"},
		{"2023-09-28", 2, "2023-10-08"},
		{"2023-09-28", 3, "2023-10-09"},
		{"2023-09-28", 0, "2023-09-28"},
	}
	for _, c := range cases {
		if got := AddWorkdays(testCal{}, d(c.from), c.n); got != d(c.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
		if c.n > 0 && WorkdaysBetween(testCal{}, d(c.from), d(c.want)) != c.n {
			t.Errorf("WorkdaysBetween(%s, %s) != %d", c.from, c.want, c.n)
		}
	}
}

func FuzzParseOfficeHours(f *testing.F) {
	for _, s := range []string{"08:30-12:00,14:00-17:30", "9:00-17:00", "00:00-24:00", "08:30-12:00，", "-", ",,", "24:00-24:01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		oh, err := ParseOfficeHours(s)
		if err != nil {
			return
		}
		again, err := ParseOfficeHours(oh.String())
		if err != nil || again.String() != oh.String() {
			t.Fatalf("%q → %q does not parse back: %v", s, oh.String(), err)
		}
		for i, sp := range oh {
			if sp.From < 0 || sp.To > 24*60 || sp.To <= sp.From || (i > 0 && sp.From < oh[i-1].To) {
				t.Fatalf("%q gives span %+v", s, sp)
			}
		}
	})
}
