package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// personDetailView is a person with the posts they held and the sectors
// and fronts they led, past and present.
type personDetailView struct {
	domain.Person
	Posts       []domain.Post       `json:"posts"`
	Leaderships []domain.Leadership `json:"leaderships"`
}

// postInput records that a person holds a title in a unit (任职).
type postInput struct {
	PersonID domain.ID   `json:"person_id"`
	UnitID   domain.ID   `json:"unit_id"`
	Title    string      `json:"title"`
	Start    domain.Date `json:"start"`
	End      domain.Date `json:"end"`
}

// leadershipInput makes a person lead a sector or front from a date.
type leadershipInput struct {
	PersonID domain.ID         `json:"person_id"`
	Group    domain.GroupKind  `json:"group"`
	GroupID  domain.ID         `json:"group_id"`
	Role     domain.LeaderRole `json:"role"`
	Start    domain.Date       `json:"start"`
}

// endInput ends a post or leadership (today when end is left out).
type endInput struct {
	End domain.Date `json:"end"`
}

// listPeople lists the directory of people, optionally of one unit or
// matching a name.
func (s *server) listPeople(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	unit, name := q.id("unit"), q.str("q")
	if q.err != nil {
		return q.err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	out := []domain.Person{}
	for _, per := range m.People {
		if (unit == 0 || per.UnitID == unit) && (name == "" || strings.Contains(per.Name, name)) {
			out = append(out, per)
		}
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (s *server) getPerson(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writePerson(w, r, p, http.StatusOK, id)
}

func (s *server) writePerson(w http.ResponseWriter, r *http.Request, p *service.Principal, code int, id domain.ID) error {
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	per := m.Person(id)
	if per == nil {
		return notFound(r.Context(), "thing.person")
	}
	d := personDetailView{Person: *per, Posts: []domain.Post{}, Leaderships: []domain.Leadership{}}
	for _, post := range m.Posts {
		if post.PersonID == id {
			d.Posts = append(d.Posts, post)
		}
	}
	for _, l := range m.Leads {
		if l.PersonID == id {
			d.Leaderships = append(d.Leaderships, l)
		}
	}
	if code == http.StatusCreated {
		return created(w, fmt.Sprintf("%s/people/%d", prefix, id), d)
	}
	return writeJSON(w, code, d)
}

func (s *server) createPerson(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.PersonInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	per, err := s.svc.CreatePerson(r.Context(), p, in)
	if err != nil {
		return err
	}
	return s.writePerson(w, r, p, http.StatusCreated, per.ID)
}

func (s *server) updatePerson(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.PersonInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.UpdatePerson(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.writePerson(w, r, p, http.StatusOK, id)
}

// listPosts lists posts, filtered by person and unit; current=1 keeps the
// posts held today.
func (s *server) listPosts(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	person, unit, current := q.id("person"), q.id("unit"), q.flag("current")
	if q.err != nil {
		return q.err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	today := s.svc.Today()
	out := []domain.Post{}
	for _, post := range m.Posts {
		if (person == 0 || post.PersonID == person) && (unit == 0 || post.UnitID == unit) && (!current || post.Current(today)) {
			out = append(out, post)
		}
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (s *server) addPost(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in postInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	post, err := s.svc.AddPost(r.Context(), p, domain.Post{PersonID: in.PersonID, UnitID: in.UnitID, Title: in.Title, Start: in.Start, End: in.End})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/posts?person=%d", prefix, post.PersonID), post)
}

func (s *server) endPost(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in endInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if err := s.svc.EndPost(r.Context(), p, id, in.End); err != nil {
		return err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	for _, post := range m.Posts {
		if post.ID == id {
			return writeJSON(w, http.StatusOK, post)
		}
	}
	return fmt.Errorf("post %d vanished after ending it", id)
}

// listLeaderships lists who leads which sector or front, filtered by
// person and group; current=1 keeps those in office today.
func (s *server) listLeaderships(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	person, groupID, current := q.id("person"), q.id("group_id"), q.flag("current")
	group := domain.GroupKind(q.str("group"))
	if group != "" && group != domain.GroupSector && group != domain.GroupFront {
		q.bad("group", string(group))
	}
	if q.err != nil {
		return q.err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	today := s.svc.Today()
	out := []domain.Leadership{}
	for _, l := range m.Leads {
		if (person == 0 || l.PersonID == person) && (group == "" || l.Group == group) && (groupID == 0 || l.GroupID == groupID) &&
			(!current || l.Current(today)) {
			out = append(out, l)
		}
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (s *server) addLeadership(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in leadershipInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	l, err := s.svc.AddLeadership(r.Context(), p, domain.Leadership{PersonID: in.PersonID, Group: in.Group, GroupID: in.GroupID, Role: in.Role, Start: in.Start})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/leaderships?person=%d", prefix, l.PersonID), l)
}

func (s *server) endLeadership(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in endInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if err := s.svc.EndLeadership(r.Context(), p, id, in.End); err != nil {
		return err
	}
	m, err := s.svc.Org(r.Context(), p)
	if err != nil {
		return err
	}
	for _, l := range m.Leads {
		if l.ID == id {
			return writeJSON(w, http.StatusOK, l)
		}
	}
	return fmt.Errorf("leadership %d vanished after ending it", id)
}
