// People, their posts, and who leads which sector or front.

package service

import (
	"context"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// PersonInput is a person as an office edits them.
type PersonInput struct {
	Name   string    `json:"name"`
	UnitID domain.ID `json:"unit_id"`
	Title  string    `json:"title"`
	Phone  string    `json:"phone"`
	Email  string    `json:"email"`
	Active *bool     `json:"active"`
}

func (s *Service) checkPerson(ctx context.Context, m *readmodel.Model, in *PersonInput) (domain.Person, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return domain.Person{}, invalid(ctx, "name", "err.required", printer(ctx).T("field.person_name"))
	}
	if in.UnitID != 0 && m.Unit(in.UnitID) == nil {
		return domain.Person{}, invalid(ctx, "unit_id", "err.not_found", printer(ctx).T("thing.unit"))
	}
	active := true
	if in.Active != nil {
		active = *in.Active
	}
	return domain.Person{Name: in.Name, UnitID: in.UnitID, Title: strings.TrimSpace(in.Title), Phone: strings.TrimSpace(in.Phone),
		Email: strings.TrimSpace(in.Email), Active: active}, nil
}

// CreatePerson adds a person.
func (s *Service) CreatePerson(ctx context.Context, p *Principal, in PersonInput) (*domain.Person, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, in.UnitID); err != nil {
		return nil, err
	}
	per, err := s.checkPerson(ctx, m, &in)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertPerson(ctx, &per, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "person.create", Entity: "person", EntityID: per.ID, After: per})
		return err
	})
	return &per, err
}

// UpdatePerson edits a person.
func (s *Service) UpdatePerson(ctx context.Context, p *Principal, id domain.ID, in PersonInput) (*domain.Person, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	old := m.Person(id)
	if old == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.person"))
	}
	if err := s.requireOrgOffice(ctx, p, m, old.UnitID); err != nil {
		return nil, err
	}
	per, err := s.checkPerson(ctx, m, &in)
	if err != nil {
		return nil, err
	}
	per.ID = id
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePerson(ctx, per, s.Now()); err != nil {
			return fromStore(ctx, err, "thing.person")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "person.update", Entity: "person", EntityID: id, Before: *old, After: per})
		return err
	})
	return &per, err
}

// AddPost records that a person holds a title in a unit from a date.
func (s *Service) AddPost(ctx context.Context, p *Principal, post domain.Post) (*domain.Post, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, post.UnitID); err != nil {
		return nil, err
	}
	post.Title = strings.TrimSpace(post.Title)
	switch {
	case m.Person(post.PersonID) == nil:
		return nil, invalid(ctx, "person_id", "err.not_found", printer(ctx).T("thing.person"))
	case m.Unit(post.UnitID) == nil:
		return nil, invalid(ctx, "unit_id", "err.not_found", printer(ctx).T("thing.unit"))
	case post.Title == "":
		return nil, invalid(ctx, "title", "err.required", printer(ctx).T("field.post_title"))
	case !post.End.IsZero() && post.End < post.Start:
		return nil, invalid(ctx, "end", "err.dates.order")
	}
	if post.Start.IsZero() {
		post.Start = s.Today()
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertPost(ctx, &post); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "post.create", Entity: "post", EntityID: post.ID, After: post})
		return err
	})
	return &post, err
}

// EndPost closes a post; the record stays as history.
func (s *Service) EndPost(ctx context.Context, p *Principal, id domain.ID, end domain.Date) error {
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	var post *domain.Post
	for i := range m.Posts {
		if m.Posts[i].ID == id {
			post = &m.Posts[i]
		}
	}
	if post == nil {
		return notFound(ctx, "err.not_found", printer(ctx).T("thing.post"))
	}
	if err := s.requireOrgOffice(ctx, p, m, post.UnitID); err != nil {
		return err
	}
	if end.IsZero() {
		end = s.Today()
	}
	if end < post.Start {
		return invalid(ctx, "end", "err.dates.order")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.EndPost(ctx, id, end); err != nil {
			return fromStore(ctx, err, "thing.post")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "post.end", Entity: "post", EntityID: id, Before: *post, After: map[string]any{"end": end}})
		return err
	})
}

// AddLeadership makes a person lead a sector or front from a date. A new
// lead leader ends the previous lead's term the day before.
func (s *Service) AddLeadership(ctx context.Context, p *Principal, l domain.Leadership) (*domain.Leadership, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, 0); err != nil {
		return nil, err
	}
	if m.Person(l.PersonID) == nil {
		return nil, invalid(ctx, "person_id", "err.not_found", printer(ctx).T("thing.person"))
	}
	if (l.Group == domain.GroupSector && m.Sector(l.GroupID) == nil) || (l.Group == domain.GroupFront && m.Front(l.GroupID) == nil) ||
		(l.Group != domain.GroupSector && l.Group != domain.GroupFront) {
		return nil, invalid(ctx, "group_id", "err.not_found", printer(ctx).T("thing.group"))
	}
	if l.Role == "" {
		l.Role = domain.LeaderLead
	}
	if l.Role != domain.LeaderLead && l.Role != domain.LeaderDeputy {
		return nil, invalid(ctx, "role", "err.invalid_value", printer(ctx).T("field.role"))
	}
	if l.Start.IsZero() {
		l.Start = s.Today()
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if l.Role == domain.LeaderLead {
			for _, old := range m.CurrentLeaders(l.Group, l.GroupID, l.Start) {
				if old.Role == domain.LeaderLead && old.PersonID != l.PersonID {
					end := l.Start.AddDays(-1)
					if end < old.Start {
						end = old.Start
					}
					if err := tx.EndLeadership(ctx, old.ID, end); err != nil {
						return err
					}
					if _, err := s.audit(ctx, tx, p, store.Change{Action: "leadership.end", Entity: "leadership", EntityID: old.ID, Before: old, After: map[string]any{"end": end}}); err != nil {
						return err
					}
				}
			}
		}
		if err := tx.InsertLeadership(ctx, &l); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "leadership.create", Entity: "leadership", EntityID: l.ID, After: l})
		return err
	})
	return &l, err
}

// EndLeadership ends a leadership on a date.
func (s *Service) EndLeadership(ctx context.Context, p *Principal, id domain.ID, end domain.Date) error {
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	if err := s.requireOrgOffice(ctx, p, m, 0); err != nil {
		return err
	}
	var old *domain.Leadership
	for i := range m.Leads {
		if m.Leads[i].ID == id {
			old = &m.Leads[i]
		}
	}
	if old == nil {
		return notFound(ctx, "err.not_found", printer(ctx).T("thing.leadership"))
	}
	if end.IsZero() {
		end = s.Today()
	}
	if end < old.Start {
		return invalid(ctx, "end", "err.dates.order")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.EndLeadership(ctx, id, end); err != nil {
			return fromStore(ctx, err, "thing.leadership")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "leadership.end", Entity: "leadership", EntityID: id, Before: *old, After: map[string]any{"end": end}})
		return err
	})
}
