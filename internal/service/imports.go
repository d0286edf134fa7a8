package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// ImportOptions say where imported rows go.
type ImportOptions struct {
	// PlanID, else PlanName, else the sheet's title names the plan; a task
	// sheet creates the plan when no plan has that name.
	PlanID   domain.ID
	PlanName string
	// CreateUnits creates unknown units, sectors, fronts and leaders
	// instead of refusing the sheet.
	CreateUnits bool
	// FileName and Data identify the file in the audit log.
	FileName string
	Data     []byte
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Plan           domain.Plan `json:"plan"`
	PlanCreated    bool        `json:"plan_created"`
	Rows           int         `json:"rows"`
	Created        int         `json:"created"`
	Updated        int         `json:"updated"`
	Unchanged      int         `json:"unchanged"`
	CreatedUnits   []string    `json:"created_units,omitempty"`
	CreatedSectors []string    `json:"created_sectors,omitempty"`
	CreatedFronts  []string    `json:"created_fronts,omitempty"`
	CreatedPeople  []string    `json:"created_people,omitempty"`
	Reports        int         `json:"reports"`
	Milestones     int         `json:"milestones_completed"`
}

func (ix *nameIndex) unit(name string) domain.ID {
	if id, ok := ix.units[name]; ok {
		return id
	}
	if u := ix.m.UnitByName(name); u != nil {
		return u.ID
	}
	return 0
}

func (ix *nameIndex) sector(name string) domain.ID {
	if id, ok := ix.sectors[name]; ok {
		return id
	}
	return ix.sectors[strings.TrimSuffix(name, "口")]
}

func (ix *nameIndex) front(name string) domain.ID {
	if id, ok := ix.fronts[name]; ok {
		return id
	}
	return ix.fronts[strings.TrimSuffix(strings.TrimSuffix(name, "战线"), "线")]
}

// leader returns the person of that name; ambiguous names count as unknown
// unless exactly one of them leads a sector or front.
func (ix *nameIndex) leader(name string) (domain.ID, bool) {
	ids := ix.people[name]
	switch len(ids) {
	case 0:
		return 0, false
	case 1:
		return ids[0], false
	}
	var leading []domain.ID
	for _, id := range ids {
		for _, l := range ix.m.Leads {
			if l.PersonID == id && l.End.IsZero() {
				leading = append(leading, id)
				break
			}
		}
	}
	if len(leading) == 1 {
		return leading[0], false
	}
	return 0, true
}

// ImportTasks stores a parsed task sheet: all of it, or — on any bad row or
// unknown name — nothing. Tasks are matched by number within the plan, so
// importing the same sheet again updates them instead of duplicating them.
func (s *Service) ImportTasks(ctx context.Context, p *Principal, sheet *xlsimport.TaskSheet, opt ImportOptions) (*ImportSummary, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	pr := printer(ctx)
	sum := &ImportSummary{Rows: len(sheet.Rows)}
	if len(sheet.Rows) == 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("import.svc.no_rows")}
	}
	plan, create, err := s.importPlan(ctx, m, sheet.Year, sheet.Title, opt)
	if err != nil {
		return nil, err
	}
	sum.Plan, sum.PlanCreated = plan, create
	ix := newNameIndex(m)
	if !p.System {
		// An office below the district may import only its own units' tasks.
		for _, row := range sheet.Rows {
			for _, n := range row.LeadUnits {
				if id := ix.unit(n); id != 0 && !officeCovers(m, p, id) {
					return nil, forbidden(ctx)
				}
			}
		}
		if opt.CreateUnits && !officeCovers(m, p, rootsOf(m)...) {
			return nil, forbidden(ctx)
		}
	}
	var probs problems
	// Unknown names are gathered across the sheet, so one message lists them all.
	unknown := map[string]map[string]bool{"unit": {}, "sector": {}, "front": {}, "leader": {}}
	seen := map[string]int{}
	for _, row := range sheet.Rows {
		if prev, dup := seen[row.Number]; dup {
			probs.add(pr.T("import.svc.duplicate", cellRef(ctx, row.Sheet, row.Row, row.Cells, "number"), row.Number, prev))
		}
		seen[row.Number] = row.Row
		for _, n := range append(append([]string{}, row.LeadUnits...), row.CoUnits...) {
			if ix.unit(n) == 0 {
				unknown["unit"][n] = true
			}
		}
		if row.Sector != "" && ix.sector(row.Sector) == 0 {
			unknown["sector"][row.Sector] = true
		}
		for _, f := range row.Fronts {
			if ix.front(f) == 0 {
				unknown["front"][f] = true
			}
		}
		for _, l := range row.Leaders {
			if id, ambiguous := ix.leader(l); id == 0 {
				if ambiguous {
					probs.add(pr.T("import.svc.ambiguous_leader", cellRef(ctx, row.Sheet, row.Row, row.Cells, "leaders"), l))
				} else {
					unknown["leader"][l] = true
				}
			}
		}
		if len(row.LeadUnits) == 0 {
			probs.add(pr.T("import.svc.no_lead", cellRef(ctx, row.Sheet, row.Row, row.Cells, "lead_units")))
		}
		start := row.Start
		if start.IsZero() {
			start = plan.TaskStart()
		}
		if !row.Ongoing && row.Due.IsZero() {
			probs.add(pr.T("import.svc.no_due", cellRef(ctx, row.Sheet, row.Row, row.Cells, "due")))
		} else if !row.Due.IsZero() && row.Due < start {
			probs.add(pr.T("import.svc.due_before_start", cellRef(ctx, row.Sheet, row.Row, row.Cells, "due"), row.Due.String(), start.String()))
		}
		if row.Weight < 0 {
			probs.add(pr.T("import.svc.weight", cellRef(ctx, row.Sheet, row.Row, row.Cells, "weight")))
		}
	}
	if !opt.CreateUnits {
		for _, kind := range []string{"unit", "sector", "front", "leader"} {
			if names := sortedKeys(unknown[kind]); len(names) > 0 {
				probs.add(pr.T("import.svc.unknown."+kind, len(names), listed(ctx, names, "、")))
			}
		}
	}
	if err := probs.err(ctx); err != nil {
		return nil, err
	}
	existing := map[string]*readmodel.Task{}
	if !create {
		for _, t := range m.Tasks {
			if t.PlanID == plan.ID {
				existing[t.Number] = t
			}
		}
	}
	sha := ""
	if opt.Data != nil {
		h := sha256.Sum256(opt.Data)
		sha = hex.EncodeToString(h[:])
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if create {
			if err := s.insertPlan(ctx, tx, p, &plan); err != nil {
				return err
			}
			sum.Plan = plan
		}
		if opt.CreateUnits {
			if err := s.createMissing(ctx, tx, p, m, ix, unknown, sum); err != nil {
				return err
			}
		}
		// Parents first: "1.2" hangs under "1" when the sheet or the plan has
		// a "1", so rows are stored level by level, new ones in bulk.
		numbers := map[string]domain.ID{}
		for n, t := range existing {
			numbers[n] = t.ID
		}
		levels := map[int][]xlsimport.TaskRow{}
		maxLevel := 0
		for _, row := range sheet.Rows {
			l := strings.Count(row.Number, ".")
			levels[l] = append(levels[l], row)
			maxLevel = max(maxLevel, l)
		}
		var created []store.Change
		for l := 0; l <= maxLevel; l++ {
			var news []store.NewTask
			for i, row := range levels[l] {
				rt := s.resolveTask(ix, plan, row, i)
				if k := strings.LastIndex(row.Number, "."); k > 0 {
					rt.task.ParentID = numbers[row.Number[:k]]
				}
				search := s.norm.Document(append(append([]string{rt.task.Number, rt.task.Title, rt.task.Content, rt.task.Responsible, row.Sector},
					row.Fronts...), row.Leaders...)...)
				old := existing[row.Number]
				if old == nil {
					t := rt.task
					news = append(news, store.NewTask{Task: &t, Milestones: rt.ms, Search: search})
					continue
				}
				rt.task.ID, rt.task.CreatedAt = old.ID, old.CreatedAt
				if rt.task.ParentID == 0 {
					rt.task.ParentID = old.ParentID
				}
				if sameTask(old, rt) {
					sum.Unchanged++
					continue
				}
				if err := tx.UpdateTask(ctx, rt.task, search, now); err != nil {
					return err
				}
				if row.HasNodeColumns {
					if err := tx.ReplaceMilestones(ctx, rt.task.ID, rt.ms); err != nil {
						return err
					}
				} else {
					rt.ms = old.Milestones
				}
				if _, err := s.audit(ctx, tx, p, store.Change{Action: "task.import_update", Entity: "task", EntityID: rt.task.ID,
					Before: taskState{old.Task, old.Milestones}, After: taskState{rt.task, rt.ms}}); err != nil {
					return err
				}
				sum.Updated++
			}
			if err := tx.InsertTasks(ctx, news, now); err != nil {
				return err
			}
			for _, n := range news {
				numbers[n.Task.Number] = n.Task.ID
				created = append(created, store.Change{Action: "task.import_create", Entity: "task", EntityID: n.Task.ID,
					After: taskState{*n.Task, n.Milestones}})
			}
			sum.Created += len(news)
		}
		if err := tx.AuditAll(ctx, p.actor(), now, created); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "import.tasks", Entity: "plan", EntityID: plan.ID,
			After: map[string]any{"file": opt.FileName, "sha256": sha, "rows": sum.Rows, "created": sum.Created, "updated": sum.Updated,
				"unchanged": sum.Unchanged, "created_units": sum.CreatedUnits}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// importPlan finds or (for task sheets) prepares the plan an import goes to.
func (s *Service) importPlan(ctx context.Context, m *readmodel.Model, year int, title string, opt ImportOptions) (domain.Plan, bool, error) {
	pr := printer(ctx)
	if opt.PlanID != 0 {
		pl := m.Plan(opt.PlanID)
		if pl == nil {
			return domain.Plan{}, false, notFound(ctx, "err.not_found", pr.T("thing.plan"))
		}
		if year != 0 && pl.Year != year {
			return domain.Plan{}, false, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("import.svc.year_mismatch", year, pl.Name, pl.Year)}
		}
		return *pl, false, nil
	}
	name := strings.TrimSpace(opt.PlanName)
	if name == "" {
		name = strings.TrimSpace(title)
	}
	if name == "" {
		name = pr.T("import.svc.default_plan", year)
	}
	for _, pl := range m.Plans {
		if pl.Name == name {
			return pl, false, nil
		}
	}
	pl, err := s.checkPlan(ctx, PlanInput{Name: name, Year: year})
	return pl, true, err
}
