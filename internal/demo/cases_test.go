package demo

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/workday"
)

// seedCalendar stores the official schedule of year, as `luoshi serve`
// and `luoshi demo` do before generating.
func seedCalendar(t *testing.T, ctx context.Context, db *store.DB, year int) {
	t.Helper()
	days, _ := workday.Official()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, d := range days {
			if d.Year == year {
				if _, err := tx.AddCalendarDay(ctx, d, time.Now()); err != nil {
					return err
				}
			}
		}
		_, err := tx.AddCalendarYear(ctx, domain.CalendarYear{Year: year, Source: domain.CalendarSeed, UpdatedAt: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkCases: the cases of the year and the year before are spread over every unit, come from every
// source, show every state and light on the as-of evening, and each one's
// timeline agrees with its state: the steps chain from state to state in
// time order, on official working days, none after the as-of evening;
// parts, extension requests and ratings match their steps.
func checkCases(t *testing.T, ctx context.Context, db *store.DB, res *Result, asOf domain.Date) {
	t.Helper()
	r := db.Read()
	cases, err := r.Cases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != res.Cases || len(cases) < 300 {
		t.Fatalf("%d cases (result %d), want a few hundred at least", len(cases), res.Cases)
	}
	cal, _, err := readmodel.LoadCalendar(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if !cal.Covered(asOf.Year()) {
		t.Fatal("the test's calendar is not seeded")
	}
	now := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 18, 0, 0, 0, cst)
	st := domain.DefaultCaseSettings()
	states, lights, reasons, sources := map[domain.CaseState]int{}, map[domain.CaseLight]int{}, map[domain.LightReason]int{}, map[domain.CaseSource]int{}
	perUnit, openPerUnit := map[domain.ID]int{}, map[domain.ID]int{}
	kinds := map[domain.CaseEventKind]int{}
	numbers := map[string]bool{}
	for _, c := range cases {
		states[c.State]++
		sources[c.Source]++
		perUnit[c.LeadUnitID]++
		if c.State.Open() {
			for _, u := range c.Units() {
				openPerUnit[u]++
			}
		}
		sig := c.Signal(now, cal, st)
		lights[sig.Light]++
		reasons[sig.Reason]++
		if numbers[c.Number] || (c.Year != asOf.Year() && c.Year != asOf.Year()-1) {
			t.Errorf("%s: number repeated or of another year", c.Number)
		}
		numbers[c.Number] = true
		events, err := r.CaseEvents(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			kinds[e.Kind]++
		}
		checkTimeline(t, c, events, cal, now)
		checkCaseRecords(t, ctx, r, c, events)
	}
	t.Logf("%d cases; states %v; lights %v; reasons %v; sources %v", len(cases), states, lights, reasons, sources)
	units, err := r.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	most, mostOpen := 0, 0
	for _, u := range units {
		if u.Kind != domain.UnitDistrict && perUnit[u.ID] == 0 {
			t.Errorf("%s leads no case", u.Name)
		}
		most, mostOpen = max(most, perUnit[u.ID]), max(mostOpen, openPerUnit[u.ID])
	}
	t.Logf("the busiest unit leads %d cases; the most open at one unit (leading or co-operating): %d", most, mostOpen)
	for _, s := range domain.CaseStates {
		if states[s] == 0 {
			t.Errorf("no %s case: %v", s, states)
		}
	}
	for _, s := range domain.CaseSources {
		if sources[s] == 0 {
			t.Errorf("no case from %s: %v", s, sources)
		}
	}
	for _, l := range domain.CaseLights {
		if lights[l] == 0 {
			t.Errorf("no %s case: %v", l, lights)
		}
	}
	for _, why := range []domain.LightReason{domain.ReasonOverdue, domain.ReasonReturned, domain.ReasonSignOverdue, domain.ReasonBehind, domain.ReasonDueSoon} {
		if reasons[why] == 0 {
			t.Errorf("no light for %s: %v", why, reasons)
		}
	}
	for _, k := range []domain.CaseEventKind{domain.EventAssign, domain.EventSign, domain.EventProgress, domain.EventPart, domain.EventFeedback,
		domain.EventClose, domain.EventReturn, domain.EventExtensionRequest, domain.EventExtensionApprove, domain.EventRate,
		domain.EventReopen, domain.EventRemind, domain.EventUrge, domain.EventNotice} {
		if kinds[k] == 0 {
			t.Errorf("no %s step in any timeline: %v", k, kinds)
		}
	}
}

// checkTimeline replays a case's steps: each starts from the state the
// previous one left, in time order, on a working day of the official
// calendar, by the as-of evening; the last leaves the case's state.
func checkTimeline(t *testing.T, c domain.Case, events []domain.CaseEvent, cal workday.Calendar, now time.Time) {
	t.Helper()
	if len(events) == 0 || events[0].Kind != domain.EventCreate {
		t.Errorf("%s: timeline does not start with its creation: %v", c.Number, events)
		return
	}
	state := domain.CaseState("")
	var last time.Time
	for _, e := range events {
		if e.FromState != state && e.Kind != domain.EventCreate {
			t.Errorf("%s: %s from %s, but the case was %s", c.Number, e.Kind, e.FromState, state)
		}
		if e.At.Before(last) || e.At.After(now) {
			t.Errorf("%s: %s at %v, after %v or past the as-of evening", c.Number, e.Kind, e.At, last)
		}
		if day := domain.DateOf(e.At.In(cst)); !cal.IsWorkday(day) {
			t.Errorf("%s: %s on %s, not a working day", c.Number, e.Kind, day)
		}
		state, last = e.ToState, e.At
	}
	if state != c.State {
		t.Errorf("%s: timeline ends in %s, case is %s", c.Number, state, c.State)
	}
	if c.State != domain.CaseDraft {
		if c.Deadline < c.WindowStart || !cal.IsWorkday(c.Deadline) || c.SignDue.IsZero() {
			t.Errorf("%s: deadline %s from %s, sign due %v", c.Number, c.Deadline, c.WindowStart, c.SignDue)
		}
	}
	if (c.State == domain.CaseWorking || c.State == domain.CaseReported || c.State == domain.CaseClosed) && c.SignedByID == 0 {
		t.Errorf("%s: %s but nobody signed", c.Number, c.State)
	}
}

// checkCaseRecords: parts, extension requests and ratings match the steps.
func checkCaseRecords(t *testing.T, ctx context.Context, r *store.Reader, c domain.Case, events []domain.CaseEvent) {
	t.Helper()
	parts, err1 := r.CaseParts(ctx, c.ID)
	exts, err2 := r.CaseExtensions(ctx, c.ID)
	ratings, err3 := r.CaseRatings(ctx, c.ID)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	count := map[domain.CaseEventKind]int{}
	for _, e := range events {
		count[e.Kind]++
	}
	if count[domain.EventPart] != len(parts) || count[domain.EventExtensionRequest] != len(exts) || count[domain.EventRate] != len(ratings) {
		t.Errorf("%s: %d parts, %d requests, %d ratings for steps %v", c.Number, len(parts), len(exts), len(ratings), count)
	}
	if c.State == domain.CaseReported || c.State == domain.CaseClosed {
		given := map[domain.ID]bool{}
		for _, p := range parts {
			if p.Round == c.Round {
				given[p.UnitID] = true
			}
		}
		for _, u := range c.CoUnitIDs {
			if !given[u] {
				t.Errorf("%s: reported back without co-unit %d's part", c.Number, u)
			}
		}
	}
	for _, e := range exts {
		decided := count[domain.EventExtensionApprove] + count[domain.EventExtensionRefuse]
		if (e.State == domain.ExtensionPending) != (decided == 0) {
			t.Errorf("%s: request %s with %d decisions", c.Number, e.State, decided)
		}
		if e.State == domain.ExtensionApproved && c.ReopenCount == 0 && c.Deadline != e.ToDate {
			t.Errorf("%s: extension to %s approved, deadline %s", c.Number, e.ToDate, c.Deadline)
		}
	}
	if c.ReopenCount != count[domain.EventReopen] || c.ReturnCount != count[domain.EventReturn] {
		t.Errorf("%s: reopened %d, returned %d; steps %v", c.Number, c.ReopenCount, c.ReturnCount, count)
	}
}

// checkInspections: the year's inspections run one a month (the next one
// still planned), their findings became rectification items, and each
// item's timeline follows the workflow to the item's state, by the as-of
// evening, on working days.
func checkInspections(t *testing.T, ctx context.Context, db *store.DB, res *Result, asOf domain.Date) {
	t.Helper()
	r := db.Read()
	insps, err := r.Inspections(ctx, store.InspectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	items, err := r.Rectifications(ctx, store.RectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(insps) != res.Inspections || len(items) != res.Rectifications || len(items) < 50 {
		t.Fatalf("%d inspections (result %d), %d items (result %d)", len(insps), res.Inspections, len(items), res.Rectifications)
	}
	cal, _, err := readmodel.LoadCalendar(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 18, 0, 0, 0, cst)
	kinds := map[domain.InspectionState]int{}
	for _, in := range insps {
		kinds[in.State]++
		if len(in.TargetUnitIDs) == 0 || in.LeaderID == 0 || (in.State != domain.InspectionPlanned) != (in.StartedOn != 0 && in.StartedOn <= asOf) {
			t.Errorf("inspection %s: %+v", in.Title, in)
		}
	}
	if kinds[domain.InspectionPlanned] != 1 || kinds[domain.InspectionConcluded] == 0 {
		t.Errorf("inspections by state %v, want one planned and some concluded", kinds)
	}
	states := map[domain.RectState]int{}
	for _, it := range items {
		states[it.State]++
		events, err := r.RectEvents(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) == 0 || events[0].Action != domain.RectIssue || events[0].State != domain.RectIssued {
			t.Errorf("item %d: timeline %+v", it.ID, events)
			continue
		}
		state, last := domain.RectIssued, events[0].At
		for _, e := range events[1:] {
			next, ok := domain.NextRectState(state, e.Action)
			if !ok || next != e.State || e.At.Before(last) || e.At.After(now) || !cal.IsWorkday(domain.DateOf(e.At.In(cst))) {
				t.Errorf("item %d: %s from %s to %s at %v", it.ID, e.Action, state, e.State, e.At)
			}
			state, last = e.State, e.At
		}
		if state != it.State || (it.State.Closed() && (it.VerifiedOn == 0 || it.ClosedOn < it.VerifiedOn)) {
			t.Errorf("item %d: timeline ends in %s, item %+v", it.ID, state, it)
		}
	}
	t.Logf("%d inspections %v; %d rectification items %v", len(insps), kinds, len(items), states)
	for _, s := range []domain.RectState{domain.RectInProgress, domain.RectApplied, domain.RectClosed, domain.RectConfirmed} {
		if states[s] == 0 {
			t.Errorf("no %s item: %v", s, states)
		}
	}
}
