package demo

import (
	"strconv"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// taskState is a task with its nodes, as the audit log records it.
type taskState struct {
	domain.Task
	Milestones []domain.Milestone `json:"milestones,omitempty"`
}

// writeTasks stores the district's two plans, goals, tasks with their
// nodes, and indicators, in batches.
func (g *gen) writeTasks(d *district, stage string) error {
	var planIDs [2]domain.ID
	goalIDs := make([]domain.ID, len(goalDefs))
	err := g.db.Update(g.ctx, func(tx *store.Tx) error {
		names := [2]string{
			strconv.Itoa(g.year) + "年" + d.name + "重点工作任务",
			strconv.Itoa(g.year) + "年各单位年度工作目标",
		}
		if g.opt.Scale == City {
			names[1] = strconv.Itoa(g.year) + "年" + d.name + "各单位年度工作目标"
		}
		for i, name := range names {
			pl := domain.Plan{Name: name, Year: g.year, Kind: domain.PlanAnnual, Start: domain.NewDate(g.year, 1, 1),
				End: domain.NewDate(g.year, 12, 31), OwnerUnitID: d.root.id, Cadence: domain.CadenceWeekly,
				DueDay: cadence.DefaultWeeklyDueDay, SevereGap: domain.DefaultSevereGap, DueSoonDays: domain.DefaultDueSoonDays}
			if err := tx.InsertPlan(g.ctx, &pl, g.now); err != nil {
				return err
			}
			planIDs[i] = pl.ID
			g.res.Plans++
			if err := g.audit(tx, "plan.create", "plan", pl.ID, 0, pl); err != nil {
				return err
			}
		}
		for i, gd := range goalDefs {
			goal := domain.Goal{PlanID: planIDs[0], Code: gd.code, Title: gd.title, Description: gd.desc, Sort: i}
			if err := tx.InsertGoal(g.ctx, &goal); err != nil {
				return err
			}
			goalIDs[i] = goal.ID
			if err := g.audit(tx, "goal.create", "goal", goal.ID, 0, goal); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	i, sort := 0, [2]int{}
	step := func(tx *store.Tx) (bool, error) {
		t := d.tasks[i]
		i++
		sort[t.plan]++
		return i < len(d.tasks), g.insertTask(tx, d, t, planIDs[t.plan], goalIDs, sort[t.plan])
	}
	g.progress(stage, 0, len(d.tasks))
	if err := g.batch(taskBatch, step, func() { g.progress(stage, i, len(d.tasks)) }); err != nil {
		return err
	}
	return g.db.Update(g.ctx, func(tx *store.Tx) error {
		for _, def := range indicatorDefs {
			in := domain.Indicator{PlanID: planIDs[0], GoalID: goalIDs[def.goal], Name: def.name, Measure: def.measure,
				Baseline: def.baseline, Target: def.target, Direction: domain.DirectionUp}
			if def.down {
				in.Direction = domain.DirectionDown
			}
			for _, t := range d.tasks {
				if t.plan == 0 && t.title == def.task {
					in.TaskID = t.id
				}
			}
			if err := tx.InsertIndicator(g.ctx, &in); err != nil {
				return err
			}
			if err := g.audit(tx, "indicator.create", "indicator", in.ID, 0, in); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertTask stores one task with its relations and nodes.
func (g *gen) insertTask(tx *store.Tx, d *district, t *task, planID domain.ID, goals []domain.ID, sort int) error {
	u := t.unit
	dt := domain.Task{PlanID: planID, Number: t.number, Title: t.title, Content: t.content, Category: t.category,
		SectorID: d.sectors[t.sector], LeadUnitIDs: []domain.ID{u.id}, CoUnitIDs: []domain.ID{}, FrontIDs: []domain.ID{},
		LeaderIDs: []domain.ID{}, Responsible: u.headName, Start: t.start, Due: t.due, Ongoing: t.ongoing,
		Weight: t.weight, Sort: sort}
	if t.goal >= 0 {
		dt.GoalID = goals[t.goal]
	}
	fields := []string{t.number, t.title, t.content, u.headName, d.groupNames[t.sector]}
	for _, c := range t.co {
		dt.CoUnitIDs = append(dt.CoUnitIDs, c.id)
	}
	if len(t.co) > 0 {
		t.coName = t.co[0].name
	}
	for _, f := range t.fronts {
		dt.FrontIDs = append(dt.FrontIDs, d.fronts[f])
		fields = append(fields, d.groupNames[len(sectorNames)+f])
	}
	pair := sectorLeads[t.sector]
	leaders := pair[:]
	if t.plan == 1 {
		leaders = pair[:1]
	}
	for _, li := range leaders {
		dt.LeaderIDs = append(dt.LeaderIDs, d.leaders[li])
		fields = append(fields, d.leaderName[li])
	}
	if err := tx.InsertTask(g.ctx, &dt, g.norm.Document(fields...), g.now); err != nil {
		return err
	}
	t.id = dt.ID
	g.res.Tasks++
	var ms []domain.Milestone
	if len(t.nodes) > 0 {
		ms = make([]domain.Milestone, len(t.nodes))
		for k, n := range t.nodes {
			ms[k] = domain.Milestone{Seq: k + 1, Due: n.due, Description: n.desc, PlannedPct: n.pct}
		}
		if err := tx.ReplaceMilestones(g.ctx, dt.ID, ms); err != nil {
			return err
		}
		for k := range ms {
			t.nodes[k].id = ms[k].ID
		}
		g.res.Milestones += len(ms)
	}
	return g.audit(tx, "task.create", "task", dt.ID, 0, taskState{dt, ms})
}
