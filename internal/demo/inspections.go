package demo

import (
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// The year's inspections (督查检查): one a month, each visiting a few units
// and recording findings; each finding becomes a rectification item (整改)
// that the unit works on, the office verifies, closes and re-checks (回头看),
// every step as of the demo's clock.

var inspectionKinds = []struct {
	kind  domain.InspectionKind
	title string
}{
	{domain.InspectionVisit, "明查暗访"}, {domain.InspectionField, "实地督查"}, {domain.InspectionSpecial, "专项督查"},
}

var rectMeasures = []string{
	"成立整改工作专班，明确责任人和完成时限，逐项建立整改台账。",
	"制定整改方案，对照问题清单逐条落实，举一反三开展自查。",
	"完善相关制度，加强日常巡查，防止问题反弹。",
}

var rectProgress = []string{
	"已完成现场整改%d处，相关资料正在完善。",
	"已组织专项排查，发现并整改同类问题%d个。",
	"整改工作已完成过半，剩余问题正在推进。",
}

// inspectionRun is an inspection with its findings and items, as stored.
type inspectionRun struct {
	insp     domain.Inspection
	findings []domain.Finding
	items    []*rectRun
}

// rectRun is a rectification item and its timeline.
type rectRun struct {
	finding int // index in the inspection's findings
	r       domain.Rectification
	events  []domain.RectEvent
}

// writeInspections plans and stores the district's inspections of the year
// up to the as-of date (and the next one, still planned), with audit.
func (g *gen) writeInspections(p *player) error {
	d := p.d
	var targets []*unit
	for _, u := range d.units {
		if u.kind == domain.UnitDepartment || u.kind == domain.UnitStreet || u.kind == domain.UnitTown || g.chance(0.3) {
			targets = append(targets, u)
		}
	}
	if len(targets) < 8 || len(d.leaders) == 0 {
		return nil
	}
	// One a month up to the as-of date, and the next one, still planned
	// (in the next January after a December one).
	var runs []*inspectionRun
	for m := time.January; m <= 13; m++ {
		start := domain.NewDate(g.year, m, g.between(5, 18))
		for !p.cal.IsWorkday(start) {
			start++
		}
		runs = append(runs, g.inspection(p, targets, start, len(runs)))
		// An earlier year ends with its December inspection.
		if start > g.opt.AsOf || (m == time.December && g.year < g.opt.AsOf.Year()) {
			break
		}
	}
	return g.db.Update(g.ctx, func(tx *store.Tx) error {
		for _, ir := range runs {
			if err := tx.InsertInspection(g.ctx, &ir.insp, at(ir.insp.PlannedStart, 8, 40).Add(-14*24*time.Hour)); err != nil {
				return err
			}
			if err := g.audit(tx, "inspection.create", "inspection", ir.insp.ID, 0, ir.insp); err != nil {
				return err
			}
			for i := range ir.findings {
				f := &ir.findings[i]
				f.InspectionID = ir.insp.ID
				if err := tx.InsertFinding(g.ctx, f, at(f.FoundOn, 16, 30)); err != nil {
					return err
				}
				if err := g.audit(tx, "inspection.finding", "finding", f.ID, f.FoundOn, f); err != nil {
					return err
				}
			}
			for _, rr := range ir.items {
				rr.r.InspectionID, rr.r.FindingID = ir.insp.ID, ir.findings[rr.finding].ID
				if err := tx.InsertRectification(g.ctx, &rr.r, rr.events[0].At); err != nil {
					return err
				}
				for k := range rr.events {
					ev := &rr.events[k]
					ev.RectificationID = rr.r.ID
					if err := tx.InsertRectEvent(g.ctx, ev); err != nil {
						return err
					}
					if err := g.audit(tx, "rectification."+string(ev.Action), "rectification", rr.r.ID, domain.DateOf(ev.At.In(cst)), ev); err != nil {
						return err
					}
				}
				g.res.Rectifications++
			}
			g.res.Inspections++
		}
		return nil
	})
}

// inspection plans one inspection starting on start: its targets, team,
// findings and the items they became.
func (g *gen) inspection(p *player, targets []*unit, start domain.Date, n int) *inspectionRun {
	d := p.d
	k := inspectionKinds[n%len(inspectionKinds)]
	topic := pick(g.r, cityTopics)
	end := p.day(start, g.between(2, 4))
	in := domain.Inspection{Kind: k.kind, Title: fmt.Sprintf("%d年第%d次%s：%s", g.year, n+1, k.title, topic),
		Plan: "采取听取汇报、查阅台账、实地察看、随机走访等方式，重点检查" + topic + "落实情况。", State: domain.InspectionPlanned,
		PlannedStart: start, PlannedEnd: end, LeaderID: d.leaders[g.r.IntN(len(d.leaders))], MemberIDs: []domain.ID{},
		CreatedBy: d.office}
	if d.officePerson != 0 {
		in.MemberIDs = []domain.ID{d.officePerson}
	}
	for _, i := range g.r.Perm(len(targets))[:g.between(4, 8)] {
		in.TargetUnitIDs = append(in.TargetUnitIDs, targets[i].id)
	}
	ir := &inspectionRun{insp: in}
	if start > g.opt.AsOf {
		return ir
	}
	ir.insp.State, ir.insp.StartedOn = domain.InspectionUnderWay, start
	if end < g.opt.AsOf {
		ir.insp.State, ir.insp.ConcludedOn = domain.InspectionConcluded, end
		ir.insp.Conclusion = fmt.Sprintf("共检查单位%d个，发现问题%s个，已全部交办整改。", len(in.TargetUnitIDs), "%d")
	}
	last := min(end, g.opt.AsOf)
	for _, uid := range in.TargetUnitIDs {
		for c := g.between(2, 5); c > 0; c-- {
			on := start
			if span := domain.WorkdaysBetween(p.cal, start, last); span > 0 {
				on = p.day(start, g.r.IntN(span+1))
			}
			ir.findings = append(ir.findings, domain.Finding{Seq: len(ir.findings) + 1, UnitID: uid, FoundOn: on,
				Problem:     fmt.Sprintf(pick(g.r, findings), pick(g.r, append([]string{topic}, streetTopics...))),
				Requirement: "请立即制定整改措施，限期整改到位，并报送整改情况和佐证材料。"})
		}
	}
	if ir.insp.Conclusion != "" {
		ir.insp.Conclusion = fmt.Sprintf(ir.insp.Conclusion, len(ir.findings))
	}
	units := map[domain.ID]*unit{}
	for _, u := range d.units {
		units[u.id] = u
	}
	for i, f := range ir.findings {
		if rr := g.rectification(p, units[f.UnitID], f, i); rr != nil {
			ir.items = append(ir.items, rr)
		}
	}
	return ir
}

// rectification plays an item issued for finding f through its workflow
// as far as the cutoff; nil when it is not issued by then.
func (g *gen) rectification(p *player, u *unit, f domain.Finding, i int) *rectRun {
	issued := p.on(p.day(f.FoundOn, g.between(1, 3)))
	if issued.After(p.cutoff) {
		return nil
	}
	rr := &rectRun{finding: i}
	r := &rr.r
	days := g.between(10, 30)
	*r = domain.Rectification{UnitID: u.id, Problem: f.Problem, Requirement: f.Requirement, State: domain.RectIssued,
		IssuedOn: domain.DateOf(issued), Deadline: p.day(domain.DateOf(issued), days), DeadlineWorkdays: days}
	office := domain.CaseActor{ID: p.office.ID, Name: p.office.Name}
	liaison := p.liaison(u)
	last := issued
	step := func(a domain.RectAction, by domain.CaseActor, t time.Time, note string, change func()) bool {
		if !t.After(last) {
			t = last.Add(time.Duration(5+g.r.IntN(30)) * time.Minute)
		}
		if t.After(p.cutoff) {
			return false
		}
		next, ok := domain.NextRectState(r.State, a)
		if !ok && a != domain.RectIssue {
			return false
		}
		if a != domain.RectIssue {
			r.State = next
		}
		ev := domain.RectEvent{Action: a, At: t, ActorID: by.ID, Actor: by.Name, Note: note}
		if a == domain.RectRecheckPass || a == domain.RectRecheckFail {
			ev.Date = r.RecheckOn
		}
		if change != nil {
			change()
		}
		if a == domain.RectClose || a == domain.RectScheduleRecheck {
			ev.Date = r.RecheckOn
		}
		if a == domain.RectIssue || a == domain.RectRecheckFail || a == domain.RectVerifyFail {
			ev.Deadline = r.Deadline
		}
		ev.State = r.State
		rr.events = append(rr.events, ev)
		r.UpdatedAt, last = t, t
		return true
	}
	step(domain.RectIssue, office, issued, r.Requirement, nil)
	for round := 0; round < 2; round++ {
		when := func(n int) time.Time { return p.on(p.day(domain.DateOf(last.In(cst)), n)) }
		if r.Measures == "" {
			m := pick(g.r, rectMeasures)
			if !step(domain.RectMeasures, liaison, when(g.between(1, 3)), m, func() { r.Measures = m }) {
				return rr
			}
		}
		if g.chance(0.6) {
			note := fill(g.r, pick(g.r, rectProgress))
			if !step(domain.RectProgress, liaison, when(g.between(2, 6)), note, func() { r.Progress = note }) {
				return rr
			}
		}
		// Applying: mostly by the deadline, a lagging unit often late.
		apply := p.on(backWorkdays(p.cal, r.Deadline, g.r.IntN(4)))
		if u.trait == traitLagging && g.chance(0.5) || g.chance(0.08) {
			apply = p.on(p.day(r.Deadline, g.between(1, 10)))
		}
		note := "已按要求完成整改，整改情况及佐证材料一并报送，申请销号。"
		if !step(domain.RectApply, liaison, apply, note, func() { r.Progress, r.AppliedOn = note, domain.DateOf(apply) }) {
			return rr
		}
		if g.chance(0.2) && round == 0 {
			t := when(g.between(1, 3))
			nd := p.day(domain.DateOf(t), 10)
			if !step(domain.RectVerifyFail, office, t, "整改不彻底，现场仍存在问题，请继续整改。", func() { r.Deadline, r.DeadlineWorkdays = nd, 10 }) {
				return rr
			}
			continue
		}
		t := when(g.between(1, 3))
		if !step(domain.RectVerifyPass, office, t, "经现场核查，整改到位。", func() { r.VerifiedOn = domain.DateOf(t) }) {
			return rr
		}
		t = when(g.between(0, 2))
		recheck := p.day(domain.DateOf(t), g.between(20, 40))
		if !step(domain.RectClose, office, t, "同意销号。", func() { r.ClosedOn, r.RecheckOn = domain.DateOf(t), recheck }) {
			return rr
		}
		// The 回头看 on its day: now and then the problem is back.
		t = p.on(recheck)
		if g.chance(0.12) && round == 0 {
			nd := p.day(recheck, 10)
			if !step(domain.RectRecheckFail, office, t, "回头看发现问题反弹，请重新整改。", func() {
				r.Reopened++
				r.Deadline, r.DeadlineWorkdays = nd, 10
				r.AppliedOn, r.VerifiedOn, r.ClosedOn, r.RecheckOn = 0, 0, 0, 0
			}) {
				return rr
			}
			continue
		}
		step(domain.RectRecheckPass, office, t, "回头看未发现问题反弹。", nil)
		return rr
	}
	return rr
}
