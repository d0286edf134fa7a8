package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// checkPriorYear: the year before holds units' goals of the assessed units only,
// fewer than this year's; at its year end most tasks are completed, some
// are overdue, and every task that started has reports; its cases are all
// assigned (no drafts left over) and numbered in that year.
func checkPriorYear(t *testing.T, ctx context.Context, db *store.DB, asOf domain.Date) {
	t.Helper()
	m, err := readmodel.NewCache(db).Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	year := asOf.Year() - 1
	end := domain.NewDate(year, 12, 31)
	goals := map[int]map[string]int{year: {}, year + 1: {}}
	var prior []*readmodel.Task
	for _, tk := range m.Tasks {
		if tk.Plan.Year == year {
			prior = append(prior, tk)
		}
		if len(tk.LeadUnitIDs) == 0 || !strings.Contains(tk.Plan.Name, "各单位年度工作目标") {
			continue
		}
		if u := m.Unit(tk.LeadUnitIDs[0]); u != nil && goals[tk.Plan.Year] != nil {
			goals[tk.Plan.Year][u.Category]++
		}
	}
	if goals[year]["社区/村"] != 0 || goals[year+1]["社区/村"] == 0 || goals[year]["乡镇街道"] == 0 ||
		goals[year]["区直部门"] == 0 || goals[year]["区直部门"]*2 > goals[year+1]["区直部门"] {
		t.Errorf("tasks per lead unit category and year: %v; want the year before's for assessed units only, and fewer", goals)
	}
	counts := readmodel.Counts(m.Evaluate(end, m.Calendar), prior)
	t.Logf("%d: %d tasks, status at the year end %v", year, len(prior), counts)
	if counts[domain.StatusDone]*2 < len(prior) || counts[domain.StatusOverdue] == 0 {
		t.Errorf("%d at the year end: %v; want most completed and some overdue", year, counts)
	}
	for _, tk := range prior {
		if tk.Start() <= end && len(tk.Points) == 0 {
			t.Errorf("%s %s of %d has no report", tk.Number, tk.Title, year)
		}
	}
	cases, err := db.Read().Cases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if c.Year == year {
			n++
			if c.State == domain.CaseDraft {
				t.Errorf("%s of %d is still a draft", c.Number, year)
			}
		}
	}
	if n < 100 {
		t.Errorf("%d cases of %d, want the year's cases", n, year)
	}
}
