package domain

import (
	"math"
	"sort"
	"strconv"
)

// ScoreAssessment scores every unit of in.Units against its category's
// criteria and ends with RerankAssessment for sections, totals, ranks,
// grades, awards and the 约谈 list.
//
// Units whose category is not in the scheme are left out of the result
// (UnscoredUnits lists them, so that the office can be told). The scheme is
// validated first; an invalid scheme returns ValidateScheme's error.
//
// Rounding: every criterion score is rounded to 2 decimals and every sum
// (a sum criterion, a section, bonus, penalty, the total) adds the rounded
// scores as shown, so anyone can reproduce a total from the published
// numbers. Ratios in formulas are rounded to 4 decimals (2 as a percentage)
// before they are multiplied, for the same reason.
func ScoreAssessment(b SchemeBody, in AssessInputs) (AssessResult, error) {
	if err := ValidateScheme(b); err != nil {
		return AssessResult{}, err
	}
	r := AssessResult{CheckDate: b.CheckDate}
	byCat := map[string][]AssessUnit{}
	for _, u := range in.Units {
		byCat[u.Category] = append(byCat[u.Category], u)
	}
	for _, c := range b.Categories {
		units := byCat[c.Name]
		sort.SliceStable(units, func(i, j int) bool {
			if units[i].Sort != units[j].Sort {
				return units[i].Sort < units[j].Sort
			}
			return units[i].ID < units[j].ID
		})
		sc := &scorer{in: &in, units: units, ranks: map[string]rankTable{}}
		for _, u := range units {
			ur := UnitResult{UnitID: u.ID, Unit: u.Name, Category: c.Name,
				Criteria: make([]CriterionScore, 0, countCriteria(c))}
			for _, s := range c.Sections {
				for _, cr := range s.Criteria {
					ur.Criteria = sc.tree(ur.Criteria, s.Key, cr, u.ID)
				}
			}
			r.Units = append(r.Units, ur)
		}
	}
	RerankAssessment(b, &r)
	return r, nil
}

// UnscoredUnits returns the units whose category is not in the scheme:
// ScoreAssessment leaves them out.
func UnscoredUnits(b SchemeBody, units []AssessUnit) []AssessUnit {
	cats := map[string]bool{}
	for _, c := range b.Categories {
		cats[c.Name] = true
	}
	var out []AssessUnit
	for _, u := range units {
		if !cats[u.Category] {
			out = append(out, u)
		}
	}
	return out
}

func countCriteria(c AssessCategory) int {
	n := 0
	var walk func([]Criterion)
	walk = func(cs []Criterion) {
		for _, cr := range cs {
			n++
			walk(cr.Children)
		}
	}
	for _, s := range c.Sections {
		walk(s.Criteria)
	}
	return n
}

// scorer scores the units of one category; rank tables are built once per
// criterion, since a rank is relative to the category.
type scorer struct {
	in    *AssessInputs
	units []AssessUnit
	ranks map[string]rankTable
}

// tree appends the scores of c and its children (parent first) to out.
func (sc *scorer) tree(out []CriterionScore, section string, c Criterion, unit ID) []CriterionScore {
	if c.Method == MethodSum {
		at := len(out)
		out = append(out, CriterionScore{})
		for _, ch := range c.Children {
			out = sc.tree(out, section, ch, unit)
		}
		var parts []float64
		for _, ch := range c.Children {
			parts = append(parts, scoreOf(out[at+1:], ch.Code))
		}
		out[at] = sumScore(c, section, parts)
		return out
	}
	cs := CriterionScore{Code: c.Code, Name: c.Name, Kind: c.Kind, Section: section, Max: c.Max}
	switch {
	case c.Kind == CriterionVeto:
		sc.veto(&cs, c, unit)
	case c.Method == MethodTasks:
		scoreTasks(&cs, c, sc.in.Tasks[unit])
	case c.Method == MethodIndicators:
		scoreIndicators(&cs, c, sc.in.Indicators[unit])
	case c.Method == MethodSupervision:
		scoreSupervision(&cs, c, sc.in.Supervision[unit])
	case c.Method == MethodRank:
		sc.rank(&cs, c, unit)
	case c.Method == MethodManual:
		scoreManual(&cs, c, sc.in.Manual[c.Code][unit])
	case c.Method == MethodEvaluation:
		scoreEvaluation(&cs, c, sc.in.Evaluations[c.Params.Evaluation], unit)
	}
	return append(out, cs)
}

// scoreOf finds code among cs (a unit's criteria); 0 when absent.
func scoreOf(cs []CriterionScore, code string) float64 {
	for i := range cs {
		if cs[i].Code == code {
			return cs[i].Score
		}
	}
	return 0
}

// sumScore is a parent criterion: its children's shown scores summed,
// capped at its Max.
func sumScore(c Criterion, section string, parts []float64) CriterionScore {
	total := 0.0
	var e expr
	for i, p := range parts {
		if i > 0 {
			e.s(" + ")
		}
		e.n(p)
		total += p
	}
	total = round2(total)
	score := math.Min(total, c.Max)
	if total > c.Max {
		e.wrap("min(" + num(c.Max) + ", ")
	}
	e.eq(score)
	return CriterionScore{Code: c.Code, Name: c.Name, Kind: c.Kind, Section: section, Max: c.Max, Score: score,
		Formula: Formula{Key: "sum", Expr: e.String(), Inputs: []FormulaInput{{Label: "max", Value: c.Max}, {Label: "children_sum", Value: total}}}}
}

// expr builds a formula's arithmetic text (in bytes: formatting the
// numbers of 50,000 scores is most of the scoring time).
type expr struct{ b []byte }

func newExpr(x string) expr { return expr{append(make([]byte, 0, 48), x...)} }
func (e *expr) s(x string)  { e.b = append(e.b, x...) }
func (e *expr) n(x float64) { e.b = appendNum(e.b, x) }
func (e *expr) eq(score float64) {
	e.b = append(e.b, " = "...)
	e.b = appendFix2(e.b, score)
}

// wrap turns "x" into "<prefix>x)", e.g. "max(0, x)".
func (e *expr) wrap(prefix string) {
	b := make([]byte, 0, len(prefix)+len(e.b)+8)
	b = append(append(append(b, prefix...), e.b...), ')')
	e.b = b
}
func (e expr) String() string { return string(e.b) }

// round2 rounds half away from zero to 2 decimals; round4 to 4.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// num writes a number as short as it is (up to 4 decimals): 20, 0.5, 87.3.
func num(x float64) string { return string(appendNum(nil, x)) }

func appendNum(b []byte, x float64) []byte {
	x = round4(x)
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.AppendInt(b, int64(x), 10)
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

// fix2 writes a score with exactly 2 decimals.
func fix2(x float64) string { return string(appendFix2(nil, x)) }

func appendFix2(b []byte, x float64) []byte {
	v := math.Round(x * 100)
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
		return strconv.AppendFloat(b, x, 'f', 2, 64)
	}
	n := int64(v)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	return append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
}

// pct writes a ratio as a percentage with 2 decimals: 0.873 → 87.30%.
func pct(x float64) string { return string(appendPct(nil, x)) }

func appendPct(b []byte, x float64) []byte { return append(appendFix2(b, x*100), '%') }

func itoa(i int) string { return strconv.Itoa(i) }

// clamp bounds x to [0, max].
func clamp(x, max float64) float64 { return math.Max(0, math.Min(x, max)) }

// appendNums writes numbers separated by ", ".
func appendNums(b []byte, xs []float64) []byte {
	for i, x := range xs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendNum(b, x)
	}
	return b
}
