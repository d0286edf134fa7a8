package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type orgData struct {
	Groups  []orgGroup
	People  []domain.Person
	History []leadRow
}

type orgGroup struct {
	Kind    domain.GroupKind
	ID      domain.ID
	Name    string
	Sort    int
	Leaders []leadRow
	Units   []*readmodel.Unit
}

type leadRow struct {
	domain.Leadership
	Person string
	Group  string
}

// orgPage shows sectors and fronts with their leaders; the office edits them here.
func (h *handler) orgPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	m, err := h.svc.Org(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "org", &Page{Title: reqCtx(r).p.T("web.org.title"), Nav: "org", Data: h.orgData(m)})
}

func (h *handler) orgData(m *readmodel.Model) *orgData {
	today := h.svc.Today()
	d := &orgData{}
	name := func(id domain.ID) string {
		if per := m.Person(id); per != nil {
			return per.Name
		}
		return ""
	}
	add := func(kind domain.GroupKind, id domain.ID, n string, sort int) {
		g := orgGroup{Kind: kind, ID: id, Name: n, Sort: sort}
		for _, l := range m.CurrentLeaders(kind, id, today) {
			g.Leaders = append(g.Leaders, leadRow{Leadership: l, Person: name(l.PersonID)})
		}
		if kind == domain.GroupSector {
			for _, u := range m.TreeOrder() {
				if u.SectorID == id {
					g.Units = append(g.Units, u)
				}
			}
		}
		d.Groups = append(d.Groups, g)
	}
	for _, s := range m.Sectors {
		add(domain.GroupSector, s.ID, s.Name, s.Sort)
	}
	for _, f := range m.Fronts {
		add(domain.GroupFront, f.ID, f.Name, f.Sort)
	}
	for _, per := range m.People {
		if per.Active {
			d.People = append(d.People, per)
		}
	}
	for _, l := range m.Leads {
		if !l.End.IsZero() && l.End < today {
			g := ""
			if l.Group == domain.GroupSector {
				g = m.SectorName(l.GroupID)
			} else if f := m.Front(l.GroupID); f != nil {
				g = f.Name
			}
			d.History = append(d.History, leadRow{Leadership: l, Person: name(l.PersonID), Group: g})
		}
	}
	return d
}

func (h *handler) orgFail(w http.ResponseWriter, r *http.Request, p *service.Principal, err error) {
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
		h.fail(w, r, err)
		return
	}
	m, merr := h.svc.Org(r.Context(), p)
	if merr != nil {
		h.fail(w, r, merr)
		return
	}
	h.render(w, r, statusOf(err), "org", &Page{Title: reqCtx(r).p.T("web.org.title"), Nav: "org", Data: h.orgData(m), Error: domain.ErrorMessage(err)})
}

func (h *handler) groupCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	kind := domain.GroupKind(r.FormValue("kind"))
	if kind != domain.GroupFront {
		kind = domain.GroupSector
	}
	_, err := h.svc.CreateGroup(r.Context(), p, kind, service.GroupInput{Name: r.FormValue("name"), Sort: int(formID(r, "sort"))})
	if err != nil {
		h.orgFail(w, r, p, err)
		return
	}
	redirect(w, r, "/org", reqCtx(r).p.T("web.saved"))
}

func (h *handler) groupUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	kind := domain.GroupKind(r.PathValue("kind"))
	if kind != domain.GroupFront && kind != domain.GroupSector {
		http.NotFound(w, r)
		return
	}
	err := h.svc.UpdateGroup(r.Context(), p, kind, idParam(r, "id"), service.GroupInput{Name: r.FormValue("name"), Sort: int(formID(r, "sort"))})
	if err != nil {
		h.orgFail(w, r, p, err)
		return
	}
	redirect(w, r, "/org", reqCtx(r).p.T("web.saved"))
}

func (h *handler) leadershipCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	start, err := formDate(r, "start")
	if err != nil {
		h.orgFail(w, r, p, badDate(r, "start", "web.col.start"))
		return
	}
	_, err = h.svc.AddLeadership(r.Context(), p, domain.Leadership{PersonID: formID(r, "person_id"), Group: domain.GroupKind(r.FormValue("kind")),
		GroupID: formID(r, "group_id"), Role: domain.LeaderRole(r.FormValue("role")), Start: start})
	if err != nil {
		h.orgFail(w, r, p, err)
		return
	}
	redirect(w, r, "/org", reqCtx(r).p.T("web.saved"))
}

func (h *handler) leadershipEnd(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	end, err := formDate(r, "end")
	if err != nil {
		h.orgFail(w, r, p, badDate(r, "end", "web.col.end"))
		return
	}
	if err := h.svc.EndLeadership(r.Context(), p, idParam(r, "id"), end); err != nil {
		h.orgFail(w, r, p, err)
		return
	}
	redirect(w, r, "/org", reqCtx(r).p.T("web.saved"))
}
