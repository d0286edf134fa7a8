package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// groupSegment is the path segment of a sector (口) or front (线).
func groupSegment(kind domain.GroupKind) string {
	if kind == domain.GroupSector {
		return "sectors"
	}
	return "fronts"
}

// groupView is a sector or front with who leads it today.
type groupView struct {
	ID      domain.ID       `json:"id"`
	Name    string          `json:"name"`
	Sort    int             `json:"sort"`
	Leaders []groupLeadView `json:"leaders"`
}

// groupLeadView is one current leadership of a group.
type groupLeadView struct {
	LeadershipID domain.ID         `json:"leadership_id"`
	PersonID     domain.ID         `json:"person_id"`
	Name         string            `json:"name"`
	Role         domain.LeaderRole `json:"role"`
	Start        domain.Date       `json:"start"`
	End          domain.Date       `json:"end"`
}

func (s *server) groupsOf(m *readmodel.Model, kind domain.GroupKind) []groupView {
	out := []groupView{}
	if kind == domain.GroupSector {
		for _, x := range m.Sectors {
			out = append(out, groupView{ID: x.ID, Name: x.Name, Sort: x.Sort})
		}
	} else {
		for _, x := range m.Fronts {
			out = append(out, groupView{ID: x.ID, Name: x.Name, Sort: x.Sort})
		}
	}
	today := s.svc.Today()
	for i := range out {
		out[i].Leaders = []groupLeadView{}
		for _, l := range m.CurrentLeaders(kind, out[i].ID, today) {
			lv := groupLeadView{LeadershipID: l.ID, PersonID: l.PersonID, Role: l.Role, Start: l.Start, End: l.End}
			if per := m.Person(l.PersonID); per != nil {
				lv.Name = per.Name
			}
			out[i].Leaders = append(out[i].Leaders, lv)
		}
	}
	return out
}

func (s *server) listGroups(kind domain.GroupKind) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		m, err := s.svc.Org(r.Context(), p)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, listOf(s.groupsOf(m, kind)))
	}
}

// writeGroup answers with one group as it now stands.
func (s *server) writeGroup(w http.ResponseWriter, r *http.Request, p *service.Principal, kind domain.GroupKind, code int, id domain.ID) error {
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	for _, v := range s.groupsOf(m, kind) {
		if v.ID == id {
			if code == http.StatusCreated {
				return created(w, fmt.Sprintf("%s/%s/%d", prefix, groupSegment(kind), id), v)
			}
			return writeJSON(w, code, v)
		}
	}
	return notFound(r.Context(), "thing."+string(kind))
}

func (s *server) createGroup(kind domain.GroupKind) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		var in service.GroupInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		id, err := s.svc.CreateGroup(r.Context(), p, kind, in)
		if err != nil {
			return err
		}
		return s.writeGroup(w, r, p, kind, http.StatusCreated, id)
	}
}

func (s *server) updateGroup(kind domain.GroupKind) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in service.GroupInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := s.svc.UpdateGroup(r.Context(), p, kind, id, in); err != nil {
			return err
		}
		return s.writeGroup(w, r, p, kind, http.StatusOK, id)
	}
}
