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

// Published assessment runs. The scheme body and the result are stored as
// JSON: they are read and written whole, never queried by field.

// assessRunCols are a run's columns without the two JSON documents (listings).
const assessRunCols = `id, scheme_id, year, scheme_name, state, notice_start, notice_end, notice_days, created_by_id, created_by, created_at,
	finalized_by, finalized_at, updated_at`

func scanAssessRun(sc scanner, extra ...any) (domain.AssessRun, error) {
	var r domain.AssessRun
	var by sql.NullInt64
	var created, finalized, updated nullTime
	err := sc.Scan(append([]any{&r.ID, &r.SchemeID, &r.Year, &r.SchemeName, &r.State, &r.NoticeStart, &r.NoticeEnd, &r.NoticeDays, &by,
		&r.CreatedBy, &created, &r.FinalizedBy, &finalized, &updated}, extra...)...)
	r.CreatedByID = by.Int64
	r.CreatedAt, r.FinalizedAt, r.UpdatedAt = created.T, finalized.T, updated.T
	return r, err
}

// RunFilter narrows a listing of runs. Zero fields do not filter.
type RunFilter struct {
	SchemeID domain.ID
	Year     int
	States   []domain.RunState
}

// AssessRuns lists runs without their body and result, newest first.
func (r *Reader) AssessRuns(ctx context.Context, f RunFilter) ([]domain.AssessRun, error) {
	var conds []string
	var args []any
	if f.SchemeID != 0 {
		args = append(args, f.SchemeID)
		conds = append(conds, fmt.Sprintf("scheme_id = $%d", len(args)))
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		conds = append(conds, fmt.Sprintf("year = $%d", len(args)))
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, s := range f.States {
			args = append(args, string(s))
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		conds = append(conds, "state IN ("+strings.Join(ph, ",")+")")
	}
	where := "1=1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	return collect(ctx, r.q, "list assess runs", "SELECT "+assessRunCols+" FROM assess_runs WHERE "+where+" ORDER BY id DESC", args,
		func(sc scanner) (domain.AssessRun, error) { return scanAssessRun(sc) })
}

// AssessRunSummary returns one run with its scheme body and its result
// without the units' criterion scores (Criteria nil): the list.
func (r *Reader) AssessRunSummary(ctx context.Context, id domain.ID) (domain.AssessRun, error) {
	var body, result string
	run, err := scanAssessRun(r.q.QueryRowContext(ctx, "SELECT "+assessRunCols+", body, result FROM assess_runs WHERE id = $1", id), &body, &result)
	if err == sql.ErrNoRows {
		return run, notFound("assess run", id)
	}
	if err != nil {
		return run, wrap("get assess run", err)
	}
	if err := json.Unmarshal([]byte(body), &run.Body); err != nil {
		return run, fmt.Errorf("assess run %d body: %w", id, err)
	}
	if err := json.Unmarshal([]byte(result), &run.Result); err != nil {
		return run, fmt.Errorf("assess run %d result: %w", id, err)
	}
	return run, nil
}

// AssessRun returns one run with its scheme body and whole result.
func (r *Reader) AssessRun(ctx context.Context, id domain.ID) (domain.AssessRun, error) {
	run, err := r.AssessRunSummary(ctx, id)
	if err != nil {
		return run, err
	}
	index := make(map[domain.ID]int, len(run.Result.Units))
	for i, u := range run.Result.Units {
		index[u.UnitID] = i
	}
	type row struct {
		unit     domain.ID
		criteria string
	}
	rows, err := collect(ctx, r.q, "assess run units", "SELECT unit_id, criteria FROM assess_run_units WHERE run_id = $1", []any{id},
		func(sc scanner) (row, error) {
			var x row
			return x, sc.Scan(&x.unit, &x.criteria)
		})
	if err != nil {
		return run, err
	}
	for _, x := range rows {
		i, ok := index[x.unit]
		if !ok {
			continue
		}
		if err := json.Unmarshal([]byte(x.criteria), &run.Result.Units[i].Criteria); err != nil {
			return run, fmt.Errorf("assess run %d unit %d: %w", id, x.unit, err)
		}
	}
	return run, nil
}

// AssessRunUnitCriteria returns one unit's criterion scores in a run (nil
// when the unit is not in it).
func (r *Reader) AssessRunUnitCriteria(ctx context.Context, id, unit domain.ID) ([]domain.CriterionScore, error) {
	var doc string
	err := r.q.QueryRowContext(ctx, "SELECT criteria FROM assess_run_units WHERE run_id = $1 AND unit_id = $2", id, unit).Scan(&doc)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("get assess run unit", err)
	}
	var out []domain.CriterionScore
	if err := json.Unmarshal([]byte(doc), &out); err != nil {
		return nil, fmt.Errorf("assess run %d unit %d: %w", id, unit, err)
	}
	return out, nil
}

// summaryJSON is a result without the units' criteria.
func summaryJSON(res domain.AssessResult) ([]byte, error) {
	units := make([]domain.UnitResult, len(res.Units))
	for i, u := range res.Units {
		u.Criteria = nil
		units[i] = u
	}
	res.Units = units
	return json.Marshal(res)
}

// writeRunUnits stores the criteria of the given units (all when only is
// nil), replacing what was there.
func (tx *Tx) writeRunUnits(ctx context.Context, id domain.ID, res domain.AssessResult, only map[domain.ID]bool, replace bool) error {
	for _, u := range res.Units {
		if only != nil && !only[u.UnitID] {
			continue
		}
		doc, err := json.Marshal(u.Criteria)
		if err != nil {
			return fmt.Errorf("assess run unit %d: %w", u.UnitID, err)
		}
		if replace {
			res, err := tx.exec(ctx, "UPDATE assess_run_units SET criteria = $1 WHERE run_id = $2 AND unit_id = $3", string(doc), id, u.UnitID)
			if err := affected("update assess run unit", u.UnitID, res, err); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.exec(ctx, "INSERT INTO assess_run_units (run_id, unit_id, criteria) VALUES ($1,$2,$3)", id, u.UnitID, string(doc)); err != nil {
			return wrap("insert assess run unit", err)
		}
	}
	return nil
}

// InsertAssessRun stores a new run and sets its ID. A second open run of
// the same scheme is ErrDuplicate.
func (tx *Tx) InsertAssessRun(ctx context.Context, run *domain.AssessRun, now time.Time) error {
	body, err := json.Marshal(run.Body)
	if err != nil {
		return fmt.Errorf("assess run body: %w", err)
	}
	result, err := summaryJSON(run.Result)
	if err != nil {
		return fmt.Errorf("assess run result: %w", err)
	}
	run.CreatedAt, run.UpdatedAt = now, now
	err = tx.queryRow(ctx, `INSERT INTO assess_runs (scheme_id, year, scheme_name, body, result, state, notice_start, notice_end, notice_days,
		created_by_id, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
		run.SchemeID, run.Year, run.SchemeName, string(body), string(result), string(run.State), run.NoticeStart, run.NoticeEnd, run.NoticeDays,
		nullID(run.CreatedByID), run.CreatedBy, ts(now)).Scan(&run.ID)
	if err != nil {
		return wrap("insert assess run", err)
	}
	return tx.writeRunUnits(ctx, run.ID, run.Result, nil, false)
}

// UpdateAssessRunResult saves a run's result while it is in 公示: the
// summary of every unit, and the criteria of the changed units only. A
// final run is ErrNotFound (nothing changes it).
func (tx *Tx) UpdateAssessRunResult(ctx context.Context, id domain.ID, result domain.AssessResult, changed []domain.ID, now time.Time) error {
	b, err := summaryJSON(result)
	if err != nil {
		return fmt.Errorf("assess run result: %w", err)
	}
	res, err := tx.exec(ctx, "UPDATE assess_runs SET result=$1, updated_at=$2 WHERE id=$3 AND state='notice'", string(b), ts(now), id)
	if err := affected("update assess run", id, res, err); err != nil {
		return err
	}
	only := map[domain.ID]bool{}
	for _, u := range changed {
		only[u] = true
	}
	return tx.writeRunUnits(ctx, id, result, only, true)
}

// FinalizeAssessRun freezes a run in 公示 (定榜).
func (tx *Tx) FinalizeAssessRun(ctx context.Context, id domain.ID, by string, now time.Time) error {
	res, err := tx.exec(ctx, "UPDATE assess_runs SET state='final', finalized_by=$1, finalized_at=$2, updated_at=$2 WHERE id=$3 AND state='notice'",
		by, ts(now), id)
	return affected("finalize assess run", id, res, err)
}

// LockAssessRun takes the run's row for the rest of the transaction (on
// PostgreSQL; SQLite has one writer) so that two adjustments of one run
// rerank one after the other, and returns its state.
func (tx *Tx) LockAssessRun(ctx context.Context, id domain.ID) (domain.RunState, error) {
	var st domain.RunState
	err := tx.queryRow(ctx, "UPDATE assess_runs SET updated_at = updated_at WHERE id = $1 RETURNING state", id).Scan(&st)
	return st, wrap("lock assess run", err)
}

// AssessRunStamp changes whenever a run changes (or, for id 0, whenever
// any run is published or changes): public pages are cached by it.
func (r *Reader) AssessRunStamp(ctx context.Context, id domain.ID) (string, error) {
	var n int64
	var at sql.NullString
	q, args := "SELECT COUNT(*), MAX(updated_at) FROM assess_runs", []any{}
	if id != 0 {
		q, args = q+" WHERE id = $1", []any{id}
	}
	err := r.q.QueryRowContext(ctx, q, args...).Scan(&n, &at)
	return fmt.Sprintf("%d/%s", n, at.String), wrap("assess run stamp", err)
}
