package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const schemeCols = `id, year, kind, name, version, state, prev_id, change_reason, body, created_by_id, created_by, created_at, frozen_at`

func scanScheme(sc scanner) (domain.Scheme, error) {
	var s domain.Scheme
	var prev, by sql.NullInt64 // created_by_id is kept for the audit, not shown
	var body string
	var created, frozen nullTime
	err := sc.Scan(&s.ID, &s.Year, &s.Kind, &s.Name, &s.Version, &s.State, &prev, &s.ChangeReason, &body, &by, &s.CreatedBy, &created, &frozen)
	if err != nil {
		return s, err
	}
	s.PrevID, s.CreatedAt, s.FrozenAt = prev.Int64, created.T, frozen.T
	if err := json.Unmarshal([]byte(body), &s.SchemeBody); err != nil {
		return s, fmt.Errorf("scheme %d body: %w", s.ID, err)
	}
	return s, nil
}

// SchemeFilter narrows a listing of schemes. Zero fields do not filter.
type SchemeFilter struct {
	IDs    []domain.ID
	Year   int
	Kind   domain.SchemeKind
	Name   string
	States []domain.SchemeState
}

// Schemes lists the scheme versions that pass f by year (newest first),
// kind, name and version.
func (r *Reader) Schemes(ctx context.Context, f SchemeFilter) ([]domain.Scheme, error) {
	var conds []string
	var args []any
	if len(f.IDs) > 0 {
		conds = append(conds, "id IN ("+placeholders(&args, f.IDs)+")")
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		conds = append(conds, fmt.Sprintf("year = $%d", len(args)))
	}
	if f.Kind != "" {
		args = append(args, string(f.Kind))
		conds = append(conds, fmt.Sprintf("kind = $%d", len(args)))
	}
	if f.Name != "" {
		args = append(args, f.Name)
		conds = append(conds, fmt.Sprintf("name = $%d", len(args)))
	}
	if len(f.States) > 0 {
		conds = append(conds, "state IN ("+placeholders(&args, strs(f.States))+")")
	}
	where := "1=1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	return collect(ctx, r.q, "list schemes", "SELECT "+schemeCols+" FROM assess_schemes WHERE "+where+
		" ORDER BY year DESC, kind, name, version", args, scanScheme)
}

// Scheme returns one scheme version.
func (r *Reader) Scheme(ctx context.Context, id domain.ID) (domain.Scheme, error) {
	s, err := scanScheme(r.q.QueryRowContext(ctx, "SELECT "+schemeCols+" FROM assess_schemes WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return s, notFound("scheme", id)
	}
	return s, wrap("get scheme", err)
}

// NextSchemeVersion returns the version number a new version of the
// scheme (year, kind, name) gets: one more than the highest stored.
func (r *Reader) NextSchemeVersion(ctx context.Context, year int, kind domain.SchemeKind, name string) (int, error) {
	var v int
	err := r.q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM assess_schemes WHERE year = $1 AND kind = $2 AND name = $3",
		year, string(kind), name).Scan(&v)
	return v + 1, wrap("next scheme version", err)
}

func schemeBody(s domain.Scheme) (string, error) {
	b, err := json.Marshal(s.SchemeBody)
	return string(b), err
}

// InsertScheme stores a new scheme version and sets its ID and CreatedAt.
func (tx *Tx) InsertScheme(ctx context.Context, s *domain.Scheme, createdByID domain.ID, now time.Time) error {
	body, err := schemeBody(*s)
	if err != nil {
		return fmt.Errorf("scheme body: %w", err)
	}
	s.CreatedAt = now
	err = tx.queryRow(ctx, `INSERT INTO assess_schemes (year, kind, name, version, state, prev_id, change_reason, body, created_by_id, created_by,
		created_at, frozen_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$11) RETURNING id`,
		s.Year, string(s.Kind), s.Name, s.Version, string(s.State), nullID(s.PrevID), s.ChangeReason, body, nullID(createdByID), s.CreatedBy,
		ts(now), ts(s.FrozenAt)).Scan(&s.ID)
	return wrap("insert scheme", err)
}

// UpdateScheme saves a scheme version's name, state, body and freezing.
func (tx *Tx) UpdateScheme(ctx context.Context, s domain.Scheme, now time.Time) error {
	body, err := schemeBody(s)
	if err != nil {
		return fmt.Errorf("scheme body: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE assess_schemes SET year=$1, kind=$2, name=$3, state=$4, body=$5, frozen_at=$6, updated_at=$7 WHERE id=$8`,
		s.Year, string(s.Kind), s.Name, string(s.State), body, ts(s.FrozenAt), ts(now), s.ID)
	return affected("update scheme", s.ID, res, err)
}

// SchemeExaminers lists a scheme's examiners with their logins and names.
func (r *Reader) SchemeExaminers(ctx context.Context, schemeID domain.ID) ([]domain.SchemeExaminer, error) {
	return collect(ctx, r.q, "scheme examiners", `SELECT e.scheme_id, e.account_id, a.login, a.display_name, e.criteria
		FROM assess_examiners e JOIN accounts a ON a.id = e.account_id WHERE e.scheme_id = $1 ORDER BY a.login`, []any{schemeID},
		func(sc scanner) (domain.SchemeExaminer, error) {
			var e domain.SchemeExaminer
			var codes string
			err := sc.Scan(&e.SchemeID, &e.AccountID, &e.Login, &e.Name, &codes)
			e.Criteria = splitLines(codes)
			if e.Criteria == nil {
				e.Criteria = []string{}
			}
			return e, err
		})
}

// SetSchemeExaminers replaces a scheme's examiners.
func (tx *Tx) SetSchemeExaminers(ctx context.Context, schemeID domain.ID, list []domain.SchemeExaminer) error {
	if _, err := tx.exec(ctx, "DELETE FROM assess_examiners WHERE scheme_id = $1", schemeID); err != nil {
		return wrap("clear scheme examiners", err)
	}
	for _, e := range list {
		if _, err := tx.exec(ctx, "INSERT INTO assess_examiners (scheme_id, account_id, criteria) VALUES ($1,$2,$3)",
			schemeID, e.AccountID, strings.Join(e.Criteria, "\n")); err != nil {
			return wrap("insert scheme examiner", err)
		}
	}
	return nil
}
