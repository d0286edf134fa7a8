package demo

import (
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// caseStory is a demo case: where it comes from and how far its workflow
// has gone by the as-of date.
type caseStory struct {
	source         domain.CaseSource
	title, content string
	urgency        domain.CaseUrgency
	// back is how many working days before the as-of date it was assigned,
	// limit its time limit in working days.
	back, limit int
	co          bool // with a co-unit
	leader      bool // on a leader's instruction
	stage       string
}

// caseStories run from closed cases to a draft, so that every light and
// every state shows.
var caseStories = []caseStory{
	{domain.CaseSourceInstruction, "关于加快老旧小区加装电梯工作的批示", "请牵头单位抓紧推进，确保年内完成既定加装任务，并将进展情况及时报告。", domain.UrgencyUrgent, 30, 10, true, true, "closed"},
	{domain.CaseSourceMeeting, "区政府常务会议议定：城市更新项目前期工作", "会议议定抓紧完成项目立项、规划和资金测算等前期工作。", domain.UrgencyNormal, 25, 5, false, true, "closed_late"},
	{domain.CaseSourcePublic, "群众反映夜间施工噪音扰民", "12345热线反映某工地夜间违规施工，噪音扰民，请核实处理并答复群众。", domain.UrgencyUrgent, 15, 10, false, false, "overdue"},
	{domain.CaseSourceSuperior, "市委督查室交办：涉企违规收费专项整治", "按市委督查室要求开展涉企违规收费自查自纠，形成整治清单。", domain.UrgencyNormal, 6, 15, false, false, "behind"},
	{domain.CaseSourceNPC, "关于增设学校周边交通安全设施的建议（第12号）", "人大代表建议在学校周边增设减速带、护栏和信号灯，保障学生上下学安全。", domain.UrgencyNormal, 8, 10, false, false, "due_soon"},
	{domain.CaseSourceCPPCC, "关于加强农村生活污水治理的提案（第35号）", "政协委员提出加快农村生活污水收集处理设施建设。", domain.UrgencyNormal, 0, 20, false, false, "assigned"},
	{domain.CaseSourceInspection, "督查发现：部分小区消防通道被占用", "实地督查发现多个小区消防通道被车辆长期占用，请限期整改。", domain.UrgencyCritical, 5, 10, true, false, "reported"},
	{domain.CaseSourceTask, "关于重点任务进度滞后的督办", "该任务完成进度落后于序时进度，请分析原因、制定措施，按期完成。", domain.UrgencyUrgent, 12, 10, false, false, "extended"},
	{domain.CaseSourcePublic, "群众反映背街小巷路灯损坏", "群众反映多条背街小巷路灯损坏，夜间出行不便。", domain.UrgencyNormal, 0, 10, false, false, "draft"},
}

// caseRun plays a story through the case rules, collecting what to store.
type caseRun struct {
	c       domain.Case
	events  []domain.CaseEvent
	parts   []domain.CasePart
	exts    []domain.CaseExtension
	ratings []domain.CaseRatingEntry
	err     error
}

func (r *caseRun) add(ev domain.CaseEvent, err error) {
	if r.err == nil {
		r.err = err
		r.events = append(r.events, ev)
	}
}

// writeCases writes a district's demo cases, each step audited as the real
// operations would be. Units are picked among those with a liaison.
func (g *gen) writeCases(tx *store.Tx, d *district) error {
	var units []*unit
	for _, u := range d.units {
		if u.lly != 0 && (u.kind == domain.UnitDepartment || u.kind == domain.UnitStreet) {
			units = append(units, u)
		}
	}
	if len(units) < 2 || d.office == 0 {
		return nil
	}
	cal := workday.Weekends{}
	asOf := g.opt.AsOf
	back := func(n int) domain.Date {
		day := asOf
		for n > 0 {
			day--
			if cal.IsWorkday(day) {
				n--
			}
		}
		return day
	}
	st := domain.DefaultCaseSettings()
	pattern, err := domain.ParseNumberPattern(st.NumberPattern)
	if err != nil {
		return err
	}
	office := domain.CaseActor{ID: d.office, Name: d.officeName}
	for i, s := range caseStories {
		lead := units[g.r.IntN(len(units))]
		co := units[(g.r.IntN(len(units)-1)+1+indexOf(units, lead))%len(units)]
		start := back(s.back)
		created := at(start, 9, 0)
		r := &caseRun{c: domain.Case{Title: s.title, Content: s.content, Source: s.source, Urgency: s.urgency, LeadUnitID: lead.id,
			CoUnitIDs: []domain.ID{}, TaskIDs: []domain.ID{}, TimeLimit: domain.TimeLimit{Days: s.limit}, State: domain.CaseDraft, Round: 1,
			RaisedByID: d.office, RaisedBy: d.officeName}}
		c := &r.c
		if s.co {
			c.CoUnitIDs = []domain.ID{co.id}
		}
		if s.leader && len(d.leaders) > 0 {
			c.LeaderID = d.leaders[i%len(d.leaders)]
		}
		if s.source == domain.CaseSourceTask {
			for _, t := range d.tasks {
				if t.unit == lead && t.id != 0 {
					c.TaskIDs = []domain.ID{t.id}
					break
				}
			}
		}
		c.Year = asOf.Year()
		if c.Seq, err = tx.NextCaseSeq(g.ctx, c.Year); err != nil {
			return err
		}
		c.Number = pattern.Format(c.Year, c.Seq)
		r.add(domain.CaseEvent{Kind: domain.EventCreate, At: created, ActorID: office.ID, Actor: office.Name, ToState: domain.CaseDraft, Round: 1}, nil)
		g.playCase(r, s, lead, co, office, start, cal, st)
		if r.err != nil {
			return r.err
		}
		if err := g.storeCase(tx, r, created); err != nil {
			return err
		}
		g.res.Cases++
	}
	return nil
}

// playCase takes the story's steps, dated from its start.
func (g *gen) playCase(r *caseRun, s caseStory, lead, co *unit, office domain.CaseActor, start domain.Date, cal workday.Calendar, st domain.CaseSettings) {
	if s.stage == "draft" {
		return
	}
	c := &r.c
	liaison := domain.CaseActor{ID: lead.lly, Name: lead.llyName, UnitID: lead.id}
	head := domain.CaseActor{ID: lead.head, Name: lead.headName, UnitID: lead.id}
	day := func(n int) domain.Date { return domain.AddWorkdays(cal, start, n) }
	r.add(c.Assign(office, at(start, 9, 30), cal, st))
	if s.stage == "assigned" {
		return
	}
	signAt := at(start, 15, 10)
	if s.stage == "closed_late" {
		signAt = at(day(1), 16, 0)
	}
	r.add(c.Sign(liaison, signAt))
	progress := map[string]float64{"closed": 50, "closed_late": 30, "overdue": 40, "behind": 10, "due_soon": 60, "reported": 80, "extended": 45}
	r.add(c.ReportProgress(liaison, at(day(2), 10, 0), progress[s.stage], "已制定工作方案，明确责任分工和时间节点，正在推进。"))
	if s.co {
		ev, part, err := c.GivePart(domain.CaseActor{ID: co.lly, Name: co.llyName, UnitID: co.id}, at(day(3), 11, 0), "已按职责做好配合工作，相关保障已落实。")
		r.add(ev, err)
		r.parts = append(r.parts, part)
	}
	switch s.stage {
	case "due_soon":
		r.add(c.ReportProgress(liaison, at(day(7), 10, 0), 90, "主体工作已基本完成，正在进行收尾。"))
	case "overdue":
		r.add(c.Escalate(office, at(c.Deadline, 9, 0), domain.EscalationUrge, "已到办理时限，请抓紧办理并反馈。"))
	case "extended":
		ev, ext, err := c.RequestExtension(liaison, at(day(8), 9, 0), cal, domain.AddWorkdays(cal, c.Deadline, 5), "需等待上级审批后方可实施，申请延期5个工作日。", false)
		r.add(ev, err)
		if err == nil {
			r.add(c.DecideExtension(office, at(day(9), 10, 0), &ext, true, "同意延期。"))
			r.exts = append(r.exts, ext)
		}
	case "closed", "closed_late", "reported":
		days := map[string]int{"closed": 8, "closed_late": 7, "reported": 4}[s.stage]
		r.add(c.Feedback(head, at(day(days), 16, 0), "已按要求办理完毕，相关佐证材料已归档。", c.CoUnitIDs))
		if s.stage == "reported" {
			return
		}
		r.add(c.Close(office, at(day(days+1), 10, 0), "同意办结。"))
		if s.stage == "closed" {
			evs, err := c.Rate(office, at(day(days+1), 15, 0), cal, st, domain.RatingSatisfied, "")
			if r.err == nil {
				r.err = err
				r.events = append(r.events, evs...)
			}
			if err == nil {
				r.ratings = append(r.ratings, domain.CaseRatingEntry{Round: 1, Rating: domain.RatingSatisfied, ByID: office.ID, By: office.Name,
					At: at(day(days+1), 15, 0)})
			}
		}
	}
}

// storeCase writes a played case with its timeline and audits every step.
func (g *gen) storeCase(tx *store.Tx, r *caseRun, created time.Time) error {
	c := &r.c
	if err := tx.InsertCase(g.ctx, c, created); err != nil {
		return err
	}
	for i := range r.events {
		ev := &r.events[i]
		ev.CaseID = c.ID
		if err := tx.InsertCaseEvent(g.ctx, ev); err != nil {
			return err
		}
		if err := g.audit(tx, "case."+string(ev.Kind), "case", c.ID, 0, ev); err != nil {
			return err
		}
	}
	for i := range r.parts {
		r.parts[i].CaseID = c.ID
		if err := tx.SaveCasePart(g.ctx, &r.parts[i]); err != nil {
			return err
		}
	}
	for i := range r.exts {
		r.exts[i].CaseID = c.ID
		if err := tx.InsertCaseExtension(g.ctx, &r.exts[i]); err != nil {
			return err
		}
	}
	for i := range r.ratings {
		r.ratings[i].CaseID = c.ID
		if err := tx.InsertCaseRating(g.ctx, &r.ratings[i]); err != nil {
			return err
		}
	}
	return nil
}

func indexOf(units []*unit, u *unit) int {
	for i, v := range units {
		if v == u {
			return i
		}
	}
	return 0
}
