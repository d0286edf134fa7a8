package demo

import (
	"math"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// DefaultCasesPerUnit is the average number of supervision cases (督办件)
// per unit over a whole year: about 2,700 for a district.
const DefaultCasesPerUnit = 23

// busyDepts are the departments most cases go to (the city's daily
// business: housing, city management, environment, schools, health, safety).
var busyDepts = map[string]bool{"zfb": true, "zjj": true, "cgj": true, "zrzyj": true, "sthjj": true, "jtj": true, "jyj": true,
	"wjw": true, "mzj": true, "scjgj": true, "yjglj": true}

// caseSpec is a case as planned before it is played through the rules.
type caseSpec struct {
	lead      *unit
	co        []*unit
	source    domain.CaseSource
	urgency   domain.CaseUrgency
	leader    int         // index in the district's leaders, -1: none
	day       domain.Date // the day it is raised and assigned
	limit     domain.TimeLimit
	task      domain.ID
	taskTitle string
	draft     bool // raised and left unassigned
}

// sourceMix weighs the sources by the kind of the lead unit.
var sourceMix = map[domain.UnitKind][]struct {
	src domain.CaseSource
	w   int
}{
	domain.UnitDepartment: {{domain.CaseSourceInstruction, 22}, {domain.CaseSourceMeeting, 16}, {domain.CaseSourceSuperior, 14},
		{domain.CaseSourceNPC, 7}, {domain.CaseSourceCPPCC, 7}, {domain.CaseSourcePublic, 14}, {domain.CaseSourceInspection, 12}, {domain.CaseSourceTask, 8}},
	domain.UnitStreet: {{domain.CaseSourceInstruction, 12}, {domain.CaseSourceMeeting, 8}, {domain.CaseSourceSuperior, 8},
		{domain.CaseSourceNPC, 4}, {domain.CaseSourceCPPCC, 4}, {domain.CaseSourcePublic, 40}, {domain.CaseSourceInspection, 18}, {domain.CaseSourceTask, 6}},
	domain.UnitCommunity: {{domain.CaseSourceInstruction, 5}, {domain.CaseSourceSuperior, 10}, {domain.CaseSourcePublic, 60}, {domain.CaseSourceInspection, 25}},
}

func mixFor(k domain.UnitKind) domain.UnitKind {
	switch k {
	case domain.UnitDepartment:
		return k
	case domain.UnitStreet, domain.UnitTown:
		return domain.UnitStreet
	}
	return domain.UnitCommunity
}

// writeCases plans a year of supervision for the district up to the as-of
// date, plays every case through the case rules with the official calendar
// (each step only if it happened by the as-of evening), and stores them in
// bulk with their timelines, the audit log in the order things happened.
func (g *gen) writeCases(d *district, stage string) error {
	if d.office == 0 || len(d.units) < 2 {
		return nil
	}
	cal, _, err := readmodel.LoadCalendar(g.ctx, g.db.Read())
	if err != nil {
		return err
	}
	st := domain.DefaultCaseSettings()
	if saved, ok, err := g.db.Read().CaseSettings(g.ctx); err != nil {
		return err
	} else if ok {
		st = saved
	}
	p, err := newPlayer(g, d, cal, st)
	if err != nil {
		return err
	}
	specs := g.planCases(d, cal)
	g.progress(stage, 0, len(specs))
	var runs []*caseRun
	for i := range specs {
		r := p.play(&specs[i])
		if r == nil {
			continue
		}
		if r.err != nil {
			return r.err
		}
		runs = append(runs, r)
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].c.CreatedAt.Before(runs[j].c.CreatedAt) })
	pattern, err := domain.ParseNumberPattern(st.NumberPattern)
	if err != nil {
		return err
	}
	err = g.db.Update(g.ctx, func(tx *store.Tx) error {
		if len(runs) == 0 {
			return nil
		}
		first, err := tx.ReserveCaseSeqs(g.ctx, g.year, len(runs))
		if err != nil {
			return err
		}
		news := make([]store.NewCase, len(runs))
		for i, r := range runs {
			r.c.Year, r.c.Seq = g.year, first+i
			r.c.Number = pattern.Format(r.c.Year, r.c.Seq)
			news[i] = store.NewCase{Case: &r.c, Events: r.events, Parts: r.parts, Extensions: r.exts, Ratings: r.ratings}
		}
		if err := tx.InsertCases(g.ctx, news); err != nil {
			return err
		}
		// The audit log records the steps in the order they were taken.
		var all []*domain.CaseEvent
		for _, n := range news {
			for k := range n.Events {
				all = append(all, &n.Events[k])
			}
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].At.Before(all[j].At) })
		changes := make([]store.Change, len(all))
		for i, ev := range all {
			changes[i] = store.Change{Action: "case." + string(ev.Kind), Entity: "case", EntityID: ev.CaseID, After: ev}
		}
		return tx.AuditAll(g.ctx, g.actor, g.now, changes)
	})
	if err != nil {
		return err
	}
	g.res.Cases += len(runs)
	if err := g.writeInspections(p); err != nil {
		return err
	}
	g.progress(stage, len(specs), len(specs))
	return nil
}

// planCases lays out the district's cases: how many each unit gets (busy
// departments and streets dozens, communities a few, every unit some),
// their sources, days, time limits, leaders, co-units and linked tasks.
func (g *gen) planCases(d *district, cal workday.Calendar) []caseSpec {
	first, last := domain.NewDate(g.year, 1, 1), domain.NewDate(g.year, 12, 31)
	var days []domain.Date
	yearDays := 0
	for day := first; day <= last; day++ {
		if cal.IsWorkday(day) {
			yearDays++
			if day <= g.asOf {
				days = append(days, day)
			}
		}
	}
	if len(days) == 0 {
		return nil
	}
	perUnit := g.opt.CasesPerUnit
	if perUnit <= 0 {
		perUnit = DefaultCasesPerUnit
	}
	weights := make([]float64, len(d.units))
	sum := 0.0
	for i, u := range d.units {
		switch {
		case u.kind == domain.UnitDepartment && busyDepts[u.code]:
			weights[i] = 7 + 2*g.r.Float64()
		case u.kind == domain.UnitDepartment:
			weights[i] = 1 + 0.6*g.r.Float64()
		case u.kind == domain.UnitStreet || u.kind == domain.UnitTown:
			weights[i] = 6 + 3*g.r.Float64()
		default:
			weights[i] = 0.2 + 0.15*g.r.Float64()
		}
		sum += weights[i]
	}
	total := float64(perUnit*len(d.units)) * float64(len(days)) / float64(yearDays)
	tasks := map[*unit][]*task{}
	for _, t := range d.tasks {
		if t.id != 0 && (t.kind == profLagging || t.kind == profSevere || t.kind == profStuck) {
			tasks[t.unit] = append(tasks[t.unit], t)
		}
	}
	var depts []*unit
	for _, u := range d.units {
		if u.kind == domain.UnitDepartment {
			depts = append(depts, u)
		}
	}
	var specs []caseSpec
	for i, u := range d.units {
		n := max(1, int(math.Round(total*weights[i]/sum)))
		for k := 0; k < n; k++ {
			specs = append(specs, g.caseSpec(d, u, days, depts, tasks[u], cal))
		}
	}
	// The last few working days' cases: now and then one the office has
	// raised and not yet assigned (this year's only).
	if g.year != g.opt.AsOf.Year() {
		return specs
	}
	recent := days[max(0, len(days)-3)]
	drafts := 0
	for i := range specs {
		if specs[i].day >= recent && g.chance(0.08) {
			specs[i].draft = true
			drafts++
		}
	}
	if drafts == 0 && len(specs) > 0 {
		specs[len(specs)-1].day, specs[len(specs)-1].draft = days[len(days)-1], true
	}
	return specs
}

// caseSpec plans one case of unit u.
func (g *gen) caseSpec(d *district, u *unit, days []domain.Date, depts []*unit, lagging []*task, cal workday.Calendar) caseSpec {
	s := caseSpec{lead: u, leader: -1, urgency: domain.UrgencyNormal}
	mix := sourceMix[mixFor(u.kind)]
	total := 0
	for _, m := range mix {
		total += m.w
	}
	x := g.r.IntN(total)
	for _, m := range mix {
		if x -= m.w; x < 0 {
			s.source = m.src
			break
		}
	}
	if s.source == domain.CaseSourceTask && len(lagging) == 0 {
		s.source = domain.CaseSourceSuperior
	}
	// Proposals of the people's congress and the CPPCC come after their
	// sessions, from mid-March to April.
	npc := s.source == domain.CaseSourceNPC || s.source == domain.CaseSourceCPPCC
	var window []domain.Date
	if npc {
		for _, day := range days {
			if day >= domain.NewDate(g.year, 3, 16) && day <= domain.NewDate(g.year, 4, 30) {
				window = append(window, day)
			}
		}
		if len(window) == 0 {
			s.source, npc = domain.CaseSourcePublic, false
		}
	}
	if npc {
		s.day = pick(g.r, window)
	} else {
		// Supervision picks up over the year: later days are likelier.
		for {
			i := g.r.IntN(len(days))
			if g.r.Float64()*1.8 < 0.2+1.6*float64(i)/float64(len(days)) {
				s.day = days[i]
				break
			}
		}
	}
	endOfMonth := func(y int, m time.Month) domain.Date {
		day := domain.DateOf(time.Date(y, m+1, 0, 12, 0, 0, 0, cst))
		for !cal.IsWorkday(day) {
			day--
		}
		return day
	}
	dateLimit := func(to domain.Date, minDays int) domain.TimeLimit {
		if to.Year() == g.year && domain.WorkdaysBetween(cal, s.day, to) >= minDays {
			return domain.TimeLimit{Date: to}
		}
		return domain.TimeLimit{Days: minDays + g.r.IntN(minDays)}
	}
	switch s.source {
	case domain.CaseSourceInstruction:
		s.limit = domain.TimeLimit{Days: g.between(5, 20)}
		s.urgency = pick(g.r, []domain.CaseUrgency{domain.UrgencyNormal, domain.UrgencyUrgent, domain.UrgencyUrgent, domain.UrgencyCritical})
		s.leader = g.caseLeader(u)
	case domain.CaseSourceMeeting:
		s.limit = domain.TimeLimit{Days: g.between(20, 90)}
		if g.chance(0.4) {
			s.limit = dateLimit(endOfMonth(g.year, 12), 20)
		}
		if g.chance(0.5) {
			s.leader = g.caseLeader(u)
		}
	case domain.CaseSourceSuperior:
		s.limit = domain.TimeLimit{Days: g.between(15, 45)}
		if g.chance(0.3) {
			s.limit = dateLimit(endOfMonth(s.day.Year(), s.day.Month()+2), 15)
		}
	case domain.CaseSourceNPC, domain.CaseSourceCPPCC:
		s.limit = dateLimit(endOfMonth(s.day.Year(), s.day.Month()+3), 40)
	case domain.CaseSourcePublic:
		s.limit = domain.TimeLimit{Days: g.between(5, 15)}
		if g.chance(0.3) {
			s.urgency = domain.UrgencyUrgent
		}
	case domain.CaseSourceInspection:
		s.limit = domain.TimeLimit{Days: g.between(15, 40)}
	case domain.CaseSourceTask:
		t := pick(g.r, lagging)
		s.task, s.taskTitle = t.id, t.title
		s.limit = domain.TimeLimit{Days: g.between(10, 30)}
		s.urgency = domain.UrgencyUrgent
	}
	if s.urgency == domain.UrgencyNormal && g.chance(0.12) {
		s.urgency = domain.UrgencyUrgent
	}
	if s.source != domain.CaseSourcePublic && g.chance(0.25) {
		s.co = g.coUnits(u, depts)
	}
	return s
}

// caseLeader is the leader over u's sector, or the district head.
func (g *gen) caseLeader(u *unit) int {
	if u.sector >= 0 && g.chance(0.7) {
		return sectorLeads[u.sector][g.r.IntN(2)]
	}
	return g.r.IntN(2)
}

// coUnits picks one or two units to co-operate with u: departments of its
// sector, a department for a street, the street over a community.
func (g *gen) coUnits(u *unit, depts []*unit) []*unit {
	var out []*unit
	for n := 1 + g.r.IntN(4)/3; len(out) < n; {
		var c *unit
		switch {
		case u.kind == domain.UnitCommunity || u.kind == domain.UnitVillage:
			if len(out) > 0 {
				return out
			}
			c = u.parent
		case u.kind == domain.UnitDepartment && g.chance(0.6):
			var same []*unit
			for _, dp := range depts {
				if dp.sector == u.sector && dp != u {
					same = append(same, dp)
				}
			}
			if len(same) == 0 {
				continue
			}
			c = pick(g.r, same)
		default:
			c = pick(g.r, depts)
		}
		if c == nil || c == u || c.lly == 0 || containsUnit(out, c) {
			if c == nil || len(depts) < 3 {
				return out
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

func containsUnit(us []*unit, u *unit) bool {
	for _, v := range us {
		if v == u {
			return true
		}
	}
	return false
}
