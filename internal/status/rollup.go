package status

import "github.com/luoshi/luoshi/internal/domain"

// Item is one task's contribution to a roll-up.
type Item struct {
	Weight float64
	Result Result
	// HasDue is false for ongoing tasks, which count but are not averaged.
	HasDue bool
}

// Summary is a roll-up of tasks to a unit, sector, front, leader or plan.
type Summary struct {
	Tasks  int                   `json:"tasks"`
	Counts map[domain.Status]int `json:"counts"`
	// Progress and Expected are Σw·p/Σw and Σw·e/Σw over tasks with a due date.
	Progress float64 `json:"progress"`
	Expected float64 `json:"expected"`
	Behind   bool    `json:"behind"`
	// Measured counts the tasks with a due date; AtOrAbove those of them whose
	// progress is at or above expected (时间过半、任务过半 by count).
	Measured  int `json:"measured"`
	AtOrAbove int `json:"at_or_above"`
}

// Share returns AtOrAbove/Measured in percent (100 with nothing measured).
func (s Summary) Share() float64 {
	if s.Measured == 0 {
		return 100
	}
	return float64(s.AtOrAbove*100) / float64(s.Measured)
}

// Rollup summarises items. Weights below zero count as zero; when every
// measured weight is zero the average is unweighted.
func Rollup(items []Item) Summary {
	s := Summary{Counts: map[domain.Status]int{}}
	var sw, swp, swe, sp, se float64
	for _, it := range items {
		s.Tasks++
		s.Counts[it.Result.Status]++
		if !it.HasDue {
			continue
		}
		w := it.Weight
		if w < 0 {
			w = 0
		}
		p := clampPct(it.Result.Progress)
		e := it.Result.Expected
		s.Measured++
		if p >= e {
			s.AtOrAbove++
		}
		sw += w
		swp += w * p
		swe += w * e
		sp += p
		se += e
	}
	// Behind compares the weighted sums, not the quotients, so that rounding
	// in the division cannot flip "49.99 is not half".
	switch {
	case sw > 0:
		s.Progress, s.Expected = swp/sw, swe/sw
		s.Behind = swp < swe
	case s.Measured > 0:
		s.Progress, s.Expected = sp/float64(s.Measured), se/float64(s.Measured)
		s.Behind = sp < se
	}
	return s
}
