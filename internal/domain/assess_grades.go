package domain

import (
	"math"
	"sort"
)

// Grades, awards and the 约谈 list of one category, whose units g are in
// rank order.

// gradeGroup gives each unit a grade. A unit with a triggered veto gets
// the ForVeto grade when there is one. The other grades are tried from the
// best: a grade's quota is QuotaPercent of the whole category rounded down
// (20% of 4 is 0); its candidates are the units not yet graded, in rank
// order, with at least MinTotal and, under NoVeto, no veto; when the quota
// cuts through units of equal rank, all of them fall to the next grade. The
// last grade goes to everyone left.
func gradeGroup(gs []GradeRule, g []UnitResult) {
	for i := range g {
		g[i].Grade = ""
	}
	if len(gs) == 0 || len(g) == 0 {
		return
	}
	for _, rule := range gs {
		if rule.ForVeto {
			for i := range g {
				if g[i].Vetoed {
					g[i].Grade = rule.Name
				}
			}
			break
		}
	}
	n := len(g)
	for _, rule := range gs[:len(gs)-1] {
		limit := n
		if rule.QuotaPercent > 0 {
			limit = int(math.Floor(float64(n)*rule.QuotaPercent/100 + 1e-9))
		}
		var cand []int
		for i := range g {
			if g[i].Grade != "" || (rule.NoVeto && g[i].Vetoed) || (rule.MinTotal > 0 && g[i].Total < rule.MinTotal) {
				continue
			}
			cand = append(cand, i)
		}
		if len(cand) > limit {
			edge := g[cand[limit]].Rank
			take := cand[:limit]
			for len(take) > 0 && g[take[len(take)-1]].Rank == edge {
				take = take[:len(take)-1]
			}
			cand = take
		}
		for _, i := range cand {
			g[i].Grade = rule.Name
		}
	}
	last := gs[len(gs)-1].Name
	for i := range g {
		if g[i].Grade == "" {
			g[i].Grade = last
		}
	}
}

// awardGroup gives an award in one category: the Count best (or worst)
// by the sum of the award's criteria, or by total; units tied with the
// last one in all get it. A unit with a triggered veto cannot be given an
// award for the best. A category whose units have none of the award's
// criteria is skipped.
func awardGroup(a AwardRule, g []UnitResult) {
	if len(g) == 0 {
		return
	}
	measure := func(u *UnitResult) (float64, bool) {
		if len(a.Criteria) == 0 {
			return u.Total, true
		}
		s, found := 0.0, false
		for _, code := range a.Criteria {
			for _, cs := range u.Criteria {
				if cs.Code == code {
					s += cs.Score
					found = true
					break
				}
			}
		}
		return round2(s), found
	}
	type cand struct {
		i int
		m float64
	}
	var cs []cand
	for i := range g {
		if !a.Worst && g[i].Vetoed {
			continue
		}
		m, ok := measure(&g[i])
		if !ok {
			continue
		}
		cs = append(cs, cand{i, m})
	}
	if len(cs) == 0 {
		return
	}
	sort.SliceStable(cs, func(x, y int) bool {
		if a.Worst {
			return cs[x].m < cs[y].m
		}
		return cs[x].m > cs[y].m
	})
	count := a.Count
	if count <= 0 {
		count = 1
	}
	count = min(count, len(cs))
	edge := cs[count-1].m
	for _, c := range cs {
		if (a.Worst && c.m <= edge) || (!a.Worst && c.m >= edge) {
			g[c.i].Awards = append(g[c.i].Awards, a.Name)
		}
	}
}

// talkGroup marks the units called in for a 约谈: the bottom BottomN by
// rank (units tied with the last of them included) and any unit whose
// total is below Below.
func talkGroup(t TalkRule, g []UnitResult) {
	n := len(g)
	edge := math.MaxInt
	if t.BottomN > 0 && n > 0 {
		edge = g[max(0, n-t.BottomN)].Rank
	}
	for i := range g {
		g[i].Talk = g[i].Rank >= edge || (t.Below > 0 && g[i].Total < t.Below)
	}
}
