// Package readmodel keeps an immutable in-memory view of the org tree, plans,
// tasks and approved progress, so that dashboards, lists and searches are
// answered without touching the database. A view is rebuilt when the audit
// head says structure changed, and extended with new approvals otherwise;
// several server instances on one database each follow the same head.
package readmodel

import (
	"sort"
	"sync"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
	"github.com/luoshi/luoshi/internal/workday"
)

// Model is one consistent view. It is never modified once published;
// progress updates produce a new Model sharing what did not change.
type Model struct {
	// Seq is the audit sequence the view reflects; StructureSeq the last
	// structural change and ProgressSeq the last approval it contains.
	Seq, StructureSeq, ProgressSeq int64

	Units   []*Unit
	Sectors []domain.Sector
	Fronts  []domain.Front
	People  []domain.Person
	Plans   []domain.Plan
	Posts   []domain.Post
	Leads   []domain.Leadership
	Tasks   []*Task

	// Calendar is the working-day calendar every time limit is counted
	// with; CalendarYears the years it covers, with where they came from.
	Calendar      *workday.Table
	CalendarYears []domain.CalendarYear

	unitByID   map[domain.ID]*Unit
	unitByName map[string]*Unit
	sectorByID map[domain.ID]*domain.Sector
	frontByID  map[domain.ID]*domain.Front
	personByID map[domain.ID]*domain.Person
	planByID   map[domain.ID]*domain.Plan
	taskByID   map[domain.ID]*Task
	taskIndex  map[domain.ID]int

	// evals caches evaluations by date; models with the same tasks and
	// progress share it.
	evals *evalCache
}

type evalCache struct {
	mu sync.Mutex
	m  map[evalKey]*Evaluation
}

// Unit is a unit with its place in the tree.
type Unit struct {
	domain.Unit
	Depth    int
	Children []*Unit
	Parent   *Unit
}

// Task is a task with everything needed to evaluate and show it.
type Task struct {
	domain.Task
	Plan       *domain.Plan
	Milestones []domain.Milestone
	// Points are the approved progress values, sorted for status.ProgressAt.
	Points []status.Point
	// pointReports maps report IDs to their points, for supersession.
	pointReports []domain.ID
	Search       string
	Children     []domain.ID
	// rank is the task's place in plan-and-number order, set at load.
	rank int
}

// Start is the task's start, or January 1 of its plan year.
func (t *Task) Start() domain.Date {
	if !t.Task.Start.IsZero() {
		return t.Task.Start
	}
	if t.Plan != nil {
		return t.Plan.TaskStart()
	}
	return 0
}

// Input is the status engine's view of the task on asOf.
func (t *Task) Input(asOf domain.Date) status.Input {
	in := status.Input{Start: t.Start(), Progress: status.ProgressAt(t.Points, asOf)}
	if !t.Ongoing {
		in.Due = t.Due
	}
	for _, m := range t.Milestones {
		in.Milestones = append(in.Milestones, status.Milestone{Due: m.Due, PlannedPct: m.PlannedPct, CompletedOn: m.CompletedOn})
	}
	return in
}

// Params are the status engine's thresholds for the task's plan.
func (t *Task) Params() status.Params {
	if t.Plan == nil {
		return status.Params{}
	}
	return status.Params{SevereGap: t.Plan.SevereGap, DueSoonDays: t.Plan.DueSoonDays}
}

// Cadence is the task's reporting cadence (its own, else its plan's).
func (t *Task) Cadence() domain.Cadence {
	if t.Task.Cadence != "" {
		return t.Task.Cadence
	}
	if t.Plan != nil && t.Plan.Cadence != "" {
		return t.Plan.Cadence
	}
	return domain.CadenceMonthly
}

// Unit returns a unit by ID (nil if unknown).
func (m *Model) Unit(id domain.ID) *Unit { return m.unitByID[id] }

// UnitByName finds a unit by its name, short name or an alias.
func (m *Model) UnitByName(name string) *Unit { return m.unitByName[name] }

// Sector returns a sector by ID (nil if unknown).
func (m *Model) Sector(id domain.ID) *domain.Sector { return m.sectorByID[id] }

// Front returns a front by ID (nil if unknown).
func (m *Model) Front(id domain.ID) *domain.Front { return m.frontByID[id] }

// Person returns a person by ID (nil if unknown).
func (m *Model) Person(id domain.ID) *domain.Person { return m.personByID[id] }

// Plan returns a plan by ID (nil if unknown).
func (m *Model) Plan(id domain.ID) *domain.Plan { return m.planByID[id] }

// Task returns a task by ID (nil if unknown).
func (m *Model) Task(id domain.ID) *Task { return m.taskByID[id] }

// UnitName returns a unit's name, or "" when unknown.
func (m *Model) UnitName(id domain.ID) string {
	if u := m.unitByID[id]; u != nil {
		return u.Name
	}
	return ""
}

// UnitNames maps IDs to unit names.
func (m *Model) UnitNames(ids []domain.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := m.UnitName(id); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// SectorName returns a sector's name, or "".
func (m *Model) SectorName(id domain.ID) string {
	if s := m.sectorByID[id]; s != nil {
		return s.Name
	}
	return ""
}

// FrontNames maps IDs to front names.
func (m *Model) FrontNames(ids []domain.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if f := m.frontByID[id]; f != nil {
			out = append(out, f.Name)
		}
	}
	return out
}

// PersonNames maps IDs to people's names.
func (m *Model) PersonNames(ids []domain.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if p := m.personByID[id]; p != nil {
			out = append(out, p.Name)
		}
	}
	return out
}

// Subtree returns the IDs of a unit and all its descendants.
func (m *Model) Subtree(id domain.ID) map[domain.ID]bool {
	out := map[domain.ID]bool{}
	var walk func(u *Unit)
	walk = func(u *Unit) {
		out[u.ID] = true
		for _, c := range u.Children {
			walk(c)
		}
	}
	if u := m.unitByID[id]; u != nil {
		walk(u)
	}
	return out
}

// Roots returns the units without a parent.
func (m *Model) Roots() []*Unit {
	var out []*Unit
	for _, u := range m.Units {
		if u.Parent == nil {
			out = append(out, u)
		}
	}
	return out
}

// CurrentLeaders returns who leads a sector or front on d, lead role first.
func (m *Model) CurrentLeaders(kind domain.GroupKind, id domain.ID, d domain.Date) []domain.Leadership {
	var out []domain.Leadership
	for _, l := range m.Leads {
		if l.Group == kind && l.GroupID == id && l.Current(d) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Role == domain.LeaderLead && out[j].Role != domain.LeaderLead })
	return out
}

// index builds the lookup maps and tree links of a freshly loaded model.
func (m *Model) index() {
	m.unitByID = make(map[domain.ID]*Unit, len(m.Units))
	m.unitByName = make(map[string]*Unit, len(m.Units)*2)
	for _, u := range m.Units {
		m.unitByID[u.ID] = u
	}
	// Names win over short names and aliases when they collide.
	for _, u := range m.Units {
		for _, a := range u.Aliases {
			m.unitByName[a] = u
		}
		if u.Short != "" {
			m.unitByName[u.Short] = u
		}
	}
	for _, u := range m.Units {
		m.unitByName[u.Name] = u
		if p := m.unitByID[u.ParentID]; p != nil && p != u {
			u.Parent = p
			p.Children = append(p.Children, u)
		}
	}
	var depth func(u *Unit, d int)
	depth = func(u *Unit, d int) {
		u.Depth = d
		for _, c := range u.Children {
			depth(c, d+1)
		}
	}
	for _, u := range m.Units {
		if u.Parent == nil {
			depth(u, 0)
		}
	}
	m.sectorByID = map[domain.ID]*domain.Sector{}
	for i := range m.Sectors {
		m.sectorByID[m.Sectors[i].ID] = &m.Sectors[i]
	}
	m.frontByID = map[domain.ID]*domain.Front{}
	for i := range m.Fronts {
		m.frontByID[m.Fronts[i].ID] = &m.Fronts[i]
	}
	m.personByID = make(map[domain.ID]*domain.Person, len(m.People))
	for i := range m.People {
		m.personByID[m.People[i].ID] = &m.People[i]
	}
	m.planByID = map[domain.ID]*domain.Plan{}
	for i := range m.Plans {
		m.planByID[m.Plans[i].ID] = &m.Plans[i]
	}
	m.indexTasks()
}

// indexTasks builds the task lookups. Ranks are set once at load:
// incremental models share unchanged tasks with older ones, which other
// requests may be reading.
func (m *Model) indexTasks() {
	m.taskByID = make(map[domain.ID]*Task, len(m.Tasks))
	m.taskIndex = make(map[domain.ID]int, len(m.Tasks))
	for i, t := range m.Tasks {
		m.taskByID[t.ID] = t
		m.taskIndex[t.ID] = i
	}
	m.evals = &evalCache{m: map[evalKey]*Evaluation{}}
}
