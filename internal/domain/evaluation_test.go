package domain

import (
	"errors"
	"testing"
	"time"
)

func testEval() Evaluation {
	return Evaluation{Year: 2026, Code: "T1", Name: "测评", Kind: EvalSurvey, Options: DefaultEvalOptions(),
		Units: []EvalUnit{{UnitID: 1, Name: "甲局"}, {UnitID: 2, Name: "乙局"}, {UnitID: 3, Name: "丙局"}},
		Groups: []RaterGroup{{Key: "leaders", Name: "上级领导", Weight: 50, Quorum: 2}, {Key: "peers", Name: "同级单位", Weight: 30, Quorum: 2, PerUnit: true},
			{Key: "public", Name: "群众", Weight: 20, Quorum: 3}}}
}

func opt(n int) BallotAnswer { return BallotAnswer{Option: n} }

var abstain = BallotAnswer{Abstain: true}

func ballot(group string, a1, a2, a3 BallotAnswer) Ballot {
	return Ballot{Group: group, Answers: map[ID]BallotAnswer{1: a1, 2: a2, 3: a3}}
}

func refusal(err error) string {
	var r *CaseRefusal
	if errors.As(err, &r) {
		return r.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestTallyEvaluation(t *testing.T) {
	cases := []struct {
		name    string
		ballots []Ballot
		want    map[ID]float64 // unit → score; absent means not scored
		redist  bool
		expr1   string
	}{
		{"all groups reach quorum",
			[]Ballot{
				ballot("leaders", opt(1), opt(2), opt(3)), ballot("leaders", opt(1), opt(1), opt(4)),
				ballot("peers", opt(2), opt(2), opt(2)), ballot("peers", opt(2), opt(3), opt(2)),
				ballot("public", opt(1), opt(1), opt(1)), ballot("public", opt(3), opt(1), opt(1)), ballot("public", opt(2), opt(1), opt(1)),
			},
			// unit 1: leaders 100, peers 80, public 80 → (5000+2400+1600)/100 = 90
			// unit 2: leaders 90, peers 70, public 100 → (4500+2100+2000)/100 = 86
			// unit 3: leaders 30, peers 80, public 100 → (1500+2400+2000)/100 = 59
			map[ID]float64{1: 90, 2: 86, 3: 59}, false, "(50 × 100.00 + 30 × 80.00 + 20 × 80.00) ÷ (50 + 30 + 20) = 90.00"},
		{"public misses quorum: its weight is shared",
			[]Ballot{
				ballot("leaders", opt(1), opt(2), opt(3)), ballot("leaders", opt(1), opt(1), opt(4)),
				ballot("peers", opt(2), opt(2), opt(2)), ballot("peers", opt(2), opt(3), opt(2)),
				ballot("public", opt(4), opt(4), opt(4)),
			},
			// unit 1: (50×100 + 30×80)/80 = 92.5
			map[ID]float64{1: 92.5, 2: 82.5, 3: 48.75}, true, "(50 × 100.00 + 30 × 80.00) ÷ (50 + 30) = 92.50"},
		{"abstentions are not votes",
			[]Ballot{
				ballot("leaders", opt(1), abstain, opt(4)), ballot("leaders", opt(3), abstain, opt(4)),
				ballot("peers", opt(1), abstain, opt(1)), ballot("peers", opt(1), abstain, opt(1)),
				ballot("public", opt(1), abstain, opt(1)), ballot("public", opt(1), abstain, opt(1)), ballot("public", opt(1), abstain, opt(1)),
			},
			// unit 1: leaders 80 → (4000+3000+2000)/100 = 90; unit 2 nobody rated; unit 3: (0+3000+2000)/100 = 50
			map[ID]float64{1: 90, 3: 50}, false, "(50 × 80.00 + 30 × 100.00 + 20 × 100.00) ÷ (50 + 30 + 20) = 90.00"},
		{"no ballots", nil, map[ID]float64{}, true, "—"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := TallyEvaluation(testEval(), c.ballots)
			if len(res.Units) != 3 {
				t.Fatalf("units %d", len(res.Units))
			}
			for _, u := range res.Units {
				want, scored := c.want[u.UnitID]
				if u.Scored != scored || u.Score != want {
					t.Errorf("unit %d: scored %v %v, want %v %v (%s)", u.UnitID, u.Scored, u.Score, scored, want, u.Formula.Expr)
				}
			}
			if u := res.Units[0]; u.Redistributed != c.redist || u.Formula.Expr != c.expr1 {
				t.Errorf("unit 1: redistributed %v expr %q, want %v %q", u.Redistributed, u.Formula.Expr, c.redist, c.expr1)
			}
		})
	}
}

func TestTallyNumeric(t *testing.T) {
	e := testEval()
	e.Options, e.Min, e.Max = nil, 0, 10
	e.Groups = []RaterGroup{{Key: "leaders", Name: "上级领导", Weight: 1, Quorum: 1}}
	v := func(f float64) BallotAnswer { return BallotAnswer{Value: &f} }
	res := TallyEvaluation(e, []Ballot{ballot("leaders", v(9), v(10), v(0)), ballot("leaders", v(8), v(7.5), v(1))})
	want := []float64{85, 87.5, 5}
	for i, u := range res.Units {
		if u.Score != want[i] {
			t.Errorf("unit %d: %v, want %v", u.UnitID, u.Score, want[i])
		}
	}
	if !res.Groups[0].Reached || res.Groups[0].Ballots != 2 {
		t.Errorf("turnout %+v", res.Groups[0])
	}
}

func TestCheckBallot(t *testing.T) {
	e := testEval()
	num := testEval()
	num.Options, num.Min, num.Max = nil, 0, 100
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name  string
		e     Evaluation
		b     Ballot
		rater ID
		want  string
	}{
		{"complete", e, ballot("leaders", opt(1), opt(2), abstain), 0, ""},
		{"missing answer names the unit", e, Ballot{Group: "leaders", Answers: map[ID]BallotAnswer{1: opt(1), 3: opt(1)}}, 0, "answer_missing"},
		{"option out of range", e, ballot("leaders", opt(1), opt(5), opt(1)), 0, "option_bad"},
		{"no option", e, ballot("leaders", opt(1), opt(0), opt(1)), 0, "option_bad"},
		{"unknown group", e, ballot("nobody", opt(1), opt(1), opt(1)), 0, "group_unknown"},
		{"self vote", e, ballot("peers", opt(1), opt(1), opt(1)), 2, "self_vote"},
		{"own unit left out", e, Ballot{Group: "peers", Answers: map[ID]BallotAnswer{1: opt(1), 3: opt(1)}}, 2, ""},
		{"own unit abstained", e, ballot("peers", opt(1), abstain, opt(1)), 2, ""},
		{"unit not rated", e, Ballot{Group: "leaders", Answers: map[ID]BallotAnswer{1: opt(1), 2: opt(1), 3: opt(1), 9: opt(1)}}, 0, "unit_not_rated"},
		{"numeric in range", num, ballot("leaders", BallotAnswer{Value: f(0)}, BallotAnswer{Value: f(100)}, BallotAnswer{Value: f(55.5)}), 0, ""},
		{"numeric over", num, ballot("leaders", BallotAnswer{Value: f(0)}, BallotAnswer{Value: f(101)}, BallotAnswer{Value: f(55.5)}), 0, "value_range"},
		{"numeric missing", num, ballot("leaders", BallotAnswer{Value: f(0)}, BallotAnswer{}, BallotAnswer{Value: f(55.5)}), 0, "answer_missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := refusal(c.e.CheckBallot(&c.b, c.rater)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	b := ballot("peers", opt(1), abstain, opt(1))
	if err := e.CheckBallot(&b, 2); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Answers[2]; ok {
		t.Error("the rater's own unit is kept on the ballot")
	}
}

func TestEvaluationCheck(t *testing.T) {
	mod := func(f func(e *Evaluation)) Evaluation { e := testEval(); f(&e); return e }
	cases := []struct {
		name string
		e    Evaluation
		want string
	}{
		{"good", testEval(), ""},
		{"no name", mod(func(e *Evaluation) { e.Name = " " }), "name_required"},
		{"bad code", mod(func(e *Evaluation) { e.Code = "a b" }), "code_bad"},
		{"no units", mod(func(e *Evaluation) { e.Units = nil }), "units_empty"},
		{"repeated unit", mod(func(e *Evaluation) { e.Units = append(e.Units, e.Units[0]) }), "unit_repeated"},
		{"one option", mod(func(e *Evaluation) { e.Options = e.Options[:1] }), "options_count"},
		{"repeated option", mod(func(e *Evaluation) { e.Options[1].Label = "优秀" }), "option_repeated"},
		{"negative points", mod(func(e *Evaluation) { e.Options[1].Points = -1 }), "option_points"},
		{"numeric bad scale", mod(func(e *Evaluation) { e.Options, e.Min, e.Max = nil, 10, 10 }), "scale_bad"},
		{"zero weight", mod(func(e *Evaluation) { e.Groups[0].Weight = 0 }), "group_weight"},
		{"bad group key", mod(func(e *Evaluation) { e.Groups[0].Key = "上级" }), "group_key"},
		{"repeated group", mod(func(e *Evaluation) { e.Groups[1].Key = "leaders" }), "group_repeated"},
		{"debriefing without session", mod(func(e *Evaluation) { e.Kind = EvalDebriefing }), "session_date"},
		{"speaker of a unit not rated", mod(func(e *Evaluation) {
			e.Kind, e.Session = EvalDebriefing, &EvalSession{Date: 20000, Speakers: []EvalSpeaker{{UnitID: 9, Person: "张三"}}}
		}), "speaker_unit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := refusal(c.e.Check()); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestEvaluationStates(t *testing.T) {
	e := testEval()
	e.State = EvalDraft
	if refusal(e.Close(time.Time{})) != "state_not_open" {
		t.Error("a draft closed")
	}
	if err := e.Open(time.Time{}); err != nil || e.State != EvalOpen {
		t.Fatal(err)
	}
	if refusal(e.Open(time.Time{})) != "state_not_draft" {
		t.Error("opened twice")
	}
	if err := e.Close(time.Time{}); err != nil || e.State != EvalClosed {
		t.Fatal(err)
	}
}

func TestParseVoteCode(t *testing.T) {
	cases := []struct{ in, code string }{
		{"K7M-ABCDE-FGHJK", "K7MABCDEFGHJK"},
		{"k7mabcdefghjk", "K7MABCDEFGHJK"},
		{" k7m abcde-fghjk ", "K7MABCDEFGHJK"},
		{"O1L-IBCDE-FGHJK", "011-1BCDEFGHJK"[:3] + "1BCDEFGHJK"},
		{"K7M-ABCDE-FGHJ", ""},
		{"K7M-ABCDE-FGHJKK", ""},
		{"K7M-ABCDE-FGHJU", ""},
		{"测评码", ""},
	}
	for _, c := range cases {
		code, tag, ok := ParseVoteCode(c.in)
		if code != c.code || ok != (c.code != "") || (ok && tag != c.code[:3]) {
			t.Errorf("%q: %q %q %v, want %q", c.in, code, tag, ok, c.code)
		}
	}
	if got := FormatVoteCode("K7MABCDEFGHJK"); got != "K7M-ABCDE-FGHJK" {
		t.Error(got)
	}
}

func FuzzParseVoteCode(f *testing.F) {
	for _, s := range []string{"K7M-ABCDE-FGHJK", "", "----", "oooooooooooooo", "测评"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, tag, ok := ParseVoteCode(s)
		if !ok {
			return
		}
		if len(code) != VoteTagLen+VoteBodyLen || tag != code[:VoteTagLen] {
			t.Fatalf("%q → %q %q", s, code, tag)
		}
		again, _, ok2 := ParseVoteCode(FormatVoteCode(code))
		if !ok2 || again != code {
			t.Fatalf("not stable: %q → %q → %q", s, code, again)
		}
	})
}
