package readmodel

import (
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
)

// GroupBy names a roll-up dimension.
type GroupBy string

const (
	ByUnit     GroupBy = "unit"   // tasks the unit leads
	BySector   GroupBy = "sector" // 口
	ByFront    GroupBy = "front"  // 线
	ByLeader   GroupBy = "leader" // leader in charge
	ByPlan     GroupBy = "plan"
	ByCategory GroupBy = "category"
)

// Group is one row of a league table.
type Group struct {
	By      GroupBy        `json:"-"`
	ID      domain.ID      `json:"id,omitempty"`
	Key     string         `json:"key,omitempty"`
	Name    string         `json:"name"`
	Summary status.Summary `json:"summary"`
	Tasks   []*Task        `json:"-"`
}

// Rollup groups ts by a dimension and summarises each group, in the
// dimension's natural order (tree order for units, sort order for sectors).
func (m *Model) Rollup(ev *Evaluation, ts []*Task, by GroupBy) []Group {
	members := map[domain.ID][]*Task{}
	keyed := map[string][]*Task{}
	for _, t := range ts {
		switch by {
		case ByUnit:
			for _, id := range t.LeadUnitIDs {
				members[id] = append(members[id], t)
			}
		case BySector:
			if t.SectorID != 0 {
				members[t.SectorID] = append(members[t.SectorID], t)
			}
		case ByFront:
			for _, id := range t.FrontIDs {
				members[id] = append(members[id], t)
			}
		case ByLeader:
			for _, id := range t.LeaderIDs {
				members[id] = append(members[id], t)
			}
		case ByPlan:
			members[t.PlanID] = append(members[t.PlanID], t)
		case ByCategory:
			keyed[string(t.Category)] = append(keyed[string(t.Category)], t)
		}
	}
	var out []Group
	add := func(id domain.ID, key, name string, tasks []*Task) {
		if len(tasks) == 0 {
			return
		}
		out = append(out, Group{By: by, ID: id, Key: key, Name: name, Summary: status.Rollup(Items(ev, tasks)), Tasks: tasks})
	}
	switch by {
	case ByUnit:
		for _, u := range m.treeOrder() {
			add(u.ID, "", u.Name, members[u.ID])
		}
	case BySector:
		for _, s := range m.Sectors {
			add(s.ID, "", s.Name, members[s.ID])
		}
	case ByFront:
		for _, f := range m.Fronts {
			add(f.ID, "", f.Name, members[f.ID])
		}
	case ByLeader:
		ids := make([]domain.ID, 0, len(members))
		for id := range members {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if p := m.personByID[id]; p != nil {
				add(id, "", p.Name, members[id])
			}
		}
	case ByPlan:
		for _, p := range m.Plans {
			add(p.ID, "", p.Name, members[p.ID])
		}
	case ByCategory:
		for _, c := range domain.Categories {
			add(0, string(c), string(c), keyed[string(c)])
		}
	}
	return out
}

// treeOrder returns units depth-first in sort order.
func (m *Model) treeOrder() []*Unit {
	var out []*Unit
	var walk func(u *Unit)
	walk = func(u *Unit) {
		out = append(out, u)
		for _, c := range u.Children {
			walk(c)
		}
	}
	for _, u := range m.Units {
		if u.Parent == nil {
			walk(u)
		}
	}
	return out
}

// TreeOrder returns units depth-first in sort order.
func (m *Model) TreeOrder() []*Unit { return m.treeOrder() }

// RankByGap orders groups most behind first (largest expected − progress),
// then by name.
func RankByGap(gs []Group) {
	sort.SliceStable(gs, func(i, j int) bool {
		gi := gs[i].Summary.Expected - gs[i].Summary.Progress
		gj := gs[j].Summary.Expected - gs[j].Summary.Progress
		if gi != gj {
			return gi > gj
		}
		return gs[i].Name < gs[j].Name
	})
}

// Summary rolls up ts as one group.
func Summary(ev *Evaluation, ts []*Task) status.Summary {
	return status.Rollup(Items(ev, ts))
}
