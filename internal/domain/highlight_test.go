package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func hlCode(err error) string {
	var r *HighlightRefusal
	if errors.As(err, &r) {
		return r.Code
	}
	if err != nil {
		return "other:" + err.Error()
	}
	return ""
}

func TestCheckHighlight(t *testing.T) {
	amb := DefaultAmbitions()
	for _, c := range []struct {
		name string
		h    Highlight
		code string
	}{
		{"good", Highlight{Year: 2024, Title: " 营商环境“一网通办” ", Content: "审批时限压缩一半", Ambition: "全市第一"}, ""},
		{"no title", Highlight{Year: 2024, Title: "  ", Content: "x", Ambition: "全市第一"}, "title_empty"},
		{"long title", Highlight{Year: 2024, Title: strings.Repeat("亮", 101), Content: "x", Ambition: "全市第一"}, "title_long"},
		{"no content", Highlight{Year: 2024, Title: "t", Ambition: "全市第一"}, "content_empty"},
		{"unknown ambition", Highlight{Year: 2024, Title: "t", Content: "c", Ambition: "宇宙第一"}, "ambition"},
		{"year", Highlight{Year: 1999, Title: "t", Content: "c", Ambition: "全市第一"}, "year"},
	} {
		h := c.h
		if got := hlCode(CheckHighlight(&h, amb)); got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
}

// At most two a unit and year: the free slot is taken, a third refused.
func TestHighlightSlot(t *testing.T) {
	for _, c := range []struct {
		taken []int
		slot  int
		code  string
	}{{nil, 1, ""}, {[]int{1}, 2, ""}, {[]int{2}, 1, ""}, {[]int{1, 2}, 0, "too_many"}} {
		s, err := HighlightSlot(c.taken)
		if s != c.slot || hlCode(err) != c.code {
			t.Errorf("%v: %d %q", c.taken, s, hlCode(err))
		}
	}
}

func TestHighlightWorkflow(t *testing.T) {
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	score := func(v float64) *float64 { return &v }
	good := HighlightEvaluation{Achieved: AchievedMet, Score: score(95), Comment: "获全市第一"}
	for _, c := range []struct {
		name  string
		state HighlightState
		step  func(h *Highlight) error
		code  string
		after HighlightState
	}{
		{"declare a draft", HighlightDraft, func(h *Highlight) error { return h.Declare("u", now) }, "", HighlightDeclared},
		{"declare again after return", HighlightReturned, func(h *Highlight) error { return h.Declare("u", now) }, "", HighlightDeclared},
		{"declare twice", HighlightDeclared, func(h *Highlight) error { return h.Declare("u", now) }, "not_editable", HighlightDeclared},
		{"declare accepted", HighlightAccepted, func(h *Highlight) error { return h.Declare("u", now) }, "not_editable", HighlightAccepted},
		{"accept", HighlightDeclared, func(h *Highlight) error { return h.Decide(true, "", "o", now) }, "", HighlightAccepted},
		{"return with reason", HighlightDeclared, func(h *Highlight) error { return h.Decide(false, "目标不够具体", "o", now) }, "", HighlightReturned},
		{"return without reason", HighlightDeclared, func(h *Highlight) error { return h.Decide(false, " ", "o", now) }, "note_empty", HighlightDeclared},
		{"decide a draft", HighlightDraft, func(h *Highlight) error { return h.Decide(true, "", "o", now) }, "not_declared", HighlightDraft},
		{"evaluate accepted", HighlightAccepted, func(h *Highlight) error { return h.Evaluate(good, "o", now) }, "", HighlightAccepted},
		{"evaluate before acceptance", HighlightDeclared, func(h *Highlight) error { return h.Evaluate(good, "o", now) }, "not_accepted", HighlightDeclared},
		{"evaluate returned", HighlightReturned, func(h *Highlight) error { return h.Evaluate(good, "o", now) }, "not_accepted", HighlightReturned},
		{"grade only", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: AchievedPartly, Grade: "良好", Comment: "全市第三"}, "o", now)
		}, "", HighlightAccepted},
		{"neither score nor grade", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: AchievedNot, Comment: "未达到"}, "o", now)
		}, "score_or_grade", HighlightAccepted},
		{"score out of range", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: AchievedMet, Score: score(101), Comment: "c"}, "o", now)
		}, "score_range", HighlightAccepted},
		{"unknown grade", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: AchievedMet, Grade: "满分", Comment: "c"}, "o", now)
		}, "grade", HighlightAccepted},
		{"unknown achievement", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: "maybe", Score: score(50), Comment: "c"}, "o", now)
		}, "achieved", HighlightAccepted},
		{"no comment", HighlightAccepted, func(h *Highlight) error {
			return h.Evaluate(HighlightEvaluation{Achieved: AchievedMet, Score: score(50)}, "o", now)
		}, "comment_empty", HighlightAccepted},
	} {
		h := Highlight{State: c.state}
		err := c.step(&h)
		if hlCode(err) != c.code || h.State != c.after {
			t.Errorf("%s: %q → %s, want %q → %s", c.name, hlCode(err), h.State, c.code, c.after)
		}
		if c.code != "" && h.Evaluation != nil {
			t.Errorf("%s: a refused evaluation was kept", c.name)
		}
	}
}

func TestCheckAmbitions(t *testing.T) {
	got, err := CheckAmbitions([]string{" 全市第一 ", "", "全市第一", "全省前列"})
	if err != nil || strings.Join(got, ",") != "全市第一,全省前列" {
		t.Errorf("%v %v", got, err)
	}
	if _, err := CheckAmbitions([]string{" "}); hlCode(err) != "ambitions_empty" {
		t.Errorf("empty: %v", err)
	}
}
