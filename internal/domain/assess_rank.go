package domain

import (
	"sort"
	"strings"
)

// RerankAssessment recomputes, from the criterion scores already in r, the
// sum criteria, sections, bonus, penalty, totals, vetoes, ranks (with the
// tie-break rules), grades, awards and the 约谈 list, and puts the units in
// category order, then by rank. Publication calls it after an adjustment
// changes a criterion score; ScoreAssessment ends with it.
func RerankAssessment(b SchemeBody, r *AssessResult) {
	cats := make(map[string]*AssessCategory, len(b.Categories))
	order := make(map[string]int, len(b.Categories))
	for i := range b.Categories {
		cats[b.Categories[i].Name] = &b.Categories[i]
		order[b.Categories[i].Name] = i
	}
	for i := range r.Units {
		if c := cats[r.Units[i].Category]; c != nil {
			totalUnit(c, &r.Units[i])
		}
	}
	// Group by category, in the scheme's order (units of unknown
	// categories last, untouched).
	sort.SliceStable(r.Units, func(i, j int) bool {
		oi, ok := order[r.Units[i].Category]
		if !ok {
			oi = len(order)
		}
		oj, ok := order[r.Units[j].Category]
		if !ok {
			oj = len(order)
		}
		return oi < oj
	})
	for start := 0; start < len(r.Units); {
		end := start
		for end < len(r.Units) && r.Units[end].Category == r.Units[start].Category {
			end++
		}
		group := r.Units[start:end]
		if c := cats[group[0].Category]; c != nil {
			rankGroup(b.Rules.TieBreak, group)
			gradeGroup(b.Rules.Grades, group)
			talkGroup(b.Rules.Talks, group)
			for i := range group {
				group[i].Awards = nil
			}
			for _, a := range b.Rules.Awards {
				if a.Category == "" || a.Category == c.Name {
					awardGroup(a, group)
				}
			}
		}
		start = end
	}
}

// totalUnit recomputes a unit's sums from its criterion scores.
func totalUnit(c *AssessCategory, u *UnitResult) {
	idx := make(map[string]int, len(u.Criteria))
	for i := range u.Criteria {
		u.Criteria[i].Score = round2(u.Criteria[i].Score)
		idx[u.Criteria[i].Code] = i
	}
	score := func(code string) float64 {
		if i, ok := idx[code]; ok {
			return u.Criteria[i].Score
		}
		return 0
	}
	var resum func(cr Criterion) float64
	resum = func(cr Criterion) float64 {
		if cr.Method != MethodSum {
			return score(cr.Code)
		}
		parts := make([]float64, len(cr.Children))
		for k, ch := range cr.Children {
			parts[k] = resum(ch)
		}
		i, ok := idx[cr.Code]
		if !ok {
			return 0
		}
		cs := sumScore(cr, u.Criteria[i].Section, parts)
		u.Criteria[i].Score, u.Criteria[i].Formula = cs.Score, cs.Formula
		return cs.Score
	}
	u.Sections = u.Sections[:0]
	var base, bonus, penalty float64
	u.Vetoed = false
	for _, s := range c.Sections {
		sum := 0.0
		for _, cr := range s.Criteria {
			v := resum(cr)
			switch cr.Kind {
			case CriterionBase:
				sum += v
			case CriterionBonus:
				bonus += v
			case CriterionPenalty:
				penalty += v
			}
		}
		ss := SectionScore{Key: s.Key, Name: s.Name, Max: s.Max, Score: min(round2(sum), s.Max)}
		base += ss.Score
		u.Sections = append(u.Sections, ss)
	}
	for i := range u.Criteria {
		if u.Criteria[i].Kind == CriterionVeto && u.Criteria[i].Vetoed {
			u.Vetoed = true
		}
	}
	bonus = round2(bonus)
	if c.BonusCap > 0 {
		bonus = min(bonus, c.BonusCap)
	}
	penalty = round2(penalty)
	if c.PenaltyCap > 0 {
		penalty = min(penalty, c.PenaltyCap)
	}
	u.Base, u.Bonus, u.Penalty = round2(base), bonus, penalty
	u.Total = round2(u.Base + u.Bonus - u.Penalty)
}

// tieValue is a unit's value for a tie-break key, oriented so that more
// is better.
func tieValue(u *UnitResult, key string) float64 {
	switch {
	case key == "penalty":
		return -u.Penalty
	case key == "bonus":
		return u.Bonus
	case strings.HasPrefix(key, "section:"):
		k := strings.TrimPrefix(key, "section:")
		for _, s := range u.Sections {
			if s.Key == k {
				return s.Score
			}
		}
	case strings.HasPrefix(key, "criterion:"):
		code := strings.TrimPrefix(key, "criterion:")
		for _, cs := range u.Criteria {
			if cs.Code == code {
				return cs.Score
			}
		}
	}
	return 0
}

// compareUnits orders a before b (-1) or after (1) by total and then the
// tie-break keys; it returns the key that decided ("" for the total, and
// 0 with "" when they stay tied).
func compareUnits(a, b *UnitResult, keys []string) (int, string) {
	if a.Total != b.Total {
		if a.Total > b.Total {
			return -1, ""
		}
		return 1, ""
	}
	for _, k := range keys {
		va, vb := tieValue(a, k), tieValue(b, k)
		if va != vb {
			if va > vb {
				return -1, k
			}
			return 1, k
		}
	}
	return 0, ""
}

// rankGroup sorts one category and gives competition ranks (1, 2, 2, 4).
// TieBreak records the key that separated a unit from the unit above it
// (or, for the first of a run of equal totals, from the unit below).
func rankGroup(keys []string, g []UnitResult) {
	sort.SliceStable(g, func(i, j int) bool {
		c, _ := compareUnits(&g[i], &g[j], keys)
		return c < 0
	})
	for i := range g {
		g[i].TieBreak = ""
		if i > 0 {
			if c, _ := compareUnits(&g[i-1], &g[i], keys); c == 0 {
				g[i].Rank = g[i-1].Rank
			} else {
				g[i].Rank = i + 1
			}
		} else {
			g[i].Rank = 1
		}
		if i > 0 && g[i-1].Total == g[i].Total {
			_, g[i].TieBreak = compareUnits(&g[i-1], &g[i], keys)
		} else if i+1 < len(g) && g[i+1].Total == g[i].Total {
			_, g[i].TieBreak = compareUnits(&g[i], &g[i+1], keys)
		}
	}
}
