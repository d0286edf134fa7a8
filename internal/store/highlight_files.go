package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// ownedFiles lists the files (without bytes) of table whose owner column
// ownerCol is in the records that owners (a subquery) selects, by owner.
func (r *Reader) ownedFiles(ctx context.Context, table, ownerCol, owners string, args []any) (map[domain.ID][]domain.FileRef, error) {
	type file struct {
		owner domain.ID
		domain.FileRef
	}
	files, err := collect(ctx, r.q, "list "+table, "SELECT "+ownerCol+", id, name, content_type, size, sha256 FROM "+table+
		" WHERE "+ownerCol+" IN ("+owners+") ORDER BY id", args, func(sc scanner) (file, error) {
		var f file
		return f, sc.Scan(&f.owner, &f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256)
	})
	if err != nil {
		return nil, err
	}
	out := map[domain.ID][]domain.FileRef{}
	for _, f := range files {
		out[f.owner] = append(out[f.owner], f.FileRef)
	}
	return out, nil
}

// InsertHighlightFile stores a highlight's file and sets its ID.
func (tx *Tx) InsertHighlightFile(ctx context.Context, highlight domain.ID, f *domain.FileRef, data []byte, now time.Time) error {
	return tx.insertOwnedFile(ctx, "highlight_files", "highlight_id", highlight, f, data, now)
}

// HighlightFile returns a highlight's file with its bytes and the
// highlight it belongs to.
func (r *Reader) HighlightFile(ctx context.Context, id domain.ID) (domain.FileRef, domain.ID, []byte, error) {
	return r.ownedFile(ctx, "highlight_files", "highlight_id", id)
}

// insertOwnedFile stores a file of the record owner in table (whose owner
// column is ownerCol) and sets its ID. table and ownerCol are constants.
func (tx *Tx) insertOwnedFile(ctx context.Context, table, ownerCol string, owner domain.ID, f *domain.FileRef, data []byte, now time.Time) error {
	err := tx.queryRow(ctx, "INSERT INTO "+table+" ("+ownerCol+", name, content_type, size, sha256, data, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
		owner, f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	return wrap("insert "+table, err)
}

// ownedFile returns a file of table with its bytes and its owner record.
func (r *Reader) ownedFile(ctx context.Context, table, ownerCol string, id domain.ID) (domain.FileRef, domain.ID, []byte, error) {
	var f domain.FileRef
	var owner domain.ID
	var data []byte
	err := r.q.QueryRowContext(ctx, "SELECT id, "+ownerCol+", name, content_type, size, sha256, data FROM "+table+" WHERE id = $1", id).
		Scan(&f.ID, &owner, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data)
	if err == sql.ErrNoRows {
		return f, 0, nil, notFound(table, id)
	}
	return f, owner, data, wrap("get "+table, err)
}
