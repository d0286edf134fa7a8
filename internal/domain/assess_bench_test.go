package domain

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// benchScheme is a realistic scheme: two categories, each with 100
// criteria over four sections (tasks, indicators, supervision, rank,
// manual, evaluation and sum criteria) plus bonus, penalty and veto items.
func benchScheme() SchemeBody {
	code := func(p string, i int) string { return p + strconv.Itoa(i) }
	man := func(c string, max float64) Criterion {
		return Criterion{Code: c, Name: "指标" + c, Kind: CriterionBase, Max: max, Method: MethodManual}
	}
	var routine, key, innov, party []Criterion
	for i := 1; i <= 10; i++ {
		routine = append(routine, Criterion{Code: code("A", i), Name: "常规任务" + strconv.Itoa(i), Kind: CriterionBase, Max: 3, Method: MethodTasks,
			Params: MethodParams{TaskCategories: []Category{CategoryRoutine}, PerOverdue: 0.5, PerLagging: 0.2, PerMissing: 0.1, PerLate: 0.05}})
		routine = append(routine, man(code("AM", i), 1))
	}
	for i := 1; i <= 5; i++ {
		routine = append(routine, Criterion{Code: code("AS", i), Name: "督办" + strconv.Itoa(i), Kind: CriterionBase, Max: 2, Method: MethodSupervision,
			Params: MethodParams{PerRed: 0.5, PerUnverified: 0.2}})
	}
	for i := 1; i <= 5; i++ {
		key = append(key, Criterion{Code: code("B", i), Name: "重点项目" + strconv.Itoa(i), Kind: CriterionBase, Max: 8, Method: MethodSum, Children: []Criterion{
			{Code: code("B", i) + ".1", Name: "指标", Kind: CriterionBase, Max: 4, Method: MethodIndicators, Params: MethodParams{Cap: 1.2}},
			{Code: code("B", i) + ".2", Name: "排名", Kind: CriterionBase, Max: 3, Method: MethodRank, Params: MethodParams{Value: code("V", i), Step: 0.1}},
			man(code("B", i)+".3", 2),
		}})
	}
	for i := 1; i <= 10; i++ {
		key = append(key, Criterion{Code: code("BT", i), Name: "重点任务" + strconv.Itoa(i), Kind: CriterionBase, Max: 2, Method: MethodTasks,
			Params: MethodParams{TaskCategories: []Category{CategoryKey}, PerOverdue: 0.5, PerLagging: 0.3}})
	}
	for i := 1; i <= 5; i++ {
		key = append(key, Criterion{Code: code("BR", i), Name: "排名" + strconv.Itoa(i), Kind: CriterionBase, Max: 2, Method: MethodRank,
			Params: MethodParams{Step: 0.05, LowerBetter: i%2 == 0}})
	}
	for i := 1; i <= 10; i++ {
		innov = append(innov, man(code("C", i), 1.5))
		party = append(party, Criterion{Code: code("D", i), Name: "党建" + strconv.Itoa(i), Kind: CriterionBase, Max: 1.5, Method: MethodManual, Params: MethodParams{Combine: "trimmed"}})
	}
	for i := 1; i <= 5; i++ {
		innov = append(innov, Criterion{Code: code("CE", i), Name: "测评" + strconv.Itoa(i), Kind: CriterionBase, Max: 1, Method: MethodEvaluation, Params: MethodParams{Evaluation: code("E", i)}})
		party = append(party, Criterion{Code: code("DE", i), Name: "评议" + strconv.Itoa(i), Kind: CriterionBase, Max: 1, Method: MethodEvaluation, Params: MethodParams{Evaluation: code("E", i)}})
	}
	for i := 1; i <= 5; i++ {
		party = append(party, Criterion{Code: code("J", i), Name: "加分" + strconv.Itoa(i), Kind: CriterionBonus, Max: 1, Method: MethodManual})
	}
	for i := 1; i <= 4; i++ {
		party = append(party, Criterion{Code: code("K", i), Name: "减分" + strconv.Itoa(i), Kind: CriterionPenalty, Max: 2, Method: MethodManual})
	}
	party = append(party, Criterion{Code: "X1", Name: "安全生产一票否决", Kind: CriterionVeto, Method: MethodManual})
	sections := []AssessSection{
		{Key: "routine", Name: "常规工作", Max: 30, Criteria: routine},
		{Key: "key", Name: "重点工作", Max: 40, Criteria: key},
		{Key: "innovation", Name: "创新工作", Max: 15, Criteria: innov},
		{Key: "party", Name: "党建工作", Max: 15, Criteria: party},
	}
	return SchemeBody{CheckDate: NewDate(2026, 12, 31),
		Categories: []AssessCategory{
			{Name: "乡镇街道", Sections: sections, BonusCap: 3, PenaltyCap: 5},
			{Name: "区直部门", Sections: sections, BonusCap: 3, PenaltyCap: 5},
		},
		Rules: AssessRules{TieBreak: []string{"section:key", "penalty", "criterion:B1"},
			Grades: []GradeRule{{Name: "优秀", QuotaPercent: 20, NoVeto: true}, {Name: "良好", MinTotal: 60}, {Name: "一般", MinTotal: 40}, {Name: "较差", ForVeto: true}},
			Awards: []AwardRule{{Name: "骏马奖", Criteria: []string{"B1", "B2"}}, {Name: "蜗牛奖", Worst: true}},
			Talks:  TalkRule{BottomN: 2, Below: 40}}}
}

// benchInputs gives n units 20 tasks each, indicators, supervision, rank
// values, three examiners per manual criterion and evaluation results.
func benchInputs(b SchemeBody, n int, seed uint64) AssessInputs {
	rng := rand.New(rand.NewPCG(seed, 7))
	in := AssessInputs{Tasks: map[ID][]AssessTask{}, Indicators: map[ID][]AssessIndicator{}, Supervision: map[ID]AssessSupervision{},
		Values: map[string]map[ID]float64{}, Manual: map[string]map[ID][]ManualScore{}, Evaluations: map[string]map[ID]float64{}}
	cats := []Category{CategoryRoutine, CategoryKey, CategoryInnovation}
	var walk func(c Criterion, id ID)
	walk = func(c Criterion, id ID) {
		for _, ch := range c.Children {
			walk(ch, id)
		}
		switch c.Method {
		case MethodRank:
			k := c.Params.Value
			if k == "" {
				k = c.Code
			}
			if in.Values[k] == nil {
				in.Values[k] = map[ID]float64{}
			}
			if rng.IntN(20) > 0 {
				in.Values[k][id] = math.Round(rng.Float64() * 1000)
			}
		case MethodManual:
			if in.Manual[c.Code] == nil {
				in.Manual[c.Code] = map[ID][]ManualScore{}
			}
			if c.Kind == CriterionVeto {
				if rng.IntN(100) == 0 {
					in.Manual[c.Code][id] = []ManualScore{{Score: 1, Examiner: "安监", Reason: "较大事故"}}
				}
				return
			}
			if c.Kind != CriterionBase && rng.IntN(4) > 0 {
				return
			}
			for e := 0; e < 3; e++ {
				in.Manual[c.Code][id] = append(in.Manual[c.Code][id], ManualScore{ExaminerID: ID(e + 1), Examiner: "考核员" + strconv.Itoa(e+1),
					Score: math.Round(rng.Float64()*c.Max*100) / 100, Reason: "按细则评分"})
			}
		case MethodEvaluation:
			if in.Evaluations[c.Params.Evaluation] == nil {
				in.Evaluations[c.Params.Evaluation] = map[ID]float64{}
			}
			in.Evaluations[c.Params.Evaluation][id] = 60 + rng.Float64()*40
		}
	}
	for i := range n {
		id := ID(i + 1)
		cat := b.Categories[i%len(b.Categories)]
		in.Units = append(in.Units, AssessUnit{ID: id, Name: "单位" + strconv.Itoa(i+1), Category: cat.Name, Sort: i})
		for k := range 20 {
			exp := float64(rng.IntN(101))
			in.Tasks[id] = append(in.Tasks[id], AssessTask{TaskID: ID(k), Number: "T-" + strconv.Itoa(k), Category: cats[k%3], Weight: float64(1 + rng.IntN(3)),
				Progress: float64(rng.IntN(101)), Expected: exp, Overdue: rng.IntN(10) == 0, Lagging: rng.IntN(5) == 0,
				Missing: rng.IntN(2), Late: rng.IntN(2), Exempt: rng.IntN(20) == 0})
		}
		for k := range 10 {
			in.Indicators[id] = append(in.Indicators[id], AssessIndicator{Name: "指标" + strconv.Itoa(k), Target: 100, Actual: rng.Float64() * 130,
				HasActual: rng.IntN(10) > 0, Direction: []Direction{DirectionUp, DirectionDown}[k%2]})
		}
		closed := rng.IntN(30)
		in.Supervision[id] = AssessSupervision{Closed: closed, ClosedOnTime: closed - rng.IntN(closed+1)/3, Red: rng.IntN(3), Unverified: rng.IntN(3)}
		for _, s := range cat.Sections {
			for _, c := range s.Criteria {
				walk(c, id)
			}
		}
	}
	return in
}

func BenchmarkScoreAssessment500x100(b *testing.B) {
	scheme := benchScheme()
	in := benchInputs(scheme, 500, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScoreAssessment(scheme, in); err != nil {
			b.Fatal(err)
		}
	}
}

// checkResult asserts what every result must satisfy: scores within
// range, and every sum reproducible from the shown numbers.
func checkResult(t *testing.T, b SchemeBody, r AssessResult) {
	t.Helper()
	cats := map[string]AssessCategory{}
	for _, c := range b.Categories {
		cats[c.Name] = c
	}
	for _, u := range r.Units {
		sec := 0.0
		for _, s := range u.Sections {
			if s.Score < 0 || s.Score > s.Max || s.Score != round2(s.Score) {
				t.Fatalf("%s section %s: %v of %v", u.Unit, s.Key, s.Score, s.Max)
			}
			sec += s.Score
		}
		if round2(sec) != u.Base || u.Total != round2(u.Base+u.Bonus-u.Penalty) {
			t.Fatalf("%s: sections %v base %v bonus %v penalty %v total %v", u.Unit, sec, u.Base, u.Bonus, u.Penalty, u.Total)
		}
		for _, cs := range u.Criteria {
			if cs.Score < 0 || cs.Score > cs.Max || cs.Score != round2(cs.Score) || math.IsNaN(cs.Score) {
				t.Fatalf("%s %s: %v of %v (%s)", u.Unit, cs.Code, cs.Score, cs.Max, cs.Formula.Expr)
			}
			if cs.Formula.Key == "" || cs.Formula.Expr == "" {
				t.Fatalf("%s %s: no formula", u.Unit, cs.Code)
			}
		}
		if u.Rank < 1 || u.Grade == "" {
			t.Fatalf("%s: rank %d grade %q", u.Unit, u.Rank, u.Grade)
		}
	}
}

func TestBenchSchemeResult(t *testing.T) {
	b := benchScheme()
	in := benchInputs(b, 60, 3)
	r := mustScore(t, b, in)
	if len(r.Units) != 60 || len(r.Units[0].Criteria) != 100 {
		t.Fatalf("%d units, %d criteria", len(r.Units), len(r.Units[0].Criteria))
	}
	checkResult(t, b, r)
}

func FuzzValidateScheme(f *testing.F) {
	good, _ := json.Marshal(benchScheme())
	f.Add(good)
	f.Add([]byte(`{"categories":[{"name":"x","sections":[{"key":"k","name":"n","max":1,"criteria":[{"code":"a","name":"b","kind":"score","max":1,"method":"sum"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b SchemeBody
		if json.Unmarshal(data, &b) != nil {
			return
		}
		if err := ValidateScheme(b); err != nil && ErrorKind(err) != KindInvalid {
			t.Fatalf("kind %v", ErrorKind(err))
		}
	})
}

func FuzzScoreAssessment(f *testing.F) {
	small := benchScheme()
	for i := range small.Categories {
		secs := small.Categories[i].Sections
		small.Categories[i].Sections = []AssessSection{secs[0], secs[1], secs[3]}
		for k := range small.Categories[i].Sections {
			s := &small.Categories[i].Sections[k]
			s.Criteria = append(s.Criteria[:2:2], s.Criteria[len(s.Criteria)-3:]...)
		}
	}
	small.Rules.TieBreak = nil
	small.Rules.Awards = small.Rules.Awards[1:]
	data, _ := json.Marshal(small)
	f.Add(data, uint64(1), uint8(7))
	f.Add(data, uint64(2), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, n uint8) {
		var b SchemeBody
		if json.Unmarshal(data, &b) != nil {
			return
		}
		for _, c := range b.Categories {
			for _, s := range c.Sections {
				for _, cr := range s.Criteria {
					// Huge numbers only test float overflow, not the rules.
					if math.Abs(cr.Max) > 1e6 || math.Abs(s.Max) > 1e6 {
						return
					}
				}
			}
		}
		if ValidateScheme(b) != nil {
			if _, err := ScoreAssessment(b, AssessInputs{}); err == nil {
				t.Fatal("an invalid scheme scored")
			}
			return
		}
		r, err := ScoreAssessment(b, benchInputs(b, int(n%40), seed))
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, b, r)
	})
}
