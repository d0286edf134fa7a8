package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const rectCols = `id, inspection_id, finding_id, unit_id, problem, requirement, measures, progress, state, deadline, deadline_workdays,
	issued_on, applied_on, verified_on, closed_on, recheck_on, reopened, note, created_at, updated_at`

func scanRect(sc scanner) (domain.Rectification, error) {
	var r domain.Rectification
	var created, updated nullTime
	err := sc.Scan(&r.ID, &r.InspectionID, &r.FindingID, &r.UnitID, &r.Problem, &r.Requirement, &r.Measures, &r.Progress, &r.State,
		&r.Deadline, &r.DeadlineWorkdays, &r.IssuedOn, &r.AppliedOn, &r.VerifiedOn, &r.ClosedOn, &r.RecheckOn, &r.Reopened, &r.Note,
		&created, &updated)
	r.CreatedAt, r.UpdatedAt = created.T, updated.T
	return r, err
}

// RectFilter narrows a rectification listing; zero fields match all.
type RectFilter struct {
	// UnitIDs, when not nil, keeps the items of these units (an empty,
	// non-nil list matches none).
	UnitIDs      []domain.ID
	InspectionID domain.ID
	FindingID    domain.ID
	States       []domain.RectState
	// RecheckBy keeps closed items whose re-check is due on or before it.
	RecheckBy domain.Date
}

// Rectifications lists rectification items by deadline, then number.
func (r *Reader) Rectifications(ctx context.Context, f RectFilter) ([]domain.Rectification, error) {
	if f.UnitIDs != nil && len(f.UnitIDs) == 0 {
		return nil, nil
	}
	q := "SELECT " + rectCols + " FROM rectifications WHERE 1=1"
	var args []any
	if f.UnitIDs != nil {
		q += " AND unit_id IN (" + placeholders(&args, f.UnitIDs) + ")"
	}
	if f.InspectionID != 0 {
		args = append(args, f.InspectionID)
		q += fmt.Sprintf(" AND inspection_id = $%d", len(args))
	}
	if f.FindingID != 0 {
		args = append(args, f.FindingID)
		q += fmt.Sprintf(" AND finding_id = $%d", len(args))
	}
	if len(f.States) > 0 {
		q += " AND state IN (" + placeholders(&args, strs(f.States)) + ")"
	}
	if !f.RecheckBy.IsZero() {
		args = append(args, f.RecheckBy)
		q += fmt.Sprintf(" AND state = 'closed' AND recheck_on IS NOT NULL AND recheck_on <= $%d", len(args))
	}
	q += " ORDER BY deadline, id"
	return collect(ctx, r.q, "list rectifications", q, args, scanRect)
}

// Rectification returns one item.
func (r *Reader) Rectification(ctx context.Context, id domain.ID) (domain.Rectification, error) {
	rc, err := scanRect(r.q.QueryRowContext(ctx, "SELECT "+rectCols+" FROM rectifications WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return rc, notFound("rectification", id)
	}
	return rc, wrap("get rectification", err)
}

// InsertRectification stores a new item and sets its ID.
func (tx *Tx) InsertRectification(ctx context.Context, r *domain.Rectification, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `INSERT INTO rectifications (inspection_id, finding_id, unit_id, problem, requirement, measures, progress,
		state, deadline, deadline_workdays, issued_on, applied_on, verified_on, closed_on, recheck_on, reopened, note, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18) RETURNING id`,
		r.InspectionID, r.FindingID, r.UnitID, r.Problem, r.Requirement, r.Measures, r.Progress, r.State, r.Deadline, r.DeadlineWorkdays,
		r.IssuedOn, r.AppliedOn, r.VerifiedOn, r.ClosedOn, r.RecheckOn, r.Reopened, r.Note, ts(now)).Scan(&r.ID)
	if err != nil {
		return wrap("insert rectification", err)
	}
	r.CreatedAt, r.UpdatedAt = now, now
	return nil
}

// UpdateRectification saves an item that is still in state from, so that
// two people acting on the same item at once cannot both succeed.
func (tx *Tx) UpdateRectification(ctx context.Context, r domain.Rectification, from domain.RectState, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE rectifications SET problem=$1, requirement=$2, measures=$3, progress=$4, state=$5, deadline=$6,
		deadline_workdays=$7, applied_on=$8, verified_on=$9, closed_on=$10, recheck_on=$11, reopened=$12, note=$13, updated_at=$14
		WHERE id=$15 AND state=$16`,
		r.Problem, r.Requirement, r.Measures, r.Progress, r.State, r.Deadline, r.DeadlineWorkdays, r.AppliedOn, r.VerifiedOn, r.ClosedOn,
		r.RecheckOn, r.Reopened, r.Note, ts(now), r.ID, from)
	return affected("update rectification", r.ID, res, err)
}

const rectEventCols = "id, rectification_id, action, state, at, actor_id, actor, note, deadline, on_date"

// RectEvents returns an item's timeline, oldest first.
func (r *Reader) RectEvents(ctx context.Context, rectID domain.ID) ([]domain.RectEvent, error) {
	return collect(ctx, r.q, "rectification timeline", "SELECT "+rectEventCols+" FROM rectification_events WHERE rectification_id = $1 ORDER BY id",
		[]any{rectID}, func(sc scanner) (domain.RectEvent, error) {
			var e domain.RectEvent
			var actor sql.NullInt64
			var at nullTime
			err := sc.Scan(&e.ID, &e.RectificationID, &e.Action, &e.State, &at, &actor, &e.Actor, &e.Note, &e.Deadline, &e.Date)
			e.ActorID, e.At = actor.Int64, at.T
			return e, err
		})
}

// InsertRectEvent appends a step to an item's timeline and sets its ID.
func (tx *Tx) InsertRectEvent(ctx context.Context, e *domain.RectEvent) error {
	err := tx.q.QueryRowContext(ctx, `INSERT INTO rectification_events (rectification_id, action, state, at, actor_id, actor, note, deadline, on_date)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
		e.RectificationID, e.Action, e.State, ts(e.At), nullID(e.ActorID), e.Actor, e.Note, e.Deadline, e.Date).Scan(&e.ID)
	return wrap("insert rectification event", err)
}

const rectFileCols = "id, rectification_id, event_id, name, content_type, size, sha256, created_at"

func scanRectFile(sc scanner, extra ...any) (domain.RectFile, error) {
	var f domain.RectFile
	var ev sql.NullInt64
	var c nullTime
	err := sc.Scan(append([]any{&f.ID, &f.RectificationID, &ev, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &c}, extra...)...)
	f.EventID, f.CreatedAt = ev.Int64, c.T
	return f, err
}

// RectFiles lists an item's evidence files (without bytes).
func (r *Reader) RectFiles(ctx context.Context, rectID domain.ID) ([]domain.RectFile, error) {
	return collect(ctx, r.q, "list rectification files", "SELECT "+rectFileCols+" FROM rectification_files WHERE rectification_id = $1 ORDER BY id",
		[]any{rectID}, func(sc scanner) (domain.RectFile, error) { return scanRectFile(sc) })
}

// RectFileData returns an evidence file with its bytes.
func (r *Reader) RectFileData(ctx context.Context, id domain.ID) (domain.RectFile, []byte, error) {
	var data []byte
	f, err := scanRectFile(r.q.QueryRowContext(ctx, "SELECT "+rectFileCols+", data FROM rectification_files WHERE id = $1", id), &data)
	if err == sql.ErrNoRows {
		return f, nil, notFound("rectification file", id)
	}
	return f, data, wrap("get rectification file", err)
}

// InsertRectFile stores an evidence file and sets its ID.
func (tx *Tx) InsertRectFile(ctx context.Context, f *domain.RectFile, data []byte, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `INSERT INTO rectification_files (rectification_id, event_id, name, content_type, size, sha256, data, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
		f.RectificationID, nullID(f.EventID), f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	f.CreatedAt = now
	return wrap("insert rectification file", err)
}
