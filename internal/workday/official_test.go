package workday

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

// schedule is a year's holiday arrangement as the State Council's notice
// publishes it, written out by hand: the days off (weekends inside a
// holiday period included) and the weekends worked in exchange.
type schedule struct {
	year     int
	holidays [][2]string // inclusive ranges
	workdays []string
}

// The notices of 国务院办公厅 关于…年部分节假日安排的通知.
var schedules = []schedule{
	{2023, [][2]string{
		{"2023-01-01", "2023-01-02"}, // 元旦: 2022-12-31 至 2023-01-02
		{"2023-01-21", "2023-01-27"}, // 春节
		{"2023-04-05", "2023-04-05"}, // 清明节
		{"2023-04-29", "2023-05-03"}, // 劳动节
		{"2023-06-22", "2023-06-24"}, // 端午节
		{"2023-09-29", "2023-10-06"}, // 中秋节、国庆节
	}, []string{"2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"}},
	{2024, [][2]string{
		{"2024-01-01", "2024-01-01"}, // 元旦, with the weekend before
		{"2024-02-10", "2024-02-17"}, // 春节
		{"2024-04-04", "2024-04-06"}, // 清明节
		{"2024-05-01", "2024-05-05"}, // 劳动节
		{"2024-06-08", "2024-06-10"}, // 端午节
		{"2024-09-15", "2024-09-17"}, // 中秋节
		{"2024-10-01", "2024-10-07"}, // 国庆节
	}, []string{"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"}},
	{2025, [][2]string{
		{"2025-01-01", "2025-01-01"}, // 元旦
		{"2025-01-28", "2025-02-04"}, // 春节
		{"2025-04-04", "2025-04-06"}, // 清明节
		{"2025-05-01", "2025-05-05"}, // 劳动节
		{"2025-05-31", "2025-06-02"}, // 端午节
		{"2025-10-01", "2025-10-08"}, // 国庆节、中秋节
	}, []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}},
	{2026, [][2]string{
		{"2026-01-01", "2026-01-03"}, // 元旦
		{"2026-02-15", "2026-02-23"}, // 春节
		{"2026-04-04", "2026-04-06"}, // 清明节
		{"2026-05-01", "2026-05-05"}, // 劳动节
		{"2026-06-19", "2026-06-21"}, // 端午节
		{"2026-09-25", "2026-09-27"}, // 中秋节
		{"2026-10-01", "2026-10-07"}, // 国庆节
	}, []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}},
}

// expected reports whether d is a working day according to the notice.
func (s schedule) expected(d domain.Date) bool {
	for _, w := range s.workdays {
		if domain.MustDate(w) == d {
			return true
		}
	}
	for _, h := range s.holidays {
		if d >= domain.MustDate(h[0]) && d <= domain.MustDate(h[1]) {
			return false
		}
	}
	return !d.IsWeekend()
}

// entries turns the notice into calendar entries.
func (s schedule) entries() []domain.CalendarDay {
	var out []domain.CalendarDay
	for _, h := range s.holidays {
		for d := domain.MustDate(h[0]); d <= domain.MustDate(h[1]); d++ {
			out = append(out, domain.CalendarDay{Date: d, Kind: domain.DayHoliday})
		}
	}
	for _, w := range s.workdays {
		out = append(out, domain.CalendarDay{Date: domain.MustDate(w), Kind: domain.DayWorkday})
	}
	return out
}

// The built-in data agree with the published notices on every day of
// 2023–2026, and so does a table built from the notices themselves.
func TestOfficialMatchesNotices(t *testing.T) {
	seed := OfficialTable()
	for _, s := range schedules {
		if !seed.Covered(s.year) {
			t.Errorf("%d is not covered by the built-in data", s.year)
		}
		hand := NewTable(s.entries(), []int{s.year})
		workdays := 0
		for d := domain.NewDate(s.year, 1, 1); d.Year() == s.year; d++ {
			want := s.expected(d)
			if got := seed.IsWorkday(d); got != want {
				t.Errorf("built-in data: %s (%s) workday = %v, the notice says %v", d, d.Weekday(), got, want)
			}
			if got := hand.IsWorkday(d); got != want {
				t.Errorf("table of the notice: %s workday = %v, want %v", d, got, want)
			}
			if want {
				workdays++
			}
		}
		// The year's count through Between agrees with the day-by-day one.
		first, last := domain.NewDate(s.year, 1, 1), domain.NewDate(s.year, 12, 31)
		if got := Between(seed, first-1, last); got != workdays {
			t.Errorf("%d: Between over the year = %d, counted %d", s.year, got, workdays)
		}
	}
}

func TestOfficialData(t *testing.T) {
	days, years := Official()
	if len(years) != OfficialLastYear-OfficialFirstYear+1 || years[0] != 2002 || years[len(years)-1] != 2026 {
		t.Errorf("covered years %v", years)
	}
	if len(days) < 800 {
		t.Errorf("only %d built-in entries", len(days))
	}
	seen := map[domain.Date]bool{}
	for _, d := range days {
		if seen[d.Date] {
			t.Errorf("%s twice", d.Date)
		}
		seen[d.Date] = true
		if p := Check(d); p != ProblemNone {
			t.Errorf("%s %s: problem %d", d.Date, d.Kind, p)
		}
		if d.Name == "" || d.Source != domain.CalendarSeed {
			t.Errorf("%s: name %q source %q", d.Date, d.Name, d.Source)
		}
	}
	// Spot checks the brief names, with the names the notices use.
	tab := NewTable(days, years)
	for date, want := range map[string]domain.CalendarDay{
		"2025-01-26": {Kind: domain.DayWorkday, Name: "春节"},
		"2025-10-08": {Kind: domain.DayHoliday, Name: "国庆节、中秋节"},
		"2024-01-01": {Kind: domain.DayHoliday, Name: "元旦"},
		"2001-12-29": {Kind: domain.DayWorkday, Name: "元旦"},
		"2015-09-03": {Kind: domain.DayHoliday, Name: "抗战胜利日"},
	} {
		got, ok := tab.Day(domain.MustDate(date))
		if !ok || got.Kind != want.Kind || got.Name != want.Name {
			t.Errorf("%s: %+v (%v), want %s %s", date, got, ok, want.Kind, want.Name)
		}
	}
	for _, odd := range []string{"2012-05-02", "2012-10-08"} {
		if _, ok := tab.Day(domain.MustDate(odd)); ok {
			t.Errorf("%s: a workday on a weekday is kept", odd)
		}
	}
	if tab.Covered(2001) || tab.Covered(2027) {
		t.Error("2001 (two days only) and 2027 (no data) must not count as covered")
	}
}
