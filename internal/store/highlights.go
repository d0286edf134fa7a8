package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const highlightCols = `id, unit_id, year, slot, title, content, ambition, state, declared_by, declared_at, decided_by, decided_at, note,
	achieved, score, grade, comment, evidence, evaluated_by, evaluated_at, created_by, created_at, updated_at`

// HighlightRow is a stored highlight with the slot it holds (1 or 2).
type HighlightRow struct {
	domain.Highlight
	Slot int
}

func scanHighlight(sc scanner) (HighlightRow, error) {
	var h HighlightRow
	var declared, decided, evaluated, created, updated nullTime
	var achieved string
	var score sql.NullFloat64
	var e domain.HighlightEvaluation
	err := sc.Scan(&h.ID, &h.UnitID, &h.Year, &h.Slot, &h.Title, &h.Content, &h.Ambition, &h.State, &h.DeclaredBy, &declared, &h.DecidedBy,
		&decided, &h.Note, &achieved, &score, &e.Grade, &e.Comment, &e.Evidence, &e.EvaluatedBy, &evaluated, &h.CreatedBy, &created, &updated)
	h.DeclaredAt, h.DecidedAt, h.CreatedAt, h.UpdatedAt = declared.T, decided.T, created.T, updated.T
	if achieved != "" {
		e.Achieved, e.EvaluatedAt = domain.Achievement(achieved), evaluated.T
		if score.Valid {
			v := score.Float64
			e.Score = &v
		}
		h.Evaluation = &e
	}
	h.TaskIDs = []domain.ID{}
	return h, err
}

// HighlightFilter narrows a listing of highlights. Zero fields do not filter.
type HighlightFilter struct {
	IDs     []domain.ID
	UnitIDs []domain.ID
	Year    int
}

func (f HighlightFilter) where() (string, []any) {
	var c conds
	c.ids("id", f.IDs)
	c.ids("unit_id", f.UnitIDs)
	if f.Year != 0 {
		c.add("year = $%d", f.Year)
	}
	return c.where()
}

// Highlights lists the highlights that pass f by unit and slot, with their
// tasks and files.
func (r *Reader) Highlights(ctx context.Context, f HighlightFilter) ([]HighlightRow, error) {
	where, args := f.where()
	hs, err := collect(ctx, r.q, "list highlights", "SELECT "+highlightCols+" FROM highlights WHERE "+where+" ORDER BY year, unit_id, slot", args, scanHighlight)
	if err != nil || len(hs) == 0 {
		return hs, err
	}
	index := make(map[domain.ID]int, len(hs))
	for i, h := range hs {
		index[h.ID] = i
	}
	type link struct{ h, task domain.ID }
	links, err := collect(ctx, r.q, "highlight tasks", "SELECT highlight_id, task_id FROM highlight_tasks WHERE highlight_id IN (SELECT id FROM highlights WHERE "+
		where+") ORDER BY highlight_id, task_id", args, func(sc scanner) (link, error) {
		var l link
		return l, sc.Scan(&l.h, &l.task)
	})
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		h := &hs[index[l.h]]
		h.TaskIDs = append(h.TaskIDs, l.task)
	}
	files, err := r.ownedFiles(ctx, "highlight_files", "highlight_id", "SELECT id FROM highlights WHERE "+where, args)
	if err != nil {
		return nil, err
	}
	for id, fs := range files {
		hs[index[id]].Files = fs
	}
	return hs, nil
}

// Highlight returns one highlight.
func (r *Reader) Highlight(ctx context.Context, id domain.ID) (HighlightRow, error) {
	hs, err := r.Highlights(ctx, HighlightFilter{IDs: []domain.ID{id}})
	if err != nil {
		return HighlightRow{}, err
	}
	if len(hs) == 0 {
		return HighlightRow{}, notFound("highlight", id)
	}
	return hs[0], nil
}

// InsertHighlight stores a new highlight in slot and sets its ID; a slot
// already held is ErrDuplicate.
func (tx *Tx) InsertHighlight(ctx context.Context, h *domain.Highlight, slot int, now time.Time) error {
	h.CreatedAt, h.UpdatedAt = now, now
	err := tx.queryRow(ctx, `INSERT INTO highlights (unit_id, year, slot, title, content, ambition, state, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id`,
		h.UnitID, h.Year, slot, h.Title, h.Content, h.Ambition, string(h.State), h.CreatedBy, ts(now)).Scan(&h.ID)
	if err != nil {
		return wrap("insert highlight", err)
	}
	return tx.setHighlightTasks(ctx, h.ID, h.TaskIDs)
}

func (tx *Tx) setHighlightTasks(ctx context.Context, id domain.ID, tasks []domain.ID) error {
	if _, err := tx.exec(ctx, "DELETE FROM highlight_tasks WHERE highlight_id = $1", id); err != nil {
		return wrap("clear highlight tasks", err)
	}
	for _, t := range tasks {
		if _, err := tx.exec(ctx, "INSERT INTO highlight_tasks (highlight_id, task_id) VALUES ($1,$2)", id, t); err != nil {
			return wrap("insert highlight task", err)
		}
	}
	return nil
}

// UpdateHighlight saves everything but the unit, year and slot.
func (tx *Tx) UpdateHighlight(ctx context.Context, h domain.Highlight) error {
	var achieved, grade, comment, evidence, by string
	var score any
	var at time.Time
	if e := h.Evaluation; e != nil {
		achieved, grade, comment, evidence, by, at = string(e.Achieved), e.Grade, e.Comment, e.Evidence, e.EvaluatedBy, e.EvaluatedAt
		if e.Score != nil {
			score = *e.Score
		}
	}
	res, err := tx.exec(ctx, `UPDATE highlights SET title=$1, content=$2, ambition=$3, state=$4, declared_by=$5, declared_at=$6, decided_by=$7,
		decided_at=$8, note=$9, achieved=$10, score=$11, grade=$12, comment=$13, evidence=$14, evaluated_by=$15, evaluated_at=$16, updated_at=$17
		WHERE id=$18`,
		h.Title, h.Content, h.Ambition, string(h.State), h.DeclaredBy, ts(h.DeclaredAt), h.DecidedBy, ts(h.DecidedAt), h.Note, achieved, score,
		grade, comment, evidence, by, ts(at), ts(h.UpdatedAt), h.ID)
	if err := affected("update highlight", h.ID, res, err); err != nil {
		return err
	}
	return tx.setHighlightTasks(ctx, h.ID, h.TaskIDs)
}

// DeleteHighlight removes a highlight with its task links and files.
func (tx *Tx) DeleteHighlight(ctx context.Context, id domain.ID) error {
	if _, err := tx.exec(ctx, "DELETE FROM highlight_tasks WHERE highlight_id = $1", id); err != nil {
		return wrap("delete highlight tasks", err)
	}
	if _, err := tx.exec(ctx, "DELETE FROM highlight_files WHERE highlight_id = $1", id); err != nil {
		return wrap("delete highlight files", err)
	}
	res, err := tx.exec(ctx, "DELETE FROM highlights WHERE id = $1", id)
	return affected("delete highlight", id, res, err)
}
