package service

import (
	"context"
	"errors"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// Org returns the read model for pages that show the org tree. Everyone who
// is logged in may read the directory of units, sectors, fronts and people:
// accounts and roles cannot be granted without it.
func (s *Service) Org(ctx context.Context, p *Principal) (*readmodel.Model, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	return s.Model(ctx)
}

// UnitInput is a unit as an office edits it.
type UnitInput struct {
	ParentID domain.ID       `json:"parent_id"`
	Name     string          `json:"name"`
	Short    string          `json:"short_name"`
	Aliases  []string        `json:"aliases"`
	Kind     domain.UnitKind `json:"kind"`
	Category string          `json:"category"`
	SectorID domain.ID       `json:"sector_id"`
	Sort     int             `json:"sort"`
	Active   *bool           `json:"active"`
}

func (s *Service) checkUnit(ctx context.Context, m *readmodel.Model, in *UnitInput, self domain.ID) error {
	in.Name = strings.TrimSpace(in.Name)
	in.Short = strings.TrimSpace(in.Short)
	if in.Name == "" {
		return invalid(ctx, "name", "err.required", printer(ctx).T("field.unit_name"))
	}
	if in.Kind == "" {
		in.Kind = domain.UnitDepartment
	}
	if !in.Kind.Valid() {
		return invalid(ctx, "kind", "err.invalid_value", printer(ctx).T("field.unit_kind"))
	}
	if in.ParentID != 0 {
		parent := m.Unit(in.ParentID)
		if parent == nil {
			return invalid(ctx, "parent_id", "err.not_found", printer(ctx).T("thing.unit"))
		}
		for u := parent; u != nil; u = u.Parent {
			if u.ID == self {
				return invalid(ctx, "parent_id", "err.unit.cycle")
			}
		}
	}
	if in.SectorID != 0 && m.Sector(in.SectorID) == nil {
		return invalid(ctx, "sector_id", "err.not_found", printer(ctx).T("thing.sector"))
	}
	if other := m.UnitByName(in.Name); other != nil && other.ID != self && other.Name == in.Name {
		return conflict(ctx, "err.unit.name_taken", in.Name)
	}
	var aliases []string
	for _, a := range in.Aliases {
		if a = strings.TrimSpace(a); a != "" && a != in.Name {
			aliases = append(aliases, a)
		}
	}
	in.Aliases = aliases
	return nil
}

func (in UnitInput) unit() domain.Unit {
	active := true
	if in.Active != nil {
		active = *in.Active
	}
	return domain.Unit{ParentID: in.ParentID, Name: in.Name, Short: in.Short, Aliases: in.Aliases, Kind: in.Kind,
		Category: strings.TrimSpace(in.Category), SectorID: in.SectorID, Sort: in.Sort, Active: active}
}

// CreateUnit adds a unit under a parent the office covers.
func (s *Service) CreateUnit(ctx context.Context, p *Principal, in UnitInput) (*domain.Unit, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, in.ParentID); err != nil {
		return nil, err
	}
	if err := s.checkUnit(ctx, m, &in, 0); err != nil {
		return nil, err
	}
	u := in.unit()
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertUnit(ctx, &u, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.unit.name_taken", u.Name)
			}
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "unit.create", Entity: "unit", EntityID: u.ID, After: u})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUnit edits a unit the office covers.
func (s *Service) UpdateUnit(ctx context.Context, p *Principal, id domain.ID, in UnitInput) (*domain.Unit, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.requireOrgOffice(ctx, p, m, id); err != nil {
		return nil, err
	}
	if in.ParentID != 0 {
		if err := s.requireOrgOffice(ctx, p, m, in.ParentID); err != nil {
			return nil, err
		}
	}
	if err := s.checkUnit(ctx, m, &in, id); err != nil {
		return nil, err
	}
	u := in.unit()
	u.ID = id
	err = s.update(ctx, func(tx *store.Tx) error {
		before, err := tx.Unit(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.unit")
		}
		if err := tx.UpdateUnit(ctx, u, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.unit.name_taken", u.Name)
			}
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "unit.update", Entity: "unit", EntityID: id, Before: before, After: u})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// requireOrgOffice fails unless p is an office covering unit id (0: the
// whole tree, which only a district-level office covers).
func (s *Service) requireOrgOffice(ctx context.Context, p *Principal, m *readmodel.Model, id domain.ID) error {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return err
	}
	if p.System {
		return nil
	}
	if id == 0 {
		for _, g := range p.Account.Grants {
			if g.Role == domain.RoleOffice && g.UnitID == 0 {
				return nil
			}
		}
		return forbidden(ctx)
	}
	if !officeCovers(m, p, id) {
		return forbidden(ctx)
	}
	return nil
}

// GroupInput is a sector or front as an office edits it.
type GroupInput struct {
	Name string `json:"name"`
	Sort int    `json:"sort"`
}

// CreateGroup adds a sector (口) or front (线).
func (s *Service) CreateGroup(ctx context.Context, p *Principal, kind domain.GroupKind, in GroupInput) (domain.ID, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return 0, err
	}
	if err := s.requireOrgOffice(ctx, p, m, 0); err != nil {
		return 0, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return 0, invalid(ctx, "name", "err.required", printer(ctx).T("field.name"))
	}
	var id domain.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.InsertGroup(ctx, kind, in.Name, in.Sort); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.group.name_taken", in.Name)
			}
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: string(kind) + ".create", Entity: string(kind), EntityID: id, After: in})
		return err
	})
	return id, err
}

// UpdateGroup renames or reorders a sector or front.
func (s *Service) UpdateGroup(ctx context.Context, p *Principal, kind domain.GroupKind, id domain.ID, in GroupInput) error {
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	if err := s.requireOrgOffice(ctx, p, m, 0); err != nil {
		return err
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return invalid(ctx, "name", "err.required", printer(ctx).T("field.name"))
	}
	var before any
	if kind == domain.GroupSector {
		if g := m.Sector(id); g != nil {
			before = *g
		}
	} else if g := m.Front(id); g != nil {
		before = *g
	}
	return s.update(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateGroup(ctx, kind, id, in.Name, in.Sort); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.group.name_taken", in.Name)
			}
			return fromStore(ctx, err, "thing."+string(kind))
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: string(kind) + ".update", Entity: string(kind), EntityID: id, Before: before, After: in})
		return err
	})
}

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

// CanManageUnit reports whether p may edit a unit.
func (s *Service) CanManageUnit(p *Principal, m *readmodel.Model, id domain.ID) bool {
	return p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, id))
}
