package web

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/status"
)

type plansData struct {
	Rows []planRow
}

type planRow struct {
	P       domain.Plan
	Summary status.Summary
}

func (h *handler) plansPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	ev := m.Evaluate(h.svc.Today(), m.Calendar)
	tasks := m.Find(ev, scope, readmodel.Filter{IncludeArchived: true})
	sums := map[domain.ID]status.Summary{}
	for _, g := range m.Rollup(ev, tasks, readmodel.ByPlan) {
		sums[g.ID] = g.Summary
	}
	d := &plansData{}
	for _, pl := range m.Plans {
		d.Rows = append(d.Rows, planRow{P: pl, Summary: sums[pl.ID]})
	}
	h.render(w, r, http.StatusOK, "plans", &Page{Title: reqCtx(r).p.T("web.plans.title"), Nav: "plans", Data: d})
}

type planPageData struct {
	ID         domain.ID
	In         service.PlanInput
	Goals      []goalRow
	Indicators []service.IndicatorStatus
	TaskNumber map[domain.ID]string
	Units      []*readmodel.Unit
	Cadences   []domain.Cadence
	Summary    status.Summary
}

func (h *handler) planNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	y := h.svc.Today().Year()
	d := &planPageData{In: service.PlanInput{Year: y, Kind: domain.PlanAnnual, Cadence: domain.CadenceMonthly, DueDay: 5,
		SevereGap: domain.DefaultSevereGap, DueSoonDays: domain.DefaultDueSoonDays}, Units: m.TreeOrder(), Cadences: domain.Cadences}
	h.render(w, r, http.StatusOK, "plan", &Page{Title: reqCtx(r).p.T("web.plans.new"), Nav: "plans", Data: d})
}

func (h *handler) planPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showPlan(w, r, p, idParam(r, "id"), nil, nil)
}

func (h *handler) showPlan(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID, in *service.PlanInput, ferr error) {
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	pl := m.Plan(id)
	if pl == nil {
		h.fail(w, r, &domain.Error{Kind: domain.KindNotFound, Message: reqCtx(r).p.T("err.not_found", reqCtx(r).p.T("thing.plan"))})
		return
	}
	d := &planPageData{ID: id, Units: m.TreeOrder(), Cadences: domain.Cadences}
	if in != nil {
		d.In = *in
	} else {
		d.In = service.PlanInput{Name: pl.Name, Year: pl.Year, Kind: pl.Kind, Start: pl.Start, End: pl.End, OwnerUnitID: pl.OwnerUnitID,
			Cadence: pl.Cadence, DueDay: pl.DueDay, SevereGap: pl.SevereGap, DueSoonDays: pl.DueSoonDays, Archived: pl.Archived}
	}
	goals, err := h.svc.Goals(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Goals = goalTree(goals)
	if d.Indicators, err = h.svc.IndicatorStatuses(r.Context(), p, id); err != nil {
		h.fail(w, r, err)
		return
	}
	d.TaskNumber = map[domain.ID]string{}
	for _, in := range d.Indicators {
		if t := m.Task(in.TaskID); t != nil {
			d.TaskNumber[in.TaskID] = t.Number + " " + t.Title
		}
	}
	ev := m.Evaluate(h.svc.Today(), m.Calendar)
	d.Summary = readmodel.Summary(ev, m.Find(ev, scope, readmodel.Filter{PlanID: id}))
	pg := &Page{Title: pl.Name, Nav: "plans", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "plan", pg)
}

func (h *handler) readPlanForm(r *http.Request) (service.PlanInput, error) {
	in := service.PlanInput{Name: r.FormValue("name"), Year: int(formID(r, "year")), Kind: domain.PlanKind(r.FormValue("kind")),
		OwnerUnitID: formID(r, "owner_unit_id"), Cadence: domain.Cadence(r.FormValue("cadence")), DueDay: int(formID(r, "due_day")),
		DueSoonDays: int(formID(r, "due_soon_days")), Archived: r.FormValue("archived") == "1"}
	if v, ok := formFloat(r, "severe_gap"); ok {
		in.SevereGap = v
	}
	var err error
	if in.Start, err = formDate(r, "start"); err != nil {
		return in, badDate(r, "start", "web.col.start")
	}
	if in.End, err = formDate(r, "end"); err != nil {
		return in, badDate(r, "end", "web.col.end")
	}
	return in, nil
}

func (h *handler) planCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in, err := h.readPlanForm(r)
	var pl *domain.Plan
	if err == nil {
		pl, err = h.svc.CreatePlan(r.Context(), p, in)
	}
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		m, merr := h.svc.Model(r.Context())
		if merr != nil {
			h.serverError(w, r, merr)
			return
		}
		d := &planPageData{In: in, Units: m.TreeOrder(), Cadences: domain.Cadences}
		h.render(w, r, statusOf(err), "plan", &Page{Title: reqCtx(r).p.T("web.plans.new"), Nav: "plans", Data: d, Error: domain.ErrorMessage(err), ErrorField: fieldOf(err)})
		return
	}
	redirect(w, r, "/plans/"+itoa(pl.ID), reqCtx(r).p.T("web.saved"))
}

func (h *handler) planUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	in, err := h.readPlanForm(r)
	if err == nil {
		_, err = h.svc.UpdatePlan(r.Context(), p, id, in)
	}
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindNotFound {
			h.fail(w, r, err)
			return
		}
		h.showPlan(w, r, p, id, &in, err)
		return
	}
	redirect(w, r, "/plans/"+itoa(id), reqCtx(r).p.T("web.saved"))
}

func (h *handler) goalSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	_, err := h.svc.SaveGoal(r.Context(), p, domain.Goal{ID: formID(r, "goal_id"), PlanID: id, ParentID: formID(r, "parent_id"),
		Code: r.FormValue("code"), Title: r.FormValue("title"), Description: r.FormValue("description"), Sort: int(formID(r, "sort"))})
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPlan(w, r, p, id, nil, err)
		return
	}
	redirect(w, r, "/plans/"+itoa(id)+"#goals", reqCtx(r).p.T("web.saved"))
}

func (h *handler) indicatorSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	base, _ := formFloat(r, "baseline")
	target, _ := formFloat(r, "target")
	var taskID domain.ID
	if n := strings.TrimSpace(r.FormValue("task_number")); n != "" {
		m, err := h.svc.Model(r.Context())
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		for _, t := range m.Tasks {
			if t.PlanID == id && t.Number == n {
				taskID = t.ID
			}
		}
		if taskID == 0 {
			h.showPlan(w, r, p, id, nil, &domain.Error{Kind: domain.KindInvalid, Field: "task_number", Message: reqCtx(r).p.T("web.err.task_number", n)})
			return
		}
	}
	_, err := h.svc.SaveIndicator(r.Context(), p, domain.Indicator{ID: formID(r, "indicator_id"), PlanID: id, GoalID: formID(r, "goal_id"), TaskID: taskID,
		Name: r.FormValue("name"), Measure: r.FormValue("measure"), Baseline: base, Target: target, Direction: domain.Direction(r.FormValue("direction"))})
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPlan(w, r, p, id, nil, err)
		return
	}
	redirect(w, r, "/plans/"+itoa(id)+"#indicators", reqCtx(r).p.T("web.saved"))
}

// indicatorValue records an indicator's actual value (office).
func (h *handler) indicatorValue(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	date, err := formDate(r, "date")
	if err != nil {
		h.showPlan(w, r, p, id, nil, badDate(r, "date", "web.col.date"))
		return
	}
	v, ok := formFloat(r, "value")
	if !ok {
		h.showPlan(w, r, p, id, nil, &domain.Error{Kind: domain.KindInvalid, Field: "value", Message: reqCtx(r).p.T("web.err.number", reqCtx(r).p.T("field.indicator_value"))})
		return
	}
	if _, err := h.svc.RecordIndicatorValue(r.Context(), p, domain.IndicatorValue{IndicatorID: idParam(r, "ind"), Date: date, Value: v, Note: r.FormValue("note")}); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPlan(w, r, p, id, nil, err)
		return
	}
	redirect(w, r, "/plans/"+itoa(id)+"#indicators", reqCtx(r).p.T("web.saved"))
}

// goalRow is a goal with its depth in the plan's goal tree.
type goalRow struct {
	domain.Goal
	Depth int
}

// goalTree orders goals depth-first under their parents.
func goalTree(goals []domain.Goal) []goalRow {
	kids := map[domain.ID][]domain.Goal{}
	known := map[domain.ID]bool{}
	for _, g := range goals {
		known[g.ID] = true
	}
	for _, g := range goals {
		parent := g.ParentID
		if !known[parent] {
			parent = 0
		}
		kids[parent] = append(kids[parent], g)
	}
	var out []goalRow
	var walk func(parent domain.ID, depth int)
	walk = func(parent domain.ID, depth int) {
		for _, g := range kids[parent] {
			out = append(out, goalRow{Goal: g, Depth: depth})
			if depth < 8 {
				walk(g.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return out
}
