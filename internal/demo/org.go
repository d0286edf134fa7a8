package demo

import (
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// Unit performance traits: how a unit's tasks tend to go.
const (
	traitGood = iota
	traitAverage
	traitLagging
)

// unit is a unit being generated.
type unit struct {
	id                  domain.ID
	name, short, code   string
	prefix              string // task number prefix in the units' plan
	aliases             []string
	kind                domain.UnitKind
	category            string
	sector              int // -1: none
	sectorID            domain.ID
	parent              *unit
	headTitle, llyTitle string
	head, lly           domain.ID // account IDs
	headName, llyName   string
	work                []string
	trait               int
	slow                bool // the head has not yet approved the current week
	missRate            float64
}

// district is one district being generated.
type district struct {
	index      int
	name, code string
	login      string // login prefix: "" or "qh_"
	root       *unit
	units      []*unit // every unit but the root, in tree order
	byCode     map[string]*unit
	sectors    []domain.ID
	fronts     []domain.ID
	groupNames []string // sector then front names, as stored
	leaders    []domain.ID
	leaderName []string
	// office is the supervision office's account, which raises the cases;
	// officePerson is the person behind it, on the inspection teams.
	office       domain.ID
	officeName   string
	officePerson domain.ID
	handover     domain.Date
	tasks        []*task
	// priorOverdue are the year before's tasks of assessed units that
	// ended it overdue.
	priorOverdue []*task
}

// newDistrict lays out district i's units (names, codes, traits) without
// writing anything.
func newDistrict(g *gen, i int) *district {
	dd := districts[i]
	d := &district{index: i, name: dd.name, code: dd.code, byCode: map[string]*unit{}}
	city := g.opt.Scale == City
	if city {
		d.login = dd.code + "_"
	}
	named := func(base string) string {
		if !city {
			return base
		}
		return d.name + strings.TrimPrefix(base, "区")
	}
	d.root = &unit{name: d.name, short: strings.TrimSuffix(d.name, "区"), code: dd.code, kind: domain.UnitDistrict, sector: -1}
	if city {
		d.root.parent = g.city
	}
	codes := map[string]bool{}
	add := func(u *unit) {
		for codes[u.code] {
			u.code += "2"
		}
		codes[u.code] = true
		d.byCode[u.code] = u
		d.units = append(d.units, u)
		u.trait = traitGood
		switch x := g.r.Float64(); {
		case x < 0.15:
			u.trait, u.missRate = traitLagging, 0.12
		case x < 0.40:
			u.trait, u.missRate = traitAverage, 0.01
		}
		u.slow = g.chance(0.12)
	}
	for _, dep := range depts {
		alias := dep.alias
		if city {
			alias = strings.TrimSuffix(d.name, "区") + dep.alias
		}
		add(&unit{name: named(dep.name), short: dep.short, code: dep.code, prefix: dep.short, aliases: []string{alias},
			kind: domain.UnitDepartment, category: "区直部门", sector: dep.sector, parent: d.root,
			headTitle: dep.head, llyTitle: "办公室主任", work: dep.work})
	}
	ns := g.between(9, 10)
	ci, vi := 0, 0
	for s := 0; s < ns; s++ {
		st := streets[s]
		kind, head, lly := domain.UnitStreet, "主任", "党政办主任"
		if st.town {
			kind, head = domain.UnitTown, "镇长"
		}
		su := &unit{name: named(st.name), short: strings.TrimSuffix(strings.TrimSuffix(st.name, "街道"), "镇"), code: st.code,
			kind: kind, category: "乡镇街道", sector: -1, parent: d.root, headTitle: head, llyTitle: lly}
		su.prefix = strings.TrimPrefix(su.name, d.name)
		add(su)
		for c, nc := 0, g.between(6, 8); c < nc; c++ {
			var cu *unit
			if st.town {
				v := villages[vi%len(villages)]
				vi++
				cu = &unit{name: named(v.name + "村"), short: v.name, code: v.code + "c", kind: domain.UnitVillage, category: "社区/村",
					headTitle: "村党组织书记", llyTitle: "村委委员"}
			} else {
				cm := communities[ci%len(communities)]
				ci++
				cu = &unit{name: named(cm.name + "社区"), short: cm.name, code: cm.code + "sq", kind: domain.UnitCommunity, category: "社区/村",
					headTitle: "社区党委书记", llyTitle: "社区专干"}
			}
			cu.sector, cu.parent = -1, su
			cu.prefix = strings.TrimPrefix(cu.name, d.name)
			add(cu)
		}
	}
	return d
}

// personName makes a fresh name not yet used in the district.
func (g *gen) personName(used map[string]bool) (name, login string) {
	for {
		s := pick(g.r, surnames)
		name, login = s.name, s.code
		for n := 1 + min(1, g.r.IntN(10)/3); n > 0; n-- {
			c := pick(g.r, givens)
			name += c.name
			login += c.code
		}
		if !used[name] {
			used[name] = true
			return name, login
		}
	}
}

// cityRoot creates the city unit and the city-wide office account.
func (g *gen) cityRoot(tx *store.Tx) error {
	if err := g.checkEmpty(&tx.Reader); err != nil {
		return err
	}
	g.city = &unit{name: cityName.name, short: strings.TrimSuffix(cityName.name, "市"), code: cityName.code, kind: domain.UnitOther, sector: -1}
	if err := g.insertUnit(tx, g.city, 0); err != nil {
		return err
	}
	used := map[string]bool{}
	name, _ := g.personName(used)
	pid, err := g.insertPerson(tx, g.city, name, "市委督查室主任", domain.NewDate(g.year-3, 3, 1))
	if err != nil {
		return err
	}
	_, err = g.insertAccount(tx, "ducha", "市委督查室", pid, domain.Grant{Role: domain.RoleOffice}, "office", cityName.name)
	return err
}

// org writes a district's groups, units, leaders, people and accounts.
func (g *gen) org(tx *store.Tx, d *district) error {
	if g.opt.Scale == District {
		if err := g.checkEmpty(&tx.Reader); err != nil {
			return err
		}
	}
	if err := g.groups(tx, d); err != nil {
		return err
	}
	if err := g.insertUnit(tx, d.root, 0); err != nil {
		return err
	}
	for i, u := range d.units {
		if err := g.insertUnit(tx, u, i+1); err != nil {
			return err
		}
	}
	used := map[string]bool{}
	if err := g.leaders(tx, d, used); err != nil {
		return err
	}
	for _, u := range d.units {
		if err := g.unitPeople(tx, d, u, used); err != nil {
			return err
		}
	}
	return nil
}

// groups creates the district's sectors and fronts (shared names at district
// scale; prefixed with the district in a city, so a leader's sector is theirs).
func (g *gen) groups(tx *store.Tx, d *district) error {
	prefix := ""
	if g.opt.Scale == City {
		prefix = d.name
	}
	for _, kind := range []domain.GroupKind{domain.GroupSector, domain.GroupFront} {
		names := sectorNames
		if kind == domain.GroupFront {
			names = frontNames
		}
		for i, n := range names {
			name := prefix + n
			id, err := tx.InsertGroup(g.ctx, kind, name, d.index*10+i)
			if err != nil {
				return err
			}
			if err := g.audit(tx, string(kind)+".create", string(kind), id, 0, map[string]any{"name": name, "sort": d.index*10 + i}); err != nil {
				return err
			}
			if kind == domain.GroupSector {
				d.sectors = append(d.sectors, id)
			} else {
				d.fronts = append(d.fronts, id)
			}
			d.groupNames = append(d.groupNames, name)
		}
	}
	for _, u := range d.units {
		if u.sector >= 0 {
			u.sectorID = d.sectors[u.sector]
		}
	}
	return nil
}
