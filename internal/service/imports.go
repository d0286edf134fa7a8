package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
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

// cellRef describes a cell for messages: sheet, row, column letter and header.
func cellRef(ctx context.Context, sheet string, row int, cells map[string]string, field string) string {
	col := strings.TrimRight(cells[field], "0123456789")
	return printer(ctx).T("import.svc.where", sheet, row, col, printer(ctx).T("import.svc.field."+field))
}

// problems collects per-row errors of an import; any of them refuses the
// whole sheet.
type problems struct {
	lines []string
}

func (p *problems) add(line string) {
	if len(p.lines) < 200 {
		p.lines = append(p.lines, line)
	}
}

func (p *problems) err(ctx context.Context) error {
	if len(p.lines) == 0 {
		return nil
	}
	return &domain.Error{Kind: domain.KindInvalid, Message: printer(ctx).T("import.svc.failed", len(p.lines)), Details: p.lines}
}

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

// resolvedTask is a sheet row turned into a task.
type resolvedTask struct {
	row  xlsimport.TaskRow
	task domain.Task
	ms   []domain.Milestone
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
				probs.add(pr.T("import.svc.unknown."+kind, len(names), strings.Join(names, "、")))
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
				if err := tx.ReplaceMilestones(ctx, rt.task.ID, rt.ms); err != nil {
					return err
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

func (s *Service) resolveTask(ix *nameIndex, plan domain.Plan, row xlsimport.TaskRow, sortKey int) resolvedTask {
	t := domain.Task{PlanID: plan.ID, Number: row.Number, Title: row.Title, Content: row.Content, Category: row.Category,
		Responsible: row.Responsible, Start: row.Start, Due: row.Due, Ongoing: row.Ongoing, Weight: row.Weight, Cadence: row.Cadence,
		Sort: row.Row, FrontIDs: []domain.ID{}, LeadUnitIDs: []domain.ID{}, CoUnitIDs: []domain.ID{}, LeaderIDs: []domain.ID{}}
	if t.Category == "" {
		t.Category = domain.CategoryRoutine
	}
	if t.Weight == 0 {
		t.Weight = 1
	}
	if t.Ongoing {
		t.Due = 0
	}
	t.SectorID = ix.sector(row.Sector)
	if t.SectorID == 0 && row.Section != "" {
		// A section heading such as "一、经济发展口（共35项）" names the sector.
		for name, id := range ix.sectors {
			if strings.HasSuffix(name, "口") && strings.Contains(row.Section, name) {
				t.SectorID = id
			}
		}
	}
	for _, f := range row.Fronts {
		t.FrontIDs = append(t.FrontIDs, ix.front(f))
	}
	lead := map[domain.ID]bool{}
	for _, u := range row.LeadUnits {
		id := ix.unit(u)
		lead[id] = true
		t.LeadUnitIDs = append(t.LeadUnitIDs, id)
	}
	for _, u := range row.CoUnits {
		if id := ix.unit(u); !lead[id] {
			t.CoUnitIDs = append(t.CoUnitIDs, id)
		}
	}
	for _, l := range row.Leaders {
		id, _ := ix.leader(l)
		t.LeaderIDs = append(t.LeaderIDs, id)
	}
	t.FrontIDs, t.LeadUnitIDs, t.CoUnitIDs, t.LeaderIDs = dedupeIDs(t.FrontIDs), dedupeIDs(t.LeadUnitIDs), dedupeIDs(t.CoUnitIDs), dedupeIDs(t.LeaderIDs)
	var ms []domain.Milestone
	for i, m := range row.Milestones {
		ms = append(ms, domain.Milestone{Seq: i + 1, Due: m.Due, Description: m.Description, PlannedPct: m.PlannedPct})
	}
	return resolvedTask{row: row, task: t, ms: ms}
}

// sameTask reports whether an import row would change nothing.
func sameTask(old *readmodel.Task, rt resolvedTask) bool {
	a, b := old.Task, rt.task
	if a.Title != b.Title || a.Content != b.Content || a.Category != b.Category || a.SectorID != b.SectorID || a.Responsible != b.Responsible ||
		a.Start != b.Start || a.Due != b.Due || a.Ongoing != b.Ongoing || a.Weight != b.Weight || a.Cadence != b.Cadence || a.ParentID != b.ParentID && b.ParentID != 0 ||
		!sameIDs(a.FrontIDs, b.FrontIDs) || !sameIDs(a.LeadUnitIDs, b.LeadUnitIDs) || !sameIDs(a.CoUnitIDs, b.CoUnitIDs) || !sameIDs(a.LeaderIDs, b.LeaderIDs) ||
		len(old.Milestones) != len(rt.ms) {
		return false
	}
	for i := range rt.ms {
		if old.Milestones[i].Due != rt.ms[i].Due || old.Milestones[i].PlannedPct != rt.ms[i].PlannedPct || old.Milestones[i].Description != rt.ms[i].Description {
			return false
		}
	}
	return true
}

func sameIDs(a, b []domain.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
