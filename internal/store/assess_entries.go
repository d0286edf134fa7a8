package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const entryCols = `e.id, e.scheme_id, e.code, e.unit_id, e.examiner_id, e.examiner, e.score, e.reason, e.evidence_id, COALESCE(f.name, ''), e.at`

func scanEntry(sc scanner) (domain.AssessEntry, error) {
	var e domain.AssessEntry
	var ev sql.NullInt64
	var at nullTime
	err := sc.Scan(&e.ID, &e.SchemeID, &e.Code, &e.UnitID, &e.ExaminerID, &e.Examiner, &e.Score, &e.Reason, &ev, &e.EvidenceName, &at)
	e.EvidenceID, e.At = ev.Int64, at.T
	return e, err
}

// EntryFilter narrows a listing of a scheme's entries. Zero fields do not
// filter.
type EntryFilter struct {
	SchemeID   domain.ID
	UnitIDs    []domain.ID
	Codes      []string
	ExaminerID domain.ID
}

// AssessEntries lists entries by criterion code, unit and examiner.
func (r *Reader) AssessEntries(ctx context.Context, f EntryFilter) ([]domain.AssessEntry, error) {
	args := []any{f.SchemeID}
	conds := []string{"e.scheme_id = $1"}
	if len(f.UnitIDs) > 0 {
		conds = append(conds, "e.unit_id IN ("+placeholders(&args, f.UnitIDs)+")")
	}
	if len(f.Codes) > 0 {
		conds = append(conds, "e.code IN ("+placeholders(&args, f.Codes)+")")
	}
	if f.ExaminerID != 0 {
		args = append(args, f.ExaminerID)
		conds = append(conds, fmt.Sprintf("e.examiner_id = $%d", len(args)))
	}
	return collect(ctx, r.q, "list entries", "SELECT "+entryCols+" FROM assess_entries e LEFT JOIN assess_files f ON f.id = e.evidence_id WHERE "+
		strings.Join(conds, " AND ")+" ORDER BY e.code, e.unit_id, e.examiner_id", args, scanEntry)
}

// AssessEntry returns the entry of one examiner on one criterion and unit.
func (r *Reader) AssessEntry(ctx context.Context, schemeID domain.ID, code string, unitID, examinerID domain.ID) (domain.AssessEntry, error) {
	e, err := scanEntry(r.q.QueryRowContext(ctx, "SELECT "+entryCols+` FROM assess_entries e LEFT JOIN assess_files f ON f.id = e.evidence_id
		WHERE e.scheme_id = $1 AND e.code = $2 AND e.unit_id = $3 AND e.examiner_id = $4`, schemeID, code, unitID, examinerID))
	if err == sql.ErrNoRows {
		return e, notFound("entry", code)
	}
	return e, wrap("get entry", err)
}

// SaveAssessEntry inserts an entry, or replaces the score, reason and
// evidence of the same examiner's entry on the same criterion and unit;
// it sets the entry's ID. A replaced entry keeps its evidence unless a new
// one is given.
func (tx *Tx) SaveAssessEntry(ctx context.Context, e *domain.AssessEntry) error {
	old, err := tx.AssessEntry(ctx, e.SchemeID, e.Code, e.UnitID, e.ExaminerID)
	switch {
	case err == nil:
		if e.EvidenceID == 0 {
			e.EvidenceID = old.EvidenceID
		}
		e.ID = old.ID
		_, err = tx.exec(ctx, "UPDATE assess_entries SET examiner=$1, score=$2, reason=$3, evidence_id=$4, at=$5 WHERE id=$6",
			e.Examiner, e.Score, e.Reason, nullID(e.EvidenceID), ts(e.At), e.ID)
		return wrap("update entry", err)
	case errors.Is(err, ErrNotFound):
		err = tx.queryRow(ctx, `INSERT INTO assess_entries (scheme_id, code, unit_id, examiner_id, examiner, score, reason, evidence_id, at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, e.SchemeID, e.Code, e.UnitID, e.ExaminerID, e.Examiner, e.Score, e.Reason,
			nullID(e.EvidenceID), ts(e.At)).Scan(&e.ID)
		return wrap("insert entry", err)
	default:
		return err
	}
}

// DeleteAssessEntry removes an entry (the audit log keeps it).
func (tx *Tx) DeleteAssessEntry(ctx context.Context, id domain.ID) error {
	res, err := tx.exec(ctx, "DELETE FROM assess_entries WHERE id = $1", id)
	return affected("delete entry", id, res, err)
}

// CopyAssessEntries copies the entries of one scheme version to another,
// keeping those whose criterion code is in codes; it returns how many.
func (tx *Tx) CopyAssessEntries(ctx context.Context, from, to domain.ID, codes []string) (int, error) {
	if len(codes) == 0 {
		return 0, nil
	}
	args := []any{to, from}
	res, err := tx.exec(ctx, `INSERT INTO assess_entries (scheme_id, code, unit_id, examiner_id, examiner, score, reason, evidence_id, at)
		SELECT $1, code, unit_id, examiner_id, examiner, score, reason, evidence_id, at FROM assess_entries
		WHERE scheme_id = $2 AND code IN (`+placeholders(&args, codes)+`)`, args...)
	if err != nil {
		return 0, wrap("copy entries", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("copy entries", err)
}

// CopySchemeExaminers copies a version's examiners to another.
func (tx *Tx) CopySchemeExaminers(ctx context.Context, from, to domain.ID) error {
	_, err := tx.exec(ctx, `INSERT INTO assess_examiners (scheme_id, account_id, criteria)
		SELECT $1, account_id, criteria FROM assess_examiners WHERE scheme_id = $2`, to, from)
	return wrap("copy examiners", err)
}

// InsertAssessFile stores an evidence file and sets its ID.
func (tx *Tx) InsertAssessFile(ctx context.Context, f *domain.FileRef, data []byte, now time.Time) error {
	f.CreatedAt = now
	err := tx.queryRow(ctx, `INSERT INTO assess_files (name, content_type, size, sha256, data, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
		f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	return wrap("insert assess file", err)
}

// AssessFileData returns an evidence file with its bytes.
func (r *Reader) AssessFileData(ctx context.Context, id domain.ID) (domain.FileRef, []byte, error) {
	var f domain.FileRef
	var data []byte
	var at nullTime
	err := r.q.QueryRowContext(ctx, "SELECT id, name, content_type, size, sha256, data, created_at FROM assess_files WHERE id = $1", id).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data, &at)
	f.CreatedAt = at.T
	if err == sql.ErrNoRows {
		return f, nil, notFound("assess file", id)
	}
	return f, data, wrap("get assess file", err)
}
