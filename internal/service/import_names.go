// Resolving the names offices write (units, sectors, fronts, leaders) and
// creating the missing ones on request.

package service

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// nameIndex resolves the names offices write to the org tree's rows,
// tolerating a missing 口 / 战线 suffix.
type nameIndex struct {
	m       *readmodel.Model
	sectors map[string]domain.ID
	fronts  map[string]domain.ID
	people  map[string][]domain.ID
	units   map[string]domain.ID // units created during this import
}

func newNameIndex(m *readmodel.Model) *nameIndex {
	ix := &nameIndex{m: m, sectors: map[string]domain.ID{}, fronts: map[string]domain.ID{}, people: map[string][]domain.ID{}, units: map[string]domain.ID{}}
	for _, s := range m.Sectors {
		ix.sectors[s.Name] = s.ID
		ix.sectors[strings.TrimSuffix(s.Name, "口")] = s.ID
	}
	for _, f := range m.Fronts {
		ix.fronts[f.Name] = f.ID
		base := strings.TrimSuffix(strings.TrimSuffix(f.Name, "战线"), "线")
		ix.fronts[base] = f.ID
		ix.fronts[base+"线"] = f.ID
		ix.fronts[base+"战线"] = f.ID
	}
	for _, p := range m.People {
		if p.Active {
			ix.people[p.Name] = append(ix.people[p.Name], p.ID)
		}
	}
	return ix
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// createMissing creates the units, sectors, fronts and leaders a sheet names
// that do not exist yet (with --create-units). New units hang under the
// district's root unit; new leaders belong to it.
func (s *Service) createMissing(ctx context.Context, tx *store.Tx, p *Principal, m *readmodel.Model, ix *nameIndex, unknown map[string]map[string]bool, sum *ImportSummary) error {
	now := s.Now()
	var root domain.ID
	if roots := m.Roots(); len(roots) == 1 {
		root = roots[0].ID
	}
	for _, name := range sortedKeys(unknown["sector"]) {
		id, err := tx.InsertGroup(ctx, domain.GroupSector, name, len(m.Sectors)+len(sum.CreatedSectors))
		if err != nil {
			return fmt.Errorf("create sector %s: %w", name, err)
		}
		ix.sectors[name] = id
		sum.CreatedSectors = append(sum.CreatedSectors, name)
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "sector.import_create", Entity: "sector", EntityID: id, After: map[string]any{"name": name}}); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(unknown["front"]) {
		id, err := tx.InsertGroup(ctx, domain.GroupFront, name, len(m.Fronts)+len(sum.CreatedFronts))
		if err != nil {
			return fmt.Errorf("create front %s: %w", name, err)
		}
		ix.fronts[name] = id
		sum.CreatedFronts = append(sum.CreatedFronts, name)
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "front.import_create", Entity: "front", EntityID: id, After: map[string]any{"name": name}}); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(unknown["unit"]) {
		u := domain.Unit{ParentID: root, Name: name, Kind: guessKind(name), Active: true, Sort: 1000 + len(sum.CreatedUnits)}
		if err := tx.InsertUnit(ctx, &u, now); err != nil {
			return fmt.Errorf("create unit %s: %w", name, err)
		}
		ix.units[name] = u.ID
		sum.CreatedUnits = append(sum.CreatedUnits, name)
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "unit.import_create", Entity: "unit", EntityID: u.ID, After: u}); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(unknown["leader"]) {
		per := domain.Person{Name: name, UnitID: root, Active: true}
		if err := tx.InsertPerson(ctx, &per, now); err != nil {
			return fmt.Errorf("create person %s: %w", name, err)
		}
		ix.people[name] = []domain.ID{per.ID}
		sum.CreatedPeople = append(sum.CreatedPeople, name)
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "person.import_create", Entity: "person", EntityID: per.ID, After: per}); err != nil {
			return err
		}
	}
	return nil
}

// guessKind reads a unit's kind from its name's ending.
func guessKind(name string) domain.UnitKind {
	switch {
	case strings.HasSuffix(name, "街道"), strings.HasSuffix(name, "街道办事处"):
		return domain.UnitStreet
	case strings.HasSuffix(name, "镇"), strings.HasSuffix(name, "乡"):
		return domain.UnitTown
	case strings.HasSuffix(name, "社区"), strings.HasSuffix(name, "居委会"):
		return domain.UnitCommunity
	case strings.HasSuffix(name, "村"), strings.HasSuffix(name, "村委会"):
		return domain.UnitVillage
	case strings.HasSuffix(name, "支部"):
		return domain.UnitBranch
	}
	return domain.UnitDepartment
}

func rootsOf(m *readmodel.Model) []domain.ID {
	var out []domain.ID
	for _, u := range m.Roots() {
		out = append(out, u.ID)
	}
	return out
}
