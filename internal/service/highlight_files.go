// Supporting files (佐证材料) of a highlight: its unit adds them until the
// office evaluates it; whoever may read the highlight may read them.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// maxHighlightFiles bounds a highlight's files, however many requests add them.
const maxHighlightFiles = 10

// AddHighlightFiles adds supporting files to a highlight of one of p's
// units that is not evaluated yet. Either every file is stored or none.
func (s *Service) AddHighlightFiles(ctx context.Context, p *Principal, id domain.ID, files []Upload) (*HighlightItem, error) {
	if len(files) == 0 {
		return nil, invalid(ctx, "files", "hl.err.files_none")
	}
	if err := s.checkUploads(ctx, files); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		row, err := highlightFor(ctx, tx, m, scope, p, id, false)
		if err != nil {
			return err
		}
		if !row.CanAttach() {
			return conflict(ctx, "hl.err.files_evaluated")
		}
		if n := len(row.Files) + len(files); n > maxHighlightFiles {
			return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: printer(ctx).T("hl.err.files_many", maxHighlightFiles, len(row.Files))}
		}
		var added []domain.FileRef
		for _, up := range files {
			ct, _ := allowedType(up)
			sum := sha256.Sum256(up.Data)
			f := domain.FileRef{Name: cleanFileName(up.Name), ContentType: ct, Size: int64(len(up.Data)), SHA256: hex.EncodeToString(sum[:])}
			if err := tx.InsertHighlightFile(ctx, id, &f, up.Data, s.Now()); err != nil {
				return err
			}
			added = append(added, f)
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "highlight.files", Entity: "highlight", EntityID: id,
			Before: row.Files, After: append(append([]domain.FileRef{}, row.Files...), added...)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Highlight(ctx, p, id)
}

// HighlightFile returns a highlight's file to those who may read the highlight.
func (s *Service) HighlightFile(ctx context.Context, p *Principal, fileID domain.ID) (domain.FileRef, []byte, error) {
	f, hid, data, err := s.db.Read().HighlightFile(ctx, fileID)
	if errors.Is(err, store.ErrNotFound) {
		return f, nil, notFound(ctx, "err.not_found", printer(ctx).T("hl.thing_file"))
	}
	if err != nil {
		return f, nil, err
	}
	if _, err := s.Highlight(ctx, p, hid); err != nil {
		if domain.ErrorKind(err) == domain.KindNotFound {
			return f, nil, notFound(ctx, "err.not_found", printer(ctx).T("hl.thing_file"))
		}
		return f, nil, err
	}
	return f, data, nil
}
