package store

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// NewCase is a case to store in bulk with its whole history: the demo
// writes a district's year of supervision this way, a few statements per
// thousand rows instead of one per row.
type NewCase struct {
	Case       *domain.Case
	Events     []domain.CaseEvent
	Parts      []domain.CasePart
	Extensions []domain.CaseExtension
	Ratings    []domain.CaseRatingEntry
}

// ReserveCaseSeqs gives out n consecutive sequence numbers of a year and
// returns the first.
func (tx *Tx) ReserveCaseSeqs(ctx context.Context, year, n int) (int, error) {
	var last int
	err := tx.queryRow(ctx, `INSERT INTO case_numbers (year, last_seq) VALUES ($1, $2)
		ON CONFLICT (year) DO UPDATE SET last_seq = case_numbers.last_seq + $2 RETURNING last_seq`, year, n).Scan(&last)
	return last - n + 1, wrap("reserve case numbers", err)
}

// InsertCases stores many cases (numbered already) with their units,
// tasks, timelines, parts, extension requests and ratings, and sets every
// ID. Each case keeps its CreatedAt and UpdatedAt.
func (tx *Tx) InsertCases(ctx context.Context, news []NewCase) error {
	rows := make([][]any, len(news))
	for i, n := range news {
		c := n.Case
		rows[i] = []any{c.Number, c.Year, c.Seq, c.Title, c.Content, string(c.Source), string(c.Urgency), nullID(c.LeaderID), c.LeadUnitID,
			c.TimeLimit.Days, c.TimeLimit.Date, c.Deadline, c.OriginalDeadline, c.WindowStart, string(c.State), c.Round, c.Progress, c.Returned,
			c.ReturnCount, c.ReopenCount, string(c.Rating), int(c.Escalation), nullID(c.RaisedByID), c.RaisedBy, nullID(c.SignedByID), c.SignedBy,
			ts(c.CreatedAt), ts(c.AssignedAt), ts(c.SignDue), ts(c.SignedAt), ts(c.ReportedAt), ts(c.ClosedAt), ts(c.UpdatedAt)}
	}
	cols := []string{"number", "year", "seq", "title", "content", "source", "urgency", "leader_id", "lead_unit_id", "limit_days",
		"limit_date", "deadline", "original_deadline", "window_start", "state", "round", "progress", "returned", "return_count", "reopen_count",
		"rating", "escalation", "raised_by_id", "raised_by", "signed_by_id", "signed_by", "created_at", "assigned_at", "sign_due", "signed_at",
		"reported_at", "closed_at", "updated_at"}
	if err := tx.multiInsert(ctx, "cases", cols, rows, "id", func(i int, id domain.ID) { news[i].Case.ID = id }); err != nil {
		return err
	}
	var units, tasks, events, parts, exts, ratings [][]any
	var eventRefs []*domain.CaseEvent
	var partRefs []*domain.CasePart
	var extRefs []*domain.CaseExtension
	var ratingRefs []*domain.CaseRatingEntry
	for _, n := range news {
		c := n.Case
		for i, u := range c.Units() {
			role := "co"
			if i == 0 {
				role = "lead"
			}
			units = append(units, []any{c.ID, u, role, i})
		}
		for _, t := range c.TaskIDs {
			tasks = append(tasks, []any{c.ID, t})
		}
		for i := range n.Events {
			e := &n.Events[i]
			e.CaseID = c.ID
			events = append(events, []any{e.CaseID, string(e.Kind), ts(e.At), nullID(e.ActorID), e.Actor, nullID(e.UnitID), string(e.FromState),
				string(e.ToState), e.Text, e.Progress, e.FromDate, e.ToDate, string(e.Rating), e.Round})
			eventRefs = append(eventRefs, e)
		}
		for i := range n.Parts {
			p := &n.Parts[i]
			p.CaseID = c.ID
			parts = append(parts, []any{p.CaseID, p.UnitID, p.Round, p.Text, nullID(p.ByID), p.By, ts(p.At)})
			partRefs = append(partRefs, p)
		}
		for i := range n.Extensions {
			e := &n.Extensions[i]
			e.CaseID = c.ID
			exts = append(exts, []any{e.CaseID, e.Reason, e.FromDate, e.ToDate, string(e.State), e.RequestedBy, ts(e.RequestedAt),
				e.DecidedBy, ts(e.DecidedAt), e.Note})
			extRefs = append(extRefs, e)
		}
		for i := range n.Ratings {
			r := &n.Ratings[i]
			r.CaseID = c.ID
			ratings = append(ratings, []any{r.CaseID, r.Round, string(r.Rating), r.Comment, nullID(r.ByID), r.By, ts(r.At)})
			ratingRefs = append(ratingRefs, r)
		}
	}
	if err := tx.multiInsert(ctx, "case_units", []string{"case_id", "unit_id", "role", "sort"}, units, "", nil); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "case_tasks", []string{"case_id", "task_id"}, tasks, "", nil); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "case_events", []string{"case_id", "kind", "at", "actor_id", "actor", "unit_id", "from_state", "to_state",
		"body", "progress", "from_date", "to_date", "rating", "round"}, events, "id", func(i int, id domain.ID) { eventRefs[i].ID = id }); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "case_parts", []string{"case_id", "unit_id", "round", "body", "by_id", "by_name", "at"}, parts, "id",
		func(i int, id domain.ID) { partRefs[i].ID = id }); err != nil {
		return err
	}
	if err := tx.multiInsert(ctx, "case_extensions", []string{"case_id", "reason", "from_date", "to_date", "state", "requested_by",
		"requested_at", "decided_by", "decided_at", "note"}, exts, "id", func(i int, id domain.ID) { extRefs[i].ID = id }); err != nil {
		return err
	}
	return tx.multiInsert(ctx, "case_ratings", []string{"case_id", "round", "rating", "body", "by_id", "by_name", "at"}, ratings, "id",
		func(i int, id domain.ID) { ratingRefs[i].ID = id })
}
