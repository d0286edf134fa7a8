package workday

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

func TestWeekendsBetweenAndAdd(t *testing.T) {
	d := domain.MustDate
	cases := []struct {
		name     string
		from, to string
		between  int
	}{
		{"same day", "2023-07-14", "2023-07-14", 0},
		{"friday to monday", "2023-07-14", "2023-07-17", 1},
		{"monday to friday", "2023-07-10", "2023-07-14", 4},
		{"a full week", "2023-07-09", "2023-07-16", 5},
		{"backwards", "2023-07-17", "2023-07-14", 0},
		{"saturday to sunday", "2023-07-15", "2023-07-16", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Between(Weekends{}, d(c.from), d(c.to)); got != c.between {
				t.Errorf("Between(%s, %s) = %d, want %d", c.from, c.to, got, c.between)
			}
		})
	}
	adds := []struct {
		from string
		n    int
		want string
	}{
		{"2023-07-14", 0, "2023-07-14"},
		{"2023-07-14", 1, "2023-07-17"},
		{"2023-07-15", 1, "2023-07-17"},
		{"2023-07-10", 5, "2023-07-17"},
		{"2023-07-10", 10, "2023-07-24"},
	}
	for _, c := range adds {
		if got := Add(Weekends{}, d(c.from), c.n); got != d(c.want) {
			t.Errorf("Add(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
		if c.n > 0 {
			if back := Between(Weekends{}, d(c.from), d(c.want)); back != c.n {
				t.Errorf("Between(%s, Add(…, %d)) = %d", c.from, c.n, back)
			}
		}
	}
}
