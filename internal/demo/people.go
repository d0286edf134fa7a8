package demo

import (
	"strconv"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

func (g *gen) insertUnit(tx *store.Tx, u *unit, sort int) error {
	du := domain.Unit{Name: u.name, Short: u.short, Aliases: u.aliases, Kind: u.kind, Category: u.category,
		SectorID: u.sectorID, Sort: sort, Active: true}
	if u.parent != nil {
		du.ParentID = u.parent.id
	}
	if err := tx.InsertUnit(g.ctx, &du, g.now); err != nil {
		return err
	}
	u.id = du.ID
	g.res.Units++
	return g.audit(tx, "unit.create", "unit", du.ID, 0, du)
}

// insertPerson stores a person with a post in unit u from start and
// returns the person's ID.
func (g *gen) insertPerson(tx *store.Tx, u *unit, name, title string, start domain.Date) (domain.ID, error) {
	id, _, err := g.insertPersonPost(tx, u, name, title, start)
	return id, err
}

func (g *gen) insertPersonPost(tx *store.Tx, u *unit, name, title string, start domain.Date) (person, post domain.ID, err error) {
	per := domain.Person{Name: name, UnitID: u.id, Title: title, Active: true}
	if err := tx.InsertPerson(g.ctx, &per, g.now); err != nil {
		return 0, 0, err
	}
	g.res.People++
	if err := g.audit(tx, "person.create", "person", per.ID, 0, per); err != nil {
		return 0, 0, err
	}
	pt := domain.Post{PersonID: per.ID, UnitID: u.id, Title: title, Start: start}
	if err := tx.InsertPost(g.ctx, &pt); err != nil {
		return 0, 0, err
	}
	return per.ID, pt.ID, g.audit(tx, "post.create", "post", pt.ID, 0, pt)
}

// insertAccount stores a login with one grant; login rows that are worth
// printing go to the result when unitName is set.
func (g *gen) insertAccount(tx *store.Tx, login, display string, person domain.ID, grant domain.Grant, role, unitName string) (domain.ID, error) {
	a := domain.Account{Login: login, DisplayName: display, PersonID: person, Status: domain.AccountActive,
		PasswordHash: g.hash, Grants: []domain.Grant{grant}}
	if err := tx.InsertAccount(g.ctx, &a, g.now); err != nil {
		return 0, err
	}
	g.res.Accounts++
	if unitName != "" {
		g.res.Logins = append(g.res.Logins, Login{Login: login, Name: display, Role: role, Unit: unitName})
	}
	return a.ID, g.audit(tx, "account.create", "account", a.ID, 0, a)
}

func (g *gen) insertLeadership(tx *store.Tx, l domain.Leadership) error {
	if err := tx.InsertLeadership(g.ctx, &l); err != nil {
		return err
	}
	return g.audit(tx, "leadership.create", "leadership", l.ID, 0, l)
}

// leaders creates the district's leaders with their posts at the root, the
// sector and front leaderships (with a 换届 earlier in the year), the
// office, and the leaders' logins.
func (g *gen) leaders(tx *store.Tx, d *district, used map[string]bool) error {
	first := d.index == 0
	d.handover = domain.NewDate(g.year, 3, 1)
	if lim := g.opt.AsOf.AddDays(-14); d.handover > lim {
		d.handover = lim
	}
	termStart := domain.NewDate(g.year-2, 9, 26)
	newcomer := map[int]bool{}
	for _, h := range handover {
		if !h.front && h.role == 0 {
			newcomer[sectorLeads[h.group][0]] = true
		}
	}
	logins := make([]string, len(leaderDefs))
	taken := map[string]bool{"shuji": true, "quzhang": true, "ducha": true}
	for i, def := range leaderDefs {
		name, login := g.personName(used)
		for base, n := login, 2; taken[login]; n++ {
			login = base + strconv.Itoa(n) // two names, one pinyin
		}
		taken[login] = true
		start := termStart
		if newcomer[i] {
			start = d.handover
		}
		id, err := g.insertPerson(tx, d.root, name, def.title, start)
		if err != nil {
			return err
		}
		d.leaders = append(d.leaders, id)
		d.leaderName = append(d.leaderName, name)
		logins[i] = login
		if def.login != "" {
			logins[i] = def.login
		}
	}
	// Leaderships, with predecessors for the groups that changed hands.
	groups := []struct {
		kind  domain.GroupKind
		ids   []domain.ID
		leads [][2]int
	}{{domain.GroupSector, d.sectors, sectorLeads}, {domain.GroupFront, d.fronts, frontLeads}}
	for _, gr := range groups {
		for gi, pair := range gr.leads {
			for role, li := range pair {
				l := domain.Leadership{PersonID: d.leaders[li], Group: gr.kind, GroupID: gr.ids[gi], Role: domain.LeaderLead, Start: termStart}
				if role == 1 {
					l.Role = domain.LeaderDeputy
				}
				for _, h := range handover {
					if h.front == (gr.kind == domain.GroupFront) && h.group == gi && h.role == role {
						name, _ := g.personName(used)
						pid, post, err := g.insertPersonPost(tx, d.root, name, h.title, termStart)
						if err != nil {
							return err
						}
						end := d.handover.AddDays(-1)
						if err := tx.EndPost(g.ctx, post, end); err != nil {
							return err
						}
						if err := g.audit(tx, "post.end", "post", post, 0, map[string]any{"end": end}); err != nil {
							return err
						}
						old := l
						old.PersonID, old.End = pid, d.handover.AddDays(-1)
						if err := g.insertLeadership(tx, old); err != nil {
							return err
						}
						l.Start = d.handover
					}
				}
				if err := g.insertLeadership(tx, l); err != nil {
					return err
				}
			}
		}
	}
	// The supervision office and the leaders' logins.
	name, _ := g.personName(used)
	pid, err := g.insertPerson(tx, d.root, name, "督查室主任", domain.NewDate(g.year-3, 4, 8))
	if err != nil {
		return err
	}
	d.officePerson = pid
	office := domain.Grant{Role: domain.RoleOffice}
	if g.opt.Scale == City {
		office.UnitID = d.root.id
	}
	d.officeName = d.name + "督查室"
	if d.office, err = g.insertAccount(tx, d.login+"ducha", d.officeName, pid, office, string(domain.RoleOffice), keep(first && g.opt.Scale == District, d.name)); err != nil {
		return err
	}
	made := map[int]bool{}
	showLeader := sectorLeads[secBuild][0]
	for _, li := range []int{0, 1, sectorLeads[0][0], sectorLeads[1][0], sectorLeads[2][0], sectorLeads[3][0], sectorLeads[4][0], sectorLeads[5][0]} {
		if made[li] {
			continue
		}
		made[li] = true
		grant := domain.Grant{Role: domain.RoleLeader}
		if li <= 1 {
			grant.UnitID = d.root.id
		}
		where := ""
		switch {
		case first && li == 1:
			where = d.name
		case first && li == showLeader:
			where = d.groupNames[secBuild]
		}
		if _, err := g.insertAccount(tx, d.login+logins[li], d.leaderName[li], d.leaders[li], grant, string(domain.RoleLeader), where); err != nil {
			return err
		}
	}
	return nil
}

// keep returns s when show is set, else "" (the login is not printed).
func keep(show bool, s string) string {
	if show {
		return s
	}
	return ""
}

// unitPeople creates a unit's head and liaison with their posts and logins.
func (g *gen) unitPeople(tx *store.Tx, d *district, u *unit, used map[string]bool) error {
	first := d.index == 0
	name, _ := g.personName(used)
	start := domain.NewDate(g.year-g.between(1, 6), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28))
	hp, err := g.insertPerson(tx, u, name, u.headTitle, start)
	if err != nil {
		return err
	}
	u.headName = name
	lname, _ := g.personName(used)
	u.llyName = lname
	lp, err := g.insertPerson(tx, u, lname, u.llyTitle, domain.NewDate(g.year-g.between(1, 4), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28)))
	if err != nil {
		return err
	}
	show := first && (u.code == "zjj" || u.code == streets[0].code)
	if u.lly, err = g.insertAccount(tx, d.login+u.code+"_lly", lname, lp, domain.Grant{Role: domain.RoleLiaison, UnitID: u.id},
		string(domain.RoleLiaison), keep(show, u.name)); err != nil {
		return err
	}
	show = first && u.code == "zjj"
	u.head, err = g.insertAccount(tx, d.login+u.code+"_fzr", name, hp, domain.Grant{Role: domain.RoleUnitHead, UnitID: u.id},
		string(domain.RoleUnitHead), keep(show, u.name))
	return err
}
