package demo

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// checkCases: the demo's cases show every state and every light on the
// as-of date, and their timelines are complete.
func checkCases(t *testing.T, ctx context.Context, db *store.DB, res *Result) {
	t.Helper()
	cases, err := db.Read().Cases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != len(caseStories) || res.Cases != len(caseStories) {
		t.Fatalf("%d cases (result %d), want %d", len(cases), res.Cases, len(caseStories))
	}
	now := time.Date(testAsOf.Year(), testAsOf.Month(), testAsOf.Day(), 18, 0, 0, 0, cst)
	states, lights := map[domain.CaseState]int{}, map[domain.CaseLight]int{}
	for _, c := range cases {
		states[c.State]++
		lights[c.Signal(now, workday.Weekends{}, domain.DefaultCaseSettings()).Light]++
		events, err := db.Read().CaseEvents(ctx, c.ID)
		if err != nil || len(events) == 0 || events[0].Kind != domain.EventCreate {
			t.Errorf("%s: timeline %v %v", c.Number, events, err)
		}
	}
	for _, s := range domain.CaseStates {
		if states[s] == 0 {
			t.Errorf("no %s case: %v", s, states)
		}
	}
	for _, l := range []domain.CaseLight{domain.LightRed, domain.LightYellow, domain.LightBlue, domain.LightClosedOnTime, domain.LightClosedLate} {
		if lights[l] == 0 {
			t.Errorf("no %s case: %v", l, lights)
		}
	}
}
