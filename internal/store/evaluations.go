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

// Evaluations (测评/评议) and their codes. Ballots are in evaluation_anon.go.

// evalBody is the JSON column of an evaluation's setup.
type evalBody struct {
	Units   []domain.EvalUnit   `json:"units"`
	Options []domain.EvalOption `json:"options"`
	Min     float64             `json:"min,omitempty"`
	Max     float64             `json:"max,omitempty"`
	Groups  []domain.RaterGroup `json:"groups"`
	Session *domain.EvalSession `json:"session,omitempty"`
}

const evalCols = `id, year, code, name, kind, state, tag, body, created_by, created_at, opened_at, closed_at`

func scanEvaluation(sc scanner) (domain.Evaluation, error) {
	var e domain.Evaluation
	var body string
	var created, opened, closed nullTime
	if err := sc.Scan(&e.ID, &e.Year, &e.Code, &e.Name, &e.Kind, &e.State, &e.Tag, &body, &e.CreatedBy, &created, &opened, &closed); err != nil {
		return e, err
	}
	e.CreatedAt, e.OpenedAt, e.ClosedAt = created.T, opened.T, closed.T
	var b evalBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return e, fmt.Errorf("evaluation %d body: %w", e.ID, err)
	}
	e.Units, e.Options, e.Min, e.Max, e.Groups, e.Session = b.Units, b.Options, b.Min, b.Max, b.Groups, b.Session
	if e.Units == nil {
		e.Units = []domain.EvalUnit{}
	}
	if e.Options == nil {
		e.Options = []domain.EvalOption{}
	}
	if e.Groups == nil {
		e.Groups = []domain.RaterGroup{}
	}
	return e, nil
}

func bodyOf(e domain.Evaluation) (string, error) {
	b, err := json.Marshal(evalBody{Units: e.Units, Options: e.Options, Min: e.Min, Max: e.Max, Groups: e.Groups, Session: e.Session})
	return string(b), err
}

// EvalFilter narrows a listing of evaluations; zero fields do not filter.
type EvalFilter struct {
	Year  int
	State domain.EvalState
}

// Evaluations lists evaluations, newest first.
func (r *Reader) Evaluations(ctx context.Context, f EvalFilter) ([]domain.Evaluation, error) {
	var conds []string
	var args []any
	if f.Year != 0 {
		args = append(args, f.Year)
		conds = append(conds, fmt.Sprintf("year = $%d", len(args)))
	}
	if f.State != "" {
		args = append(args, string(f.State))
		conds = append(conds, fmt.Sprintf("state = $%d", len(args)))
	}
	where := "1=1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	return collect(ctx, r.q, "list evaluations", "SELECT "+evalCols+" FROM evaluations WHERE "+where+" ORDER BY year DESC, id DESC", args, scanEvaluation)
}

func (r *Reader) evaluationWhere(ctx context.Context, what string, key any, where string, args ...any) (domain.Evaluation, error) {
	list, err := collect(ctx, r.q, "read evaluation", "SELECT "+evalCols+" FROM evaluations WHERE "+where, args, scanEvaluation)
	if err != nil {
		return domain.Evaluation{}, err
	}
	if len(list) == 0 {
		return domain.Evaluation{}, notFound(what, key)
	}
	return list[0], nil
}

// Evaluation returns one evaluation.
func (r *Reader) Evaluation(ctx context.Context, id domain.ID) (domain.Evaluation, error) {
	return r.evaluationWhere(ctx, "evaluation", id, "id = $1", id)
}

// EvaluationByTag returns the evaluation whose codes start with tag.
func (r *Reader) EvaluationByTag(ctx context.Context, tag string) (domain.Evaluation, error) {
	return r.evaluationWhere(ctx, "evaluation tag", tag, "tag = $1", tag)
}

// EvaluationByCode returns the evaluation of a year with a code.
func (r *Reader) EvaluationByCode(ctx context.Context, year int, code string) (domain.Evaluation, error) {
	return r.evaluationWhere(ctx, "evaluation code", code, "year = $1 AND code = $2", year, code)
}

// EvaluationByTagWithSecret returns the evaluation whose codes start with
// tag and the key of its code hashes, in one query (the voting path).
func (r *Reader) EvaluationByTagWithSecret(ctx context.Context, tag string) (domain.Evaluation, string, error) {
	var secret string
	list, err := collect(ctx, r.q, "read evaluation", "SELECT "+evalCols+", secret FROM evaluations WHERE tag = $1", []any{tag},
		func(sc scanner) (domain.Evaluation, error) {
			return scanEvaluation(withSecret{sc, &secret})
		})
	if err != nil {
		return domain.Evaluation{}, "", err
	}
	if len(list) == 0 {
		return domain.Evaluation{}, "", notFound("evaluation tag", tag)
	}
	return list[0], secret, nil
}

// withSecret scans one more column, the secret, after an evaluation's.
type withSecret struct {
	sc     scanner
	secret *string
}

func (w withSecret) Scan(dst ...any) error { return w.sc.Scan(append(dst, w.secret)...) }

// EvaluationSecret returns the key of an evaluation's code hashes.
func (r *Reader) EvaluationSecret(ctx context.Context, id domain.ID) (string, error) {
	var s string
	err := r.q.QueryRowContext(ctx, "SELECT secret FROM evaluations WHERE id = $1", id).Scan(&s)
	return s, wrap("read evaluation secret", err)
}

// EvaluationState reads an evaluation's state (inside a vote's
// transaction, to say why a code could not be used).
func (r *Reader) EvaluationState(ctx context.Context, id domain.ID) (domain.EvalState, error) {
	var s string
	err := r.q.QueryRowContext(ctx, "SELECT state FROM evaluations WHERE id = $1", id).Scan(&s)
	return domain.EvalState(s), wrap("read evaluation state", err)
}

// InsertEvaluation stores a new evaluation and sets its ID.
func (tx *Tx) InsertEvaluation(ctx context.Context, e *domain.Evaluation, secret string, now time.Time) error {
	body, err := bodyOf(*e)
	if err != nil {
		return err
	}
	e.CreatedAt = now
	err = tx.queryRow(ctx, `INSERT INTO evaluations (year, code, name, kind, state, tag, secret, body, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
		e.Year, e.Code, e.Name, string(e.Kind), string(e.State), e.Tag, secret, body, e.CreatedBy, ts(now)).Scan(&e.ID)
	return wrap("insert evaluation", err)
}

// UpdateEvaluation saves an evaluation's setup and state.
func (tx *Tx) UpdateEvaluation(ctx context.Context, e domain.Evaluation, now time.Time) error {
	body, err := bodyOf(e)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE evaluations SET year=$1, code=$2, name=$3, kind=$4, state=$5, body=$6, opened_at=$7, closed_at=$8, updated_at=$9
		WHERE id=$10`, e.Year, e.Code, e.Name, string(e.Kind), string(e.State), body, ts(e.OpenedAt), ts(e.ClosedAt), ts(now), e.ID)
	if err != nil {
		return wrap("update evaluation", err)
	}
	return affected("update evaluation", e.ID, res, nil)
}

// EvalCode is a stored code: its group, the rater's unit, whether used.
type EvalCode struct {
	Group string
	Rater domain.ID
	Used  bool
}

// InsertEvalCodes stores the hashes of newly issued codes.
func (tx *Tx) InsertEvalCodes(ctx context.Context, evalID domain.ID, group string, rater domain.ID, hashes []string) error {
	for _, h := range hashes {
		if _, err := tx.exec(ctx, "INSERT INTO eval_codes (evaluation_id, hash, group_key, rater_unit_id, used) VALUES ($1,$2,$3,$4,FALSE)",
			evalID, h, group, nullID(rater)); err != nil {
			return wrap("insert code", err)
		}
	}
	return nil
}

// LookupEvalCode finds a code by its hash.
func (r *Reader) LookupEvalCode(ctx context.Context, evalID domain.ID, hash string) (EvalCode, error) {
	var c EvalCode
	var rater sql.NullInt64
	err := r.q.QueryRowContext(ctx, "SELECT group_key, rater_unit_id, used FROM eval_codes WHERE evaluation_id = $1 AND hash = $2", evalID, hash).
		Scan(&c.Group, &rater, &c.Used)
	if err != nil {
		return c, wrap("read code", err)
	}
	c.Rater = rater.Int64
	return c, nil
}

// UseEvalCode marks a code of an open evaluation used; ok is false when it
// already was, does not exist or the evaluation is not open (the caller
// reads the state to tell which). Under concurrent votes with one code
// exactly one gets true. Checking the state in the same statement saves
// the voting path a query per ballot.
func (tx *Tx) UseEvalCode(ctx context.Context, evalID domain.ID, hash string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE eval_codes SET used = TRUE WHERE evaluation_id = $1 AND hash = $2 AND used = FALSE
		AND EXISTS (SELECT 1 FROM evaluations WHERE id = $1 AND state = $3)`, evalID, hash, string(domain.EvalOpen))
	if err != nil {
		return false, wrap("use code", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EvalTurnout is a group's codes issued and used.
type EvalTurnout struct {
	Issued int `json:"issued"`
	Used   int `json:"used"`
}

// EvalTurnouts counts codes issued and used per group.
func (r *Reader) EvalTurnouts(ctx context.Context, evalID domain.ID) (map[string]EvalTurnout, error) {
	type row struct {
		g string
		t EvalTurnout
	}
	rows, err := collect(ctx, r.q, "turnout", `SELECT group_key, COUNT(*), COALESCE(SUM(CASE WHEN used THEN 1 ELSE 0 END), 0)
		FROM eval_codes WHERE evaluation_id = $1 GROUP BY group_key`, []any{evalID}, func(sc scanner) (row, error) {
		var x row
		return x, sc.Scan(&x.g, &x.t.Issued, &x.t.Used)
	})
	out := map[string]EvalTurnout{}
	for _, x := range rows {
		out[x.g] = x.t
	}
	return out, err
}
