package readmodel

import "github.com/luoshi/luoshi/internal/domain"

// Scope is what part of the work an account may see. The zero Scope sees
// nothing.
type Scope struct {
	All bool
	// Units: tasks with a lead or co-unit here, and these units' pages.
	Units map[domain.ID]bool
	// Sectors and Fronts a leader leads; Person the leader's own tasks.
	Sectors map[domain.ID]bool
	Fronts  map[domain.ID]bool
	Person  domain.ID
}

// Empty reports whether the scope sees nothing at all.
func (s Scope) Empty() bool {
	return !s.All && len(s.Units) == 0 && len(s.Sectors) == 0 && len(s.Fronts) == 0 && s.Person == 0
}

// Sees reports whether the scope covers a task.
func (s Scope) Sees(t *Task) bool {
	if s.All {
		return true
	}
	for _, id := range t.LeadUnitIDs {
		if s.Units[id] {
			return true
		}
	}
	for _, id := range t.CoUnitIDs {
		if s.Units[id] {
			return true
		}
	}
	if t.SectorID != 0 && s.Sectors[t.SectorID] {
		return true
	}
	for _, id := range t.FrontIDs {
		if s.Fronts[id] {
			return true
		}
	}
	if s.Person != 0 {
		for _, id := range t.LeaderIDs {
			if id == s.Person {
				return true
			}
		}
	}
	return false
}

// SeesUnit reports whether the scope covers a unit's page: its own units,
// and for leaders the units of the sectors they lead.
func (s Scope) SeesUnit(u *Unit) bool {
	if s.All {
		return true
	}
	if u == nil {
		return false
	}
	return s.Units[u.ID] || (u.SectorID != 0 && s.Sectors[u.SectorID])
}

// Merge returns the union of two scopes.
func (s Scope) Merge(o Scope) Scope {
	out := Scope{All: s.All || o.All, Person: s.Person}
	if out.Person == 0 {
		out.Person = o.Person
	}
	out.Units = union(s.Units, o.Units)
	out.Sectors = union(s.Sectors, o.Sectors)
	out.Fronts = union(s.Fronts, o.Fronts)
	return out
}

func union(a, b map[domain.ID]bool) map[domain.ID]bool {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make(map[domain.ID]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// ScopeFor builds the scope of a set of grants for the person behind them
// on date d.
func (m *Model) ScopeFor(grants []domain.Grant, personID domain.ID, d domain.Date) Scope {
	var s Scope
	for _, g := range grants {
		switch g.Role {
		case domain.RoleOffice:
			if g.UnitID == 0 {
				s.All = true
			} else {
				s = s.Merge(Scope{Units: m.Subtree(g.UnitID)})
			}
		case domain.RoleLeader:
			if personID == 0 {
				continue
			}
			ls := Scope{Sectors: map[domain.ID]bool{}, Fronts: map[domain.ID]bool{}, Person: personID}
			for _, l := range m.Leads {
				if l.PersonID != personID || !l.Current(d) {
					continue
				}
				if l.Group == domain.GroupSector {
					ls.Sectors[l.GroupID] = true
				} else {
					ls.Fronts[l.GroupID] = true
				}
			}
			if g.UnitID != 0 {
				ls.Units = m.Subtree(g.UnitID)
			}
			s = s.Merge(ls)
		case domain.RoleUnitHead, domain.RoleLiaison, domain.RoleExaminer, domain.RoleMember:
			if g.UnitID != 0 {
				s = s.Merge(Scope{Units: m.Subtree(g.UnitID)})
			}
		}
	}
	return s
}
