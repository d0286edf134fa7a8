package domain

import (
	"math"
	"sort"
	"strings"
)

// The scoring methods. Each fills a CriterionScore's Score (rounded to 2
// decimals, within 0…Max) and its Formula: Key names the wording in the
// catalog (assess.formula.<key>), Expr is the arithmetic, Inputs its
// numbers (labels: assess.input.<label>).

// scoreTasks: attainment = Σw·min(p/e, 1) / Σw over the unit's tasks in
// the criterion's task categories, where p is progress and e the expected
// progress (序时进度) at the check date. A task with e = 0 is not yet due to
// have progressed and counts as attained. A task weight ≤ 0 counts as 1.
// Deductions: per overdue task, per lagging task (an overdue task counts
// as overdue only), per missing and per late report; an exempt task has no
// deduction. Score = max(0, Max × attainment − deductions). A unit with no
// such task attains 0 (nothing done counts as nothing done).
func scoreTasks(cs *CriterionScore, c Criterion, tasks []AssessTask) {
	mp := c.Params
	var sw, sa float64
	var n, overdue, lagging, missing, late, exempt int
	var odNums, lgNums, exNums []string
	for _, t := range tasks {
		if len(mp.TaskCategories) > 0 && !oneOf(t.Category, mp.TaskCategories) {
			continue
		}
		n++
		w := t.Weight
		if w <= 0 {
			w = 1
		}
		ratio := 1.0
		if t.Expected > 0 {
			ratio = math.Max(0, math.Min(t.Progress/t.Expected, 1))
		}
		sw += w
		sa += w * ratio
		if t.Exempt {
			if t.Overdue || t.Lagging || t.Missing > 0 || t.Late > 0 {
				exempt++
				exNums = append(exNums, t.Number)
			}
			continue
		}
		switch {
		case t.Overdue:
			overdue++
			odNums = append(odNums, t.Number)
		case t.Lagging:
			lagging++
			lgNums = append(lgNums, t.Number)
		}
		missing += t.Missing
		late += t.Late
	}
	att := 0.0
	if sw > 0 {
		att = round4(sa / sw)
	}
	e := newExpr("")
	e.n(c.Max)
	e.s(" × ")
	e.b = appendPct(e.b, att)
	ded := 0.0
	var terms []string
	for _, d := range []struct {
		count int
		per   float64
	}{{overdue, mp.PerOverdue}, {lagging, mp.PerLagging}, {missing, mp.PerMissing}, {late, mp.PerLate}} {
		if d.count > 0 && d.per > 0 {
			ded += float64(d.count) * d.per
			terms = append(terms, itoa(d.count)+" × "+num(d.per))
		}
	}
	if len(terms) == 1 {
		e.s(" − " + terms[0])
	} else if len(terms) > 1 {
		e.s(" − (" + strings.Join(terms, " + ") + ")")
	}
	raw := round2(c.Max*att - ded)
	score := clamp(raw, c.Max)
	if raw < 0 {
		e.wrap("max(0, ")
	}
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: "tasks", Expr: e.String(), Inputs: []FormulaInput{
		{Label: "max", Value: c.Max},
		{Label: "tasks", Value: float64(n)},
		{Label: "attainment", Value: att},
		{Label: "overdue", Value: float64(overdue), Text: strings.Join(odNums, "、")},
		{Label: "lagging", Value: float64(lagging), Text: strings.Join(lgNums, "、")},
		{Label: "missing", Value: float64(missing)},
		{Label: "late", Value: float64(late)},
		{Label: "exempt", Value: float64(exempt), Text: strings.Join(exNums, "、")},
		{Label: "deduction", Value: round2(ded)},
	}}
}

// indicatorRatio is an indicator's attainment before the cap: actual /
// target when more is better, target / actual when less is better. A
// target (more is better) or an actual (less is better) that is zero or
// negative cannot divide: the indicator is attained when the actual is on
// the right side of the target, else not. No actual scores 0.
func indicatorRatio(ind AssessIndicator) float64 {
	if !ind.HasActual {
		return 0
	}
	if ind.Direction == DirectionDown {
		if ind.Actual <= 0 {
			return boolRatio(ind.Actual <= ind.Target)
		}
		return math.Max(0, ind.Target/ind.Actual)
	}
	if ind.Target <= 0 {
		return boolRatio(ind.Actual >= ind.Target)
	}
	return math.Max(0, ind.Actual/ind.Target)
}

func boolRatio(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// scoreIndicators: each indicator's ratio capped at Cap (default 1),
// rounded to 4 decimals, averaged, times Max, and the result bounded by
// Max (a cap above 1 lets one indicator make up for another, never more).
// A named indicator the unit lacks scores 0; no indicator at all scores 0.
func scoreIndicators(cs *CriterionScore, c Criterion, inds []AssessIndicator) {
	capR := c.Params.Cap
	if capR <= 0 {
		capR = 1
	}
	var picked []AssessIndicator
	if len(c.Params.Indicators) == 0 {
		picked = inds
	} else {
		for _, name := range c.Params.Indicators {
			ind := AssessIndicator{Name: name}
			for _, x := range inds {
				if x.Name == name {
					ind = x
					break
				}
			}
			picked = append(picked, ind)
		}
	}
	inputs := make([]FormulaInput, 2, len(picked)+3)
	inputs[0], inputs[1] = FormulaInput{Label: "max", Value: c.Max}, FormulaInput{Label: "cap", Value: capR}
	ratios := make([]float64, len(picked))
	sum := 0.0
	for i, ind := range picked {
		r := round4(math.Min(indicatorRatio(ind), capR))
		sum += r
		ratios[i] = r
		text := ind.Name + "：" + num(ind.Actual) + " / " + num(ind.Target)
		if ind.Direction == DirectionDown {
			text = ind.Name + "：" + num(ind.Target) + " / " + num(ind.Actual)
		}
		if !ind.HasActual {
			text = ind.Name
		}
		inputs = append(inputs, FormulaInput{Label: "indicator", Value: r, Text: text})
	}
	avg := 0.0
	if len(picked) > 0 {
		avg = round4(sum / float64(len(picked)))
	}
	e := newExpr("")
	e.n(c.Max)
	e.s(" × avg(")
	for i, r := range ratios {
		if i > 0 {
			e.s(", ")
		}
		e.b = appendPct(e.b, r)
	}
	e.s(")")
	raw := round2(c.Max * avg)
	score := clamp(raw, c.Max)
	if raw > c.Max {
		e.wrap("min(" + num(c.Max) + ", ")
	}
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: "indicators", Expr: e.String(), Inputs: append(inputs, FormulaInput{Label: "attainment", Value: avg})}
}

// scoreSupervision: Max × on-time closing rate − per_red × red cases −
// per_unverified × unverified rectification items, at least 0. With no
// closed case the rate is 100%: nothing was closed late.
func scoreSupervision(cs *CriterionScore, c Criterion, s AssessSupervision) {
	mp := c.Params
	rate, key := 1.0, "supervision_none"
	if s.Closed > 0 {
		rate, key = round4(float64(s.ClosedOnTime)/float64(s.Closed)), "supervision"
	}
	e := newExpr("")
	e.n(c.Max)
	e.s(" × ")
	e.b = appendPct(e.b, rate)
	ded := 0.0
	if s.Red > 0 && mp.PerRed > 0 {
		ded += float64(s.Red) * mp.PerRed
		e.s(" − " + num(mp.PerRed) + " × " + itoa(s.Red))
	}
	if s.Unverified > 0 && mp.PerUnverified > 0 {
		ded += float64(s.Unverified) * mp.PerUnverified
		e.s(" − " + num(mp.PerUnverified) + " × " + itoa(s.Unverified))
	}
	raw := round2(c.Max*rate - ded)
	score := clamp(raw, c.Max)
	if raw < 0 {
		e.wrap("max(0, ")
	}
	e.eq(score)
	cs.Score = score
	cs.Formula = Formula{Key: key, Expr: e.String(), Inputs: []FormulaInput{
		{Label: "max", Value: c.Max},
		{Label: "closed", Value: float64(s.Closed)},
		{Label: "closed_on_time", Value: float64(s.ClosedOnTime)},
		{Label: "on_time_rate", Value: rate},
		{Label: "red", Value: float64(s.Red)},
		{Label: "unverified", Value: float64(s.Unverified)},
	}}
}

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
