package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const exemptionCols = `id, unit_id, kind, target_id, case_id, failure, failure_date, year, grounds, state, applied_by_id, applied_by, applied_at,
	decided_by_id, decided_by, decided_at, decision`

func scanExemption(sc scanner) (domain.Exemption, error) {
	var e domain.Exemption
	var caseID, applied, decided sql.NullInt64
	var appliedAt, decidedAt nullTime
	err := sc.Scan(&e.ID, &e.UnitID, &e.Kind, &e.TargetID, &caseID, &e.Failure, &e.FailureDate, &e.Year, &e.Grounds, &e.State, &applied,
		&e.AppliedBy, &appliedAt, &decided, &e.DecidedBy, &decidedAt, &e.Decision)
	e.CaseID, e.AppliedByID, e.DecidedByID, e.AppliedAt, e.DecidedAt = caseID.Int64, applied.Int64, decided.Int64, appliedAt.T, decidedAt.T
	e.Files = []domain.ExemptionFile{}
	return e, err
}

// ExemptionFilter narrows a listing of exemptions. Zero fields do not filter.
type ExemptionFilter struct {
	IDs     []domain.ID
	UnitIDs []domain.ID
	States  []domain.ExemptionState
	Kind    domain.FailureKind
	// TargetIDs (with Kind) are the failures.
	TargetIDs []domain.ID
	// CaseID: exemptions of the case or of its escalations.
	CaseID domain.ID
	Year   int
}

// Exemptions lists the applications that pass f, newest first, without
// their files.
func (r *Reader) Exemptions(ctx context.Context, f ExemptionFilter) ([]domain.Exemption, error) {
	var c conds
	c.ids("id", f.IDs)
	c.ids("unit_id", f.UnitIDs)
	texts(&c, "state", f.States)
	if f.Kind != "" {
		c.add("kind = $%d", string(f.Kind))
	}
	c.ids("target_id", f.TargetIDs)
	if f.CaseID != 0 {
		c.add("case_id = $%d", f.CaseID)
	}
	if f.Year != 0 {
		c.add("year = $%d", f.Year)
	}
	where, args := c.where()
	return collect(ctx, r.q, "list exemptions", "SELECT "+exemptionCols+" FROM exemptions WHERE "+where+" ORDER BY id DESC", args, scanExemption)
}

// Exemption returns one application with its files.
func (r *Reader) Exemption(ctx context.Context, id domain.ID) (domain.Exemption, error) {
	es, err := r.Exemptions(ctx, ExemptionFilter{IDs: []domain.ID{id}})
	if err != nil {
		return domain.Exemption{}, err
	}
	if len(es) == 0 {
		return domain.Exemption{}, notFound("exemption", id)
	}
	e := es[0]
	e.Files, err = collect(ctx, r.q, "exemption files", "SELECT "+exemptionFileCols+" FROM exemption_files WHERE exemption_id = $1 ORDER BY id",
		[]any{id}, func(sc scanner) (domain.ExemptionFile, error) { return scanExemptionFile(sc) })
	if e.Files == nil {
		e.Files = []domain.ExemptionFile{}
	}
	return e, err
}

// ActiveExemption returns the application waiting or approved for a
// failure, nil when there is none.
func (r *Reader) ActiveExemption(ctx context.Context, kind domain.FailureKind, target domain.ID) (*domain.Exemption, error) {
	es, err := r.Exemptions(ctx, ExemptionFilter{Kind: kind, TargetIDs: []domain.ID{target},
		States: []domain.ExemptionState{domain.ExemptionPending, domain.ExemptionApproved}})
	if err != nil || len(es) == 0 {
		return nil, err
	}
	return &es[0], nil
}

// ApprovedExemptionRefs returns the approved exemptions of a kind of
// failure by failure (all of them when targets is empty).
func (r *Reader) ApprovedExemptionRefs(ctx context.Context, kind domain.FailureKind, targets []domain.ID) (map[domain.ID]domain.ExemptionRef, error) {
	out := map[domain.ID]domain.ExemptionRef{}
	chunks := [][]domain.ID{nil}
	if len(targets) > 0 {
		chunks = nil
		for start := 0; start < len(targets); start += batchRows {
			chunks = append(chunks, targets[start:min(start+batchRows, len(targets))])
		}
	}
	for _, chunk := range chunks {
		es, err := r.Exemptions(ctx, ExemptionFilter{Kind: kind, TargetIDs: chunk, States: []domain.ExemptionState{domain.ExemptionApproved}})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.TargetID] = e.Ref()
		}
	}
	return out, nil
}

// InsertExemption stores an application and sets its ID. A second
// application waiting or approved for the same failure is ErrDuplicate.
func (tx *Tx) InsertExemption(ctx context.Context, e *domain.Exemption) error {
	err := tx.queryRow(ctx, `INSERT INTO exemptions (unit_id, kind, target_id, case_id, failure, failure_date, year, grounds, state, applied_by_id,
		applied_by, applied_at, decided_by, decision) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'','') RETURNING id`,
		e.UnitID, string(e.Kind), e.TargetID, nullID(e.CaseID), e.Failure, e.FailureDate, e.Year, e.Grounds, string(e.State),
		nullID(e.AppliedByID), e.AppliedBy, ts(e.AppliedAt)).Scan(&e.ID)
	return wrap("insert exemption", err)
}

// DecideExemption saves a decision.
func (tx *Tx) DecideExemption(ctx context.Context, e domain.Exemption) error {
	res, err := tx.exec(ctx, "UPDATE exemptions SET state=$1, decided_by_id=$2, decided_by=$3, decided_at=$4, decision=$5 WHERE id=$6",
		string(e.State), nullID(e.DecidedByID), e.DecidedBy, ts(e.DecidedAt), e.Decision, e.ID)
	return affected("decide exemption", e.ID, res, err)
}

const exemptionFileCols = "id, exemption_id, name, content_type, size, sha256, created_at"

func scanExemptionFile(sc scanner, extra ...any) (domain.ExemptionFile, error) {
	var f domain.ExemptionFile
	var c nullTime
	err := sc.Scan(append([]any{&f.ID, &f.ExemptionID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &c}, extra...)...)
	f.CreatedAt = c.T
	return f, err
}

// InsertExemptionFile stores a file of an application and sets its ID.
func (tx *Tx) InsertExemptionFile(ctx context.Context, f *domain.ExemptionFile, data []byte, now time.Time) error {
	err := tx.queryRow(ctx, `INSERT INTO exemption_files (exemption_id, name, content_type, size, sha256, data, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, f.ExemptionID, f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	f.CreatedAt = now
	return wrap("insert exemption file", err)
}

// ExemptionFileData returns a file of an application with its bytes.
func (r *Reader) ExemptionFileData(ctx context.Context, id domain.ID) (domain.ExemptionFile, []byte, error) {
	var data []byte
	f, err := scanExemptionFile(r.q.QueryRowContext(ctx, "SELECT "+exemptionFileCols+", data FROM exemption_files WHERE id = $1", id), &data)
	if err == sql.ErrNoRows {
		return f, nil, notFound("exemption file", id)
	}
	return f, data, wrap("get exemption file", err)
}
