package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const selfCheckCols = "id, finding_id, inspection_id, problem, requirement, deadline, created_by, created_at"

func scanSelfCheck(sc scanner) (domain.SelfCheck, error) {
	var c domain.SelfCheck
	var by sql.NullInt64
	var at nullTime
	err := sc.Scan(&c.ID, &c.FindingID, &c.InspectionID, &c.Problem, &c.Requirement, &c.Deadline, &by, &at)
	c.CreatedBy, c.CreatedAt = by.Int64, at.T
	c.Answers = []domain.SelfCheckAnswer{}
	return c, err
}

// SelfCheckFilter narrows a listing of self-inspection requests.
type SelfCheckFilter struct {
	// UnitIDs, when not nil, keeps requests sent to any of these units.
	UnitIDs      []domain.ID
	InspectionID domain.ID
	FindingID    domain.ID
}

// SelfChecks lists self-inspection requests with every unit's answer,
// newest first.
func (r *Reader) SelfChecks(ctx context.Context, f SelfCheckFilter) ([]domain.SelfCheck, error) {
	if f.UnitIDs != nil && len(f.UnitIDs) == 0 {
		return nil, nil
	}
	q := "SELECT " + selfCheckCols + " FROM self_checks WHERE 1=1"
	var args []any
	if f.UnitIDs != nil {
		q += " AND id IN (SELECT self_check_id FROM self_check_units WHERE unit_id IN (" + placeholders(&args, f.UnitIDs) + "))"
	}
	if f.InspectionID != 0 {
		args = append(args, f.InspectionID)
		q += fmt.Sprintf(" AND inspection_id = $%d", len(args))
	}
	if f.FindingID != 0 {
		args = append(args, f.FindingID)
		q += fmt.Sprintf(" AND finding_id = $%d", len(args))
	}
	q += " ORDER BY id DESC"
	list, err := collect(ctx, r.q, "list self-checks", q, args, scanSelfCheck)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, r.selfCheckAnswers(ctx, list)
}

// SelfCheck returns one request with every unit's answer.
func (r *Reader) SelfCheck(ctx context.Context, id domain.ID) (domain.SelfCheck, error) {
	c, err := scanSelfCheck(r.q.QueryRowContext(ctx, "SELECT "+selfCheckCols+" FROM self_checks WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return c, notFound("self-check", id)
	}
	if err != nil {
		return c, wrap("get self-check", err)
	}
	list := []domain.SelfCheck{c}
	if err := r.selfCheckAnswers(ctx, list); err != nil {
		return c, err
	}
	return list[0], nil
}

func (r *Reader) selfCheckAnswers(ctx context.Context, list []domain.SelfCheck) error {
	idx := map[domain.ID]int{}
	ids := make([]domain.ID, len(list))
	for i, c := range list {
		idx[c.ID], ids[i] = i, c.ID
	}
	var args []any
	type row struct {
		check domain.ID
		a     domain.SelfCheckAnswer
	}
	rows, err := collect(ctx, r.q, "self-check answers", `SELECT self_check_id, unit_id, found, problems, measures, answered_at, answered_by
		FROM self_check_units WHERE self_check_id IN (`+placeholders(&args, ids)+`) ORDER BY self_check_id, sort, unit_id`, args,
		func(sc scanner) (row, error) {
			var x row
			var at nullTime
			var by sql.NullInt64
			err := sc.Scan(&x.check, &x.a.UnitID, &x.a.Found, &x.a.Problems, &x.a.Measures, &at, &by)
			x.a.AnsweredAt, x.a.AnsweredBy, x.a.Answered = at.T, by.Int64, !at.T.IsZero()
			return x, err
		})
	if err != nil {
		return err
	}
	for _, x := range rows {
		c := &list[idx[x.check]]
		c.Answers = append(c.Answers, x.a)
	}
	return nil
}

// InsertSelfCheck stores a request with the units it is sent to and sets
// its ID.
func (tx *Tx) InsertSelfCheck(ctx context.Context, c *domain.SelfCheck, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `INSERT INTO self_checks (finding_id, inspection_id, problem, requirement, deadline, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, c.FindingID, c.InspectionID, c.Problem, c.Requirement, c.Deadline, nullID(c.CreatedBy), ts(now)).Scan(&c.ID)
	if err != nil {
		return wrap("insert self-check", err)
	}
	c.CreatedAt = now
	for i, a := range c.Answers {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO self_check_units (self_check_id, unit_id, sort) VALUES ($1,$2,$3)", c.ID, a.UnitID, i); err != nil {
			return wrap("insert self-check unit", err)
		}
	}
	return nil
}

// AnswerSelfCheck records (or replaces) a unit's answer.
func (tx *Tx) AnswerSelfCheck(ctx context.Context, checkID domain.ID, a domain.SelfCheckAnswer) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE self_check_units SET found=$1, problems=$2, measures=$3, answered_at=$4, answered_by=$5
		WHERE self_check_id=$6 AND unit_id=$7`, a.Found, a.Problems, a.Measures, ts(a.AnsweredAt), nullID(a.AnsweredBy), checkID, a.UnitID)
	return affected("answer self-check", checkID, res, err)
}
