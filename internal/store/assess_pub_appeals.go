package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const appealCols = `id, run_id, unit_id, criterion, reasons, state, decision, decided_by, decided_at, filed_by_id, filed_by, filed_at`

func scanAppeal(sc scanner) (domain.AssessAppeal, error) {
	var a domain.AssessAppeal
	var by sql.NullInt64
	var decided, filed nullTime
	err := sc.Scan(&a.ID, &a.RunID, &a.UnitID, &a.Criterion, &a.Reasons, &a.State, &a.Decision, &a.DecidedBy, &decided, &by, &a.FiledBy, &filed)
	a.FiledByID, a.DecidedAt, a.FiledAt = by.Int64, decided.T, filed.T
	a.Files = []domain.FileRef{}
	return a, err
}

// AppealFilter narrows a listing of appeals. Zero fields do not filter.
type AppealFilter struct {
	IDs     []domain.ID
	RunID   domain.ID
	UnitIDs []domain.ID
	States  []domain.AppealState
}

// AssessAppeals lists appeals in filing order, with their files.
func (r *Reader) AssessAppeals(ctx context.Context, f AppealFilter) ([]domain.AssessAppeal, error) {
	var c conds
	c.ids("id", f.IDs)
	c.ids("unit_id", f.UnitIDs)
	if f.RunID != 0 {
		c.add("run_id = $%d", f.RunID)
	}
	texts(&c, "state", f.States)
	where, args := c.where()
	appeals, err := collect(ctx, r.q, "list assess appeals", "SELECT "+appealCols+" FROM assess_appeals WHERE "+where+" ORDER BY id", args, scanAppeal)
	if err != nil || len(appeals) == 0 {
		return appeals, err
	}
	index := make(map[domain.ID]int, len(appeals))
	for i, a := range appeals {
		index[a.ID] = i
	}
	files, err := r.ownedFiles(ctx, "assess_appeal_files", "appeal_id", "SELECT id FROM assess_appeals WHERE "+where, args)
	if err != nil {
		return nil, err
	}
	for id, fs := range files {
		appeals[index[id]].Files = fs
	}
	return appeals, nil
}

// AssessAppeal returns one appeal.
func (r *Reader) AssessAppeal(ctx context.Context, id domain.ID) (domain.AssessAppeal, error) {
	as, err := r.AssessAppeals(ctx, AppealFilter{IDs: []domain.ID{id}})
	if err != nil {
		return domain.AssessAppeal{}, err
	}
	if len(as) == 0 {
		return domain.AssessAppeal{}, notFound("assess appeal", id)
	}
	return as[0], nil
}

// InsertAssessAppeal stores a new appeal and sets its ID; a second pending
// appeal of the unit on the same criterion is ErrDuplicate.
func (tx *Tx) InsertAssessAppeal(ctx context.Context, a *domain.AssessAppeal) error {
	err := tx.queryRow(ctx, `INSERT INTO assess_appeals (run_id, unit_id, criterion, reasons, state, filed_by_id, filed_by, filed_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, a.RunID, a.UnitID, a.Criterion, a.Reasons, string(a.State), nullID(a.FiledByID),
		a.FiledBy, ts(a.FiledAt)).Scan(&a.ID)
	return wrap("insert assess appeal", err)
}

// DecideAssessAppeal records the decision on a pending appeal; an appeal
// already decided is ErrNotFound.
func (tx *Tx) DecideAssessAppeal(ctx context.Context, a domain.AssessAppeal) error {
	res, err := tx.exec(ctx, "UPDATE assess_appeals SET state=$1, decision=$2, decided_by=$3, decided_at=$4 WHERE id=$5 AND state='pending'",
		string(a.State), a.Decision, a.DecidedBy, ts(a.DecidedAt), a.ID)
	return affected("decide assess appeal", a.ID, res, err)
}

// InsertAssessAppealFile stores an appeal's evidence file and sets its ID.
func (tx *Tx) InsertAssessAppealFile(ctx context.Context, appeal domain.ID, f *domain.FileRef, data []byte, now time.Time) error {
	return tx.insertOwnedFile(ctx, "assess_appeal_files", "appeal_id", appeal, f, data, now)
}

// AssessAppealFile returns an appeal's file with its bytes and the appeal
// it belongs to.
func (r *Reader) AssessAppealFile(ctx context.Context, id domain.ID) (domain.FileRef, domain.ID, []byte, error) {
	return r.ownedFile(ctx, "assess_appeal_files", "appeal_id", id)
}

const adjustmentCols = `id, run_id, unit_id, criterion, before_score, after_score, before_total, after_total, before_rank, after_rank,
	before_grade, after_grade, reason, appeal_id, by_id, by_name, at`

// AssessAdjustments lists a run's adjustments in order, of one unit when
// unit is not zero.
func (r *Reader) AssessAdjustments(ctx context.Context, run, unit domain.ID) ([]domain.AssessAdjustment, error) {
	q := "SELECT " + adjustmentCols + " FROM assess_adjustments WHERE run_id = $1"
	args := []any{run}
	if unit != 0 {
		q += " AND unit_id = $2"
		args = append(args, unit)
	}
	return collect(ctx, r.q, "list assess adjustments", q+" ORDER BY id", args, func(sc scanner) (domain.AssessAdjustment, error) {
		var a domain.AssessAdjustment
		var appeal, by sql.NullInt64
		var at nullTime
		err := sc.Scan(&a.ID, &a.RunID, &a.UnitID, &a.Criterion, &a.Before, &a.After, &a.BeforeTotal, &a.AfterTotal, &a.BeforeRank, &a.AfterRank,
			&a.BeforeGrade, &a.AfterGrade, &a.Reason, &appeal, &by, &a.By, &at)
		a.AppealID, a.ByID, a.At = appeal.Int64, by.Int64, at.T
		return a, err
	})
}

// InsertAssessAdjustment stores an adjustment and sets its ID.
func (tx *Tx) InsertAssessAdjustment(ctx context.Context, a *domain.AssessAdjustment) error {
	err := tx.queryRow(ctx, `INSERT INTO assess_adjustments (run_id, unit_id, criterion, before_score, after_score, before_total, after_total,
		before_rank, after_rank, before_grade, after_grade, reason, appeal_id, by_id, by_name, at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id`,
		a.RunID, a.UnitID, a.Criterion, a.Before, a.After, a.BeforeTotal, a.AfterTotal, a.BeforeRank, a.AfterRank, a.BeforeGrade, a.AfterGrade,
		a.Reason, nullID(a.AppealID), nullID(a.ByID), a.By, ts(a.At)).Scan(&a.ID)
	return wrap("insert assess adjustment", err)
}
