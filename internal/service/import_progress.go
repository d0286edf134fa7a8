package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// ImportProgress stores a parsed progress sheet as approved reports of the
// tasks' lead units (an office collects and checks these sheets). A row
// that repeats what is already approved for its period changes nothing; a
// row that differs makes a new version. Nodes whose planned percent the
// reported progress reaches are completed on the report's date.
func (s *Service) ImportProgress(ctx context.Context, p *Principal, sheet *xlsimport.ProgressSheet, opt ImportOptions) (*ImportSummary, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	pr := printer(ctx)
	if len(sheet.Rows) == 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("import.svc.no_rows")}
	}
	plan, err := s.progressPlan(ctx, m, sheet, opt)
	if err != nil {
		return nil, err
	}
	sum := &ImportSummary{Plan: plan, Rows: len(sheet.Rows)}
	byNumber, byTitle := map[string]*readmodel.Task{}, map[string][]*readmodel.Task{}
	for _, t := range m.Tasks {
		if t.PlanID == plan.ID {
			byNumber[t.Number] = t
			byTitle[t.Title] = append(byTitle[t.Title], t)
		}
	}
	today := s.Today()
	var probs problems
	type item struct {
		row  xlsimport.ProgressRow
		task *readmodel.Task
	}
	var items []item
	var unknown []string
	seen := map[string]int{}
	for _, row := range sheet.Rows {
		var t *readmodel.Task
		key := row.Number
		switch {
		case row.Number != "":
			t = byNumber[row.Number]
		case len(byTitle[row.Title]) == 1:
			t, key = byTitle[row.Title][0], "title:"+row.Title
		case len(byTitle[row.Title]) > 1:
			probs.add(pr.T("import.svc.ambiguous_title", cellRef(ctx, row.Sheet, row.Row, row.Cells, "title"), row.Title))
			continue
		}
		if t == nil {
			label := row.Number
			if label == "" {
				label = row.Title
			}
			unknown = append(unknown, pr.T("import.svc.unknown_task_row", row.Sheet, row.Row, label))
			continue
		}
		if prev, dup := seen[key+"|"+row.Date.String()]; dup {
			probs.add(pr.T("import.svc.duplicate_progress", cellRef(ctx, row.Sheet, row.Row, row.Cells, "number"), prev))
		}
		seen[key+"|"+row.Date.String()] = row.Row
		if row.Date > today {
			probs.add(pr.T("import.svc.future", cellRef(ctx, row.Sheet, row.Row, row.Cells, "date"), row.Date.String()))
		}
		if len(t.LeadUnitIDs) == 0 {
			probs.add(pr.T("import.svc.no_lead", cellRef(ctx, row.Sheet, row.Row, row.Cells, "number")))
			continue
		}
		if !p.System && !officeCovers(m, p, t.LeadUnitIDs...) {
			return nil, forbidden(ctx)
		}
		items = append(items, item{row: row, task: t})
	}
	if len(unknown) > 0 {
		probs.add(pr.T("import.svc.unknown_tasks", plan.Name, len(unknown), listed(ctx, unknown, "；")))
	}
	if err := probs.err(ctx); err != nil {
		return nil, err
	}
	sha := ""
	if opt.Data != nil {
		h := sha256.Sum256(opt.Data)
		sha = hex.EncodeToString(h[:])
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		now := s.Now()
		for _, it := range items {
			t, row := it.task, it.row
			unit := t.LeadUnitIDs[0]
			period := cadence.Of(t.Cadence(), plan.DueDay, row.Date).Key
			prev, err := tx.PeriodReports(ctx, t.ID, unit, period)
			if err != nil {
				return err
			}
			var last *domain.Report
			for i := range prev {
				r := &prev[i]
				if r.Period == period && r.Status == domain.ReportApproved && (last == nil || r.Version > last.Version) {
					last = r
				}
			}
			progress := math.Round(row.Progress*10) / 10
			if last != nil && last.Progress == progress && last.Date == row.Date && last.Done == row.Done && last.Problems == row.Problems && last.NextSteps == row.NextSteps {
				sum.Unchanged++
				continue
			}
			rep := domain.Report{TaskID: t.ID, UnitID: unit, Period: period, Date: row.Date, Progress: progress, Done: row.Done,
				Problems: row.Problems, NextSteps: row.NextSteps, Status: domain.ReportSubmitted, Version: 1, Source: domain.SourceImport,
				AuthorID: p.Account.ID, SubmittedAt: now}
			if last != nil {
				rep.Version, rep.Supersedes = last.Version+1, last.ID
			}
			for _, ms := range t.Milestones {
				if ms.CompletedOn.IsZero() && ms.PlannedPct <= progress {
					rep.MilestoneIDs = append(rep.MilestoneIDs, ms.ID)
				}
			}
			if err := tx.InsertReport(ctx, &rep, now); err != nil {
				return err
			}
			seq := tx.NextSeq()
			if err := tx.ApproveReport(ctx, rep.ID, p.Account.ID, now, pr.T("import.svc.approved_comment"), seq); err != nil {
				return err
			}
			rep.Status = domain.ReportApproved
			if _, err := s.audit(ctx, tx, p, store.Change{Action: "report.import", Entity: "report", EntityID: rep.ID, ClaimedDate: rep.Date, After: rep}); err != nil {
				return err
			}
			if err := s.completeMilestones(ctx, tx, p, rep); err != nil {
				return err
			}
			sum.Milestones += len(rep.MilestoneIDs)
			if last != nil {
				sum.Updated++
			} else {
				sum.Created++
			}
			sum.Reports++
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "import.progress", Entity: "plan", EntityID: plan.ID,
			After: map[string]any{"file": opt.FileName, "sha256": sha, "rows": sum.Rows, "reports": sum.Reports, "unchanged": sum.Unchanged}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// progressPlan picks the plan a progress sheet reports on: the one named,
// else the only plan that has every number the sheet uses.
func (s *Service) progressPlan(ctx context.Context, m *readmodel.Model, sheet *xlsimport.ProgressSheet, opt ImportOptions) (domain.Plan, error) {
	pr := printer(ctx)
	if opt.PlanID != 0 {
		if pl := m.Plan(opt.PlanID); pl != nil {
			return *pl, nil
		}
		return domain.Plan{}, notFound(ctx, "err.not_found", pr.T("thing.plan"))
	}
	if opt.PlanName != "" {
		for _, pl := range m.Plans {
			if pl.Name == opt.PlanName {
				return pl, nil
			}
		}
		return domain.Plan{}, &domain.Error{Kind: domain.KindInvalid, Field: "plan", Message: pr.T("import.svc.plan_unknown", opt.PlanName)}
	}
	var fits []domain.Plan
	for _, pl := range m.Plans {
		if pl.Archived {
			continue
		}
		nums, titles := map[string]bool{}, map[string]bool{}
		for _, t := range m.Tasks {
			if t.PlanID == pl.ID {
				nums[t.Number], titles[t.Title] = true, true
			}
		}
		all := true
		for _, r := range sheet.Rows {
			if (r.Number != "" && !nums[r.Number]) || (r.Number == "" && !titles[r.Title]) {
				all = false
				break
			}
		}
		if all {
			fits = append(fits, pl)
		}
	}
	if len(fits) == 1 {
		return fits[0], nil
	}
	return domain.Plan{}, &domain.Error{Kind: domain.KindInvalid, Field: "plan", Message: pr.T("import.svc.plan_needed")}
}
