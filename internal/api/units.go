package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// unitNodeView is a unit with its sub-units, for the tree listing.
type unitNodeView struct {
	unitView
	Children []unitNodeView `json:"children"`
}

func newUnitNode(u *readmodel.Unit) unitNodeView {
	n := unitNodeView{unitView: newUnitView(u), Children: []unitNodeView{}}
	for _, c := range u.Children {
		n.Children = append(n.Children, newUnitNode(c))
	}
	return n
}

// unitDetailView is a unit's page: the unit, its sub-units, the tasks it
// leads that the caller can see, and their roll-up on the as-of date.
type unitDetailView struct {
	unitView
	SectorName string              `json:"sector_name,omitempty"`
	Children   []unitView          `json:"children"`
	AsOf       domain.Date         `json:"as_of"`
	Rollup     service.GroupStatus `json:"rollup"`
	Tasks      []taskView          `json:"tasks"`
	// CanEdit is true for an office covering the unit.
	CanEdit bool `json:"can_edit"`
}

// listUnits returns the directory of units, which everyone signed in may
// read: as a tree of roots (total counts every unit), or in tree order
// with depths when flat=1.
func (s *server) listUnits(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	flat := q.flag("flat")
	if q.err != nil {
		return q.err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	if flat {
		out := []unitView{}
		for _, u := range m.TreeOrder() {
			out = append(out, newUnitView(u))
		}
		return writeJSON(w, http.StatusOK, listOf(out))
	}
	out := list[unitNodeView]{Items: []unitNodeView{}, Total: len(m.Units)}
	for _, u := range m.Roots() {
		out.Items = append(out.Items, newUnitNode(u))
	}
	return writeJSON(w, http.StatusOK, out)
}

// getUnit returns a unit's page; units outside the caller's scope are 404.
func (s *server) getUnit(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := query(r)
	asOf := s.asOf(q)
	if q.err != nil {
		return q.err
	}
	return s.writeUnit(w, r, p, http.StatusOK, id, asOf)
}

func (s *server) writeUnit(w http.ResponseWriter, r *http.Request, p *service.Principal, code int, id domain.ID, asOf domain.Date) error {
	ctx := r.Context()
	scope, m, err := s.svc.Scope(ctx, p)
	if err != nil {
		return err
	}
	u := m.Unit(id)
	if u == nil || !scope.SeesUnit(u) {
		return notFound(ctx, "thing.unit")
	}
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, scope, readmodel.Filter{UnitID: id, LeadOnly: true})
	readmodel.SortByNumber(tasks)
	d := unitDetailView{unitView: newUnitView(u), SectorName: m.SectorName(u.SectorID), Children: []unitView{}, AsOf: asOf,
		Rollup: service.GroupStatusOf(u.Name, readmodel.Summary(ev, tasks)), Tasks: []taskView{},
		CanEdit: s.svc.CanManageUnit(p, m, id)}
	for _, c := range u.Children {
		d.Children = append(d.Children, newUnitView(c))
	}
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, newTaskView(m, ev, t))
	}
	if code == http.StatusCreated {
		return created(w, fmt.Sprintf("%s/units/%d", prefix, id), d)
	}
	return writeJSON(w, code, d)
}

func (s *server) createUnit(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.UnitInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.svc.CreateUnit(r.Context(), p, in)
	if err != nil {
		return err
	}
	return s.writeUnit(w, r, p, http.StatusCreated, u.ID, s.svc.Today())
}

// updateUnit replaces a unit's fields (active defaults to true when left out).
func (s *server) updateUnit(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.UnitInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.UpdateUnit(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.writeUnit(w, r, p, http.StatusOK, id, s.svc.Today())
}
