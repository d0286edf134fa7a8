package cadence

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

var d = domain.MustDate

func TestOf(t *testing.T) {
	cases := []struct {
		c                        domain.Cadence
		due                      int
		day                      string
		key, start, end, dueDate string
	}{
		{domain.CadenceWeekly, 0, "2023-07-15", "2023-W28", "2023-07-10", "2023-07-16", "2023-07-14"},
		{domain.CadenceWeekly, 1, "2023-07-10", "2023-W28", "2023-07-10", "2023-07-16", "2023-07-10"},
		{domain.CadenceWeekly, 7, "2023-07-16", "2023-W28", "2023-07-10", "2023-07-16", "2023-07-16"},
		{domain.CadenceWeekly, 5, "2023-01-01", "2022-W52", "2022-12-26", "2023-01-01", "2022-12-30"},
		{domain.CadenceWeekly, 5, "2024-12-30", "2025-W01", "2024-12-30", "2025-01-05", "2025-01-03"},
		{domain.CadenceMonthly, 0, "2023-07-15", "2023-07", "2023-07-01", "2023-07-31", "2023-08-05"},
		{domain.CadenceMonthly, 31, "2023-01-15", "2023-01", "2023-01-01", "2023-01-31", "2023-02-28"},
		{domain.CadenceMonthly, 10, "2023-12-01", "2023-12", "2023-12-01", "2023-12-31", "2024-01-10"},
		{domain.CadenceQuarterly, 0, "2023-08-20", "2023-Q3", "2023-07-01", "2023-09-30", "2023-10-05"},
		{domain.CadenceQuarterly, 15, "2023-12-31", "2023-Q4", "2023-10-01", "2023-12-31", "2024-01-15"},
		{domain.CadenceQuarterly, 0, "2024-02-29", "2024-Q1", "2024-01-01", "2024-03-31", "2024-04-05"},
	}
	for _, c := range cases {
		p := Of(c.c, c.due, d(c.day))
		if p.Key != c.key || p.Start != d(c.start) || p.End != d(c.end) || p.Deadline != d(c.dueDate) {
			t.Errorf("Of(%s, %d, %s) = %s %s..%s due %s; want %s %s..%s due %s", c.c, c.due, c.day,
				p.Key, p.Start, p.End, p.Deadline, c.key, c.start, c.end, c.dueDate)
		}
	}
}

func TestBetween(t *testing.T) {
	ps := Between(domain.CadenceMonthly, 0, d("2023-01-15"), d("2023-06-30"))
	if len(ps) != 6 || ps[0].Key != "2023-01" || ps[5].Key != "2023-06" {
		t.Fatalf("got %v", ps)
	}
	ws := Between(domain.CadenceWeekly, 0, d("2023-01-02"), d("2023-12-31"))
	if len(ws) != 52 {
		t.Fatalf("weeks in 2023 = %d", len(ws))
	}
	if len(Between(domain.CadenceQuarterly, 0, d("2023-05-01"), d("2023-04-01"))) != 0 {
		t.Fatal("empty range must give no periods")
	}
}

func TestCompliance(t *testing.T) {
	sub := map[string]domain.Date{
		"2023-01": d("2023-02-03"), // on time
		"2023-02": d("2023-03-08"), // late
		// 2023-03 missing
		"2023-04": d("2023-05-05"), // deadline day itself is on time
	}
	got := Compliance(domain.CadenceMonthly, 5, d("2023-01-01"), d("2023-12-31"), d("2023-05-20"), sub)
	want := []State{OnTime, Late, Missing, OnTime, Pending}
	if len(got) != len(want) {
		t.Fatalf("got %d periods: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].State != w {
			t.Errorf("period %s: %s, want %s", got[i].Period.Key, got[i].State, w)
		}
	}
	// A report submitted after as-of does not count yet.
	late := Compliance(domain.CadenceMonthly, 5, d("2023-01-01"), d("2023-12-31"), d("2023-03-07"), map[string]domain.Date{"2023-02": d("2023-03-08")})
	if late[1].State != Missing {
		t.Errorf("report after as-of counted: %+v", late[1])
	}
	// Nothing is asked after the due date.
	short := Compliance(domain.CadenceMonthly, 5, d("2023-01-01"), d("2023-02-15"), d("2023-06-01"), nil)
	if len(short) != 2 {
		t.Errorf("periods after due asked for: %+v", short)
	}
}
