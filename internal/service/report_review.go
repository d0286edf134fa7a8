// Reviewing reports (approve, return) and reading them back within scope.

package service

import (
	"context"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// reportForReview loads a report p may review as unit head.
func (s *Service) reportForReview(ctx context.Context, tx *store.Tx, p *Principal, id domain.ID) (domain.Report, error) {
	r, err := tx.Report(ctx, id)
	if err != nil {
		return r, fromStore(ctx, err, "thing.report")
	}
	m, err := s.Model(ctx)
	if err != nil {
		return r, err
	}
	if !p.System && !unitsWith(m, p, domain.RoleUnitHead)[r.UnitID] {
		return r, forbidden(ctx)
	}
	if r.Status != domain.ReportSubmitted {
		return r, conflict(ctx, "err.report.not_submitted")
	}
	return r, nil
}

// ApproveReport approves a submitted report (unit head of its unit). The
// nodes it declares completed are completed on its date.
func (s *Service) ApproveReport(ctx context.Context, p *Principal, id domain.ID, comment string) (*domain.Report, error) {
	if err := requireAny(ctx, p, domain.RoleUnitHead); err != nil {
		return nil, err
	}
	var out domain.Report
	err := s.update(ctx, func(tx *store.Tx) error {
		r, err := s.reportForReview(ctx, tx, p, id)
		if err != nil {
			return err
		}
		before := r
		seq := tx.NextSeq()
		now := s.Now()
		comment = truncate(strings.TrimSpace(comment), 1000)
		if err := tx.ApproveReport(ctx, id, p.Account.ID, now, comment, seq); err != nil {
			return err
		}
		r.Status, r.ReviewerID, r.ReviewedAt, r.ReviewComment = domain.ReportApproved, p.Account.ID, now, comment
		out = r
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "report.approve", Entity: "report", EntityID: id, ClaimedDate: r.Date,
			Before: map[string]any{"status": before.Status}, After: map[string]any{"status": r.Status, "progress": r.Progress, "comment": comment}}); err != nil {
			return err
		}
		return s.completeMilestones(ctx, tx, p, r)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (s *Service) completeMilestones(ctx context.Context, tx *store.Tx, p *Principal, r domain.Report) error {
	for _, mid := range r.MilestoneIDs {
		if err := tx.CompleteMilestone(ctx, mid, r.Date, ""); err != nil {
			return err
		}
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "milestone.complete", Entity: "milestone", EntityID: mid, ClaimedDate: r.Date,
			After: map[string]any{"completed_on": r.Date, "report_id": r.ID}}); err != nil {
			return err
		}
	}
	return nil
}

// ReturnReport sends a submitted report back with reasons (unit head).
func (s *Service) ReturnReport(ctx context.Context, p *Principal, id domain.ID, reason string) (*domain.Report, error) {
	if err := requireAny(ctx, p, domain.RoleUnitHead); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, invalid(ctx, "comment", "err.report.return_reason")
	}
	var out domain.Report
	err := s.update(ctx, func(tx *store.Tx) error {
		r, err := s.reportForReview(ctx, tx, p, id)
		if err != nil {
			return err
		}
		before := r
		r.Status, r.ReviewerID, r.ReviewedAt, r.ReviewComment = domain.ReportReturned, p.Account.ID, s.Now(), truncate(reason, 1000)
		if err := tx.UpdateReport(ctx, r); err != nil {
			return err
		}
		out = r
		_, err = s.audit(ctx, tx, p, store.Change{Action: "report.return", Entity: "report", EntityID: id, ClaimedDate: r.Date,
			Before: map[string]any{"status": before.Status}, After: map[string]any{"status": r.Status, "comment": r.ReviewComment}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// canSeeDrafts reports whether p belongs to the unit that wrote a report.
func canSeeDrafts(m *readmodel.Model, p *Principal, unitID domain.ID) bool {
	if p.System {
		return true
	}
	return unitsWith(m, p, domain.RoleLiaison)[unitID] || unitsWith(m, p, domain.RoleUnitHead)[unitID]
}

// TaskReports lists a task's reports, newest first. Drafts are shown only
// to the unit that writes them.
func (s *Service) TaskReports(ctx context.Context, p *Principal, taskID domain.ID) ([]domain.Report, error) {
	_, m, err := s.Task(ctx, p, taskID)
	if err != nil {
		return nil, err
	}
	all, err := s.db.Read().Reports(ctx, store.ReportFilter{TaskID: taskID})
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, r := range all {
		if r.Status == domain.ReportDraft && !canSeeDrafts(m, p, r.UnitID) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Report returns one report p may see, with its files.
func (s *Service) Report(ctx context.Context, p *Principal, id domain.ID) (*domain.Report, error) {
	r, err := s.db.Read().Report(ctx, id)
	if err != nil {
		return nil, fromStore(ctx, err, "thing.report")
	}
	_, m, err := s.Task(ctx, p, r.TaskID)
	if err != nil {
		return nil, err
	}
	if r.Status == domain.ReportDraft && !canSeeDrafts(m, p, r.UnitID) {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.report"))
	}
	return &r, nil
}

// File returns an evidence file p may see.
func (s *Service) File(ctx context.Context, p *Principal, id domain.ID) (domain.File, []byte, error) {
	f, data, err := s.db.Read().FileData(ctx, id)
	if err != nil {
		return f, nil, fromStore(ctx, err, "thing.file")
	}
	if _, err := s.Report(ctx, p, f.ReportID); err != nil {
		return f, nil, err
	}
	return f, data, nil
}

// ReviewQueue lists the reports waiting for p's approval as unit head.
func (s *Service) ReviewQueue(ctx context.Context, p *Principal) ([]domain.Report, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	units := unitsWith(m, p, domain.RoleUnitHead)
	if len(units) == 0 {
		return nil, nil
	}
	return s.db.Read().Reports(ctx, store.ReportFilter{UnitIDs: keys(units), Statuses: []domain.ReportStatus{domain.ReportSubmitted}, Limit: 500})
}

// OwnOpenReports lists the drafts and returned reports of p's units.
func (s *Service) OwnOpenReports(ctx context.Context, p *Principal) ([]domain.Report, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	units := unitsWith(m, p, domain.RoleLiaison)
	for id := range unitsWith(m, p, domain.RoleUnitHead) {
		units[id] = true
	}
	if len(units) == 0 {
		return nil, nil
	}
	return s.db.Read().Reports(ctx, store.ReportFilter{UnitIDs: keys(units), Statuses: []domain.ReportStatus{domain.ReportDraft, domain.ReportReturned}, Limit: 500})
}

func keys(m map[domain.ID]bool) []domain.ID {
	out := make([]domain.ID, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// CanReview reports whether p may approve or return reports of a unit.
func (s *Service) CanReview(p *Principal, m *readmodel.Model, unitID domain.ID) bool {
	return !p.System && unitsWith(m, p, domain.RoleUnitHead)[unitID]
}
