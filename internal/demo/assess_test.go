package demo

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

func TestAssessSchemesValid(t *testing.T) {
	for _, sc := range []domain.Scheme{annualScheme(2025), halfScheme(2026)} {
		if err := domain.ValidateScheme(sc.SchemeBody); err != nil {
			t.Errorf("%s: %v", sc.Name, err)
		}
	}
}

// checkAssessment checks the demo's assessment: last year's final list
// with every assessed unit ranked, grades within their quota, the upheld
// appeal's adjustment, the closed 测评 with its ballots and accepted
// highlights; this year's half-year scheme in scoring, its 测评 open with
// codes that still vote, highlights waiting for the office.
func checkAssessment(t *testing.T, ctx context.Context, db *store.DB, res *Result, now time.Time) {
	t.Helper()
	svc := service.New(db, readmodel.NewCache(db), nil, service.Config{Now: func() time.Time { return now }, Location: cst})
	sys := service.SystemPrincipal("test")
	m, err := svc.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	year := domain.DateOf(now.In(cst)).Year()
	perCat := map[string]int{}
	for _, u := range m.Units {
		if u.Category == assessCategories[0] || u.Category == assessCategories[1] {
			perCat[u.Category]++
		}
	}
	if perCat[assessCategories[0]] < 10 || perCat[assessCategories[1]] < 3 {
		t.Fatalf("assessed units per category: %v", perCat)
	}

	runs, err := svc.PublicAssessRuns(ctx, year-1)
	if err != nil || len(runs) != 1 || runs[0].State != domain.RunFinal {
		t.Fatalf("public runs of %d: %+v %v", year-1, runs, err)
	}
	v, err := svc.AssessRunFull(ctx, sys, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	ranked, good, vetoed := map[string]int{}, map[string]int{}, 0
	for _, u := range v.Result.Units {
		if u.Rank < 1 || u.Rank > perCat[u.Category] {
			t.Errorf("%s ranked %d of %d", u.Unit, u.Rank, perCat[u.Category])
		}
		ranked[u.Category]++
		if u.Grade == "优秀" {
			good[u.Category]++
			if u.Vetoed {
				t.Errorf("%s vetoed and 优秀", u.Unit)
			}
		}
		if u.Vetoed {
			vetoed++
		}
		if u.Vetoed != (u.Grade == "较差") && u.Total >= 60 {
			t.Errorf("%s: total %v, vetoed %v, grade %s", u.Unit, u.Total, u.Vetoed, u.Grade)
		}
	}
	for c, n := range perCat {
		if ranked[c] != n {
			t.Errorf("%s: %d units ranked, want %d", c, ranked[c], n)
		}
		if quota := int(math.Floor(float64(n) * 0.2)); good[c] > quota || good[c] == 0 {
			t.Errorf("%s: %d 优秀, quota %d", c, good[c], quota)
		}
	}
	if vetoed != 1 {
		t.Errorf("%d units vetoed, want 1", vetoed)
	}
	checkWorkScores(t, ctx, svc, sys, year-1, v.Result)
	states := map[domain.AppealState]int{}
	for _, a := range v.Appeals {
		states[a.State]++
	}
	if states[domain.AppealUpheld] != 1 || states[domain.AppealRejected] != 1 || len(v.Adjustments) != 1 ||
		v.Adjustments[0].After <= v.Adjustments[0].Before || v.Adjustments[0].Criterion != "A1" {
		t.Errorf("appeals %v, adjustments %+v", states, v.Adjustments)
	}

	evs, err := svc.Evaluations(ctx, sys, year-1)
	if err != nil || len(evs) != 1 || evs[0].State != domain.EvalClosed {
		t.Fatalf("evaluations of %d: %+v %v", year-1, evs, err)
	}
	ballots, err := db.Read().Ballots(ctx, evs[0].ID)
	if err != nil || len(ballots) < 200 {
		t.Errorf("%d ballots, want a few hundred (%v)", len(ballots), err)
	}
	hls, err := svc.Highlights(ctx, sys, year-1)
	if err != nil || len(hls) < len(v.Result.Units)/2 {
		t.Fatalf("highlights of %d: %d %v", year-1, len(hls), err)
	}
	for _, h := range hls {
		if h.State != domain.HighlightAccepted || h.Evaluation == nil {
			t.Errorf("highlight %q: %s %+v", h.Title, h.State, h.Evaluation)
		}
	}

	scs, err := svc.Schemes(ctx, sys, year)
	if err != nil || len(scs) != 1 || scs[0].Kind != domain.SchemeHalf || scs[0].State != domain.SchemeScoring {
		t.Fatalf("schemes of %d: %+v %v", year, scs, err)
	}
	if es, err := svc.Entries(ctx, sys, scs[0].ID); err != nil || len(es) == 0 {
		t.Errorf("entries of the half-year scheme: %d %v", len(es), err)
	}
	evs, err = svc.Evaluations(ctx, sys, year)
	if err != nil || len(evs) != 1 || evs[0].State != domain.EvalOpen {
		t.Fatalf("evaluations of %d: %+v %v", year, evs, err)
	}
	if len(res.VoteCodes) == 0 {
		t.Fatal("no voting codes to try")
	}
	if b, err := svc.Ballot(ctx, res.VoteCodes[0].Code); err != nil || b == nil {
		t.Errorf("an unused code does not open its ballot: %v", err)
	}
	hls, err = svc.Highlights(ctx, sys, year)
	if err != nil || len(hls) == 0 {
		t.Fatalf("highlights of %d: %d %v", year, len(hls), err)
	}
	for _, h := range hls {
		if h.State != domain.HighlightDeclared {
			t.Errorf("highlight %q of %d: %s", h.Title, year, h.State)
		}
	}
	if res.Schemes != 2 || res.AssessRuns != 1 || res.Appeals != 2 || res.Evaluations != 1 || res.Ballots < 200 {
		t.Errorf("result counts %+v", res)
	}
}

// checkWorkScores: the annual list scores A1 from every unit's goals and
// A2 from its supervision record, with their inputs; the scores differ
// between units, and the approved 容错免责 of a goal shows as exempted in
// its unit's formula.
func checkWorkScores(t *testing.T, ctx context.Context, svc *service.Service, sys *service.Principal, year int, res domain.AssessResult) {
	t.Helper()
	input := func(c domain.CriterionScore, label string) float64 {
		for _, in := range c.Formula.Inputs {
			if in.Label == label {
				return in.Value
			}
		}
		return -1
	}
	exempted := map[domain.ID]bool{}
	es, err := svc.Exemptions(ctx, sys, service.ExemptionFilter{Year: year})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Kind == domain.FailureTask && e.State == domain.ExemptionApproved {
			exempted[e.UnitID] = true
		}
	}
	if len(exempted) != 1 {
		t.Errorf("%d units with an approved 容错免责 of a goal in %d, want 1", len(exempted), year)
	}
	a1s, a2s, totals := map[float64]bool{}, map[float64]bool{}, map[string]float64{}
	for _, u := range res.Units {
		a1, a2 := criterionOf(u, "A1"), criterionOf(u, "A2")
		if a1 != nil && a1.Formula.Key == "adjusted" { // the upheld appeal
			continue
		}
		if a1 == nil || a2 == nil || a1.Formula.Key != "tasks" || input(*a1, "tasks") < 1 {
			t.Errorf("%s: A1 %+v, A2 %+v; want scores from its goals and supervision", u.Unit, a1, a2)
			continue
		}
		if exempted[u.UnitID] != (input(*a1, "exempt") > 0) {
			t.Errorf("%s: exempted %v, A1 formula %s %+v", u.Unit, exempted[u.UnitID], a1.Formula.Expr, a1.Formula.Inputs)
		}
		a1s[a1.Score], a2s[a2.Score] = true, true
		for _, l := range []string{"overdue", "lagging", "missing", "late", "exempt"} {
			totals[l] += input(*a1, l)
		}
		totals["closed"] += input(*a2, "closed")
		totals["red"] += input(*a2, "red")
		totals["unverified"] += input(*a2, "unverified")
	}
	t.Logf("%d: %d distinct A1 and %d distinct A2 scores; inputs summed over the units %v", year, len(a1s), len(a2s), totals)
	if len(a1s) < 5 || len(a2s) < 3 || totals["late"] == 0 || totals["closed"] < float64(len(res.Units)) {
		t.Errorf("%d: A1 and A2 hardly differ between units, or lack their inputs", year)
	}
}
