package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// Upload is an evidence file as received.
type Upload struct {
	Name string
	Data []byte
}

// ReportInput is what a liaison fills in.
type ReportInput struct {
	// Date is the date the report speaks for (填报日期); zero means today.
	Date      domain.Date `json:"date"`
	Progress  float64     `json:"progress"`
	Done      string      `json:"done"`
	Problems  string      `json:"problems"`
	NextSteps string      `json:"next_steps"`
	// MilestoneIDs are nodes the report declares completed.
	MilestoneIDs []domain.ID `json:"milestone_ids"`
	// Submit sends the report for approval; otherwise it is a draft.
	Submit bool     `json:"submit"`
	Files  []Upload `json:"-"`
	// Source says which surface the report came through (web by default).
	Source domain.ReportSource `json:"-"`
	// Indicators are actual values of the indicators attached to the task,
	// by indicator ID; they count once the report is approved.
	Indicators map[domain.ID]float64 `json:"indicators,omitempty"`
}

const maxReportText = 4000

// reportingUnit returns the lead unit of t that p reports for, if any.
func reportingUnit(m *readmodel.Model, p *Principal, t *readmodel.Task) domain.ID {
	if p.System {
		if len(t.LeadUnitIDs) > 0 {
			return t.LeadUnitIDs[0]
		}
		return 0
	}
	mine := unitsWith(m, p, domain.RoleLiaison)
	for id := range unitsWith(m, p, domain.RoleUnitHead) {
		mine[id] = true
	}
	for _, id := range t.LeadUnitIDs {
		if mine[id] {
			return id
		}
	}
	return 0
}

// CanReport reports whether p may write progress reports on t.
func (s *Service) CanReport(p *Principal, m *readmodel.Model, t *readmodel.Task) bool {
	return !p.System && reportingUnit(m, p, t) != 0
}

func (s *Service) checkReport(ctx context.Context, t *readmodel.Task, in *ReportInput) error {
	p := printer(ctx)
	if in.Source == "" {
		in.Source = domain.SourceWeb
	}
	if in.Date.IsZero() {
		in.Date = s.Today()
	}
	if in.Date > s.Today() {
		return invalid(ctx, "date", "err.report.future")
	}
	if in.Progress < 0 || in.Progress > 100 || math.IsNaN(in.Progress) {
		return invalid(ctx, "progress", "err.range", p.T("field.progress"), 0, 100)
	}
	in.Progress = math.Round(in.Progress*10) / 10
	in.Done, in.Problems, in.NextSteps = strings.TrimSpace(in.Done), strings.TrimSpace(in.Problems), strings.TrimSpace(in.NextSteps)
	for field, v := range map[string]string{"done": in.Done, "problems": in.Problems, "next_steps": in.NextSteps} {
		if utf8.RuneCountInString(v) > maxReportText {
			return invalid(ctx, field, "err.too_long", p.T("field."+field), maxReportText)
		}
	}
	if in.Submit && in.Done == "" {
		return invalid(ctx, "done", "err.required", p.T("field.done"))
	}
	own := map[domain.ID]bool{}
	for _, ms := range t.Milestones {
		own[ms.ID] = true
	}
	in.MilestoneIDs = dedupeIDs(in.MilestoneIDs)
	for _, id := range in.MilestoneIDs {
		if !own[id] {
			return invalid(ctx, "milestone_ids", "err.not_found", p.T("thing.milestone"))
		}
	}
	if len(in.Indicators) > 0 {
		attached, err := s.taskIndicators(ctx, t.PlanID, t.ID)
		if err != nil {
			return err
		}
		ok := map[domain.ID]bool{}
		for _, a := range attached {
			ok[a.ID] = true
		}
		for id, v := range in.Indicators {
			if !ok[id] {
				return invalid(ctx, "indicators", "err.not_found", p.T("thing.indicator"))
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return invalid(ctx, "indicators", "err.invalid_value", p.T("field.indicator_value"))
			}
		}
	}
	if len(in.Files) > s.cfg.MaxFilesPerReport {
		return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.count", s.cfg.MaxFilesPerReport)}
	}
	for _, f := range in.Files {
		if int64(len(f.Data)) > s.cfg.MaxFileBytes {
			return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.size", f.Name, s.cfg.MaxFileBytes>>20)}
		}
		if _, ok := allowedType(f); !ok {
			return invalid(ctx, "files", "err.files.type", f.Name)
		}
	}
	return nil
}

// allowedType sniffs an upload: images, PDF, Office documents and plain text.
func allowedType(f Upload) (string, bool) {
	sniff := http.DetectContentType(f.Data)
	ext := strings.ToLower(filepath.Ext(f.Name))
	switch {
	case strings.HasPrefix(sniff, "image/jpeg"), strings.HasPrefix(sniff, "image/png"), strings.HasPrefix(sniff, "image/gif"), strings.HasPrefix(sniff, "image/webp"):
		return sniff, true
	case strings.HasPrefix(sniff, "application/pdf"):
		return "application/pdf", true
	case sniff == "application/zip" || strings.HasPrefix(sniff, "application/x-ole-storage") || sniff == "application/octet-stream":
		switch ext {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
		case ".doc":
			return "application/msword", true
		case ".xls":
			return "application/vnd.ms-excel", true
		case ".ofd":
			return "application/ofd", true
		}
	case strings.HasPrefix(sniff, "text/plain"):
		if ext == ".txt" || ext == ".csv" {
			return "text/plain; charset=utf-8", true
		}
	}
	return "", false
}

func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." {
		name = "file"
	}
	return truncate(name, 120)
}

// SaveReport writes p's report on a task for the period of in.Date: it
// edits the period's open report if there is one, makes a new version if
// the period's report was approved, and starts a new report otherwise.
func (s *Service) SaveReport(ctx context.Context, p *Principal, taskID domain.ID, in ReportInput) (*domain.Report, error) {
	t, m, err := s.Task(ctx, p, taskID)
	if err != nil {
		return nil, err
	}
	unit := reportingUnit(m, p, t)
	if unit == 0 || p.System {
		return nil, forbidden(ctx)
	}
	if err := s.checkReport(ctx, t, &in); err != nil {
		return nil, err
	}
	period := cadence.Of(t.Cadence(), t.Plan.DueDay, in.Date).Key
	var out domain.Report
	err = s.update(ctx, func(tx *store.Tx) error {
		existing, err := tx.PeriodReports(ctx, taskID, unit, period)
		if err != nil {
			return err
		}
		var open, approved *domain.Report
		for i := range existing {
			r := &existing[i]
			switch {
			case r.Status == domain.ReportApproved && (approved == nil || r.Version > approved.Version):
				approved = r
			case r.Status != domain.ReportApproved && (open == nil || r.Version > open.Version):
				open = r
			}
		}
		if open != nil && approved != nil && approved.Version > open.Version {
			open = nil
		}
		now := s.Now()
		st := domain.ReportDraft
		if in.Submit {
			st = domain.ReportSubmitted
		}
		if open != nil {
			before := *open
			out = *open
			out.Date, out.Progress, out.Done, out.Problems, out.NextSteps = in.Date, in.Progress, in.Done, in.Problems, in.NextSteps
			out.MilestoneIDs, out.Status = in.MilestoneIDs, st
			out.Period = period
			if in.Submit {
				out.SubmittedAt = now
			}
			out.ReviewerID, out.ReviewedAt = 0, time.Time{}
			if err := tx.UpdateReport(ctx, out); err != nil {
				return err
			}
			if out.Files, err = tx.ReportFiles(ctx, out.ID); err != nil {
				return err
			}
			if err := s.attach(ctx, tx, &out, in.Files); err != nil {
				return err
			}
			_, err := s.audit(ctx, tx, p, store.Change{Action: "report.update", Entity: "report", EntityID: out.ID, ClaimedDate: out.Date, Before: before,
				After: reportState{out, in.Indicators}})
			return err
		}
		out = domain.Report{TaskID: taskID, UnitID: unit, Period: period, Date: in.Date, Progress: in.Progress, Done: in.Done,
			Problems: in.Problems, NextSteps: in.NextSteps, Status: st, Version: 1, Source: in.Source,
			MilestoneIDs: in.MilestoneIDs, AuthorID: p.Account.ID}
		if in.Submit {
			out.SubmittedAt = now
		}
		if approved != nil {
			out.Version, out.Supersedes = approved.Version+1, approved.ID
		}
		if err := tx.InsertReport(ctx, &out, now); err != nil {
			return err
		}
		if approved != nil {
			if err := tx.CopyFiles(ctx, approved.ID, out.ID); err != nil {
				return err
			}
			if out.Files, err = tx.ReportFiles(ctx, out.ID); err != nil {
				return err
			}
		}
		if err := s.attach(ctx, tx, &out, in.Files); err != nil {
			return err
		}
		if len(in.Indicators) > 0 {
			if err := tx.ReplaceReportIndicatorValues(ctx, out.ID, out.Date, in.Indicators, now); err != nil {
				return err
			}
		}
		action := "report.create"
		if approved != nil {
			action = "report.revise"
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "report", EntityID: out.ID, ClaimedDate: out.Date, After: reportState{out, in.Indicators}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// reportState is a report with the indicator values it carries, as the
// audit log records it.
type reportState struct {
	domain.Report
	Indicators map[domain.ID]float64 `json:"indicators,omitempty"`
}

func (s *Service) attach(ctx context.Context, tx *store.Tx, r *domain.Report, files []Upload) error {
	for _, f := range files {
		ct, _ := allowedType(f)
		sum := sha256.Sum256(f.Data)
		file := domain.File{ReportID: r.ID, Name: cleanFileName(f.Name), ContentType: ct, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])}
		if err := tx.InsertFile(ctx, &file, f.Data, s.Now()); err != nil {
			return err
		}
		r.Files = append(r.Files, file)
	}
	return nil
}
