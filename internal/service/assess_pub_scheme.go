package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// SchemePublish publishes a scheme's results as computed now: the office
// picks a frozen scheme, the window and its first day.
type SchemePublish struct {
	SchemeID   domain.ID   `json:"scheme_id"`
	NoticeDays int         `json:"notice_days"`
	Start      domain.Date `json:"start"`
}

// PublishScheme computes a frozen scheme's results (ComputeAssessment)
// and publishes them for 公示 with the scheme's name, year and body.
func (s *Service) PublishScheme(ctx context.Context, p *Principal, in SchemePublish) (domain.ID, error) {
	if err := requireOffice(ctx, p); err != nil {
		return 0, err
	}
	if in.SchemeID == 0 {
		return 0, invalid(ctx, "scheme_id", "assesspub.err.scheme_required")
	}
	sc, err := s.loadScheme(ctx, s.db.Read(), p, in.SchemeID)
	if err != nil {
		return 0, err
	}
	if sc.State != domain.SchemeScoring {
		return 0, conflict(ctx, "assesspub.err.scheme_not_scoring", sc.Name, printer(ctx).T("assesspub.scheme_state."+string(sc.State)))
	}
	res, err := s.ComputeAssessment(ctx, p, sc.ID)
	if err != nil {
		return 0, err
	}
	return s.PublishAssessment(ctx, p, PublishInput{SchemeID: sc.ID, Year: sc.Year, SchemeName: sc.Name, Body: sc.SchemeBody, Result: res,
		NoticeDays: in.NoticeDays, Start: in.Start})
}

// PublishableSchemes lists the frozen schemes the office may publish.
func (s *Service) PublishableSchemes(ctx context.Context, p *Principal) ([]domain.Scheme, error) {
	if p == nil || (!p.System && !p.Has(domain.RoleOffice)) {
		return nil, nil
	}
	items, err := s.Schemes(ctx, p, 0)
	if err != nil {
		return nil, err
	}
	var out []domain.Scheme
	for _, it := range items {
		if it.State == domain.SchemeScoring {
			out = append(out, it.Scheme)
		}
	}
	return out, nil
}
