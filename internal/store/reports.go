package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

const reportCols = `id, task_id, unit_id, period, report_date, progress, done_text, problems, next_steps, status, version,
	supersedes_id, source, milestone_ids, author_id, submitted_at, reviewer_id, reviewed_at, review_comment, created_at`

func scanReport(sc interface{ Scan(...any) error }) (domain.Report, error) {
	var r domain.Report
	var sup, author, reviewer sql.NullInt64
	var ms string
	var sub, rev, created nullTime
	err := sc.Scan(&r.ID, &r.TaskID, &r.UnitID, &r.Period, &r.Date, &r.Progress, &r.Done, &r.Problems, &r.NextSteps, &r.Status, &r.Version,
		&sup, &r.Source, &ms, &author, &sub, &reviewer, &rev, &r.ReviewComment, &created)
	r.Supersedes, r.AuthorID, r.ReviewerID = sup.Int64, author.Int64, reviewer.Int64
	r.SubmittedAt, r.ReviewedAt, r.CreatedAt = sub.T, rev.T, created.T
	r.MilestoneIDs = parseIDs(ms)
	return r, err
}

func parseIDs(s string) []domain.ID {
	if s == "" {
		return nil
	}
	var out []domain.ID
	for _, f := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

func formatIDs(ids []domain.ID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// Report returns one report (without file bytes).
func (r *Reader) Report(ctx context.Context, id domain.ID) (domain.Report, error) {
	rep, err := scanReport(r.q.QueryRowContext(ctx, "SELECT "+reportCols+" FROM reports WHERE id = $1", id))
	if err == sql.ErrNoRows {
		return rep, notFound("report", id)
	}
	if err != nil {
		return rep, wrap("get report", err)
	}
	rep.Files, err = r.ReportFiles(ctx, id)
	return rep, err
}

// ReportFilter narrows a report listing.
type ReportFilter struct {
	TaskID   domain.ID
	UnitIDs  []domain.ID
	Statuses []domain.ReportStatus
	Limit    int
}

// Reports lists reports newest first.
func (r *Reader) Reports(ctx context.Context, f ReportFilter) ([]domain.Report, error) {
	q := "SELECT " + reportCols + " FROM reports WHERE 1=1"
	var args []any
	if f.TaskID != 0 {
		args = append(args, f.TaskID)
		q += fmt.Sprintf(" AND task_id = $%d", len(args))
	}
	if len(f.UnitIDs) > 0 {
		var ph []string
		for _, id := range f.UnitIDs {
			args = append(args, id)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		q += " AND unit_id IN (" + strings.Join(ph, ",") + ")"
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			args = append(args, string(s))
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		q += " AND status IN (" + strings.Join(ph, ",") + ")"
	}
	q += " ORDER BY report_date DESC, id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return collect(ctx, r.q, "list reports", q, args, func(sc scanner) (domain.Report, error) { return scanReport(sc) })
}

// PeriodReports lists a unit's reports on a task for one period, every
// version, through the transaction's prepared statements.
func (tx *Tx) PeriodReports(ctx context.Context, taskID, unitID domain.ID, period string) ([]domain.Report, error) {
	rows, err := tx.query(ctx, "SELECT "+reportCols+" FROM reports WHERE task_id = $1 AND unit_id = $2 AND period = $3 ORDER BY version", taskID, unitID, period)
	if err != nil {
		return nil, wrap("period reports", err)
	}
	defer rows.Close()
	var out []domain.Report
	for rows.Next() {
		rep, err := scanReport(rows)
		if err != nil {
			return nil, wrap("scan report", err)
		}
		out = append(out, rep)
	}
	return out, rows.Err()
}

// InsertReport stores a report and sets its ID.
func (tx *Tx) InsertReport(ctx context.Context, rep *domain.Report, now time.Time) error {
	err := tx.queryRow(ctx, `INSERT INTO reports (task_id, unit_id, period, report_date, progress, done_text, problems, next_steps,
		status, version, supersedes_id, source, milestone_ids, author_id, submitted_at, reviewer_id, reviewed_at, review_comment, created_at,
		first_submitted_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$15) RETURNING id`,
		rep.TaskID, rep.UnitID, rep.Period, rep.Date, rep.Progress, rep.Done, rep.Problems, rep.NextSteps, rep.Status, rep.Version,
		nullID(rep.Supersedes), rep.Source, formatIDs(rep.MilestoneIDs), nullID(rep.AuthorID), ts(rep.SubmittedAt),
		nullID(rep.ReviewerID), ts(rep.ReviewedAt), rep.ReviewComment, ts(now)).Scan(&rep.ID)
	if err != nil {
		return wrap("insert report", err)
	}
	rep.CreatedAt = now
	return nil
}

// UpdateReport saves a report that has not been approved.
func (tx *Tx) UpdateReport(ctx context.Context, rep domain.Report) error {
	res, err := tx.exec(ctx, `UPDATE reports SET period=$1, report_date=$2, progress=$3, done_text=$4, problems=$5, next_steps=$6,
		status=$7, milestone_ids=$8, submitted_at=$9, reviewer_id=$10, reviewed_at=$11, review_comment=$12,
		first_submitted_at=COALESCE(first_submitted_at, $9) WHERE id=$13 AND status <> 'approved'`,
		rep.Period, rep.Date, rep.Progress, rep.Done, rep.Problems, rep.NextSteps, rep.Status, formatIDs(rep.MilestoneIDs),
		ts(rep.SubmittedAt), nullID(rep.ReviewerID), ts(rep.ReviewedAt), rep.ReviewComment, rep.ID)
	return affected("update report", rep.ID, res, err)
}

// ApproveReport marks a report approved; seq is the audit sequence of the
// approval, which read models follow.
func (tx *Tx) ApproveReport(ctx context.Context, id, reviewer domain.ID, at time.Time, comment string, seq int64) error {
	tx.MarkProgress()
	res, err := tx.exec(ctx, `UPDATE reports SET status='approved', reviewer_id=$1, reviewed_at=$2, review_comment=$3, approved_seq=$4
		WHERE id=$5 AND status <> 'approved'`, nullID(reviewer), ts(at), comment, seq, id)
	return affected("approve report", id, res, err)
}

// ProgressPoint is an approved report as read models need it.
type ProgressPoint struct {
	ReportID   domain.ID
	TaskID     domain.ID
	Date       domain.Date
	Progress   float64
	Seq        int64
	Supersedes domain.ID
}

// ApprovedSince streams approved reports with approved_seq > after, in
// approval order, a page at a time: the ordered, limited query walks the
// approved_seq index whatever plan the database caches for it.
func (r *Reader) ApprovedSince(ctx context.Context, after int64, fn func(ProgressPoint)) error {
	const page = 50000
	for {
		rows, err := r.q.QueryContext(ctx, `SELECT id, task_id, report_date, progress, approved_seq, supersedes_id FROM reports
			WHERE approved_seq > $1 ORDER BY approved_seq LIMIT 50000`, after)
		if err != nil {
			return wrap("approved reports", err)
		}
		n := 0
		for rows.Next() {
			var p ProgressPoint
			var sup sql.NullInt64
			if err := rows.Scan(&p.ReportID, &p.TaskID, &p.Date, &p.Progress, &p.Seq, &sup); err != nil {
				rows.Close()
				return wrap("scan approved report", err)
			}
			p.Supersedes = sup.Int64
			after = p.Seq
			n++
			fn(p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return wrap("approved reports", err)
		}
		if n < page {
			return nil
		}
	}
}

// SubmissionDate is the first submission of a task's period, for
// missing/late reporting.
type SubmissionDate struct {
	TaskID domain.ID
	Period string
	// Date is the day of first submission in the deployment's time zone;
	// imported reports count on the date they state.
	Date domain.Date
}

// Submissions returns, per task and period, when a report was first
// submitted (drafts do not count), for the reports dated from from to to
// (a zero bound is open).
func (r *Reader) Submissions(ctx context.Context, loc *time.Location, from, to domain.Date, fn func(SubmissionDate)) error {
	q := `SELECT task_id, period, source, report_date, first_submitted_at FROM reports
		WHERE first_submitted_at IS NOT NULL AND version = 1`
	var args []any
	if !from.IsZero() {
		args = append(args, from)
		q += fmt.Sprintf(" AND report_date >= $%d", len(args))
	}
	if !to.IsZero() {
		args = append(args, to)
		q += fmt.Sprintf(" AND report_date <= $%d", len(args))
	}
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return wrap("submissions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s SubmissionDate
		var source string
		var claimed domain.Date
		var at nullTime
		if err := rows.Scan(&s.TaskID, &s.Period, &source, &claimed, &at); err != nil {
			return wrap("scan submission", err)
		}
		s.Date = claimed
		if source != string(domain.SourceImport) && !at.T.IsZero() {
			s.Date = domain.DateOf(at.T.In(loc))
		}
		fn(s)
	}
	return rows.Err()
}

// ReportFiles lists a report's evidence files (without bytes).
func (r *Reader) ReportFiles(ctx context.Context, reportID domain.ID) ([]domain.File, error) {
	return collect(ctx, r.q, "list files", "SELECT id, report_id, name, content_type, size, sha256, created_at FROM report_files WHERE report_id = $1 ORDER BY id",
		[]any{reportID}, func(sc scanner) (domain.File, error) {
			var f domain.File
			var c nullTime
			err := sc.Scan(&f.ID, &f.ReportID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &c)
			f.CreatedAt = c.T
			return f, err
		})
}

// FileData returns a file's metadata and bytes.
func (r *Reader) FileData(ctx context.Context, id domain.ID) (domain.File, []byte, error) {
	var f domain.File
	var data []byte
	var c nullTime
	err := r.q.QueryRowContext(ctx, "SELECT id, report_id, name, content_type, size, sha256, created_at, data FROM report_files WHERE id = $1", id).
		Scan(&f.ID, &f.ReportID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &c, &data)
	f.CreatedAt = c.T
	if err == sql.ErrNoRows {
		return f, nil, notFound("file", id)
	}
	return f, data, wrap("get file", err)
}

// InsertFile stores an evidence file and sets its ID.
func (tx *Tx) InsertFile(ctx context.Context, f *domain.File, data []byte, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, "INSERT INTO report_files (report_id, name, content_type, size, sha256, data, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
		f.ReportID, f.Name, f.ContentType, f.Size, f.SHA256, data, ts(now)).Scan(&f.ID)
	f.CreatedAt = now
	return wrap("insert file", err)
}

// CopyFiles attaches a report's files to a newer version of it.
func (tx *Tx) CopyFiles(ctx context.Context, from, to domain.ID) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO report_files (report_id, name, content_type, size, sha256, data, created_at)
		SELECT $1, name, content_type, size, sha256, data, created_at FROM report_files WHERE report_id = $2`, to, from)
	return wrap("copy files", err)
}
