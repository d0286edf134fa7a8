package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// InsertCaseEvent appends a step to a case's timeline and sets its ID.
func (tx *Tx) InsertCaseEvent(ctx context.Context, e *domain.CaseEvent) error {
	err := tx.queryRow(ctx, `INSERT INTO case_events (case_id, kind, at, actor_id, actor, unit_id, from_state, to_state, body, progress,
		from_date, to_date, rating, round) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
		e.CaseID, string(e.Kind), ts(e.At), nullID(e.ActorID), e.Actor, nullID(e.UnitID), string(e.FromState), string(e.ToState), e.Text,
		e.Progress, e.FromDate, e.ToDate, string(e.Rating), e.Round).Scan(&e.ID)
	return wrap("insert case event", err)
}

// CaseEvents returns a case's timeline in order, each step with its files.
func (r *Reader) CaseEvents(ctx context.Context, caseID domain.ID) ([]domain.CaseEvent, error) {
	events, err := collect(ctx, r.q, "case events", `SELECT id, case_id, kind, at, actor_id, actor, unit_id, from_state, to_state, body,
		progress, from_date, to_date, rating, round FROM case_events WHERE case_id = $1 ORDER BY id`, []any{caseID},
		func(sc scanner) (domain.CaseEvent, error) {
			var e domain.CaseEvent
			var at nullTime
			var actor, unit sql.NullInt64
			err := sc.Scan(&e.ID, &e.CaseID, &e.Kind, &at, &actor, &e.Actor, &unit, &e.FromState, &e.ToState, &e.Text,
				&e.Progress, &e.FromDate, &e.ToDate, &e.Rating, &e.Round)
			e.At, e.ActorID, e.UnitID, e.Files = at.T, actor.Int64, unit.Int64, []domain.CaseFile{}
			return e, err
		})
	if err != nil {
		return nil, err
	}
	files, err := r.CaseFiles(ctx, caseID)
	if err != nil {
		return nil, err
	}
	byEvent := map[domain.ID]int{}
	for i, e := range events {
		byEvent[e.ID] = i
	}
	for _, f := range files {
		if i, ok := byEvent[f.EventID]; ok && f.EventID != 0 {
			events[i].Files = append(events[i].Files, f)
		}
	}
	return events, nil
}

// SaveCasePart stores a co-unit's part for a round, replacing one given
// earlier in the same round (the timeline keeps both).
func (tx *Tx) SaveCasePart(ctx context.Context, p *domain.CasePart) error {
	err := tx.queryRow(ctx, `INSERT INTO case_parts (case_id, unit_id, round, body, by_id, by_name, at) VALUES ($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT (case_id, unit_id, round) DO UPDATE SET body=$4, by_id=$5, by_name=$6, at=$7 RETURNING id`,
		p.CaseID, p.UnitID, p.Round, p.Text, nullID(p.ByID), p.By, ts(p.At)).Scan(&p.ID)
	return wrap("save case part", err)
}

// CaseParts lists a case's parts, every round, oldest first.
func (r *Reader) CaseParts(ctx context.Context, caseID domain.ID) ([]domain.CasePart, error) {
	return collect(ctx, r.q, "case parts", `SELECT id, case_id, unit_id, round, body, by_id, by_name, at FROM case_parts
		WHERE case_id = $1 ORDER BY round, id`, []any{caseID}, func(sc scanner) (domain.CasePart, error) {
		var p domain.CasePart
		var by sql.NullInt64
		var at nullTime
		err := sc.Scan(&p.ID, &p.CaseID, &p.UnitID, &p.Round, &p.Text, &by, &p.By, &at)
		p.ByID, p.At = by.Int64, at.T
		return p, err
	})
}

// InsertCaseExtension stores a request and sets its ID.
func (tx *Tx) InsertCaseExtension(ctx context.Context, e *domain.CaseExtension) error {
	err := tx.queryRow(ctx, `INSERT INTO case_extensions (case_id, reason, from_date, to_date, state, requested_by, requested_at,
		decided_by, decided_at, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
		e.CaseID, e.Reason, e.FromDate, e.ToDate, string(e.State), e.RequestedBy, ts(e.RequestedAt), e.DecidedBy, ts(e.DecidedAt), e.Note).Scan(&e.ID)
	return wrap("insert case extension", err)
}

// UpdateCaseExtension saves a request's decision.
func (tx *Tx) UpdateCaseExtension(ctx context.Context, e domain.CaseExtension) error {
	res, err := tx.exec(ctx, "UPDATE case_extensions SET state=$1, decided_by=$2, decided_at=$3, note=$4 WHERE id=$5",
		string(e.State), e.DecidedBy, ts(e.DecidedAt), e.Note, e.ID)
	return affected("update case extension", e.ID, res, err)
}

// CaseExtensions lists a case's requests, oldest first.
func (r *Reader) CaseExtensions(ctx context.Context, caseID domain.ID) ([]domain.CaseExtension, error) {
	return collect(ctx, r.q, "case extensions", `SELECT id, case_id, reason, from_date, to_date, state, requested_by, requested_at,
		decided_by, decided_at, note FROM case_extensions WHERE case_id = $1 ORDER BY id`, []any{caseID},
		func(sc scanner) (domain.CaseExtension, error) {
			var e domain.CaseExtension
			var req, dec nullTime
			err := sc.Scan(&e.ID, &e.CaseID, &e.Reason, &e.FromDate, &e.ToDate, &e.State, &e.RequestedBy, &req, &e.DecidedBy, &dec, &e.Note)
			e.RequestedAt, e.DecidedAt = req.T, dec.T
			return e, err
		})
}

// InsertCaseRating stores a rating and sets its ID; a round is rated once.
func (tx *Tx) InsertCaseRating(ctx context.Context, r *domain.CaseRatingEntry) error {
	err := tx.queryRow(ctx, `INSERT INTO case_ratings (case_id, round, rating, body, by_id, by_name, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
		r.CaseID, r.Round, string(r.Rating), r.Comment, nullID(r.ByID), r.By, ts(r.At)).Scan(&r.ID)
	return wrap("insert case rating", err)
}

// CaseRatings lists a case's ratings by round.
func (r *Reader) CaseRatings(ctx context.Context, caseID domain.ID) ([]domain.CaseRatingEntry, error) {
	return collect(ctx, r.q, "case ratings", `SELECT id, case_id, round, rating, body, by_id, by_name, at FROM case_ratings
		WHERE case_id = $1 ORDER BY round`, []any{caseID}, func(sc scanner) (domain.CaseRatingEntry, error) {
		var e domain.CaseRatingEntry
		var by sql.NullInt64
		var at nullTime
		err := sc.Scan(&e.ID, &e.CaseID, &e.Round, &e.Rating, &e.Comment, &by, &e.By, &at)
		e.ByID, e.At = by.Int64, at.T
		return e, err
	})
}

// InsertCaseFile stores an attachment (of the case when EventID is 0, else
// evidence of that step) and sets its ID.
func (tx *Tx) InsertCaseFile(ctx context.Context, f *domain.CaseFile, data []byte, now time.Time) error {
	err := tx.queryRow(ctx, `INSERT INTO case_files (case_id, event_id, name, content_type, size, sha256, data, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
		f.CaseID, nullID(f.EventID), f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	f.CreatedAt = now
	return wrap("insert case file", err)
}

const caseFileCols = "id, case_id, event_id, name, content_type, size, sha256, created_at"

func scanCaseFile(sc scanner, extra ...any) (domain.CaseFile, error) {
	var f domain.CaseFile
	var ev sql.NullInt64
	var c nullTime
	err := sc.Scan(append([]any{&f.ID, &f.CaseID, &ev, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &c}, extra...)...)
	f.EventID, f.CreatedAt = ev.Int64, c.T
	return f, err
}

// CaseFiles lists every file of a case (without bytes), oldest first.
func (r *Reader) CaseFiles(ctx context.Context, caseID domain.ID) ([]domain.CaseFile, error) {
	return collect(ctx, r.q, "case files", "SELECT "+caseFileCols+" FROM case_files WHERE case_id = $1 ORDER BY id", []any{caseID},
		func(sc scanner) (domain.CaseFile, error) { return scanCaseFile(sc) })
}

// CaseFileData returns a case file with its bytes.
func (r *Reader) CaseFileData(ctx context.Context, id domain.ID) (domain.CaseFile, []byte, error) {
	var data []byte
	f, err := scanCaseFile(r.q.QueryRowContext(ctx, "SELECT "+caseFileCols+", data FROM case_files WHERE id = $1", id), &data)
	if err == sql.ErrNoRows {
		return f, nil, notFound("case file", id)
	}
	return f, data, wrap("get case file", err)
}

// CaseMarks are what a listing needs beyond the cases themselves to say
// whose turn it is: the co-units that gave their part, by case and round,
// and the cases with a request for extension waiting.
type CaseMarks struct {
	Parts   map[domain.ID]map[int][]domain.ID
	Pending map[domain.ID]bool
}

// CaseMarks loads the marks of the cases that pass f.
func (r *Reader) CaseMarks(ctx context.Context, f CaseFilter) (CaseMarks, error) {
	where, args := f.where()
	marks := CaseMarks{Parts: map[domain.ID]map[int][]domain.ID{}, Pending: map[domain.ID]bool{}}
	type part struct {
		caseID, unit domain.ID
		round        int
	}
	parts, err := collect(ctx, r.q, "case parts given", "SELECT case_id, unit_id, round FROM case_parts WHERE case_id IN (SELECT id FROM cases WHERE "+
		where+")", args, func(sc scanner) (part, error) {
		var p part
		err := sc.Scan(&p.caseID, &p.unit, &p.round)
		return p, err
	})
	if err != nil {
		return marks, err
	}
	for _, p := range parts {
		if marks.Parts[p.caseID] == nil {
			marks.Parts[p.caseID] = map[int][]domain.ID{}
		}
		marks.Parts[p.caseID][p.round] = append(marks.Parts[p.caseID][p.round], p.unit)
	}
	pending, err := collect(ctx, r.q, "pending extensions", "SELECT case_id FROM case_extensions WHERE state = 'pending' AND case_id IN (SELECT id FROM cases WHERE "+
		where+")", args, func(sc scanner) (domain.ID, error) {
		var id domain.ID
		err := sc.Scan(&id)
		return id, err
	})
	for _, id := range pending {
		marks.Pending[id] = true
	}
	return marks, err
}
