package domain

import (
	"math"
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
