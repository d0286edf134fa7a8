package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Submissions reads only the reports dated within the bounds it is given
// (either may be open), and drafts never.
func TestSubmissionsWithinDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := domain.MustDate
		cst := time.FixedZone("CST", 8*3600)
		err := db.Update(ctx, func(tx *store.Tx) error {
			unitID, taskID, err := insertOneTask(ctx, tx, d("2022-01-01"), d("2023-12-31"))
			if err != nil {
				return err
			}
			for _, day := range []string{"2022-12-30", "2023-01-31", "2023-06-30", "2023-07-31"} {
				rep := domain.Report{TaskID: taskID, UnitID: unitID, Period: day[:7], Date: d(day), Progress: 10, Status: domain.ReportSubmitted,
					Version: 1, Source: domain.SourceWeb, SubmittedAt: time.Date(2023, 8, 1, 9, 0, 0, 0, cst)}
				if err := tx.InsertReport(ctx, &rep, now); err != nil {
					return err
				}
			}
			draft := domain.Report{TaskID: taskID, UnitID: unitID, Period: "2023-08", Date: d("2023-08-31"), Status: domain.ReportDraft,
				Version: 1, Source: domain.SourceWeb}
			return tx.InsertReport(ctx, &draft, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		periods := func(from, to domain.Date) []string {
			t.Helper()
			var out []string
			if err := db.Read().Submissions(ctx, cst, from, to, func(s store.SubmissionDate) { out = append(out, s.Period) }); err != nil {
				t.Fatal(err)
			}
			return out
		}
		for _, c := range []struct {
			from, to domain.Date
			want     int
		}{{0, 0, 4}, {d("2023-01-01"), 0, 3}, {0, d("2023-06-30"), 3}, {d("2023-01-31"), d("2023-06-30"), 2}, {d("2024-01-01"), 0, 0}} {
			if got := periods(c.from, c.to); len(got) != c.want {
				t.Errorf("from %s to %s: %v, want %d periods", c.from, c.to, got, c.want)
			}
		}
	})
}
