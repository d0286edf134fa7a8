package web

import (
	"net/http"

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
	ev := m.Evaluate(h.svc.Today(), h.svc.Calendar())
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
	Goals      []domain.Goal
	Indicators []domain.Indicator
	Units      []*readmodel.Unit
	Cadences   []domain.Cadence
	Summary    status.Summary
}

func (h *handler) planNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
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
	if d.Goals, err = h.svc.Goals(r.Context(), p, id); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Indicators, err = h.svc.Indicators(r.Context(), p, id); err != nil {
		h.fail(w, r, err)
		return
	}
	ev := m.Evaluate(h.svc.Today(), h.svc.Calendar())
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
	_, err := h.svc.SaveIndicator(r.Context(), p, domain.Indicator{ID: formID(r, "indicator_id"), PlanID: id, GoalID: formID(r, "goal_id"),
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
