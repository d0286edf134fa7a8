// The 时间过半、任务过半 review: every unit, sector, front and leader the
// caller may see, checked against the rule on any date, with the lagging
// tasks of each. Reading it changes nothing; generating its Excel file is
// recorded in the audit log (the file leaves the system).

package service

import (
	"context"
	"math"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// ReviewFilter narrows a review to one plan; the zero filter reviews every
// plan of the date's year against the calendar year.
type ReviewFilter struct {
	PlanID domain.ID `json:"plan_id,omitempty"`
}

// HalfTimeReview is the check on one date.
type HalfTimeReview struct {
	Date domain.Date `json:"date"`
	// Plan is the plan reviewed (empty: every plan of Year). The time
	// progress is the elapsed share of [SpanStart, SpanEnd].
	Year      int         `json:"year"`
	PlanID    domain.ID   `json:"plan_id,omitempty"`
	Plan      string      `json:"plan,omitempty"`
	SpanStart domain.Date `json:"span_start"`
	SpanEnd   domain.Date `json:"span_end"`
	// TimeProgress is in percent, two decimals (rounded down).
	TimeProgress float64     `json:"time_progress"`
	Total        ReviewRow   `json:"total"`
	Units        []ReviewRow `json:"units"`
	Sectors      []ReviewRow `json:"sectors"`
	Fronts       []ReviewRow `json:"fronts"`
	Leaders      []ReviewRow `json:"leaders"`
	// Plans lists the plans of the year the caller sees tasks of, for a picker.
	Plans []RecordRef `json:"plans"`
}

// ReviewRow is one group checked against the rule. Progress, TimeProgress
// and Share are rounded down to two decimals for display; Pass is decided on
// the exact values.
type ReviewRow struct {
	Kind     string    `json:"kind"` // unit, sector, front, leader, or "" for the total
	ID       domain.ID `json:"id,omitempty"`
	Name     string    `json:"name"`
	Tasks    int       `json:"tasks"`
	Done     int       `json:"done"`
	Lagging  int       `json:"lagging"`
	Severe   int       `json:"severe"`
	Overdue  int       `json:"overdue"`
	Measured int       `json:"measured"`
	// AtOrAbove counts measured tasks at or above their own 序时进度; Share
	// is AtOrAbove/Measured in percent.
	AtOrAbove    int          `json:"at_or_above"`
	Share        float64      `json:"share"`
	Progress     float64      `json:"progress"`
	TimeProgress float64      `json:"time_progress"`
	Gap          float64      `json:"gap"`
	Pass         bool         `json:"pass"`
	Behind       []ReviewTask `json:"behind"`
}

// ReviewTask is a lagging, severely lagging or overdue task of a row.
type ReviewTask struct {
	ID        domain.ID     `json:"id"`
	Number    string        `json:"number"`
	Title     string        `json:"title"`
	LeadUnits []string      `json:"lead_units"`
	Leaders   []string      `json:"leaders"`
	Due       domain.Date   `json:"due"`
	Progress  float64       `json:"progress"`
	Expected  float64       `json:"expected"`
	Gap       float64       `json:"gap"`
	Status    domain.Status `json:"status"`
}

// Failing counts the rows of a grouping that fail the rule.
func Failing(rows []ReviewRow) int {
	n := 0
	for _, r := range rows {
		if !r.Pass {
			n++
		}
	}
	return n
}

// floor2 rounds down to two decimals, so that a shown progress is never
// above the exact one (49.996 shows as 49.99, not 50.00).
func floor2(v float64) float64 { return math.Floor(v*100+1e-7) / 100 }

// ParseReviewDate reads the date of a review: empty is today (the zero
// Date), anything else must be a real day written YYYY-MM-DD.
func ParseReviewDate(ctx context.Context, s string) (domain.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return 0, invalid(ctx, "date", "review.err.date", s)
	}
	return d, nil
}

// HalfTimeReview checks the groups p may see on date (zero: today). A
// unit's accounts get their own units; leaders the sectors and fronts they
// lead, the units in those sectors and themselves; offices everything they
// cover. Only the tasks p sees count.
func (s *Service) HalfTimeReview(ctx context.Context, p *Principal, date domain.Date, f ReviewFilter) (*HalfTimeReview, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if date.IsZero() {
		date = s.Today()
	}
	if y := date.Year(); y < 2000 || y > 2100 {
		return nil, invalid(ctx, "date", "review.err.date_range", date.String())
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if scope.Empty() {
		return nil, forbidden(ctx)
	}
	rev := &HalfTimeReview{Date: date, Year: date.Year(), SpanStart: domain.NewDate(date.Year(), 1, 1), SpanEnd: domain.NewDate(date.Year(), 12, 31), Plans: []RecordRef{}}
	ev := m.Evaluate(date, m.Calendar)
	// The year's tasks name the plans of the picker and, with no plan
	// chosen, are the tasks reviewed: one search serves both.
	yearTasks := m.Find(ev, scope, readmodel.Filter{Year: rev.Year})
	tasks := yearTasks
	if f.PlanID != 0 {
		pl := m.Plan(f.PlanID)
		if pl != nil {
			tasks = m.Find(ev, scope, readmodel.Filter{PlanID: f.PlanID})
		}
		if pl == nil || len(tasks) == 0 {
			return nil, invalid(ctx, "plan", "review.err.plan", f.PlanID)
		}
		rev.PlanID, rev.Plan, rev.Year = pl.ID, pl.Name, pl.Year
		if !pl.Start.IsZero() && !pl.End.IsZero() {
			rev.SpanStart, rev.SpanEnd = pl.Start, pl.End
		}
	}
	seen := map[domain.ID]bool{}
	for _, t := range yearTasks {
		seen[t.PlanID] = true
	}
	for _, pl := range m.Plans {
		if seen[pl.ID] {
			rev.Plans = append(rev.Plans, RecordRef{ID: pl.ID, Title: pl.Name})
		}
	}
	share := readmodel.TimeShare(rev.SpanStart, rev.SpanEnd, date)
	rev.TimeProgress = floor2(share)
	keep := func(by readmodel.GroupBy, id domain.ID) bool {
		if scope.All {
			return true
		}
		switch by {
		case readmodel.ByUnit:
			return scope.SeesUnit(m.Unit(id))
		case readmodel.BySector:
			return scope.Sectors[id]
		case readmodel.ByFront:
			return scope.Fronts[id]
		case readmodel.ByLeader:
			return scope.Person != 0 && scope.Person == id
		}
		return false
	}
	g := m.HalfTime(ev, tasks, share, keep)
	rev.Total = reviewRow(m, ev, date, g.Total)
	rev.Units = reviewRows(m, ev, date, g.Units)
	rev.Sectors = reviewRows(m, ev, date, g.Sectors)
	rev.Fronts = reviewRows(m, ev, date, g.Fronts)
	rev.Leaders = reviewRows(m, ev, date, g.Leaders)
	return rev, nil
}

func reviewRows(m *readmodel.Model, ev *readmodel.Evaluation, d domain.Date, rows []readmodel.HalfTimeRow) []ReviewRow {
	out := make([]ReviewRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, reviewRow(m, ev, d, r))
	}
	return out
}

func reviewRow(m *readmodel.Model, ev *readmodel.Evaluation, d domain.Date, r readmodel.HalfTimeRow) ReviewRow {
	s := r.Summary
	row := ReviewRow{Kind: string(r.By), ID: r.ID, Name: r.Name, Tasks: s.Tasks, Done: r.Done, Lagging: r.Lagging, Severe: r.Severe, Overdue: r.Overdue,
		Measured: s.Measured, AtOrAbove: s.AtOrAbove, Share: floor2(s.Share()), Progress: floor2(s.Progress), TimeProgress: floor2(r.Time),
		Gap: math.Round(r.Gap()*100) / 100, Pass: r.Pass, Behind: make([]ReviewTask, 0, len(r.Behind))}
	for _, t := range r.Behind {
		res := ev.Of(t)
		rt := ReviewTask{ID: t.ID, Number: t.Number, Title: t.Title, LeadUnits: m.UnitNames(t.LeadUnitIDs), Leaders: m.TaskLeaders(t, d),
			Progress: round1(res.Progress), Status: res.Status}
		if !t.Ongoing {
			rt.Due = t.Due
		}
		if res.HasExpected {
			rt.Expected, rt.Gap = round1(res.Expected), round1(res.Expected-res.Progress)
		}
		row.Behind = append(row.Behind, rt)
	}
	return row
}

// LaggingTasks returns every lagging task of a review once, in the order
// of the rows they first appear in (units first).
func (r *HalfTimeReview) LaggingTasks() []ReviewTask {
	out := []ReviewTask{}
	seen := map[domain.ID]bool{}
	for _, rows := range [][]ReviewRow{{r.Total}, r.Units, r.Sectors, r.Fronts, r.Leaders} {
		for _, row := range rows {
			for _, t := range row.Behind {
				if !seen[t.ID] {
					seen[t.ID] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// ReviewExport is HalfTimeReview for a file that leaves the system: the
// export is recorded in the audit log with what it covered.
func (s *Service) ReviewExport(ctx context.Context, p *Principal, date domain.Date, f ReviewFilter) (*HalfTimeReview, error) {
	rev, err := s.HalfTimeReview(ctx, p, date, f)
	if err != nil {
		return nil, err
	}
	type exported struct {
		Date                            domain.Date `json:"date"`
		PlanID                          domain.ID   `json:"plan_id,omitempty"`
		TimeProgress                    float64     `json:"time_progress"`
		Units, Sectors, Fronts, Leaders int
		Failing                         int `json:"failing"`
	}
	after := exported{Date: rev.Date, PlanID: rev.PlanID, TimeProgress: rev.TimeProgress, Units: len(rev.Units), Sectors: len(rev.Sectors),
		Fronts: len(rev.Fronts), Leaders: len(rev.Leaders),
		Failing: Failing(rev.Units) + Failing(rev.Sectors) + Failing(rev.Fronts) + Failing(rev.Leaders)}
	err = s.update(ctx, func(tx *store.Tx) error {
		_, err := s.audit(ctx, tx, p, store.Change{Action: "review.export", Entity: "review", EntityID: rev.Date.String(), ClaimedDate: rev.Date, After: after})
		return err
	})
	if err != nil {
		return nil, err
	}
	return rev, nil
}
