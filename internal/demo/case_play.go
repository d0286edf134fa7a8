package demo

import (
	"math"
	"sort"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/workday"
)

// caseRun is a case played through the case rules, with what to store.
type caseRun struct {
	c       domain.Case
	events  []domain.CaseEvent
	parts   []domain.CasePart
	exts    []domain.CaseExtension
	ratings []domain.CaseRatingEntry
	err     error
	// last is the time of the latest step; stopped is set once a step
	// would fall after the as-of evening, which ends the story.
	last    time.Time
	stopped bool
}

// player plays planned cases through the rules, as of the demo's clock.
type player struct {
	g      *gen
	d      *district
	cal    workday.Calendar
	oh     domain.OfficeHours
	st     domain.CaseSettings
	office domain.CaseActor
	// cutoff is the as-of evening: nothing happens after it.
	cutoff time.Time
}

func newPlayer(g *gen, d *district, cal workday.Calendar, st domain.CaseSettings) (*player, error) {
	oh, err := domain.ParseOfficeHours(st.OfficeHours)
	if err != nil {
		return nil, err
	}
	cutoff := at(g.opt.AsOf, 18, 0)
	if now := g.opt.Now.In(cst); domain.DateOf(now) == g.opt.AsOf && now.Before(cutoff) {
		cutoff = now
	}
	return &player{g: g, d: d, cal: cal, oh: oh, st: st, office: domain.CaseActor{ID: d.office, Name: d.officeName}, cutoff: cutoff}, nil
}

// next takes a step at t, or a few minutes after the previous step when t
// is not after it; ok is false when that falls after the cutoff.
func (p *player) next(r *caseRun, t time.Time) (time.Time, bool) {
	if r.stopped || r.err != nil {
		return t, false
	}
	if !t.After(r.last) {
		t = r.last.Add(time.Duration(3+p.g.r.IntN(25)) * time.Minute)
	}
	if t.After(p.cutoff) {
		r.stopped = true
		return t, false
	}
	r.last = t
	return t, true
}

// on is a moment within office hours on day.
func (p *player) on(day domain.Date) time.Time {
	sp := p.oh[p.g.r.IntN(len(p.oh))]
	m := sp.From + 10 + p.g.r.IntN(max(1, sp.To-sp.From-20))
	return at(day, m/60, m%60)
}

func (p *player) day(from domain.Date, n int) domain.Date { return domain.AddWorkdays(p.cal, from, n) }

func (r *caseRun) add(ev domain.CaseEvent, err error) {
	if r.err == nil {
		r.err = err
		r.events = append(r.events, ev)
		r.c.UpdatedAt = ev.At
	}
}

func (p *player) liaison(u *unit) domain.CaseActor {
	return domain.CaseActor{ID: u.lly, Name: u.llyName, UnitID: u.id}
}

func (p *player) head(u *unit) domain.CaseActor {
	return domain.CaseActor{ID: u.head, Name: u.headName, UnitID: u.id}
}

// play raises, assigns and works a planned case as far as the as-of
// evening; nil when it is raised only after it.
func (p *player) play(s *caseSpec) *caseRun {
	g, d := p.g, p.d
	leader := ""
	if s.leader >= 0 && s.leader < len(d.leaders) {
		leader = d.leaderName[s.leader]
	}
	title, content := caseTexts(g.r, s.source, s.lead, leader, s.taskTitle, len(s.lead.name)+g.r.IntN(400))
	created := p.on(s.day)
	if created.After(p.cutoff) {
		return nil
	}
	r := &caseRun{last: created, c: domain.Case{Title: title, Content: content, Source: s.source, Urgency: s.urgency, LeadUnitID: s.lead.id,
		CoUnitIDs: []domain.ID{}, TaskIDs: []domain.ID{}, TimeLimit: s.limit, State: domain.CaseDraft, Round: 1,
		RaisedByID: d.office, RaisedBy: d.officeName, CreatedAt: created, UpdatedAt: created}}
	c := &r.c
	if leader != "" {
		c.LeaderID = d.leaders[s.leader]
	}
	for _, u := range s.co {
		c.CoUnitIDs = append(c.CoUnitIDs, u.id)
	}
	if s.task != 0 {
		c.TaskIDs = []domain.ID{s.task}
	}
	r.add(domain.CaseEvent{Kind: domain.EventCreate, At: created, ActorID: p.office.ID, Actor: p.office.Name, ToState: domain.CaseDraft,
		Round: 1, Files: []domain.CaseFile{}}, nil)
	if s.draft {
		return r
	}
	t, ok := p.next(r, domain.AddWorkingMinutes(p.cal, p.oh, created, 10+g.r.IntN(80)))
	if !ok {
		return r
	}
	r.add(c.Assign(p.office, t, p.cal, p.st))
	// Signing: most within hours, a lagging unit now and then after the
	// signing limit.
	minutes := g.between(15, 150)
	if s.lead.trait != traitGood {
		minutes = g.between(30, 420)
	}
	if g.chance(map[int]float64{traitGood: 0.03, traitAverage: 0.1, traitLagging: 0.35}[s.lead.trait]) {
		minutes = p.st.SignHours*60 + g.between(30, 1500)
	}
	if t, ok = p.next(r, domain.AddWorkingMinutes(p.cal, p.oh, t, minutes)); !ok {
		return r
	}
	r.add(c.Sign(p.liaison(s.lead), t))
	if !p.work(r, s, domain.DateOf(t), true) {
		return r
	}
	p.review(r, s)
	return r
}

// step is a planned step of a working window.
type step struct {
	at time.Time
	do func(t time.Time)
}

// work plays the window from start to the feedback: interim progress, the
// co-units' parts, perhaps an extension request, the escalation ladder
// when the unit runs late, and the feedback. It reports whether the case
// was reported back by the cutoff.
func (p *player) work(r *caseRun, s *caseSpec, start domain.Date, mayExtend bool) bool {
	g, c := p.g, &r.c
	w := max(1, domain.WorkdaysBetween(p.cal, c.WindowStart, c.Deadline))
	frac := func(lo, hi float64) int { return int(math.Round(float64(w) * (lo + (hi-lo)*g.r.Float64()))) }
	late := func() bool {
		switch s.lead.trait {
		case traitLagging:
			return g.chance(0.4)
		case traitAverage:
			return g.chance(0.15)
		}
		return g.chance(0.04)
	}
	fb := p.day(c.WindowStart, frac(0.5, 0.95))
	switch {
	case g.chance(0.03):
		// 久拖不决: now and then a case drags on for weeks.
		fb = p.day(c.Deadline, g.between(20, 60))
	case late():
		fb = p.day(c.Deadline, g.between(1, 6))
		if s.lead.trait == traitLagging && g.chance(0.5) {
			fb = p.day(c.Deadline, g.between(6, 30))
		}
	case s.lead.trait != traitGood:
		fb = p.day(c.WindowStart, frac(0.7, 1.0))
	}
	if fb <= start && w > 1 {
		fb = p.day(start, 1)
	}
	var steps []step
	// An extension request in the middle of the window; the escalation
	// ladder then counts from the deadline the decision leaves.
	deadline, ladderFrom := c.Deadline, time.Time{}
	if mayExtend && w >= 10 && g.chance(map[int]float64{traitGood: 0.03, traitAverage: 0.06, traitLagging: 0.12}[s.lead.trait]) {
		req := p.day(c.WindowStart, max(1, w*6/10))
		if req <= start {
			req = p.day(start, 1)
		}
		n := g.between(5, 15)
		to := p.day(c.Deadline, n)
		dec := p.day(req, g.between(1, 2))
		approve := g.chance(0.8)
		reqAt, decAt := p.on(req), p.on(dec)
		steps = append(steps, step{reqAt, func(t time.Time) {
			ev, ext, err := c.RequestExtension(p.liaison(s.lead), t, p.cal, to, fill(g.r, pick(g.r, extensionReasons)), false)
			r.add(ev, err)
			r.exts = append(r.exts, ext)
		}}, step{decAt, func(t time.Time) {
			note := "同意延期。"
			if !approve {
				note = "延期理由不充分，请按原时限办结。"
			}
			r.add(c.DecideExtension(p.office, t, &r.exts[len(r.exts)-1], approve, note))
		}})
		if approve {
			deadline = to
			if fb > c.Deadline || g.chance(0.5) {
				fb = p.day(dec, g.between(1, max(1, domain.WorkdaysBetween(p.cal, dec, to))))
				if s.lead.trait == traitLagging && g.chance(0.2) {
					fb = p.day(to, g.between(1, 5))
				}
			}
		}
		ladderFrom = decAt
		if fb <= dec {
			fb = p.day(dec, 1)
		}
	}
	fbAt := p.on(fb)
	// Interim progress, spread over the window: a good unit ahead of the
	// time elapsed, a lagging one behind it, and often a last report just
	// before the feedback.
	pace := map[int][4]float64{traitGood: {1.1, 1.3, 15, 30}, traitAverage: {1.0, 1.15, 5, 15}, traitLagging: {0.55, 0.9, 0, 0}}[s.lead.trait]
	f, b := pace[0]+(pace[1]-pace[0])*g.r.Float64(), pace[2]+(pace[3]-pace[2])*g.r.Float64()
	n := min(8, max(1, w/4))
	span := domain.WorkdaysBetween(p.cal, start, fb)
	report := func(day domain.Date, pct float64) {
		steps = append(steps, step{p.on(day), func(t time.Time) {
			r.add(c.ReportProgress(p.liaison(s.lead), t, math.Max(pct, c.Progress), fill(g.r, pick(g.r, progressTexts))))
		}})
	}
	for k := 1; k <= n && span > 1; k++ {
		day := p.day(start, max(1, span*k/(n+1)))
		if day >= fb {
			break
		}
		elapsed := float64(domain.WorkdaysBetween(p.cal, c.WindowStart, day)) * 100 / float64(w)
		report(day, math.Max(5, math.Min(95, math.Round((elapsed*f+b)/5)*5)))
	}
	if span > 2 && s.lead.trait != traitLagging && g.chance(0.6) {
		report(backWorkdays(p.cal, fb, 1), float64(g.between(17, 19)*5))
	}
	// The co-units' parts come before the feedback.
	for _, u := range s.co {
		day := start
		if span > 1 {
			day = p.day(start, g.between(1, span-1))
		}
		when := p.on(day)
		if !when.Before(fbAt) {
			when = fbAt.Add(-time.Duration(10+g.r.IntN(50)) * time.Minute)
		}
		steps = append(steps, step{when, func(t time.Time) {
			ev, part, err := c.GivePart(p.liaison(u), t, fill(g.r, pick(g.r, partTexts)))
			r.add(ev, err)
			r.parts = append(r.parts, part)
		}})
	}
	// The ladder, for a unit that has not reported back in time.
	ladder := []struct {
		lvl domain.Escalation
		day domain.Date
	}{{domain.EscalationRemind, backWorkdays(p.cal, deadline, p.st.RemindDays)}, {domain.EscalationUrge, deadline},
		{domain.EscalationNotice, p.day(deadline, p.st.NoticeAfterDays)}}
	for _, l := range ladder {
		when := at(l.day, 8, 35)
		if (l.lvl == domain.EscalationRemind && p.st.RemindDays == 0) || (l.lvl == domain.EscalationUrge && !p.st.UrgeAtDeadline) ||
			!when.Before(fbAt) || !when.After(r.last) || when.Before(ladderFrom) {
			continue
		}
		l := l
		steps = append(steps, step{when, func(t time.Time) {
			if c.Can(l.lvl.Event()) && l.lvl > c.Escalation {
				r.add(c.Escalate(p.office, t, l.lvl, escalationTexts[l.lvl]))
			}
		}})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].at.Before(steps[j].at) })
	for _, st := range steps {
		t, ok := p.next(r, st.at)
		if !ok {
			return false
		}
		st.do(t)
	}
	t, ok := p.next(r, fbAt)
	if !ok {
		return false
	}
	by := p.head(s.lead)
	if g.chance(0.3) {
		by = p.liaison(s.lead)
	}
	var given []domain.ID
	for _, pt := range r.parts {
		if pt.Round == c.Round {
			given = append(given, pt.UnitID)
		}
	}
	r.add(c.Feedback(by, t, fill(g.r, pick(g.r, feedbackTexts)), given))
	return r.err == nil
}

// review has the office review the feedback: now and then it returns it
// once, the unit works again and reports back; then it closes the case
// and whoever raised it rates the result, which one time in twenty-five
// reopens it for a second round.
func (p *player) review(r *caseRun, s *caseSpec) {
	g, c := p.g, &r.c
	returnOdds := map[int]float64{traitGood: 0.04, traitAverage: 0.08, traitLagging: 0.18}[s.lead.trait]
	for {
		t, ok := p.next(r, p.on(p.day(domain.DateOf(r.last), g.between(0, 2))))
		if !ok {
			return
		}
		if c.ReturnCount == 0 && g.chance(returnOdds) {
			r.add(c.Return(p.office, t, pick(g.r, caseReturnReasons)))
			if t, ok = p.next(r, p.on(p.day(domain.DateOf(t), g.between(3, 10)))); !ok {
				return
			}
			r.add(c.Feedback(p.head(s.lead), t, "已按退回意见补充完善，"+fill(g.r, pick(g.r, feedbackTexts)), c.CoUnitIDs))
			continue
		}
		r.add(c.Close(p.office, t, pick(g.r, []string{"同意办结。", "", "办理到位，同意办结。"})))
		break
	}
	if !g.chance(0.85) {
		return // not yet rated
	}
	t, ok := p.next(r, p.on(p.day(domain.DateOf(r.last), g.between(0, 3))))
	if !ok {
		return
	}
	rating := domain.RatingSatisfied
	switch x := g.r.Float64(); {
	case x < 0.04 && c.ReopenCount == 0:
		rating = domain.RatingDissatisfied
	case x < 0.25:
		rating = domain.RatingFair
	}
	comment := pick(g.r, rateComments[rating])
	evs, err := c.Rate(p.office, t, p.cal, p.st, rating, comment)
	if err != nil {
		r.err = err
		return
	}
	for _, ev := range evs {
		r.add(ev, nil)
	}
	r.ratings = append(r.ratings, domain.CaseRatingEntry{Round: evs[0].Round, Rating: rating, Comment: comment, ByID: p.office.ID,
		By: p.office.Name, At: t})
	if c.State == domain.CaseWorking && p.work(r, s, domain.DateOf(t), false) {
		p.review(r, s)
	}
}

// backWorkdays is the working day n working days before d.
func backWorkdays(cal workday.Calendar, d domain.Date, n int) domain.Date {
	for n > 0 {
		d--
		if cal.IsWorkday(d) {
			n--
		}
	}
	return d
}
