package readmodel

import (
	"sort"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
	"github.com/luoshi/luoshi/internal/textsearch"
)

// Filter narrows a task listing. Zero fields do not filter.
type Filter struct {
	PlanID   domain.ID
	Status   domain.Status
	Behind   bool // overdue, severe or lagging
	SectorID domain.ID
	FrontID  domain.ID
	// UnitID matches tasks the unit leads or co-operates on; LeadOnly
	// restricts to those it leads.
	UnitID   domain.ID
	LeadOnly bool
	LeaderID domain.ID
	Category domain.Category
	ParentID domain.ID
	Query    textsearch.Query
	// Year restricts to plans of that year.
	Year int
	// IncludeArchived lists tasks of archived plans too; a plan named by
	// PlanID is listed archived or not.
	IncludeArchived bool
}

// Find returns the tasks in scope that pass f, in plan and number order.
func (m *Model) Find(ev *Evaluation, scope Scope, f Filter) []*Task {
	var out []*Task
	for _, t := range m.Tasks {
		if !scope.Sees(t) || !f.matches(m, ev, t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func (f Filter) matches(m *Model, ev *Evaluation, t *Task) bool {
	if f.PlanID != 0 && t.PlanID != f.PlanID {
		return false
	}
	if t.Plan != nil {
		if t.Plan.Archived && !f.IncludeArchived && f.PlanID == 0 {
			return false
		}
		if f.Year != 0 && t.Plan.Year != f.Year {
			return false
		}
	}
	if f.SectorID != 0 && t.SectorID != f.SectorID {
		return false
	}
	if f.Category != "" && t.Category != f.Category {
		return false
	}
	if f.ParentID != 0 && t.ParentID != f.ParentID {
		return false
	}
	if f.FrontID != 0 && !contains(t.FrontIDs, f.FrontID) {
		return false
	}
	if f.LeaderID != 0 && !contains(t.LeaderIDs, f.LeaderID) {
		return false
	}
	if f.UnitID != 0 && !contains(t.LeadUnitIDs, f.UnitID) && (f.LeadOnly || !contains(t.CoUnitIDs, f.UnitID)) {
		return false
	}
	if f.Status != "" || f.Behind {
		st := ev.Of(t).Status
		if f.Status != "" && st != f.Status {
			return false
		}
		if f.Behind && !st.Behind() {
			return false
		}
	}
	if len(f.Query) > 0 {
		texts := []string{t.Search}
		for _, id := range t.LeadUnitIDs {
			if u := m.unitByID[id]; u != nil {
				texts = append(texts, u.Name)
			}
		}
		for _, id := range t.CoUnitIDs {
			if u := m.unitByID[id]; u != nil {
				texts = append(texts, u.Name)
			}
		}
		if !f.Query.Match(texts...) {
			return false
		}
	}
	return true
}

func contains(ids []domain.ID, id domain.ID) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// urgencyRank orders statuses for SortByUrgency.
var urgencyRank = [...]domain.Status{domain.StatusOverdue, domain.StatusSevere, domain.StatusLagging, domain.StatusDueSoon,
	domain.StatusOnTrack, domain.StatusNotStarted, domain.StatusOngoing, domain.StatusDone}

func rankOf(s domain.Status) int {
	for i, v := range urgencyRank {
		if v == s {
			return i
		}
	}
	return len(urgencyRank)
}

// SortByUrgency orders tasks most urgent first: overdue, severe, lagging by
// gap, then the rest by due date.
func SortByUrgency(ev *Evaluation, ts []*Task) {
	type key struct {
		t    *Task
		rank int
		gap  float64
	}
	keys := make([]key, len(ts))
	for i, t := range ts {
		r := ev.Of(t)
		keys[i] = key{t: t, rank: rankOf(r.Status), gap: r.Gap()}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.gap != b.gap {
			return a.gap > b.gap
		}
		return a.t.Due < b.t.Due
	})
	for i := range keys {
		ts[i] = keys[i].t
	}
}

// CompareNumbers orders task numbers naturally: 2 < 10, 1.2 < 1.10.
func CompareNumbers(a, b string) int {
	pa, pb := strings.FieldsFunc(a, isSep), strings.FieldsFunc(b, isSep)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := compareNatural(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return len(pa) - len(pb)
}

func isSep(r rune) bool { return r == '.' || r == '-' || r == '－' }

func compareNatural(a, b string) int {
	na, oka := atoi(a)
	nb, okb := atoi(b)
	switch {
	case oka && okb:
		return na - nb
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// SortByNumber orders tasks by plan, then naturally by number (the order
// the model keeps them in).
func SortByNumber(ts []*Task) {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].rank < ts[j].rank })
}

// Counts returns how many of ts have each status.
func Counts(ev *Evaluation, ts []*Task) map[domain.Status]int {
	out := map[domain.Status]int{}
	for _, t := range ts {
		out[ev.Of(t).Status]++
	}
	return out
}

// Items returns the roll-up items of ts.
func Items(ev *Evaluation, ts []*Task) []status.Item {
	items := make([]status.Item, 0, len(ts))
	for _, t := range ts {
		items = append(items, status.Item{Weight: t.Weight, Result: ev.Of(t), HasDue: !t.Ongoing && !t.Due.IsZero()})
	}
	return items
}
