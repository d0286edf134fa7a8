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
	// IncludeArchived lists tasks of archived plans too.
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

// SortByUrgency orders tasks most urgent first: overdue, severe, lagging by
// gap, then the rest by due date.
func SortByUrgency(ev *Evaluation, ts []*Task) {
	rank := map[domain.Status]int{domain.StatusOverdue: 0, domain.StatusSevere: 1, domain.StatusLagging: 2, domain.StatusDueSoon: 3,
		domain.StatusOnTrack: 4, domain.StatusNotStarted: 5, domain.StatusOngoing: 6, domain.StatusDone: 7}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ev.Of(ts[i]), ev.Of(ts[j])
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if ga, gb := a.Gap(), b.Gap(); ga != gb {
			return ga > gb
		}
		return ts[i].Due < ts[j].Due
	})
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

// SortByNumber orders tasks by plan, then naturally by number.
func SortByNumber(ts []*Task) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].PlanID != ts[j].PlanID {
			return ts[i].PlanID < ts[j].PlanID
		}
		return CompareNumbers(ts[i].Number, ts[j].Number) < 0
	})
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
