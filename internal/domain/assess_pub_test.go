package domain_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

func TestNoticeEnd(t *testing.T) {
	for _, c := range []struct {
		start string
		n     int
		want  string
	}{
		{"2026-09-30", 5, "2026-10-12"}, // National Day, and Saturday 10-10 worked
		{"2026-09-30", 1, "2026-09-30"}, // the first day counts
		{"2026-10-03", 1, "2026-10-08"}, // starting in the holiday: the first working day after
		{"2026-11-02", 5, "2026-11-06"}, // Monday to Friday
		{"2026-11-02", 0, "2026-11-06"}, // the default is five
		{"2026-11-06", 3, "2026-11-10"}, // over a weekend
	} {
		if got := domain.NoticeEnd(official, domain.MustDate(c.start), c.n); got != domain.MustDate(c.want) {
			t.Errorf("NoticeEnd(%s, %d) = %s, want %s", c.start, c.n, got, c.want)
		}
	}
}

func TestRunOpen(t *testing.T) {
	r := domain.AssessRun{State: domain.RunNotice, NoticeStart: domain.MustDate("2026-09-30"), NoticeEnd: domain.MustDate("2026-10-12")}
	for day, want := range map[string]bool{"2026-09-29": false, "2026-09-30": true, "2026-10-05": true, "2026-10-12": true, "2026-10-13": false} {
		if got := r.Open(domain.MustDate(day)); got != want {
			t.Errorf("Open(%s) = %v", day, got)
		}
	}
	r.State = domain.RunFinal
	if r.Open(domain.MustDate("2026-10-01")) {
		t.Error("a final run is open")
	}
}

func TestSetCriterionScore(t *testing.T) {
	base := func() domain.AssessResult {
		return domain.AssessResult{Units: []domain.UnitResult{{UnitID: 1, Criteria: []domain.CriterionScore{
			{Code: "A1", Kind: domain.CriterionBase, Max: 20, Score: 18, Formula: domain.Formula{Key: "tasks", Expr: "20 × 90% = 18"}},
			{Code: "A", Kind: domain.CriterionBase, Max: 30, Score: 28, Formula: domain.Formula{Key: "sum"}},
			{Code: "V1", Kind: domain.CriterionVeto, Formula: domain.Formula{Key: "manual"}},
			{Code: "M1", Kind: domain.CriterionBase, Max: 10, Missing: true, Formula: domain.Formula{Key: "manual"}},
		}}}}
	}
	for _, c := range []struct {
		unit    domain.ID
		code    string
		score   float64
		refusal domain.AdjustRefusal
		before  float64
	}{
		{1, "A1", 19.5, "", 18},
		{1, "A1", 0, "", 18},
		{1, "A1", 20, "", 18},
		{1, "A1", 20.01, domain.AdjustRange, 18},
		{1, "A1", -1, domain.AdjustRange, 18},
		{1, "A1", 18, domain.AdjustSame, 18},
		{2, "A1", 1, domain.AdjustNoUnit, 0},
		{1, "Z", 1, domain.AdjustNoCriterion, 0},
		{1, "A", 20, domain.AdjustSum, 28},
		{1, "V1", 1, "", 0},
		{1, "V1", 2, domain.AdjustRange, 0},
		{1, "M1", 8, "", 0},
	} {
		r := base()
		before, refusal := domain.SetCriterionScore(&r, c.unit, c.code, c.score)
		if refusal != c.refusal || before != c.before {
			t.Errorf("%d %s %v: %v %q, want %v %q", c.unit, c.code, c.score, before, refusal, c.before, c.refusal)
			continue
		}
		if refusal != "" {
			if r.Units[0].Criteria[0].Score != 18 {
				t.Errorf("%s %v: refused but changed", c.code, c.score)
			}
			continue
		}
		got := domain.FindCriterionScore(&r.Units[0], c.code)
		if got.Formula.Key != "adjusted" || got.Missing {
			t.Errorf("%s: %+v", c.code, got)
		}
		if c.code == "V1" && (!got.Vetoed || got.Score != 0) {
			t.Errorf("veto: %+v", got)
		} else if c.code != "V1" && got.Score != c.score {
			t.Errorf("%s: score %v", c.code, got.Score)
		}
	}
	r := base()
	domain.SetCriterionScore(&r, 1, "A1", 19.5)
	if f := r.Units[0].Criteria[0].Formula; f.Expr != "18 → 19.5" || f.Inputs[0].Text != "20 × 90% = 18" {
		t.Errorf("formula: %+v", f)
	}
}
