package workday

import (
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
)

// Table is the working-day calendar built from the holiday schedule: a day
// with an entry is what the entry says (holiday or adjusted workday), any
// other day is a working day Monday to Friday. It never changes once built
// and answers without allocating: the days of its years are precomputed,
// and counting between two dates is two lookups.
type Table struct {
	days  []domain.CalendarDay // sorted by date, one per date
	years []int                // covered years, sorted

	// lo is the first day of the precomputed range, January 1 of the
	// earliest year with an entry or coverage; the range ends before hi.
	lo, hi domain.Date
	// work says whether each day of the range is a working day; adj[i] is
	// how many working days the entries of lo … lo+i add to (or, negative,
	// take from) the Monday–Friday count, and adjTotal the sum over the
	// whole range.
	work     []bool
	adj      []int32
	adjTotal int
	// byDate maps a date of the range to its entry's index + 1 (0: none).
	byDate []int32
}

// NewTable builds a table from entries and the years whose schedules are
// complete. When two entries share a date, the later one wins.
func NewTable(entries []domain.CalendarDay, covered []int) *Table {
	t := &Table{}
	byDate := map[domain.Date]domain.CalendarDay{}
	for _, e := range entries {
		if e.Date.IsZero() || !e.Kind.Valid() {
			continue
		}
		byDate[e.Date] = e
	}
	for _, e := range byDate {
		t.days = append(t.days, e)
	}
	sort.Slice(t.days, func(i, j int) bool { return t.days[i].Date < t.days[j].Date })
	seen := map[int]bool{}
	for _, y := range covered {
		if !seen[y] {
			seen[y] = true
			t.years = append(t.years, y)
		}
	}
	sort.Ints(t.years)
	first, last := 0, 0
	if len(t.days) > 0 {
		first, last = t.days[0].Date.Year(), t.days[len(t.days)-1].Date.Year()
	}
	if len(t.years) > 0 {
		if first == 0 || t.years[0] < first {
			first = t.years[0]
		}
		last = max(last, t.years[len(t.years)-1])
	}
	if first == 0 {
		return t
	}
	t.lo, t.hi = domain.NewDate(first, 1, 1), domain.NewDate(last+1, 1, 1)
	n := int(t.hi - t.lo)
	t.work, t.adj, t.byDate = make([]bool, n), make([]int32, n), make([]int32, n)
	for i := range n {
		t.work[i] = !(t.lo + domain.Date(i)).IsWeekend()
	}
	for i, e := range t.days {
		k := int(e.Date - t.lo)
		t.work[k] = e.Kind == domain.DayWorkday
		t.byDate[k] = int32(i + 1)
	}
	var sum int32
	for i := range n {
		d := t.lo + domain.Date(i)
		if w, wd := t.work[i], !d.IsWeekend(); w && !wd {
			sum++
		} else if !w && wd {
			sum--
		}
		t.adj[i] = sum
	}
	t.adjTotal = int(sum)
	return t
}

// IsWorkday reports whether d is a working day.
func (t *Table) IsWorkday(d domain.Date) bool {
	if t != nil && d >= t.lo && d < t.hi {
		return t.work[d-t.lo]
	}
	return !d.IsWeekend()
}

func (t *Table) CumulativeWorkdays(d domain.Date) int {
	n := weekdays(d)
	switch {
	case t == nil || d < t.lo:
		return n
	case d >= t.hi:
		return n + t.adjTotal
	}
	return n + int(t.adj[d-t.lo])
}

// Covered reports whether the year's holiday schedule is in the table.
// A year that is not falls back to Monday–Friday.
func (t *Table) Covered(year int) bool {
	if t == nil {
		return false
	}
	i := sort.SearchInts(t.years, year)
	return i < len(t.years) && t.years[i] == year
}

// Years returns the covered years, in order.
func (t *Table) Years() []int {
	if t == nil {
		return nil
	}
	return append([]int(nil), t.years...)
}

// Day returns the entry for d, if there is one.
func (t *Table) Day(d domain.Date) (domain.CalendarDay, bool) {
	if t == nil || d < t.lo || d >= t.hi || t.byDate[d-t.lo] == 0 {
		return domain.CalendarDay{}, false
	}
	return t.days[t.byDate[d-t.lo]-1], true
}

// Days returns the entries dated in year, in date order.
func (t *Table) Days(year int) []domain.CalendarDay {
	return t.Range(domain.NewDate(year, 1, 1), domain.NewDate(year, 12, 31))
}

// Range returns the entries from one date to another, both included.
func (t *Table) Range(from, to domain.Date) []domain.CalendarDay {
	if t == nil {
		return nil
	}
	i := sort.Search(len(t.days), func(i int) bool { return t.days[i].Date >= from })
	j := sort.Search(len(t.days), func(i int) bool { return t.days[i].Date > to })
	if i >= j {
		return nil
	}
	return append([]domain.CalendarDay(nil), t.days[i:j]...)
}

// Len returns the number of entries.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.days)
}

// Missing returns the years that should be covered on today but are not:
// the current year, and from December on the next one too. Pages warn
// about them until the system admin fills them in.
func (t *Table) Missing(today domain.Date) []int {
	var out []int
	y := today.Year()
	if !t.Covered(y) {
		out = append(out, y)
	}
	if today.Month() == 12 && !t.Covered(y+1) {
		out = append(out, y+1)
	}
	return out
}
