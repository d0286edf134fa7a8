package web

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/status"
)

type unitsData struct {
	Rows   []unitRow
	CanNew bool
}

type unitRow struct {
	U       *readmodel.Unit
	Sector  string
	Summary status.Summary
	Behind  int
	Indent  int
}

func (h *handler) unitsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	today := h.svc.Today()
	ev := m.Evaluate(today, m.Calendar)
	tasks := m.Find(ev, scope, readmodel.Filter{Year: today.Year()})
	groups := map[domain.ID]readmodel.Group{}
	for _, g := range m.Rollup(ev, tasks, readmodel.ByUnit) {
		groups[g.ID] = g
	}
	d := &unitsData{CanNew: p.Has(domain.RoleOffice)}
	for _, u := range m.TreeOrder() {
		if !scope.SeesUnit(u) {
			continue
		}
		g := groups[u.ID]
		d.Rows = append(d.Rows, unitRow{U: u, Sector: m.SectorName(u.SectorID), Summary: g.Summary, Indent: u.Depth,
			Behind: g.Summary.Counts[domain.StatusOverdue] + g.Summary.Counts[domain.StatusSevere] + g.Summary.Counts[domain.StatusLagging]})
	}
	h.render(w, r, http.StatusOK, "units", &Page{Title: reqCtx(r).p.T("web.units.title"), Nav: "units", Data: d})
}

type unitPageData struct {
	U         *readmodel.Unit
	Parent    *readmodel.Unit
	Children  []*readmodel.Unit
	Sector    string
	Posts     []postRow
	Summary   status.Summary
	Leads     []taskRow
	Cos       []taskRow
	Comp      *service.UnitCompliance
	CanEdit   bool
	AsOf      domain.Date
	KindLabel string
	// Escalation is the unit's standing on the escalation ladder.
	Escalation *service.UnitEscalation
	EscView    escView
}

type postRow struct {
	domain.Post
	Person string
}

func (h *handler) unitPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	u := m.Unit(idParam(r, "id"))
	if u == nil || !scope.SeesUnit(u) {
		h.fail(w, r, &domain.Error{Kind: domain.KindNotFound, Message: reqCtx(r).p.T("err.not_found", reqCtx(r).p.T("thing.unit"))})
		return
	}
	today := h.svc.Today()
	ev := m.Evaluate(today, m.Calendar)
	d := &unitPageData{U: u, Parent: u.Parent, Children: u.Children, Sector: m.SectorName(u.SectorID), AsOf: today,
		CanEdit: p.Has(domain.RoleOffice) && h.svc.CanManageUnit(p, m, u.ID)}
	all := readmodel.Scope{All: true}
	lead := m.Find(ev, all, readmodel.Filter{UnitID: u.ID, LeadOnly: true, Year: today.Year()})
	readmodel.SortByUrgency(ev, lead)
	for _, t := range lead {
		if scope.Sees(t) {
			d.Leads = append(d.Leads, newTaskRow(m, ev, t))
		}
	}
	d.Summary = readmodel.Summary(ev, lead)
	for _, t := range m.Find(ev, all, readmodel.Filter{UnitID: u.ID, Year: today.Year()}) {
		if scope.Sees(t) && contains(t.CoUnitIDs, u.ID) {
			d.Cos = append(d.Cos, newTaskRow(m, ev, t))
		}
	}
	for _, po := range m.Posts {
		if po.UnitID == u.ID {
			name := ""
			if per := m.Person(po.PersonID); per != nil {
				name = per.Name
			}
			d.Posts = append(d.Posts, postRow{Post: po, Person: name})
		}
	}
	_, comps, err := h.svc.Compliance(r.Context(), p, readmodel.Filter{UnitID: u.ID, LeadOnly: true, Year: today.Year()}, today)
	if err == nil {
		for i := range comps {
			if comps[i].Unit != nil && comps[i].Unit.ID == u.ID {
				d.Comp = &comps[i]
			}
		}
	}
	if esc, err := h.svc.UnitEscalation(r.Context(), p, u.ID); err == nil && (esc.Open > 0 || len(esc.Recent) > 0 || len(esc.Talks) > 0) {
		d.Escalation, d.EscView = esc, h.escView()
	}
	h.render(w, r, http.StatusOK, "unit", &Page{Title: u.Name, Nav: "units", Data: d})
}

type unitFormData struct {
	ID      domain.ID
	In      service.UnitInput
	Aliases string
	Units   []*readmodel.Unit
	Sectors []domain.Sector
	Kinds   []domain.UnitKind
}

func (h *handler) unitNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// Only an office creates units, under a unit it covers.
	parent := formID(r, "parent")
	if !p.Has(domain.RoleOffice) || (parent != 0 && !h.svc.CanManageUnit(p, m, parent)) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	d := &unitFormData{In: service.UnitInput{ParentID: parent, Kind: domain.UnitDepartment}, Units: m.TreeOrder(), Sectors: m.Sectors, Kinds: domain.UnitKinds}
	h.render(w, r, http.StatusOK, "unit_form", &Page{Title: reqCtx(r).p.T("web.units.new"), Nav: "units", Data: d})
}

func (h *handler) unitEditPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	u := m.Unit(idParam(r, "id"))
	if u == nil || !h.svc.CanManageUnit(p, m, u.ID) {
		h.fail(w, r, &domain.Error{Kind: domain.KindNotFound, Message: reqCtx(r).p.T("err.not_found", reqCtx(r).p.T("thing.unit"))})
		return
	}
	active := u.Active
	d := &unitFormData{ID: u.ID, In: service.UnitInput{ParentID: u.ParentID, Name: u.Name, Short: u.Short, Kind: u.Kind, Category: u.Category,
		SectorID: u.SectorID, Sort: u.Sort, Active: &active}, Aliases: strings.Join(u.Aliases, "、"), Units: m.TreeOrder(), Sectors: m.Sectors, Kinds: domain.UnitKinds}
	h.render(w, r, http.StatusOK, "unit_form", &Page{Title: reqCtx(r).p.T("web.units.edit"), Nav: "units", Data: d})
}

func (h *handler) unitCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveUnit(w, r, p, 0)
}

func (h *handler) unitUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveUnit(w, r, p, idParam(r, "id"))
}

func (h *handler) saveUnit(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) {
	pr := reqCtx(r).p
	active := r.FormValue("active") == "1" || id == 0
	in := service.UnitInput{ParentID: formID(r, "parent_id"), Name: r.FormValue("name"), Short: r.FormValue("short_name"),
		Kind: domain.UnitKind(r.FormValue("kind")), Category: r.FormValue("category"), SectorID: formID(r, "sector_id"), Active: &active,
		Aliases: splitNames(r.FormValue("aliases"))}
	in.Sort = int(formID(r, "sort"))
	var u *domain.Unit
	var err error
	if id == 0 {
		u, err = h.svc.CreateUnit(r.Context(), p, in)
	} else {
		u, err = h.svc.UpdateUnit(r.Context(), p, id, in)
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
		d := &unitFormData{ID: id, In: in, Aliases: r.FormValue("aliases"), Units: m.TreeOrder(), Sectors: m.Sectors, Kinds: domain.UnitKinds}
		h.render(w, r, httpx.StatusFor(err), "unit_form", &Page{Title: pr.T("web.units.edit"), Nav: "units", Data: d, Error: domain.ErrorMessage(err), ErrorField: fieldOf(err)})
		return
	}
	redirect(w, r, "/units/"+itoa(u.ID), pr.T("web.saved"))
}

// splitNames splits a list of names typed with any of the usual separators.
func splitNames(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n' || r == '\r'
	})
	var out []string
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
