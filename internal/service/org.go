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
	// Missing is missing whoever asks: an office is covered by no unit
	// that does not exist, and would be told 403.
	if m.Unit(id) == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.unit"))
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

// CanManageUnit reports whether p may edit a unit.
func (s *Service) CanManageUnit(p *Principal, m *readmodel.Model, id domain.ID) bool {
	return p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, id))
}
