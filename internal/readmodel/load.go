package readmodel

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// Cache hands out the current Model, catching up with the database when the
// audit head has moved.
type Cache struct {
	db  *store.DB
	mu  sync.Mutex // one loader at a time
	cur atomic.Pointer[Model]

	// FullLoads and DeltaLoads count reloads, for metrics and tests.
	FullLoads, DeltaLoads atomic.Int64
}

// NewCache returns a cache over db; the first Get loads the model.
func NewCache(db *store.DB) *Cache { return &Cache{db: db} }

// Get returns a model at least as new as the database's audit head.
func (c *Cache) Get(ctx context.Context) (*Model, error) {
	seq, _, err := c.db.Read().Head(ctx)
	if err != nil {
		return nil, err
	}
	return c.GetAt(ctx, seq)
}

// GetAt returns a model at least as new as audit sequence seq, which the
// caller has just read from the head.
func (c *Cache) GetAt(ctx context.Context, seq int64) (*Model, error) {
	if m := c.cur.Load(); m != nil && m.Seq >= seq {
		return m, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.cur.Load(); m != nil && m.Seq >= seq {
		return m, nil
	}
	m, err := c.catchUp(ctx, c.cur.Load())
	if err != nil {
		return nil, err
	}
	c.cur.Store(m)
	return m, nil
}

// Current returns the last loaded model without asking the database
// (nil before the first Get).
func (c *Cache) Current() *Model { return c.cur.Load() }

func (c *Cache) catchUp(ctx context.Context, old *Model) (*Model, error) {
	var next *Model
	err := c.db.Snapshot(ctx, func(r *store.Reader) error {
		h, err := r.Heads(ctx)
		if err != nil {
			return err
		}
		switch {
		case old == nil || h.Structure > old.StructureSeq:
			next, err = loadFull(ctx, r)
			if err != nil {
				return err
			}
			c.FullLoads.Add(1)
		case h.Progress > old.ProgressSeq:
			next, err = old.withProgress(ctx, r)
			if err != nil {
				return err
			}
			c.DeltaLoads.Add(1)
		default:
			// Nothing the model holds has changed (a login, a draft, a
			// submission): the same model at the new sequence.
			cp := old.shared()
			next = cp
		}
		next.Seq, next.StructureSeq, next.ProgressSeq = h.Seq, h.Structure, h.Progress
		return nil
	})
	return next, err
}

func loadFull(ctx context.Context, r *store.Reader) (*Model, error) {
	m := &Model{}
	units, err := r.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		m.Units = append(m.Units, &Unit{Unit: u})
	}
	if m.Sectors, err = r.Sectors(ctx); err != nil {
		return nil, err
	}
	if m.Fronts, err = r.Fronts(ctx); err != nil {
		return nil, err
	}
	if m.People, err = r.People(ctx); err != nil {
		return nil, err
	}
	if m.Posts, err = r.Posts(ctx); err != nil {
		return nil, err
	}
	if m.Leads, err = r.Leaderships(ctx); err != nil {
		return nil, err
	}
	if m.Plans, err = r.Plans(ctx); err != nil {
		return nil, err
	}
	if m.Calendar, m.CalendarYears, err = LoadCalendar(ctx, r); err != nil {
		return nil, err
	}
	m.index()
	byID := map[domain.ID]*Task{}
	err = r.AllTasks(ctx, func(row store.TaskRow) {
		t := &Task{Task: row.Task, Search: row.SearchText, Plan: m.planByID[row.PlanID]}
		t.LeadUnitIDs, t.CoUnitIDs, t.FrontIDs, t.LeaderIDs = []domain.ID{}, []domain.ID{}, []domain.ID{}, []domain.ID{}
		m.Tasks = append(m.Tasks, t)
		byID[t.ID] = t
	})
	if err != nil {
		return nil, err
	}
	if err := r.AllTaskUnits(ctx, func(tu store.TaskUnit) {
		if t := byID[tu.TaskID]; t != nil {
			if tu.Lead {
				t.LeadUnitIDs = append(t.LeadUnitIDs, tu.UnitID)
			} else {
				t.CoUnitIDs = append(t.CoUnitIDs, tu.UnitID)
			}
		}
	}); err != nil {
		return nil, err
	}
	if err := r.AllTaskFronts(ctx, func(tid, fid domain.ID) {
		if t := byID[tid]; t != nil {
			t.FrontIDs = append(t.FrontIDs, fid)
		}
	}); err != nil {
		return nil, err
	}
	if err := r.AllTaskLeaders(ctx, func(tid, pid domain.ID) {
		if t := byID[tid]; t != nil {
			t.LeaderIDs = append(t.LeaderIDs, pid)
		}
	}); err != nil {
		return nil, err
	}
	if err := r.AllMilestones(ctx, func(ms domain.Milestone) {
		if t := byID[ms.TaskID]; t != nil {
			t.Milestones = append(t.Milestones, ms)
		}
	}); err != nil {
		return nil, err
	}
	for _, t := range m.Tasks {
		if p := byID[t.ParentID]; p != nil {
			p.Children = append(p.Children, t.ID)
		}
	}
	err = r.ApprovedSince(ctx, 0, func(p store.ProgressPoint) {
		if t := byID[p.TaskID]; t != nil {
			t.addPoint(p)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("load progress: %w", err)
	}
	for _, t := range m.Tasks {
		t.sortPoints()
	}
	// Tasks are kept in plan and natural number order, so that listings
	// come out sorted without sorting.
	planOrder := map[domain.ID]int{}
	for i, p := range m.Plans {
		planOrder[p.ID] = i
	}
	sort.SliceStable(m.Tasks, func(i, j int) bool {
		a, b := m.Tasks[i], m.Tasks[j]
		if a.PlanID != b.PlanID {
			return planOrder[a.PlanID] < planOrder[b.PlanID]
		}
		return CompareNumbers(a.Number, b.Number) < 0
	})
	for i, t := range m.Tasks {
		t.rank = i
	}
	m.indexTasks()
	return m, nil
}

// withProgress returns a copy of m with the approvals made after m.Seq.
func (m *Model) withProgress(ctx context.Context, r *store.Reader) (*Model, error) {
	changed := map[domain.ID]*Task{}
	err := r.ApprovedSince(ctx, m.Seq, func(p store.ProgressPoint) {
		t := changed[p.TaskID]
		if t == nil {
			old := m.taskByID[p.TaskID]
			if old == nil {
				return
			}
			cp := *old
			cp.Points = append([]status.Point(nil), old.Points...)
			cp.pointReports = append([]domain.ID(nil), old.pointReports...)
			t = &cp
			changed[p.TaskID] = t
		}
		t.addPoint(p)
	})
	if err != nil {
		return nil, fmt.Errorf("load new progress: %w", err)
	}
	if len(changed) == 0 {
		return m.shared(), nil
	}
	next := &Model{
		Units: m.Units, Sectors: m.Sectors, Fronts: m.Fronts, People: m.People, Plans: m.Plans, Posts: m.Posts, Leads: m.Leads,
		Calendar: m.Calendar, CalendarYears: m.CalendarYears, unitByID: m.unitByID, unitByName: m.unitByName, sectorByID: m.sectorByID, frontByID: m.frontByID,
		personByID: m.personByID, planByID: m.planByID,
	}
	next.Tasks = make([]*Task, len(m.Tasks))
	copy(next.Tasks, m.Tasks)
	for id, t := range changed {
		t.sortPoints()
		next.Tasks[m.taskIndex[id]] = t
	}
	next.indexTasks()
	return next, nil
}

// addPoint adds an approved report, dropping the version it supersedes.
// Points are sorted afterwards by sortPoints.
func (t *Task) addPoint(p store.ProgressPoint) {
	if p.Supersedes != 0 {
		for i, id := range t.pointReports {
			if id == p.Supersedes {
				t.Points = append(t.Points[:i], t.Points[i+1:]...)
				t.pointReports = append(t.pointReports[:i], t.pointReports[i+1:]...)
				break
			}
		}
	}
	t.Points = append(t.Points, status.Point{Date: p.Date, Seq: p.Seq, Progress: p.Progress})
	t.pointReports = append(t.pointReports, p.ReportID)
}

// sortPoints orders points (and their report IDs alongside) by date and seq.
func (t *Task) sortPoints() {
	idx := make([]int, len(t.Points))
	for i := range idx {
		idx[i] = i
	}
	pts, ids := t.Points, t.pointReports
	sortIndex(idx, func(a, b int) bool {
		if pts[a].Date != pts[b].Date {
			return pts[a].Date < pts[b].Date
		}
		return pts[a].Seq < pts[b].Seq
	})
	np := make([]status.Point, len(pts))
	ni := make([]domain.ID, len(ids))
	for i, j := range idx {
		np[i], ni[i] = pts[j], ids[j]
	}
	t.Points, t.pointReports = np, ni
}

// shared returns a copy of m that shares everything, evaluations included,
// for a newer sequence at which nothing m holds has changed.
func (m *Model) shared() *Model {
	return &Model{
		Units: m.Units, Sectors: m.Sectors, Fronts: m.Fronts, People: m.People, Plans: m.Plans, Posts: m.Posts, Leads: m.Leads,
		Calendar: m.Calendar, CalendarYears: m.CalendarYears, Tasks: m.Tasks, unitByID: m.unitByID, unitByName: m.unitByName, sectorByID: m.sectorByID, frontByID: m.frontByID,
		personByID: m.personByID, planByID: m.planByID, taskByID: m.taskByID, taskIndex: m.taskIndex, evals: m.evals,
	}
}

// LoadCalendar reads the working-day calendar. Calendar edits are
// structural changes, so a model's calendar is as current as its org and
// tasks, on every instance following the audit head.
func LoadCalendar(ctx context.Context, r *store.Reader) (*workday.Table, []domain.CalendarYear, error) {
	days, err := r.CalendarDays(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load calendar: %w", err)
	}
	years, err := r.CalendarYears(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load calendar: %w", err)
	}
	covered := make([]int, len(years))
	for i, y := range years {
		covered[i] = y.Year
	}
	return workday.NewTable(days, covered), years, nil
}
