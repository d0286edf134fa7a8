package workday

import (
	"math/rand/v2"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

// Counting across Spring Festival and National Day, adjusted weekends
// included, as a supervision office counts a time limit by hand.
func TestTableAddAndBetween(t *testing.T) {
	cal := OfficialTable()
	d := domain.MustDate
	betweens := []struct {
		name     string
		from, to string
		want     int
	}{
		// 1/25 Sat off, 1/26 Sun worked, 1/27, 1/28–2/4 off, 2/5–2/7, 2/8 Sat worked, 2/10.
		{"2025 Spring Festival", "2025-01-24", "2025-02-10", 7},
		{"2025 National Day", "2025-09-30", "2025-10-12", 3},
		{"2025 whole holiday is zero", "2025-09-30", "2025-10-08", 0},
		// 2/4 Sun worked, 2/5–2/9 (除夕 2/9 is a working day), 2/18 Sun worked, 2/19.
		{"2024 Spring Festival", "2024-02-02", "2024-02-19", 8},
		{"2023 National Day", "2023-09-28", "2023-10-09", 3},
		{"2026 Spring Festival", "2026-02-13", "2026-02-28", 6},
		{"same day", "2025-10-11", "2025-10-11", 0},
		{"backwards", "2025-10-12", "2025-10-01", 0},
		// 2027 has no data: Monday–Friday, so New Year's Day counts.
		{"into a year without data", "2026-12-31", "2027-01-04", 2},
	}
	for _, c := range betweens {
		if got := Between(cal, d(c.from), d(c.to)); got != c.want {
			t.Errorf("%s: Between(%s, %s) = %d, want %d", c.name, c.from, c.to, got, c.want)
		}
		if got := slowBetween(cal, d(c.from), d(c.to)); got != c.want {
			t.Errorf("%s: day by day %d, want %d", c.name, got, c.want)
		}
	}
	adds := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-24", 0, "2025-01-24"},
		{"2025-01-24", 1, "2025-01-26"}, // a Sunday worked
		{"2025-01-24", 3, "2025-02-05"},
		{"2025-01-27", 1, "2025-02-05"},
		{"2025-02-07", 1, "2025-02-08"}, // a Saturday worked
		{"2025-09-26", 1, "2025-09-28"},
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-09-30", 3, "2025-10-11"},
		{"2024-02-08", 2, "2024-02-18"},
		{"2023-09-28", 1, "2023-10-07"},
		{"2023-09-28", 2, "2023-10-08"},
		{"2023-09-28", 3, "2023-10-09"},
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-14", 1, "2026-02-24"},
		{"2026-12-31", 1, "2027-01-01"}, // no 2027 data: Friday counts
		{"2025-01-01", 250, "2026-01-05"},
	}
	for _, c := range adds {
		if got := Add(cal, d(c.from), c.n); got != d(c.want) {
			t.Errorf("Add(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
		if c.n > 0 && Between(cal, d(c.from), d(c.want)) != c.n {
			t.Errorf("Between(%s, Add(…, %d)) ≠ %d", c.from, c.n, c.n)
		}
	}
}

// A year without data falls back to Monday–Friday, and says so.
func TestTableFallback(t *testing.T) {
	cal := OfficialTable()
	d := domain.MustDate
	if cal.Covered(2027) || !cal.Covered(2026) {
		t.Fatalf("coverage: 2026 %v, 2027 %v", cal.Covered(2026), cal.Covered(2027))
	}
	for date, want := range map[string]bool{
		"2027-01-01": true,  // a Friday: in reality New Year's Day, but no data yet
		"2027-01-02": false, // Saturday
		"2027-02-08": true,  // Monday
		"1999-10-01": true,  // before the data: a Friday
		"1999-10-02": false,
	} {
		if got := cal.IsWorkday(d(date)); got != want {
			t.Errorf("%s: %v, want %v", date, got, want)
		}
	}
	// Over years without data the table counts like Weekends.
	for _, r := range [][2]string{{"2027-01-01", "2027-12-31"}, {"1990-03-01", "1999-12-31"}} {
		if a, b := Between(cal, d(r[0]), d(r[1])), Between(Weekends{}, d(r[0]), d(r[1])); a != b {
			t.Errorf("%v: table %d, weekends %d", r, a, b)
		}
	}
	// An empty or nil table is Monday–Friday.
	for _, empty := range []*Table{NewTable(nil, nil), nil} {
		if empty.IsWorkday(d("2025-10-01")) != true || Add(empty, d("2025-09-30"), 1) != d("2025-10-01") || empty.Covered(2025) {
			t.Errorf("empty table %v is not Monday–Friday", empty)
		}
	}
}

// Entries of a later year may be added by hand before the year is covered;
// the days count, the year still warns.
func TestTableManualEntries(t *testing.T) {
	d := domain.MustDate
	days, years := Official()
	days = append(days, domain.CalendarDay{Date: d("2027-01-01"), Kind: domain.DayHoliday, Name: "元旦"},
		// a later entry for a date wins
		domain.CalendarDay{Date: d("2025-10-08"), Kind: domain.DayHoliday, Name: "改名"})
	cal := NewTable(days, years)
	if cal.IsWorkday(d("2027-01-01")) || cal.Covered(2027) {
		t.Error("a manual 2027 holiday must count without covering the year")
	}
	if e, _ := cal.Day(d("2025-10-08")); e.Name != "改名" {
		t.Errorf("later entry lost: %+v", e)
	}
	if got := Add(cal, d("2026-12-31"), 1); got != d("2027-01-04") {
		t.Errorf("Add over a manual holiday: %s", got)
	}
	if n := len(cal.Days(2027)); n != 1 {
		t.Errorf("Days(2027): %d", n)
	}
	if n := len(cal.Days(2025)); n != 33 {
		t.Errorf("Days(2025): %d entries", n)
	}
}

func slowBetween(cal Calendar, from, to domain.Date) int {
	n := 0
	for x := from + 1; x <= to; x++ {
		if cal.IsWorkday(x) {
			n++
		}
	}
	return n
}

func slowAdd(cal Calendar, from domain.Date, n int) domain.Date {
	for n > 0 {
		from++
		if cal.IsWorkday(from) {
			n--
		}
	}
	return from
}

// The counted Between and Add agree with walking day by day, across the
// whole data range and its edges.
func TestTableAgreesWithWalking(t *testing.T) {
	cal := OfficialTable()
	rng := rand.New(rand.NewPCG(1, 2))
	lo, hi := domain.MustDate("1998-01-01"), domain.MustDate("2030-12-31")
	for range 20000 {
		a := lo + domain.Date(rng.IntN(int(hi-lo)))
		b := a + domain.Date(rng.IntN(800)) - 100
		if got, want := Between(cal, a, b), slowBetween(cal, a, b); got != want {
			t.Fatalf("Between(%s, %s) = %d, want %d", a, b, got, want)
		}
		n := rng.IntN(300)
		if got, want := Add(cal, a, n), slowAdd(cal, a, n); got != want {
			t.Fatalf("Add(%s, %d) = %s, want %s", a, n, got, want)
		}
		if got, want := Add(Weekends{}, a, n), slowAdd(Weekends{}, a, n); got != want {
			t.Fatalf("Weekends Add(%s, %d) = %s, want %s", a, n, got, want)
		}
	}
}

func FuzzTableCounts(f *testing.F) {
	f.Add(int32(20000), int32(40), uint16(3))
	f.Add(int32(-5), int32(10), uint16(0))
	cal := OfficialTable()
	f.Fuzz(func(t *testing.T, from, span int32, n uint16) {
		if from < -200000 || from > 200000 || span < -1000 || span > 3000 {
			return
		}
		a := domain.Date(from)
		b := a + domain.Date(span)
		if got, want := Between(cal, a, b), slowBetween(cal, a, b); got != want {
			t.Fatalf("Between(%d, %d) = %d, want %d", a, b, got, want)
		}
		k := int(n % 2000)
		if got, want := Add(cal, a, k), slowAdd(cal, a, k); got != want {
			t.Fatalf("Add(%d, %d) = %d, want %d", a, k, got, want)
		}
	})
}

func BenchmarkBetweenYear(b *testing.B) {
	cal := OfficialTable()
	from, to := domain.MustDate("2024-12-31"), domain.MustDate("2025-12-31")
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			if Between(cal, from, to) != 248 {
				b.Fatal("wrong count")
			}
		}
	})
	b.Run("day-by-day", func(b *testing.B) {
		for b.Loop() {
			if slowBetween(cal, from, to) != 248 {
				b.Fatal("wrong count")
			}
		}
	})
}

func BenchmarkAdd20(b *testing.B) {
	cal := OfficialTable()
	from := domain.MustDate("2025-09-20")
	for b.Loop() {
		Add(cal, from, 20)
	}
}
