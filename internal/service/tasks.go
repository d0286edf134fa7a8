package service

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// MilestoneInput is a node as an office plans it.
type MilestoneInput struct {
	Due         domain.Date `json:"due"`
	Description string      `json:"description"`
	PlannedPct  float64     `json:"planned_pct"`
}

// TaskInput is a task as an office creates or edits it.
type TaskInput struct {
	PlanID      domain.ID       `json:"plan_id"`
	ParentID    domain.ID       `json:"parent_id"`
	GoalID      domain.ID       `json:"goal_id"`
	Number      string          `json:"number"`
	Title       string          `json:"title"`
	Content     string          `json:"content"`
	Category    domain.Category `json:"category"`
	SectorID    domain.ID       `json:"sector_id"`
	FrontIDs    []domain.ID     `json:"front_ids"`
	LeadUnitIDs []domain.ID     `json:"lead_unit_ids"`
	CoUnitIDs   []domain.ID     `json:"co_unit_ids"`
	LeaderIDs   []domain.ID     `json:"leader_ids"`
	Responsible string          `json:"responsible"`
	Start       domain.Date     `json:"start"`
	Due         domain.Date     `json:"due"`
	Ongoing     bool            `json:"ongoing"`
	Weight      float64         `json:"weight"`
	Cadence     domain.Cadence  `json:"cadence"`
	Sort        int             `json:"sort"`
	// Milestones replaces the task's nodes when not nil.
	Milestones []MilestoneInput `json:"milestones"`
}

// checkTask validates in against the model and returns the task to store.
// self is the task being edited (0 for a new one).
func (s *Service) checkTask(ctx context.Context, m *readmodel.Model, in TaskInput, self domain.ID) (domain.Task, []domain.Milestone, error) {
	p := printer(ctx)
	t := domain.Task{ID: self, PlanID: in.PlanID, ParentID: in.ParentID, GoalID: in.GoalID, Number: strings.TrimSpace(in.Number),
		Title: strings.TrimSpace(in.Title), Content: strings.TrimSpace(in.Content), Category: in.Category, SectorID: in.SectorID,
		FrontIDs: dedupeIDs(in.FrontIDs), LeadUnitIDs: dedupeIDs(in.LeadUnitIDs), CoUnitIDs: dedupeIDs(in.CoUnitIDs), LeaderIDs: dedupeIDs(in.LeaderIDs),
		Responsible: strings.TrimSpace(in.Responsible), Start: in.Start, Due: in.Due, Ongoing: in.Ongoing, Weight: in.Weight,
		Cadence: in.Cadence, Sort: in.Sort}
	plan := m.Plan(t.PlanID)
	if plan == nil {
		return t, nil, invalid(ctx, "plan_id", "err.not_found", p.T("thing.plan"))
	}
	if t.Number == "" {
		return t, nil, invalid(ctx, "number", "err.required", p.T("field.task_number"))
	}
	if t.Title == "" {
		return t, nil, invalid(ctx, "title", "err.required", p.T("field.task_title"))
	}
	if t.Category == "" {
		t.Category = domain.CategoryRoutine
	}
	if !t.Category.Valid() {
		return t, nil, invalid(ctx, "category", "err.invalid_value", p.T("field.category"))
	}
	if t.GoalID != 0 {
		goals, err := s.db.Read().Goals(ctx, t.PlanID)
		if err != nil {
			return t, nil, err
		}
		found := false
		for _, g := range goals {
			found = found || g.ID == t.GoalID
		}
		if !found {
			return t, nil, invalid(ctx, "goal_id", "err.not_found", p.T("thing.goal"))
		}
	}
	if t.SectorID != 0 && m.Sector(t.SectorID) == nil {
		return t, nil, invalid(ctx, "sector_id", "err.not_found", p.T("thing.sector"))
	}
	for _, id := range t.FrontIDs {
		if m.Front(id) == nil {
			return t, nil, invalid(ctx, "front_ids", "err.not_found", p.T("thing.front"))
		}
	}
	if len(t.LeadUnitIDs) == 0 {
		return t, nil, invalid(ctx, "lead_unit_ids", "err.required", p.T("field.lead_units"))
	}
	lead := map[domain.ID]bool{}
	for _, id := range t.LeadUnitIDs {
		if m.Unit(id) == nil {
			return t, nil, invalid(ctx, "lead_unit_ids", "err.not_found", p.T("thing.unit"))
		}
		lead[id] = true
	}
	var co []domain.ID
	for _, id := range t.CoUnitIDs {
		if m.Unit(id) == nil {
			return t, nil, invalid(ctx, "co_unit_ids", "err.not_found", p.T("thing.unit"))
		}
		if !lead[id] {
			co = append(co, id)
		}
	}
	t.CoUnitIDs = co
	if t.CoUnitIDs == nil {
		t.CoUnitIDs = []domain.ID{}
	}
	for _, id := range t.LeaderIDs {
		if m.Person(id) == nil {
			return t, nil, invalid(ctx, "leader_ids", "err.not_found", p.T("thing.person"))
		}
	}
	if t.ParentID != 0 {
		parent := m.Task(t.ParentID)
		if parent == nil || parent.PlanID != t.PlanID {
			return t, nil, invalid(ctx, "parent_id", "err.task.parent_plan")
		}
		for cur := parent; cur != nil; cur = m.Task(cur.ParentID) {
			if cur.ID == self && self != 0 {
				return t, nil, invalid(ctx, "parent_id", "err.unit.cycle")
			}
			if cur.ParentID == 0 {
				break
			}
		}
	}
	if t.Ongoing {
		t.Due = 0
	}
	if !t.Ongoing && t.Due.IsZero() {
		return t, nil, invalid(ctx, "due", "err.task.due_required")
	}
	start := t.Start
	if start.IsZero() {
		start = plan.TaskStart()
	}
	if !t.Due.IsZero() && t.Due < start {
		return t, nil, invalid(ctx, "due", "err.task.due_before_start", t.Due.String(), start.String())
	}
	if t.Weight == 0 {
		t.Weight = 1
	}
	if t.Weight < 0 || t.Weight > 1000 || math.IsNaN(t.Weight) {
		return t, nil, invalid(ctx, "weight", "err.range", p.T("field.weight"), 0, 1000)
	}
	if t.Cadence != "" && !t.Cadence.Valid() {
		return t, nil, invalid(ctx, "cadence", "err.invalid_value", p.T("field.cadence"))
	}
	if other := m.Find(nil, readmodel.Scope{All: true}, readmodel.Filter{PlanID: t.PlanID, IncludeArchived: true}); len(other) > 0 {
		for _, o := range other {
			if o.Number == t.Number && o.ID != self {
				return t, nil, conflict(ctx, "err.task.number_taken", t.Number)
			}
		}
	}
	var ms []domain.Milestone
	if in.Milestones != nil {
		ms = []domain.Milestone{}
		last := -1.0
		for i, mi := range in.Milestones {
			if mi.Due.IsZero() {
				return t, nil, invalid(ctx, "milestones", "err.milestone.due", i+1)
			}
			if mi.PlannedPct < 0 || mi.PlannedPct > 100 {
				return t, nil, invalid(ctx, "milestones", "err.milestone.pct", i+1)
			}
			if mi.PlannedPct < last {
				return t, nil, invalid(ctx, "milestones", "err.milestone.decreasing", i+1)
			}
			if i > 0 && mi.Due < in.Milestones[i-1].Due {
				return t, nil, invalid(ctx, "milestones", "err.milestone.order", i+1)
			}
			last = mi.PlannedPct
			ms = append(ms, domain.Milestone{Seq: i + 1, Due: mi.Due, Description: strings.TrimSpace(mi.Description), PlannedPct: mi.PlannedPct})
		}
	}
	return t, ms, nil
}

func dedupeIDs(ids []domain.ID) []domain.ID {
	seen := map[domain.ID]bool{}
	out := []domain.ID{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// searchText is what a task is found by.
func (s *Service) searchText(m *readmodel.Model, t domain.Task) string {
	fields := []string{t.Number, t.Title, t.Content, t.Responsible, m.SectorName(t.SectorID)}
	fields = append(fields, m.FrontNames(t.FrontIDs)...)
	fields = append(fields, m.PersonNames(t.LeaderIDs)...)
	return s.norm.Document(fields...)
}

// requireTaskOffice fails unless p is an office covering the task's lead units.
func (s *Service) requireTaskOffice(ctx context.Context, p *Principal, m *readmodel.Model, leadUnits []domain.ID) error {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return err
	}
	if !officeCovers(m, p, leadUnits...) {
		return forbidden(ctx)
	}
	return nil
}

// CreateTask adds a task (office).
func (s *Service) CreateTask(ctx context.Context, p *Principal, in TaskInput) (*domain.Task, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	t, ms, err := s.checkTask(ctx, m, in, 0)
	if err != nil {
		return nil, err
	}
	if err := s.requireTaskOffice(ctx, p, m, t.LeadUnitIDs); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertTask(ctx, &t, s.searchText(m, t), s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.task.number_taken", t.Number)
			}
			return err
		}
		if len(ms) > 0 {
			if err := tx.InsertMilestones(ctx, t.ID, ms); err != nil {
				return err
			}
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "task.create", Entity: "task", EntityID: t.ID, After: taskState{t, ms}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// taskState is a task with its nodes, as the audit log records it.
type taskState struct {
	domain.Task
	Milestones []domain.Milestone `json:"milestones,omitempty"`
}

// UpdateTask edits a task (office covering its lead units before and after).
func (s *Service) UpdateTask(ctx context.Context, p *Principal, id domain.ID, in TaskInput) (*domain.Task, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	old := m.Task(id)
	if old == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.task"))
	}
	if err := s.requireTaskOffice(ctx, p, m, old.LeadUnitIDs); err != nil {
		return nil, err
	}
	if in.PlanID == 0 {
		in.PlanID = old.PlanID
	}
	t, ms, err := s.checkTask(ctx, m, in, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireTaskOffice(ctx, p, m, t.LeadUnitIDs); err != nil {
		return nil, err
	}
	t.CreatedAt = old.CreatedAt
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateTask(ctx, t, s.searchText(m, t), s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.task.number_taken", t.Number)
			}
			return fromStore(ctx, err, "thing.task")
		}
		after := taskState{Task: t}
		if ms != nil {
			if err := tx.ReplaceMilestones(ctx, t.ID, ms); err != nil {
				return err
			}
			after.Milestones = ms
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "task.update", Entity: "task", EntityID: id,
			Before: taskState{old.Task, old.Milestones}, After: after})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Task returns a task p may see.
func (s *Service) Task(ctx context.Context, p *Principal, id domain.ID) (*readmodel.Task, *readmodel.Model, error) {
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	t := m.Task(id)
	if t == nil || !scope.Sees(t) {
		// Out of scope looks the same as missing: no one learns what exists elsewhere.
		return nil, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.task"))
	}
	return t, m, nil
}

// CanEditTask reports whether p may edit t.
func (s *Service) CanEditTask(p *Principal, m *readmodel.Model, t *readmodel.Task) bool {
	return (p.System || p.Has(domain.RoleOffice)) && officeCovers(m, p, t.LeadUnitIDs...)
}

// CanCreateTasks reports whether p may create tasks at all.
func (s *Service) CanCreateTasks(p *Principal) bool { return p.System || p.Has(domain.RoleOffice) }
