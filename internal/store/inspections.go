package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const inspectionCols = `id, kind, title, plan, state, planned_start, planned_end, started_on, concluded_on, conclusion,
	created_by, created_at, updated_at`

func scanInspection(sc scanner) (domain.Inspection, error) {
	var in domain.Inspection
	var by sql.NullInt64
	var created, updated nullTime
	err := sc.Scan(&in.ID, &in.Kind, &in.Title, &in.Plan, &in.State, &in.PlannedStart, &in.PlannedEnd, &in.StartedOn, &in.ConcludedOn,
		&in.Conclusion, &by, &created, &updated)
	in.CreatedBy, in.CreatedAt, in.UpdatedAt = by.Int64, created.T, updated.T
	in.TargetUnitIDs, in.MemberIDs = []domain.ID{}, []domain.ID{}
	return in, err
}

// InspectionFilter narrows an inspection listing; zero fields match all.
type InspectionFilter struct {
	States []domain.InspectionState
	Kind   domain.InspectionKind
}

// Inspections lists inspections with their targets and team, newest first.
func (r *Reader) Inspections(ctx context.Context, f InspectionFilter) ([]domain.Inspection, error) {
	q := "SELECT " + inspectionCols + " FROM inspections WHERE 1=1"
	var args []any
	if len(f.States) > 0 {
		q += " AND state IN (" + placeholders(&args, strs(f.States)) + ")"
	}
	if f.Kind != "" {
		args = append(args, string(f.Kind))
		q += fmt.Sprintf(" AND kind = $%d", len(args))
	}
	q += " ORDER BY id DESC"
	list, err := collect(ctx, r.q, "list inspections", q, args, scanInspection)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, r.inspectionPeople(ctx, list)
}

// Inspection returns one inspection with its targets and team.
func (r *Reader) Inspection(ctx context.Context, id domain.ID) (domain.Inspection, error) {
	in, err := scanInspection(r.q.QueryRowContext(ctx, "SELECT "+inspectionCols+" FROM inspections WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return in, notFound("inspection", id)
	}
	if err != nil {
		return in, wrap("get inspection", err)
	}
	list := []domain.Inspection{in}
	if err := r.inspectionPeople(ctx, list); err != nil {
		return in, err
	}
	return list[0], nil
}

// inspectionPeople fills in the targets and team of listed inspections.
func (r *Reader) inspectionPeople(ctx context.Context, list []domain.Inspection) error {
	idx := map[domain.ID]int{}
	var args []any
	ids := make([]domain.ID, 0, len(list))
	for i, in := range list {
		idx[in.ID] = i
		ids = append(ids, in.ID)
	}
	in := placeholders(&args, ids)
	type link struct {
		insp, other domain.ID
		role        string
	}
	targets, err := collect(ctx, r.q, "inspection targets", "SELECT inspection_id, unit_id, '' FROM inspection_targets WHERE inspection_id IN ("+in+") ORDER BY inspection_id, sort, unit_id",
		args, func(sc scanner) (link, error) {
			var l link
			return l, sc.Scan(&l.insp, &l.other, &l.role)
		})
	if err != nil {
		return err
	}
	for _, l := range targets {
		p := &list[idx[l.insp]]
		p.TargetUnitIDs = append(p.TargetUnitIDs, l.other)
	}
	members, err := collect(ctx, r.q, "inspection team", "SELECT inspection_id, person_id, role FROM inspection_members WHERE inspection_id IN ("+in+") ORDER BY inspection_id, sort, person_id",
		args, func(sc scanner) (link, error) {
			var l link
			return l, sc.Scan(&l.insp, &l.other, &l.role)
		})
	if err != nil {
		return err
	}
	for _, l := range members {
		p := &list[idx[l.insp]]
		if l.role == "leader" {
			p.LeaderID = l.other
		} else {
			p.MemberIDs = append(p.MemberIDs, l.other)
		}
	}
	return nil
}

// InsertInspection stores a new inspection with its targets and team and
// sets its ID.
func (tx *Tx) InsertInspection(ctx context.Context, in *domain.Inspection, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `INSERT INTO inspections (kind, title, plan, state, planned_start, planned_end, started_on, concluded_on,
		conclusion, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) RETURNING id`,
		in.Kind, in.Title, in.Plan, in.State, in.PlannedStart, in.PlannedEnd, in.StartedOn, in.ConcludedOn, in.Conclusion,
		nullID(in.CreatedBy), ts(now)).Scan(&in.ID)
	if err != nil {
		return wrap("insert inspection", err)
	}
	in.CreatedAt, in.UpdatedAt = now, now
	return tx.replaceInspectionPeople(ctx, *in)
}

// UpdateInspection saves an inspection, its targets and its team.
func (tx *Tx) UpdateInspection(ctx context.Context, in domain.Inspection, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE inspections SET kind=$1, title=$2, plan=$3, state=$4, planned_start=$5, planned_end=$6,
		started_on=$7, concluded_on=$8, conclusion=$9, updated_at=$10 WHERE id=$11`,
		in.Kind, in.Title, in.Plan, in.State, in.PlannedStart, in.PlannedEnd, in.StartedOn, in.ConcludedOn, in.Conclusion, ts(now), in.ID)
	if err := affected("update inspection", in.ID, res, err); err != nil {
		return err
	}
	return tx.replaceInspectionPeople(ctx, in)
}

func (tx *Tx) replaceInspectionPeople(ctx context.Context, in domain.Inspection) error {
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM inspection_targets WHERE inspection_id = $1", in.ID); err != nil {
		return wrap("replace inspection targets", err)
	}
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM inspection_members WHERE inspection_id = $1", in.ID); err != nil {
		return wrap("replace inspection team", err)
	}
	for i, u := range in.TargetUnitIDs {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO inspection_targets (inspection_id, unit_id, sort) VALUES ($1,$2,$3)", in.ID, u, i); err != nil {
			return wrap("insert inspection target", err)
		}
	}
	if in.LeaderID != 0 {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO inspection_members (inspection_id, person_id, role, sort) VALUES ($1,$2,'leader',0)", in.ID, in.LeaderID); err != nil {
			return wrap("insert inspection leader", err)
		}
	}
	for i, p := range in.MemberIDs {
		if p == in.LeaderID {
			continue
		}
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO inspection_members (inspection_id, person_id, role, sort) VALUES ($1,$2,'member',$3)", in.ID, p, i+1); err != nil {
			return wrap("insert inspection member", err)
		}
	}
	return nil
}

const findingCols = "id, inspection_id, seq, unit_id, problem, requirement, found_on, created_at"

func scanFinding(sc scanner) (domain.Finding, error) {
	var f domain.Finding
	var unit sql.NullInt64
	var created nullTime
	err := sc.Scan(&f.ID, &f.InspectionID, &f.Seq, &unit, &f.Problem, &f.Requirement, &f.FoundOn, &created)
	f.UnitID, f.CreatedAt = unit.Int64, created.T
	return f, err
}

// Findings lists an inspection's findings in order.
func (r *Reader) Findings(ctx context.Context, inspectionID domain.ID) ([]domain.Finding, error) {
	return collect(ctx, r.q, "list findings", "SELECT "+findingCols+" FROM inspection_findings WHERE inspection_id = $1 ORDER BY seq",
		[]any{inspectionID}, scanFinding)
}

// Finding returns one finding.
func (r *Reader) Finding(ctx context.Context, id domain.ID) (domain.Finding, error) {
	f, err := scanFinding(r.q.QueryRowContext(ctx, "SELECT "+findingCols+" FROM inspection_findings WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return f, notFound("finding", id)
	}
	return f, wrap("get finding", err)
}

// InsertFinding stores a finding as the inspection's next one and sets its
// ID and number.
func (tx *Tx) InsertFinding(ctx context.Context, f *domain.Finding, now time.Time) error {
	if err := tx.q.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM inspection_findings WHERE inspection_id = $1", f.InspectionID).Scan(&f.Seq); err != nil {
		return wrap("number finding", err)
	}
	err := tx.q.QueryRowContext(ctx, `INSERT INTO inspection_findings (inspection_id, seq, unit_id, problem, requirement, found_on, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, f.InspectionID, f.Seq, nullID(f.UnitID), f.Problem, f.Requirement, f.FoundOn, ts(now)).Scan(&f.ID)
	f.CreatedAt = now
	return wrap("insert finding", err)
}

// placeholders appends values to args and returns their "$n, …" list.
func placeholders[T any](args *[]any, values []T) string {
	ph := make([]string, len(values))
	for i, v := range values {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return strings.Join(ph, ",")
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
