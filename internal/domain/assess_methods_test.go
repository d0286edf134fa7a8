package domain

import (
	"testing"
)

// scoreOne scores a single criterion for unit 1 in a one-section scheme.
func scoreOne(t *testing.T, c Criterion, in AssessInputs) CriterionScore {
	t.Helper()
	if in.Units == nil {
		in.Units = []AssessUnit{{ID: 1, Name: "甲镇", Category: "乡镇街道"}}
	}
	b := SchemeBody{CheckDate: NewDate(2026, 6, 30), Categories: []AssessCategory{{Name: "乡镇街道",
		Sections: []AssessSection{{Key: "key", Name: "重点工作", Max: 100, Criteria: []Criterion{c}}}}},
		Rules: AssessRules{Grades: []GradeRule{{Name: "合格"}}}}
	r, err := ScoreAssessment(b, in)
	if err != nil {
		t.Fatalf("score: %v (%v)", err, ErrorDetails(err))
	}
	for _, u := range r.Units {
		if u.UnitID == 1 {
			return u.Criteria[0]
		}
	}
	t.Fatal("unit 1 not scored")
	return CriterionScore{}
}

type methodCase struct {
	name    string
	c       Criterion
	in      AssessInputs
	score   float64
	expr    string
	key     string
	missing bool
}

func runMethodCases(t *testing.T, cases []methodCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := scoreOne(t, tc.c, tc.in)
			if cs.Score != tc.score {
				t.Errorf("score %v, want %v (%s)", cs.Score, tc.score, cs.Formula.Expr)
			}
			if tc.expr != "" && cs.Formula.Expr != tc.expr {
				t.Errorf("expr %q, want %q", cs.Formula.Expr, tc.expr)
			}
			if tc.key != "" && cs.Formula.Key != tc.key {
				t.Errorf("key %q, want %q", cs.Formula.Key, tc.key)
			}
			if cs.Missing != tc.missing {
				t.Errorf("missing %v, want %v", cs.Missing, tc.missing)
			}
		})
	}
}

func tasksOf(ts ...AssessTask) map[ID][]AssessTask { return map[ID][]AssessTask{1: ts} }

func TestScoreTasks(t *testing.T) {
	crit := func(max float64, p MethodParams) Criterion {
		return Criterion{Code: "B1", Name: "重点任务推进", Kind: CriterionBase, Max: max, Method: MethodTasks, Params: p}
	}
	ded := MethodParams{PerOverdue: 1, PerLagging: 0.5, PerMissing: 0.2, PerLate: 0.1}
	runMethodCases(t, []methodCase{
		{name: "weighted attainment", c: crit(20, MethodParams{}),
			in: AssessInputs{Tasks: tasksOf(
				AssessTask{Weight: 1, Progress: 50, Expected: 50},  // 1
				AssessTask{Weight: 1, Progress: 30, Expected: 60},  // 0.5
				AssessTask{Weight: 2, Progress: 80, Expected: 100}, // 0.8
			)},
			// (1 + 0.5 + 1.6) / 4 = 0.775
			score: 15.5, expr: "20 × 77.50% = 15.50", key: "tasks"},
		{name: "ahead of schedule counts as 100%", c: crit(10, MethodParams{}),
			in:    AssessInputs{Tasks: tasksOf(AssessTask{Weight: 1, Progress: 90, Expected: 50})},
			score: 10, expr: "10 × 100.00% = 10.00"},
		{name: "deductions, exempt task has none", c: crit(20, ded),
			in: AssessInputs{Tasks: tasksOf(
				AssessTask{Number: "R-1", Weight: 1, Progress: 40, Expected: 100, Overdue: true, Lagging: true, Missing: 2}, // .4, overdue only
				AssessTask{Number: "R-2", Weight: 1, Progress: 25, Expected: 50, Lagging: true, Late: 1},                    // .5
				AssessTask{Number: "R-3", Weight: 1, Progress: 10, Expected: 20, Lagging: true, Missing: 3, Exempt: true},   // .5, no deduction
			)},
			// att = 1.4/3 = .4667; 20 × .4667 = 9.334; − (1 + 0.5 + 0.4 + 0.1) = 7.334
			score: 7.33, expr: "20 × 46.67% − (1 × 1 + 1 × 0.5 + 2 × 0.2 + 1 × 0.1) = 7.33"},
		{name: "floored at zero", c: crit(5, MethodParams{PerOverdue: 3}),
			in:    AssessInputs{Tasks: tasksOf(AssessTask{Weight: 1, Progress: 0, Expected: 50, Overdue: true})},
			score: 0, expr: "max(0, 5 × 0.00% − 1 × 3) = 0.00"},
		{name: "nothing expected yet counts as attained", c: crit(10, MethodParams{}),
			in:    AssessInputs{Tasks: tasksOf(AssessTask{Weight: 1, Progress: 0, Expected: 0})},
			score: 10},
		{name: "zero weight counts as one", c: crit(10, MethodParams{}),
			in:    AssessInputs{Tasks: tasksOf(AssessTask{Weight: 0, Progress: 0, Expected: 50}, AssessTask{Weight: 1, Progress: 50, Expected: 50})},
			score: 5},
		{name: "only the criterion's task categories", c: crit(10, MethodParams{TaskCategories: []Category{CategoryKey}}),
			in: AssessInputs{Tasks: tasksOf(
				AssessTask{Category: CategoryKey, Weight: 1, Progress: 30, Expected: 40},
				AssessTask{Category: CategoryRoutine, Weight: 1, Progress: 0, Expected: 40, Overdue: true},
			)},
			score: 7.5},
		{name: "no task scores zero", c: crit(10, MethodParams{}), score: 0, expr: "10 × 0.00% = 0.00"},
	})
}

func TestScoreIndicators(t *testing.T) {
	crit := func(p MethodParams) Criterion {
		return Criterion{Code: "B2", Name: "主要经济指标", Kind: CriterionBase, Max: 10, Method: MethodIndicators, Params: p}
	}
	inds := func(xs ...AssessIndicator) map[ID][]AssessIndicator { return map[ID][]AssessIndicator{1: xs} }
	runMethodCases(t, []methodCase{
		{name: "direction-aware, capped, no actual is zero", c: crit(MethodParams{}),
			in: AssessInputs{Indicators: inds(
				AssessIndicator{Name: "地区生产总值", Target: 100, Actual: 90, HasActual: true, Direction: DirectionUp},
				AssessIndicator{Name: "万元GDP能耗", Target: 5, Actual: 4, HasActual: true, Direction: DirectionDown}, // 1.25 → 1
				AssessIndicator{Name: "固定资产投资", Target: 50, Direction: DirectionUp},
			)},
			// (0.9 + 1 + 0) / 3 = .6333
			score: 6.33, expr: "10 × avg(90.00%, 100.00%, 0.00%) = 6.33", key: "indicators"},
		{name: "cap above one makes up, never above max", c: crit(MethodParams{Cap: 1.2}),
			in: AssessInputs{Indicators: inds(
				AssessIndicator{Name: "甲", Target: 100, Actual: 150, HasActual: true, Direction: DirectionUp}, // 1.2
				AssessIndicator{Name: "乙", Target: 100, Actual: 100, HasActual: true, Direction: DirectionUp}, // 1
			)},
			score: 10, expr: "min(10, 10 × avg(120.00%, 100.00%)) = 10.00"},
		{name: "named indicators only, absent one is zero", c: crit(MethodParams{Indicators: []string{"甲", "丙"}}),
			in: AssessInputs{Indicators: inds(
				AssessIndicator{Name: "甲", Target: 80, Actual: 60, HasActual: true, Direction: DirectionUp}, // .75
				AssessIndicator{Name: "乙", Target: 1, Actual: 0, HasActual: true, Direction: DirectionUp},
			)},
			score: 3.75, expr: "10 × avg(75.00%, 0.00%) = 3.75"},
		{name: "zero target and zero actual", c: crit(MethodParams{}),
			in: AssessInputs{Indicators: inds(
				AssessIndicator{Name: "安全事故", Target: 0, Actual: 0, HasActual: true, Direction: DirectionDown},
				AssessIndicator{Name: "新增", Target: 0, Actual: 3, HasActual: true, Direction: DirectionUp},
			)},
			score: 10},
		{name: "less is better and missed", c: crit(MethodParams{}),
			in: AssessInputs{Indicators: inds(
				AssessIndicator{Name: "信访量", Target: 40, Actual: 50, HasActual: true, Direction: DirectionDown}, // .8
			)},
			score: 8},
		{name: "no indicator", c: crit(MethodParams{}), score: 0, expr: "10 × avg() = 0.00"},
	})
}

func TestScoreSupervision(t *testing.T) {
	crit := Criterion{Code: "A3", Name: "督办落实", Kind: CriterionBase, Max: 10, Method: MethodSupervision,
		Params: MethodParams{PerRed: 0.5, PerUnverified: 0.2}}
	sup := func(s AssessSupervision) AssessInputs {
		return AssessInputs{Supervision: map[ID]AssessSupervision{1: s}}
	}
	runMethodCases(t, []methodCase{
		{name: "rate less red and unverified", c: crit, in: sup(AssessSupervision{Closed: 20, ClosedOnTime: 18, Red: 1, Unverified: 2}),
			score: 8.1, expr: "10 × 90.00% − 0.5 × 1 − 0.2 × 2 = 8.10", key: "supervision"},
		{name: "no closed case is full rate", c: crit, in: sup(AssessSupervision{}),
			score: 10, expr: "10 × 100.00% = 10.00", key: "supervision_none"},
		{name: "one third on time", c: crit, in: sup(AssessSupervision{Closed: 3, ClosedOnTime: 1}),
			score: 3.33, expr: "10 × 33.33% = 3.33"},
		{name: "floored", c: crit, in: sup(AssessSupervision{Closed: 2, Red: 30}),
			score: 0, expr: "max(0, 10 × 0.00% − 0.5 × 30) = 0.00"},
	})
}

func TestScoreRank(t *testing.T) {
	units := []AssessUnit{{ID: 1, Name: "甲", Category: "乡镇街道"}, {ID: 2, Name: "乙", Category: "乡镇街道"},
		{ID: 3, Name: "丙", Category: "乡镇街道"}, {ID: 4, Name: "丁", Category: "乡镇街道"}, {ID: 5, Name: "戊", Category: "乡镇街道"}}
	vals := map[string]map[ID]float64{"招商引资到位资金": {1: 80, 2: 100, 3: 90, 4: 90}}
	crit := func(lower bool, step float64) Criterion {
		return Criterion{Code: "B3", Name: "招商引资", Kind: CriterionBase, Max: 10, Method: MethodRank,
			Params: MethodParams{Value: "招商引资到位资金", Step: step, LowerBetter: lower}}
	}
	b := func(c Criterion) SchemeBody {
		return SchemeBody{CheckDate: NewDate(2026, 12, 31), Categories: []AssessCategory{{Name: "乡镇街道",
			Sections: []AssessSection{{Key: "key", Name: "重点工作", Max: 40, Criteria: []Criterion{c}}}}},
			Rules: AssessRules{Grades: []GradeRule{{Name: "合格"}}}}
	}
	cases := []struct {
		name string
		c    Criterion
		want map[ID]float64
	}{
		// places 100→1, 90→2, 90→2, 80→4
		{"higher is better", crit(false, 2), map[ID]float64{2: 10, 3: 8, 4: 8, 1: 4, 5: 0}},
		// 80→1, 90→2, 90→2, 100→4
		{"lower is better", crit(true, 2), map[ID]float64{1: 10, 3: 8, 4: 8, 2: 4, 5: 0}},
		{"floored", crit(false, 4), map[ID]float64{2: 10, 3: 6, 4: 6, 1: 0, 5: 0}},
	}
	for _, tc := range cases {
		r, err := ScoreAssessment(b(tc.c), AssessInputs{Units: units, Values: vals})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range r.Units {
			cs := u.Criteria[0]
			if cs.Score != tc.want[u.UnitID] {
				t.Errorf("%s: %s scores %v (%s), want %v", tc.name, u.Unit, cs.Score, cs.Formula.Expr, tc.want[u.UnitID])
			}
			if cs.Missing != (u.UnitID == 5) {
				t.Errorf("%s: %s missing %v", tc.name, u.Unit, cs.Missing)
			}
			if tc.name == "higher is better" && u.UnitID == 1 && cs.Formula.Expr != "10 − (4 − 1) × 2 = 4.00" {
				t.Errorf("expr %q", cs.Formula.Expr)
			}
		}
	}
}

func TestScoreManual(t *testing.T) {
	crit := func(kind CriterionKind, how string) Criterion {
		return Criterion{Code: "C1", Name: "创新工作", Kind: kind, Max: 20, Method: MethodManual, Params: MethodParams{Combine: how}}
	}
	entries := func(xs ...float64) AssessInputs {
		var es []ManualScore
		for i, x := range xs {
			es = append(es, ManualScore{ExaminerID: ID(i + 1), Examiner: "考核员", Score: x, Reason: "理由"})
		}
		return AssessInputs{Manual: map[string]map[ID][]ManualScore{"C1": {1: es}}}
	}
	runMethodCases(t, []methodCase{
		{name: "mean", c: crit(CriterionBase, ""), in: entries(18, 17, 19), score: 18, expr: "mean(18, 17, 19) = 18.00", key: "manual_mean"},
		{name: "mean rounded", c: crit(CriterionBase, "mean"), in: entries(18, 17, 17), score: 17.33},
		{name: "median even", c: crit(CriterionBase, "median"), in: entries(10, 20, 15, 12), score: 13.5, expr: "median(10, 20, 15, 12) = 13.50"},
		{name: "median odd", c: crit(CriterionBase, "median"), in: entries(10, 20, 15), score: 15},
		{name: "trimmed", c: crit(CriterionBase, "trimmed"), in: entries(10, 20, 15, 12), score: 13.5},
		{name: "trimmed of two is the mean", c: crit(CriterionBase, "trimmed"), in: entries(10, 20), score: 15},
		{name: "max", c: crit(CriterionBase, "max"), in: entries(10, 20, 15), score: 20},
		{name: "min", c: crit(CriterionBase, "min"), in: entries(10, 20, 15), score: 10},
		{name: "clamped to max", c: crit(CriterionBase, ""), in: entries(25), score: 20, expr: "min(20, mean(25)) = 20.00"},
		{name: "nobody scored", c: crit(CriterionBase, ""), score: 0, key: "manual_missing", missing: true},
		{name: "no bonus entered is not missing", c: crit(CriterionBonus, ""), score: 0, key: "manual_none"},
	})
}

func TestScoreEvaluation(t *testing.T) {
	crit := Criterion{Code: "D1", Name: "满意度测评", Kind: CriterionBase, Max: 20, Method: MethodEvaluation, Params: MethodParams{Evaluation: "MYD2026"}}
	runMethodCases(t, []methodCase{
		{name: "scaled", c: crit, in: AssessInputs{Evaluations: map[string]map[ID]float64{"MYD2026": {1: 86.5}}},
			score: 17.3, expr: "20 × 86.5 / 100 = 17.30", key: "evaluation"},
		{name: "missing", c: crit, in: AssessInputs{Evaluations: map[string]map[ID]float64{"MYD2026": {2: 90}}},
			score: 0, key: "evaluation_missing", missing: true},
	})
}

func TestScoreSum(t *testing.T) {
	child := func(code string, max float64) Criterion {
		return Criterion{Code: code, Name: "子项" + code, Kind: CriterionBase, Max: max, Method: MethodManual}
	}
	parent := Criterion{Code: "A1", Name: "常规工作", Kind: CriterionBase, Max: 20, Method: MethodSum,
		Children: []Criterion{child("A1.1", 10), child("A1.2", 8), child("A1.3", 6)}}
	man := func(a, b, c float64) AssessInputs {
		one := func(x float64) map[ID][]ManualScore { return map[ID][]ManualScore{1: {{Score: x}}} }
		return AssessInputs{Manual: map[string]map[ID][]ManualScore{"A1.1": one(a), "A1.2": one(b), "A1.3": one(c)}}
	}
	runMethodCases(t, []methodCase{
		{name: "capped", c: parent, in: man(8, 7.5, 6), score: 20, expr: "min(20, 8 + 7.5 + 6) = 20.00", key: "sum"},
		{name: "under the cap", c: parent, in: man(5, 4.25, 3), score: 12.25, expr: "5 + 4.25 + 3 = 12.25"},
	})
}
