// Import rows: resolving a sheet row to a task, comparing it with the
// stored one, and collecting problems with the cells they are in.

package service

import (
	"context"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

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

// resolvedTask is a sheet row turned into a task.
type resolvedTask struct {
	row  xlsimport.TaskRow
	task domain.Task
	ms   []domain.Milestone
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
		(rt.row.HasNodeColumns && len(old.Milestones) != len(rt.ms)) {
		return false
	}
	if !rt.row.HasNodeColumns {
		// A sheet without node columns says nothing about nodes.
		return true
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

// maxListed is how many names a problem line lists before it says how
// many there are in all: a sheet with 300 unknown rows stays readable.
const maxListed = 10

// listed joins items with sep, cut after maxListed ("…等 N 项").
func listed(ctx context.Context, items []string, sep string) string {
	if len(items) <= maxListed {
		return strings.Join(items, sep)
	}
	return printer(ctx).T("import.svc.list_more", strings.Join(items[:maxListed], sep), len(items))
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
