package domain

import (
	"reflect"
	"testing"
)

// rankScheme has two sections of manual criteria (M1 in routine, M2 in
// key), a bonus B, a penalty P, a veto V, and the given rules.
func rankScheme(rules AssessRules) SchemeBody {
	man := func(code string, kind CriterionKind, max float64) Criterion {
		return Criterion{Code: code, Name: "指标" + code, Kind: kind, Max: max, Method: MethodManual}
	}
	return SchemeBody{CheckDate: NewDate(2026, 12, 31), Categories: []AssessCategory{{Name: "乡镇街道",
		BonusCap: 3, PenaltyCap: 5,
		Sections: []AssessSection{
			{Key: "routine", Name: "常规工作", Max: 50, Criteria: []Criterion{man("M1", CriterionBase, 50), man("M3", CriterionBase, 10), man("B", CriterionBonus, 5)}},
			{Key: "key", Name: "重点工作", Max: 50, Criteria: []Criterion{man("M2", CriterionBase, 50), man("P", CriterionPenalty, 10), man("V", CriterionVeto, 0)}},
		}}}, Rules: rules}
}

// unitScores gives unit i (ID i+1) manual entries: m1, m2 and optional
// bonus, penalty, veto.
type unitScores struct{ m1, m2, bonus, penalty, veto float64 }

func rankInputs(us []unitScores) AssessInputs {
	in := AssessInputs{Manual: map[string]map[ID][]ManualScore{"M1": {}, "M2": {}, "B": {}, "P": {}, "V": {}}}
	for i, u := range us {
		id := ID(i + 1)
		in.Units = append(in.Units, AssessUnit{ID: id, Name: string(rune('甲' + i)), Category: "乡镇街道", Sort: i})
		put := func(code string, x float64) {
			if x != 0 {
				in.Manual[code][id] = []ManualScore{{Score: x, Reason: "依据"}}
			}
		}
		put("M1", u.m1)
		put("M2", u.m2)
		put("B", u.bonus)
		put("P", u.penalty)
		put("V", u.veto)
	}
	return in
}

func byID(r AssessResult) map[ID]UnitResult {
	m := map[ID]UnitResult{}
	for _, u := range r.Units {
		m[u.UnitID] = u
	}
	return m
}

func mustScore(t *testing.T, b SchemeBody, in AssessInputs) AssessResult {
	t.Helper()
	r, err := ScoreAssessment(b, in)
	if err != nil {
		t.Fatalf("%v %v", err, ErrorDetails(err))
	}
	return r
}

func TestTotalsSectionsAndCaps(t *testing.T) {
	b := rankScheme(AssessRules{Grades: []GradeRule{{Name: "合格"}}})
	in := rankInputs([]unitScores{
		{m1: 45, m2: 40.5, bonus: 4, penalty: 2}, // routine 45 + 8 → 50; bonus 4 → cap 3
		{m1: 30.25, m2: 20, penalty: 8, veto: 1}, // penalty 8 → cap 5
	})
	in.Manual["M3"] = map[ID][]ManualScore{1: {{Score: 8}}}
	u := byID(mustScore(t, b, in))
	if got := u[1]; got.Sections[0].Score != 50 || got.Sections[1].Score != 40.5 || got.Base != 90.5 || got.Bonus != 3 || got.Penalty != 2 || got.Total != 91.5 {
		t.Errorf("unit 1: %+v", got)
	}
	if got := u[2]; got.Base != 50.25 || got.Penalty != 5 || got.Total != 45.25 || !got.Vetoed {
		t.Errorf("unit 2: %+v", got)
	}
	if u[1].Vetoed {
		t.Error("unit 1 vetoed without an entry")
	}
}

func TestRankingAndTieBreak(t *testing.T) {
	b := rankScheme(AssessRules{TieBreak: []string{"section:key", "penalty"}, Grades: []GradeRule{{Name: "合格"}}})
	r := mustScore(t, b, rankInputs([]unitScores{
		{m1: 40, m2: 40},             // 1: 80, key 40
		{m1: 30, m2: 50},             // 2: 80, key 50 → before 1
		{m1: 45, m2: 40, penalty: 5}, // 3: 80, key 40, penalty 5 → after 1
		{m1: 50, m2: 40},             // 4: 90 → first
		{m1: 40, m2: 40},             // 5: same as 1 in every key → shares its rank
		{m1: 10, m2: 10},             // 6: 20
	}))
	var order []ID
	var ranks []int
	var ties []string
	for _, u := range r.Units {
		order, ranks, ties = append(order, u.UnitID), append(ranks, u.Rank), append(ties, u.TieBreak)
	}
	if want := []ID{4, 2, 1, 5, 3, 6}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if want := []int{1, 2, 3, 3, 5, 6}; !reflect.DeepEqual(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	if want := []string{"", "section:key", "section:key", "", "penalty", ""}; !reflect.DeepEqual(ties, want) {
		t.Errorf("tie breaks %v, want %v", ties, want)
	}
}

func TestAllTied(t *testing.T) {
	b := rankScheme(AssessRules{Grades: []GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}},
		Awards: []AwardRule{{Name: "红旗奖"}}, Talks: TalkRule{BottomN: 1}})
	us := make([]unitScores, 5)
	for i := range us {
		us[i] = unitScores{m1: 40, m2: 40}
	}
	r := mustScore(t, b, rankInputs(us))
	for _, u := range r.Units {
		// 20% of 5 is 1 place, but 5 units share rank 1: all fall to 良好.
		// The award and the talk go to all five (ties at the edge).
		if u.Rank != 1 || u.Grade != "良好" || len(u.Awards) != 1 || !u.Talk {
			t.Errorf("%s: %+v", u.Unit, u)
		}
	}
}

func TestEmptyCategory(t *testing.T) {
	b := rankScheme(AssessRules{Grades: []GradeRule{{Name: "合格"}}})
	b.Categories = append(b.Categories, AssessCategory{Name: "区直部门", Sections: b.Categories[0].Sections})
	in := rankInputs([]unitScores{{m1: 10}})
	in.Units = append(in.Units, AssessUnit{ID: 9, Name: "外单位", Category: "开发区"})
	r := mustScore(t, b, in)
	if len(r.Units) != 1 || r.Units[0].UnitID != 1 {
		t.Errorf("units %+v", r.Units)
	}
	if un := UnscoredUnits(b, in.Units); len(un) != 1 || un[0].ID != 9 {
		t.Errorf("unscored %v", un)
	}
}

func grades(r AssessResult) []string {
	var gs []string
	for _, u := range r.Units {
		gs = append(gs, u.Grade)
	}
	return gs
}

func TestGrades(t *testing.T) {
	std := []GradeRule{{Name: "优秀", QuotaPercent: 20, NoVeto: true}, {Name: "良好", MinTotal: 80},
		{Name: "一般", MinTotal: 60}, {Name: "较差", ForVeto: true}}
	totals := func(ts ...float64) []unitScores {
		us := make([]unitScores, len(ts))
		for i, x := range ts {
			us[i] = unitScores{m1: min(x, 50), m2: max(0, x-50)}
		}
		return us
	}
	cases := []struct {
		name string
		us   []unitScores
		want []string
	}{
		{"quota rounded down, floors by total", totals(95, 94, 93, 93, 90, 85, 80, 70, 60, 50, 45),
			[]string{"优秀", "优秀", "良好", "良好", "良好", "良好", "良好", "一般", "一般", "较差", "较差"}},
		{"tie straddling the quota falls", totals(95, 94, 94, 90, 89, 88, 87, 86, 85, 84),
			[]string{"优秀", "良好", "良好", "良好", "良好", "良好", "良好", "良好", "良好", "良好"}},
		{"20% of 4 is nobody", totals(99, 98, 97, 96), []string{"良好", "良好", "良好", "良好"}},
		{"veto rules out 优秀 and gives 较差", func() []unitScores {
			us := totals(99, 95, 94, 93, 92, 91, 90, 85, 80, 75)
			us[0].veto = 1
			return us
		}(), []string{"较差", "优秀", "优秀", "良好", "良好", "良好", "良好", "良好", "良好", "一般"}},
	}
	for _, tc := range cases {
		r := mustScore(t, rankScheme(AssessRules{Grades: std}), rankInputs(tc.us))
		if got := grades(r); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Without a ForVeto grade a vetoed unit competes below 优秀.
	us := totals(99, 95, 94, 93, 92)
	us[0].veto = 1
	r := mustScore(t, rankScheme(AssessRules{Grades: []GradeRule{{Name: "优秀", QuotaPercent: 40, NoVeto: true}, {Name: "良好"}}}), rankInputs(us))
	if got, want := grades(r), []string{"良好", "优秀", "优秀", "良好", "良好"}; !reflect.DeepEqual(got, want) {
		t.Errorf("no ForVeto: %v, want %v", got, want)
	}
}

func TestAwardsAndTalks(t *testing.T) {
	rules := AssessRules{Grades: []GradeRule{{Name: "合格"}},
		Awards: []AwardRule{{Name: "骏马奖", Criteria: []string{"M1", "B"}}, {Name: "蜗牛奖", Worst: true}, {Name: "进步奖", Count: 2}},
		Talks:  TalkRule{BottomN: 2, Below: 60}}
	r := mustScore(t, rankScheme(rules), rankInputs([]unitScores{
		{m1: 45, m2: 40, bonus: 2}, // 1: M1+B = 47, total 87
		{m1: 47, m2: 45},           // 2: 47 (tie for 骏马奖), total 92
		{m1: 30, m2: 50, veto: 1},  // 3: total 80, vetoed: no award for the best
		{m1: 40, m2: 20},           // 4: total 60
		{m1: 40, m2: 30},           // 5: total 70
		{m1: 20, m2: 30},           // 6: total 50, worst
		{m1: 50, m2: 50, veto: 1},  // 7: 100 but vetoed
	}))
	u := byID(r)
	want := map[ID][]string{1: {"骏马奖", "进步奖"}, 2: {"骏马奖", "进步奖"}, 6: {"蜗牛奖"}}
	for id, x := range u {
		if !reflect.DeepEqual(x.Awards, want[id]) {
			t.Errorf("unit %d awards %v, want %v", id, x.Awards, want[id])
		}
	}
	// Bottom 2 by rank: 6 (50) and 4 (60); below 60: 6.
	for id, x := range u {
		if x.Talk != (id == 6 || id == 4) {
			t.Errorf("unit %d talk %v (total %v rank %d)", id, x.Talk, x.Total, x.Rank)
		}
	}
	// A line catches more than the bottom N.
	rules.Talks = TalkRule{BottomN: 1, Below: 75}
	u = byID(mustScore(t, rankScheme(rules), rankInputs([]unitScores{{m1: 50, m2: 40}, {m1: 40, m2: 30}, {m1: 40, m2: 34}, {m1: 10}})))
	if !u[2].Talk || !u[3].Talk || !u[4].Talk || u[1].Talk {
		t.Errorf("below 75: %v %v %v %v", u[1].Talk, u[2].Talk, u[3].Talk, u[4].Talk)
	}
}

// An adjustment changes a child's score: the sum, section, total, rank and
// grade follow.
func TestRerankAfterAdjustment(t *testing.T) {
	b := rankScheme(AssessRules{Grades: []GradeRule{{Name: "优秀", QuotaPercent: 50}, {Name: "良好"}}})
	sec := &b.Categories[0].Sections[1]
	sec.Criteria[0] = Criterion{Code: "M2", Name: "重点", Kind: CriterionBase, Max: 50, Method: MethodSum, Children: []Criterion{
		{Code: "M2a", Name: "项目建设", Kind: CriterionBase, Max: 30, Method: MethodManual},
		{Code: "M2b", Name: "招商引资", Kind: CriterionBase, Max: 30, Method: MethodManual},
	}}
	in := rankInputs([]unitScores{{m1: 40}, {m1: 30}})
	in.Manual["M2a"] = map[ID][]ManualScore{1: {{Score: 20}}, 2: {{Score: 25}}}
	in.Manual["M2b"] = map[ID][]ManualScore{1: {{Score: 10}}, 2: {{Score: 20}}}
	r := mustScore(t, b, in)
	if r.Units[0].UnitID != 2 || r.Units[0].Total != 75 || r.Units[1].Total != 70 {
		t.Fatalf("before: %+v", r.Units)
	}
	// 申诉 upheld: unit 1's 项目建设 goes from 20 to 28.5.
	for i := range r.Units {
		if r.Units[i].UnitID == 1 {
			for k := range r.Units[i].Criteria {
				if r.Units[i].Criteria[k].Code == "M2a" {
					r.Units[i].Criteria[k].Score = 28.5
				}
			}
		}
	}
	RerankAssessment(b, &r)
	u := r.Units[0]
	if u.UnitID != 1 || u.Total != 78.5 || u.Rank != 1 || u.Grade != "优秀" || r.Units[1].Grade != "良好" {
		t.Errorf("after: %+v", r.Units)
	}
	for _, cs := range u.Criteria {
		if cs.Code == "M2" && (cs.Score != 38.5 || cs.Formula.Expr != "28.5 + 10 = 38.50") {
			t.Errorf("sum after adjustment: %+v", cs)
		}
	}
}
