package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type peopleData struct {
	Rows  []personRow
	Units []*readmodel.Unit
	Q     string
	New   service.PersonInput
}

type personRow struct {
	domain.Person
	Unit string
}

func (h *handler) peoplePage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showPeople(w, r, p, service.PersonInput{}, nil)
}

func (h *handler) showPeople(w http.ResponseWriter, r *http.Request, p *service.Principal, in service.PersonInput, ferr error) {
	m, err := h.svc.Org(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := h.svc.Normalizer().ParseQuery(r.URL.Query().Get("q"))
	d := &peopleData{Units: m.TreeOrder(), Q: r.URL.Query().Get("q"), New: in}
	for _, per := range m.People {
		unit := m.UnitName(per.UnitID)
		if len(q) > 0 && !q.Match(h.svc.Normalizer().Document(per.Name, per.Title, unit)) {
			continue
		}
		d.Rows = append(d.Rows, personRow{Person: per, Unit: unit})
	}
	pg := &Page{Title: reqCtx(r).p.T("web.people.title"), Nav: "org", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "people", pg)
}

func personInput(r *http.Request) service.PersonInput {
	active := r.FormValue("active") != "0"
	return service.PersonInput{Name: r.FormValue("name"), UnitID: formID(r, "unit_id"), Title: r.FormValue("title"),
		Phone: r.FormValue("phone"), Email: r.FormValue("email"), Active: &active}
}

func (h *handler) personCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in := personInput(r)
	per, err := h.svc.CreatePerson(r.Context(), p, in)
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPeople(w, r, p, in, err)
		return
	}
	redirect(w, r, "/people/"+itoa(per.ID), reqCtx(r).p.T("web.saved"))
}

type personPageData struct {
	P       domain.Person
	Units   []*readmodel.Unit
	Posts   []postRow
	Leads   []leadRow
	CanEdit bool
}

func (h *handler) personPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showPerson(w, r, p, nil)
}

func (h *handler) showPerson(w http.ResponseWriter, r *http.Request, p *service.Principal, ferr error) {
	m, err := h.svc.Org(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	per := m.Person(idParam(r, "id"))
	if per == nil {
		h.fail(w, r, &domain.Error{Kind: domain.KindNotFound, Message: reqCtx(r).p.T("err.not_found", reqCtx(r).p.T("thing.person"))})
		return
	}
	d := &personPageData{P: *per, Units: m.TreeOrder(), CanEdit: h.svc.CanManageUnit(p, m, per.UnitID)}
	for _, po := range m.Posts {
		if po.PersonID == per.ID {
			d.Posts = append(d.Posts, postRow{Post: po, Person: m.UnitName(po.UnitID)})
		}
	}
	for _, l := range m.Leads {
		if l.PersonID == per.ID {
			g := m.SectorName(l.GroupID)
			if l.Group == domain.GroupFront {
				g = ""
				if f := m.Front(l.GroupID); f != nil {
					g = f.Name
				}
			}
			d.Leads = append(d.Leads, leadRow{Leadership: l, Group: g})
		}
	}
	pg := &Page{Title: per.Name, Nav: "org", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "person", pg)
}

func (h *handler) personUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	if _, err := h.svc.UpdatePerson(r.Context(), p, id, personInput(r)); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindNotFound {
			h.fail(w, r, err)
			return
		}
		h.showPerson(w, r, p, err)
		return
	}
	redirect(w, r, "/people/"+itoa(id), reqCtx(r).p.T("web.saved"))
}

func (h *handler) postCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	start, err := formDate(r, "start")
	if err != nil {
		h.showPerson(w, r, p, badDate(r, "start", "web.col.start"))
		return
	}
	if _, err := h.svc.AddPost(r.Context(), p, domain.Post{PersonID: id, UnitID: formID(r, "unit_id"), Title: r.FormValue("title"), Start: start}); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPerson(w, r, p, err)
		return
	}
	redirect(w, r, "/people/"+itoa(id), reqCtx(r).p.T("web.saved"))
}

func (h *handler) postEnd(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	end, err := formDate(r, "end")
	if err != nil {
		h.fail(w, r, badDate(r, "end", "web.col.end"))
		return
	}
	if err := h.svc.EndPost(r.Context(), p, idParam(r, "id"), end); err != nil {
		h.fail(w, r, err)
		return
	}
	back := "/people"
	if ref := r.FormValue("back"); ref != "" {
		back = safeNext(ref)
	}
	redirect(w, r, back, reqCtx(r).p.T("web.saved"))
}
