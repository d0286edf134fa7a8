package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A ballot answers every unit rated: an option, a number, or an explicit
// abstention (弃权). The rater's own unit is not answered at all. An
// abstention is not a vote: the unit's mean in the group is over the
// ballots that rated it.

// BallotAnswer is the answer about one unit.
type BallotAnswer struct {
	Abstain bool `json:"a,omitempty"`
	// Option is the 1-based index of the option chosen (option ballots).
	Option int `json:"o,omitempty"`
	// Value is the number given (numeric ballots).
	Value *float64 `json:"v,omitempty"`
}

// Ballot is one voter's answers, by unit, as one group's ballot.
type Ballot struct {
	Group   string              `json:"group"`
	Answers map[ID]BallotAnswer `json:"answers"`
}

// CheckBallot checks a ballot of the given group from a rater of unit
// rater (0: none) and drops nothing silently: a missing answer names its
// unit, a vote on the rater's own unit is refused.
func (e *Evaluation) CheckBallot(b *Ballot, rater ID) error {
	if e.Group(b.Group) == nil {
		return refuse(KindInvalid, "group", "group_unknown", b.Group)
	}
	for id := range b.Answers {
		if !e.Rates(id) {
			return refuse(KindInvalid, "answers", "unit_not_rated", id)
		}
	}
	for _, u := range e.Units {
		a, ok := b.Answers[u.UnitID]
		if u.UnitID == rater && rater != 0 {
			if ok && !a.Abstain {
				return refuse(KindInvalid, unitField(u.UnitID), "self_vote", u.Name)
			}
			delete(b.Answers, u.UnitID)
			continue
		}
		switch {
		case !ok:
			return refuse(KindInvalid, unitField(u.UnitID), "answer_missing", u.Name)
		case a.Abstain:
			b.Answers[u.UnitID] = BallotAnswer{Abstain: true}
		case e.Numeric():
			if a.Value == nil || !evalFinite(*a.Value) {
				return refuse(KindInvalid, unitField(u.UnitID), "answer_missing", u.Name)
			}
			if *a.Value < e.Min || *a.Value > e.Max {
				return refuse(KindInvalid, unitField(u.UnitID), "value_range", u.Name, e.Min, e.Max)
			}
			b.Answers[u.UnitID] = BallotAnswer{Value: a.Value}
		default:
			if a.Option < 1 || a.Option > len(e.Options) {
				return refuse(KindInvalid, unitField(u.UnitID), "option_bad", u.Name)
			}
			b.Answers[u.UnitID] = BallotAnswer{Option: a.Option}
		}
	}
	return nil
}

func unitField(id ID) string { return "u" + strconv.FormatInt(id, 10) }

// Points is an answer on the 0–100 scale: the points of the option over
// the best option's, or the number over the scale's maximum. ok is false
// for an abstention.
func (e *Evaluation) Points(a BallotAnswer) (float64, bool) {
	switch {
	case a.Abstain:
		return 0, false
	case e.Numeric():
		if a.Value == nil || e.Max <= 0 {
			return 0, false
		}
		return *a.Value / e.Max * 100, true
	case a.Option >= 1 && a.Option <= len(e.Options):
		best := 0.0
		for _, o := range e.Options {
			best = math.Max(best, o.Points)
		}
		if best <= 0 {
			return 0, false
		}
		return e.Options[a.Option-1].Points / best * 100, true
	}
	return 0, false
}

// EvalGroupTurnout is how many ballots a group cast against its quorum.
type EvalGroupTurnout struct {
	Key     string  `json:"key"`
	Name    string  `json:"name"`
	Weight  float64 `json:"weight"`
	Quorum  int     `json:"quorum"`
	Ballots int     `json:"ballots"`
	Reached bool    `json:"reached"`
}

// EvalGroupScore is one group's part in a unit's result.
type EvalGroupScore struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	// Count is the ballots that rated the unit; Mean their mean (0–100).
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	// Counted is false when the group missed its quorum or nobody in it
	// rated the unit; its weight then goes to the groups that count.
	Counted bool   `json:"counted"`
	Reason  string `json:"reason,omitempty"` // "quorum" or "no_answers"
}

// EvalUnitResult is a unit's 0–100 result with the formula.
type EvalUnitResult struct {
	UnitID   ID               `json:"unit_id"`
	Unit     string           `json:"unit"`
	Category string           `json:"category"`
	Score    float64          `json:"score"`
	Scored   bool             `json:"scored"`
	Groups   []EvalGroupScore `json:"groups"`
	// Redistributed is set when a group's weight went to the others.
	Redistributed bool    `json:"redistributed"`
	Formula       Formula `json:"formula"`
}

// EvalResult is a tally: turnout per group and each unit's result.
type EvalResult struct {
	Groups []EvalGroupTurnout `json:"groups"`
	Units  []EvalUnitResult   `json:"units"`
}

// TallyEvaluation counts ballots. Per group, a unit's mean is the mean of
// its answers' points over the ballots that rated it. A unit's result is
//
//	Σ wᵍ·meanᵍ / Σ wᵍ over the groups that reached their quorum and rated it,
//
// so a group that misses its quorum (or rated nobody) does not count and its
// weight is shared by the others in proportion to theirs; the result says
// so (Redistributed, and each group's Reason). A unit no counting group
// rated has no result (Scored false).
func TallyEvaluation(e Evaluation, ballots []Ballot) EvalResult {
	type acc struct {
		sum float64
		n   int
	}
	per := map[string]map[ID]*acc{}
	cast := map[string]int{}
	for _, b := range ballots {
		if e.Group(b.Group) == nil {
			continue
		}
		cast[b.Group]++
		m := per[b.Group]
		if m == nil {
			m = map[ID]*acc{}
			per[b.Group] = m
		}
		for id, a := range b.Answers {
			if pts, ok := e.Points(a); ok {
				if m[id] == nil {
					m[id] = &acc{}
				}
				m[id].sum += pts
				m[id].n++
			}
		}
	}
	res := EvalResult{Groups: []EvalGroupTurnout{}, Units: []EvalUnitResult{}}
	for _, g := range e.Groups {
		res.Groups = append(res.Groups, EvalGroupTurnout{Key: g.Key, Name: g.Name, Weight: g.Weight, Quorum: g.Quorum,
			Ballots: cast[g.Key], Reached: cast[g.Key] >= g.Quorum && cast[g.Key] > 0})
	}
	for _, u := range e.Units {
		ur := EvalUnitResult{UnitID: u.UnitID, Unit: u.Name, Category: u.Category, Groups: []EvalGroupScore{}}
		var sum, den float64
		var terms, weights []string
		for i, g := range e.Groups {
			gs := EvalGroupScore{Key: g.Key, Name: g.Name, Weight: g.Weight}
			if a := per[g.Key][u.UnitID]; a != nil {
				gs.Count, gs.Mean = a.n, a.sum/float64(a.n)
			}
			switch {
			case !res.Groups[i].Reached:
				gs.Reason = "quorum"
			case gs.Count == 0:
				gs.Reason = "no_answers"
			default:
				gs.Counted = true
				sum += g.Weight * gs.Mean
				den += g.Weight
				terms = append(terms, fmt.Sprintf("%s × %s", num(g.Weight), fix2(gs.Mean)))
				weights = append(weights, num(g.Weight))
			}
			ur.Redistributed = ur.Redistributed || !gs.Counted
			ur.Formula.Inputs = append(ur.Formula.Inputs, FormulaInput{Label: "group:" + g.Key, Value: round2(gs.Mean),
				Text: fmt.Sprintf("%s n=%d w=%s", g.Name, gs.Count, num(g.Weight))})
			ur.Groups = append(ur.Groups, gs)
		}
		switch {
		case den == 0:
			ur.Formula.Key = "evaluation_none"
			ur.Formula.Expr = "—"
		default:
			ur.Score, ur.Scored = round2(sum/den), true
			ur.Formula.Key = "evaluation_weighted"
			if ur.Redistributed {
				ur.Formula.Key = "evaluation_redistributed"
			}
			ur.Formula.Expr = fmt.Sprintf("(%s) ÷ (%s) = %s", strings.Join(terms, " + "), strings.Join(weights, " + "), fix2(ur.Score))
		}
		res.Units = append(res.Units, ur)
	}
	return res
}
