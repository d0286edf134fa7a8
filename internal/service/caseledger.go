// The ledger of cases (督办台账) as offices export it: the listing with,
// for each case, where its handling stands in words.

package service

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// CaseLedgerRow is a case of the ledger with its latest report.
type CaseLedgerRow struct {
	CaseItem
	// Latest is the latest interim progress or feedback of the current
	// round, nil when the unit has reported nothing yet.
	Latest *domain.CaseEvent `json:"latest,omitempty"`
	// Rating is the latest rating, nil when none.
	Rating *domain.CaseRatingEntry `json:"rating,omitempty"`
}

// CaseLedger is the ledger on a day.
type CaseLedger struct {
	AsOf domain.Date     `json:"as_of"`
	Rows []CaseLedgerRow `json:"rows"`
}

// CaseLedger lists the cases p may read that pass f, most urgent first,
// with the latest report of each: the rows of the exported 督办台账.
func (s *Service) CaseLedger(ctx context.Context, p *Principal, f CaseFilter) (*CaseLedger, error) {
	l, err := s.Cases(ctx, p, f)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	out := &CaseLedger{AsOf: l.AsOf, Rows: make([]CaseLedgerRow, 0, len(l.Items))}
	for _, it := range l.Items {
		row := CaseLedgerRow{CaseItem: it}
		if it.State != domain.CaseDraft && it.State != domain.CaseAssigned {
			events, err := r.CaseEvents(ctx, it.ID)
			if err != nil {
				return nil, err
			}
			var latest time.Time
			for i := range events {
				e := events[i]
				if (e.Kind == domain.EventProgress || e.Kind == domain.EventFeedback) && e.Round == it.Round && !e.At.Before(latest) {
					row.Latest, latest = &e, e.At
				}
			}
		}
		if it.State == domain.CaseClosed || it.ReopenCount > 0 {
			ratings, err := r.CaseRatings(ctx, it.ID)
			if err != nil {
				return nil, err
			}
			if n := len(ratings); n > 0 {
				row.Rating = &ratings[n-1]
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}
