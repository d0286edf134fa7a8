package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type taskFormData struct {
	ID           domain.ID
	In           service.TaskInput
	ParentNumber string
	Milestones   []milestoneForm
	Plans        []domain.Plan
	Sectors      []domain.Sector
	Fronts       []domain.Front
	Units        []*readmodel.Unit
	People       []domain.Person
	Cats         []domain.Category
	Cadences     []domain.Cadence
	Goals        []goalRow
}

type milestoneForm struct {
	Due, Description, Pct string
}

func (h *handler) taskFormChoices(r *http.Request, p *service.Principal, m *readmodel.Model, d *taskFormData) {
	if goals, err := h.svc.Goals(r.Context(), p, d.In.PlanID); err == nil && d.In.PlanID != 0 {
		d.Goals = goalTree(goals)
	}
	d.Plans, d.Sectors, d.Fronts, d.Units = m.Plans, m.Sectors, m.Fronts, m.TreeOrder()
	for _, p := range m.People {
		if p.Active {
			d.People = append(d.People, p)
		}
	}
	d.Cats, d.Cadences = domain.Categories, domain.Cadences
}

func (h *handler) taskNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if !h.svc.CanCreateTasks(p) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := &taskFormData{In: service.TaskInput{PlanID: formID(r, "plan"), Weight: 1, Category: domain.CategoryKey}}
	if d.In.PlanID == 0 && len(m.Plans) > 0 {
		d.In.PlanID = m.Plans[0].ID
	}
	h.taskFormChoices(r, p, m, d)
	h.render(w, r, http.StatusOK, "task_form", &Page{Title: reqCtx(r).p.T("web.tasks.new"), Nav: "tasks", Data: d})
}

func (h *handler) taskEditPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	t, m, err := h.svc.Task(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !h.svc.CanEditTask(p, m, t) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	d := &taskFormData{ID: t.ID, In: taskInputOf(t)}
	if par := m.Task(t.ParentID); par != nil {
		d.ParentNumber = par.Number
	}
	for _, ms := range t.Milestones {
		d.Milestones = append(d.Milestones, milestoneForm{Due: ms.Due.String(), Description: ms.Description, Pct: formatNum(ms.PlannedPct)})
	}
	h.taskFormChoices(r, p, m, d)
	h.render(w, r, http.StatusOK, "task_form", &Page{Title: reqCtx(r).p.T("web.tasks.edit"), Nav: "tasks", Data: d})
}

// taskInputOf is the task as it stands, which an edit starts from: the
// form overwrites what it carries and every other field stays.
func taskInputOf(t *readmodel.Task) service.TaskInput {
	return service.TaskInput{PlanID: t.PlanID, ParentID: t.ParentID, GoalID: t.GoalID, Number: t.Number, Title: t.Title, Content: t.Content,
		Category: t.Category, SectorID: t.SectorID, FrontIDs: t.FrontIDs, LeadUnitIDs: t.LeadUnitIDs, CoUnitIDs: t.CoUnitIDs, LeaderIDs: t.LeaderIDs,
		Responsible: t.Responsible, Start: t.Task.Start, Due: t.Due, Ongoing: t.Ongoing, Weight: t.Weight, Cadence: t.Task.Cadence, Sort: t.Sort}
}

// readTaskForm parses the task form into d.In; field errors name the field.
func (h *handler) readTaskForm(r *http.Request, m *readmodel.Model, d *taskFormData) error {
	pr := reqCtx(r).p
	in := &d.In
	in.PlanID = formID(r, "plan_id")
	in.Number, in.Title, in.Content = r.FormValue("number"), r.FormValue("title"), r.FormValue("content")
	in.Category = domain.Category(r.FormValue("category"))
	in.SectorID = formID(r, "sector_id")
	// The goal list shows only when the plan has goals.
	if _, ok := r.Form["goal_id"]; ok {
		in.GoalID = formID(r, "goal_id")
	}
	in.FrontIDs, in.LeadUnitIDs, in.CoUnitIDs, in.LeaderIDs = formIDs(r, "front_ids"), formIDs(r, "lead_unit_ids"), formIDs(r, "co_unit_ids"), formIDs(r, "leader_ids")
	in.Responsible = r.FormValue("responsible")
	in.Ongoing = r.FormValue("ongoing") == "1"
	in.Cadence = domain.Cadence(r.FormValue("cadence"))
	d.ParentNumber = strings.TrimSpace(r.FormValue("parent_number"))
	var err error
	if in.Start, err = formDate(r, "start"); err != nil {
		return badDate(r, "start", "web.col.start")
	}
	if in.Due, err = formDate(r, "due"); err != nil {
		return badDate(r, "due", "web.col.due")
	}
	if v := strings.TrimSpace(r.FormValue("weight")); v != "" {
		w, ok := formFloat(r, "weight")
		if !ok {
			return &domain.Error{Kind: domain.KindInvalid, Field: "weight", Message: pr.T("web.err.number", pr.T("field.weight"))}
		}
		in.Weight = w
	}
	in.ParentID = 0
	if d.ParentNumber != "" {
		for _, t := range m.Find(nil, readmodel.Scope{All: true}, readmodel.Filter{PlanID: in.PlanID, IncludeArchived: true}) {
			if t.Number == d.ParentNumber {
				in.ParentID = t.ID
			}
		}
		if in.ParentID == 0 {
			return &domain.Error{Kind: domain.KindInvalid, Field: "parent_number", Message: pr.T("web.err.parent", d.ParentNumber)}
		}
	}
	dues, descs, pcts := r.Form["ms_due"], r.Form["ms_desc"], r.Form["ms_pct"]
	in.Milestones = []service.MilestoneInput{}
	d.Milestones = nil
	for i := range dues {
		mf := milestoneForm{Due: dues[i]}
		if i < len(descs) {
			mf.Description = descs[i]
		}
		if i < len(pcts) {
			mf.Pct = pcts[i]
		}
		if strings.TrimSpace(mf.Due) == "" && strings.TrimSpace(mf.Description) == "" && strings.TrimSpace(mf.Pct) == "" {
			continue
		}
		d.Milestones = append(d.Milestones, mf)
		due, err := domain.ParseDate(strings.TrimSpace(mf.Due))
		if err != nil || due.IsZero() {
			return &domain.Error{Kind: domain.KindInvalid, Field: "milestones", Message: pr.T("err.milestone.due", len(d.Milestones))}
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(mf.Pct), "%"), 64)
		if err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Field: "milestones", Message: pr.T("err.milestone.pct", len(d.Milestones))}
		}
		in.Milestones = append(in.Milestones, service.MilestoneInput{Due: due, Description: mf.Description, PlannedPct: pct})
	}
	return nil
}

func (h *handler) taskCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveTask(w, r, p, 0)
}

func (h *handler) taskUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveTask(w, r, p, idParam(r, "id"))
}

func (h *handler) saveTask(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) {
	pr := reqCtx(r).p
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := &taskFormData{ID: id}
	if t := m.Task(id); id != 0 && t != nil {
		d.In = taskInputOf(t)
	}
	err = h.readTaskForm(r, m, d)
	var t *domain.Task
	if err == nil {
		if id == 0 {
			t, err = h.svc.CreateTask(r.Context(), p, d.In)
		} else {
			t, err = h.svc.UpdateTask(r.Context(), p, id, d.In)
		}
	}
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindNotFound {
			h.fail(w, r, err)
			return
		}
		h.taskFormChoices(r, p, m, d)
		title := pr.T("web.tasks.new")
		if id != 0 {
			title = pr.T("web.tasks.edit")
		}
		h.render(w, r, httpx.StatusFor(err), "task_form", &Page{Title: title, Nav: "tasks", Data: d, Error: domain.ErrorMessage(err), ErrorField: fieldOf(err)})
		return
	}
	redirect(w, r, taskLink(t.ID), pr.T("web.saved"))
}
