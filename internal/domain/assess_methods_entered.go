package domain

import (
	"math"
	"sort"
	"strings"
)

// The methods that score what others entered or produced: rank values,
// examiners' scores, veto entries and evaluation results.

// rankTable is a rank criterion's places within a category.
type rankTable struct {
	place map[ID]int
	n     int
}

// rank: competition ranking (1, 2, 2, 4) of the category's values; the
// best gets Max and each place below loses Step, at least 0. A unit with
// no value scores 0 and is Missing.
func (sc *scorer) rank(cs *CriterionScore, c Criterion, unit ID) {
	key := c.Params.Value
	if key == "" {
		key = c.Code
	}
	vals := sc.in.Values[key]
	tab, ok := sc.ranks[c.Code]
	if !ok {
		tab = buildRank(sc.units, vals, c.Params.LowerBetter)
		sc.ranks[c.Code] = tab
	}
	v, has := vals[unit]
	if !has {
		cs.Missing = true
		cs.Formula = Formula{Key: "rank_missing", Expr: "0", Inputs: []FormulaInput{{Label: "max", Value: c.Max}}}
		return
	}
	place := tab.place[unit]
	raw := round2(c.Max - float64(place-1)*c.Params.Step)
	score := clamp(raw, c.Max)
	e := newExpr("")
	e.n(c.Max)
	e.s(" − (" + itoa(place) + " − 1) × ")
	e.n(c.Params.Step)
	if raw < 0 {
		e.wrap("max(0, ")
	}
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: "rank", Expr: e.String(), Inputs: []FormulaInput{
		{Label: "max", Value: c.Max}, {Label: "value", Value: v}, {Label: "place", Value: float64(place)},
		{Label: "ranked", Value: float64(tab.n)}, {Label: "step", Value: c.Params.Step},
	}}
}

func buildRank(units []AssessUnit, vals map[ID]float64, lower bool) rankTable {
	type uv struct {
		id ID
		v  float64
	}
	var list []uv
	for _, u := range units {
		if v, ok := vals[u.ID]; ok {
			list = append(list, uv{u.ID, v})
		}
	}
	better := func(a, b float64) bool {
		if lower {
			return a < b
		}
		return a > b
	}
	sort.SliceStable(list, func(i, j int) bool { return better(list[i].v, list[j].v) })
	t := rankTable{place: make(map[ID]int, len(list)), n: len(list)}
	for i, x := range list {
		if i > 0 && x.v == list[i-1].v {
			t.place[x.id] = t.place[list[i-1].id]
		} else {
			t.place[x.id] = i + 1
		}
	}
	return t
}

// scoreManual combines the examiners' scores (mean by default; "trimmed"
// drops one highest and one lowest when there are at least 3, else it is
// the mean) and bounds the result to 0…Max. A base criterion nobody scored
// is Missing and 0; a bonus or penalty item nobody entered is simply 0.
func scoreManual(cs *CriterionScore, c Criterion, entries []ManualScore) {
	if len(entries) == 0 {
		cs.Missing = c.Kind == CriterionBase
		key := "manual_none"
		if cs.Missing {
			key = "manual_missing"
		}
		cs.Formula = Formula{Key: key, Expr: "0", Inputs: []FormulaInput{{Label: "max", Value: c.Max}}}
		return
	}
	how := c.Params.Combine
	if how == "" {
		how = "mean"
	}
	xs := make([]float64, len(entries))
	inputs := make([]FormulaInput, 1, len(entries)+1)
	inputs[0] = FormulaInput{Label: "max", Value: c.Max}
	for i, en := range entries {
		xs[i] = en.Score
		text := en.Examiner
		if en.Reason != "" {
			text += "：" + en.Reason
		}
		inputs = append(inputs, FormulaInput{Label: "examiner_score", Value: en.Score, Text: text})
	}
	v := combine(how, xs)
	raw := round2(v)
	score := clamp(raw, c.Max)
	e := newExpr(how + "(")
	e.b = appendNums(e.b, xs)
	e.s(")")
	if raw > c.Max {
		e.wrap("min(" + num(c.Max) + ", ")
	} else if raw < 0 {
		e.wrap("max(0, ")
	}
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: "manual_" + how, Expr: e.String(), Inputs: inputs}
}

func combine(how string, in []float64) float64 {
	xs := append([]float64(nil), in...)
	sort.Float64s(xs)
	switch how {
	case "max":
		return xs[len(xs)-1]
	case "min":
		return xs[0]
	case "median":
		m := len(xs) / 2
		if len(xs)%2 == 1 {
			return xs[m]
		}
		return (xs[m-1] + xs[m]) / 2
	case "trimmed":
		if len(xs) >= 3 {
			xs = xs[1 : len(xs)-1]
		}
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// veto: triggered when any examiner's entry is above 0; no points.
func (sc *scorer) veto(cs *CriterionScore, c Criterion, unit ID) {
	n := 0
	var who []string
	for _, en := range sc.in.Manual[c.Code][unit] {
		if en.Score > 0 {
			n++
			who = append(who, en.Examiner+"："+en.Reason)
		}
	}
	cs.Vetoed = n > 0
	key := "veto_none"
	if cs.Vetoed {
		key = "veto"
	}
	cs.Formula = Formula{Key: key, Expr: itoa(n), Inputs: []FormulaInput{{Label: "veto_entries", Value: float64(n), Text: strings.Join(who, "；")}}}
}

// scoreEvaluation: Max × result / 100, where result is the evaluation's
// 0–100 score for the unit (bounded to 0…100). No result: Missing, 0.
func scoreEvaluation(cs *CriterionScore, c Criterion, results map[ID]float64, unit ID) {
	res, ok := results[unit]
	if !ok {
		cs.Missing = true
		cs.Formula = Formula{Key: "evaluation_missing", Expr: "0", Inputs: []FormulaInput{{Label: "max", Value: c.Max}}}
		return
	}
	res = round4(math.Max(0, math.Min(res, 100)))
	score := clamp(round2(c.Max*res/100), c.Max)
	e := newExpr("")
	e.n(c.Max)
	e.s(" × ")
	e.n(res)
	e.s(" / 100")
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: "evaluation", Expr: e.String(), Inputs: []FormulaInput{
		{Label: "max", Value: c.Max}, {Label: "evaluation_result", Value: res, Text: c.Params.Evaluation},
	}}
}
