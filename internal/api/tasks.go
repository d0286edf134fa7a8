package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// taskFilter reads the task filters shared by /tasks, /status and
// /compliance. m resolves plans given by name.
func (s *server) taskFilter(ctx context.Context, q *params, m *readmodel.Model) readmodel.Filter {
	pr := i18n.From(ctx)
	f := readmodel.Filter{
		SectorID: q.id("sector"), FrontID: q.id("front"), UnitID: q.id("unit"), LeadOnly: q.flag("lead_only"),
		LeaderID: q.id("leader"), ParentID: q.id("parent"), Behind: q.flag("behind"),
		Year: q.intIn("year", 0, 2000, 2100), IncludeArchived: q.flag("include_archived"),
	}
	if plan := q.str("plan"); plan != "" {
		f.PlanID = planRef(m, plan)
		if f.PlanID == 0 && q.err == nil {
			q.err = &domain.Error{Kind: domain.KindInvalid, Field: "plan", Message: pr.T("api.err.plan_unknown", plan)}
		}
	}
	if st := domain.Status(q.str("status")); st != "" {
		if !st.Valid() {
			q.bad("status", string(st))
		}
		f.Status = st
	}
	if c := domain.Category(q.str("category")); c != "" {
		if !c.Valid() {
			q.bad("category", string(c))
		}
		f.Category = c
	}
	if text := q.str("q"); text != "" {
		// The normaliser folds traditional to simplified and full-width to
		// half-width, so 養老 finds 养老.
		f.Query = s.svc.Normalizer().ParseQuery(text)
	}
	return f
}

// planRef resolves a plan by ID or by exact name (as `luoshi status
// --plan` takes it); 0 when there is none.
func planRef(m *readmodel.Model, ref string) domain.ID {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if m.Plan(id) != nil {
			return id
		}
		return 0
	}
	for _, p := range m.Plans {
		if p.Name == ref {
			return p.ID
		}
	}
	return 0
}

// asOf reads the as_of parameter, today by default.
func (s *server) asOf(q *params) domain.Date {
	if d := q.date("as_of"); !d.IsZero() {
		return d
	}
	return s.svc.Today()
}

func (s *server) listTasks(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	ctx := r.Context()
	scope, m, err := s.svc.Scope(ctx, p)
	if err != nil {
		return err
	}
	q := query(r)
	f := s.taskFilter(ctx, q, m)
	asOf := s.asOf(q)
	pg := q.page()
	sortBy := q.str("sort")
	if sortBy != "" && sortBy != "number" && sortBy != "urgency" {
		q.bad("sort", sortBy)
	}
	if q.err != nil {
		return q.err
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, f)
	if sortBy == "urgency" {
		readmodel.SortByUrgency(ev, tasks)
	} else {
		readmodel.SortByNumber(tasks)
	}
	out := list[taskView]{Items: []taskView{}, Total: len(tasks)}
	for _, t := range window(tasks, pg) {
		out.Items = append(out.Items, newTaskView(m, ev, t))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *server) getTask(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := query(r)
	asOf := s.asOf(q)
	if q.err != nil {
		return q.err
	}
	return s.writeTask(w, r, p, http.StatusOK, id, asOf)
}

// writeTask answers with the task as the caller sees it on asOf.
func (s *server) writeTask(w http.ResponseWriter, r *http.Request, p *service.Principal, code int, id domain.ID, asOf domain.Date) error {
	ctx := r.Context()
	t, m, err := s.svc.Task(ctx, p, id)
	if err != nil {
		return err
	}
	scope, _, err := s.svc.Scope(ctx, p)
	if err != nil {
		return err
	}
	ev := m.Evaluate(asOf, m.Calendar)
	d := taskDetailView{taskView: newTaskView(m, ev, t), Milestones: t.Milestones, Children: []taskView{},
		LeadUnits: unitRefs(m, t.LeadUnitIDs), CoUnits: unitRefs(m, t.CoUnitIDs), Leaders: personRefs(m, t.LeaderIDs),
		Fronts: frontRefs(m, t.FrontIDs), Cadence: t.Cadence(), CanEdit: s.svc.CanEditTask(p, m, t), CanReport: s.svc.CanReport(p, m, t)}
	if d.Milestones == nil {
		d.Milestones = []domain.Milestone{}
	}
	if sec := m.Sector(t.SectorID); sec != nil {
		d.Sector = &refView{ID: sec.ID, Name: sec.Name}
	}
	for _, cid := range t.Children {
		if c := m.Task(cid); c != nil && scope.Sees(c) {
			d.Children = append(d.Children, newTaskView(m, ev, c))
		}
	}
	if d.Exemption, err = s.svc.TaskExemption(ctx, id); err != nil {
		return err
	}
	if code == http.StatusCreated {
		return created(w, fmt.Sprintf("%s/tasks/%d", prefix, id), d)
	}
	return writeJSON(w, code, d)
}

func (s *server) createTask(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.TaskInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.CreateTask(r.Context(), p, in)
	if err != nil {
		return err
	}
	return s.writeTask(w, r, p, http.StatusCreated, t.ID, s.svc.Today())
}

// updateTask replaces a task's fields. Milestones left out (or null) keep
// the task's nodes; a list, even empty, replaces them.
func (s *server) updateTask(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// A task outside the caller's scope is missing, not forbidden.
	if _, _, err := s.svc.Task(r.Context(), p, id); err != nil {
		return err
	}
	var in service.TaskInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.UpdateTask(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.writeTask(w, r, p, http.StatusOK, id, s.svc.Today())
}
