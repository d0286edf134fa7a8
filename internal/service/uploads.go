package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// actorName is how a timeline names who took a step.
func actorName(p *Principal) string {
	if p.System {
		return "system:" + p.Account.Login
	}
	if p.Account.DisplayName != "" {
		return p.Account.DisplayName
	}
	return p.Account.Login
}

// checkUploads applies the evidence rules of reports (count, size, type,
// not empty) to the files of cases and rectification items.
func (s *Service) checkUploads(ctx context.Context, files []Upload) error {
	p := printer(ctx)
	if len(files) > s.cfg.MaxFilesPerReport {
		return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.count", s.cfg.MaxFilesPerReport)}
	}
	for _, f := range files {
		if int64(len(f.Data)) > s.cfg.MaxFileBytes {
			return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: p.T("err.files.size", f.Name, s.cfg.MaxFileBytes>>20)}
		}
		if len(f.Data) == 0 {
			return invalid(ctx, "files", "err.files.empty", f.Name)
		}
		if _, ok := allowedType(f); !ok {
			return invalid(ctx, "files", "err.files.type", f.Name)
		}
	}
	return nil
}
