package domain

import (
	"math"
	"strconv"
	"time"
)

// 考核结果公示: a computed AssessResult is published as a run for a window
// of working days (公示); during it units appeal (申诉) and the office
// adjusts criterion scores, each change recorded with who, why, before and
// after; after the window the office freezes the run (定榜) and nothing
// changes it any more.

// RunState is where a published run stands.
type RunState string

const (
	RunNotice RunState = "notice" // 公示中
	RunFinal  RunState = "final"  // 已定榜
)

// RunStates lists every state.
var RunStates = []RunState{RunNotice, RunFinal}

// Valid reports whether s is known.
func (s RunState) Valid() bool { return oneOf(s, RunStates) }

// AssessRun is a published assessment result with the scheme body it was
// computed with, so that it reads the same whatever happens to the scheme.
type AssessRun struct {
	ID         ID           `json:"id"`
	SchemeID   ID           `json:"scheme_id"`
	Year       int          `json:"year"`
	SchemeName string       `json:"scheme_name"`
	Body       SchemeBody   `json:"body"`
	Result     AssessResult `json:"result"`
	State      RunState     `json:"state"`
	// The 公示 window, both days inclusive; NoticeDays working days.
	NoticeStart Date      `json:"notice_start"`
	NoticeEnd   Date      `json:"notice_end"`
	NoticeDays  int       `json:"notice_days"`
	CreatedByID ID        `json:"created_by_id,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	FinalizedBy string    `json:"finalized_by,omitempty"`
	FinalizedAt time.Time `json:"finalized_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// DefaultNoticeDays is the usual 公示 window in working days.
const DefaultNoticeDays = 5

// NoticeEnd is the last day of a window of n working days starting on
// start: start counts as the first when it is a working day.
func NoticeEnd(cal WorkdayCalendar, start Date, n int) Date {
	if n <= 0 {
		n = DefaultNoticeDays
	}
	return AddWorkdays(cal, start-1, n)
}

// Open reports whether the 公示 window is open on day (appeals accepted).
func (r AssessRun) Open(day Date) bool {
	return r.State == RunNotice && day >= r.NoticeStart && day <= r.NoticeEnd
}

// AppealState is where an appeal stands.
type AppealState string

const (
	AppealPending  AppealState = "pending"  // 待处理
	AppealUpheld   AppealState = "upheld"   // 申诉成立
	AppealPartial  AppealState = "partial"  // 部分成立
	AppealRejected AppealState = "rejected" // 不予支持
)

// AppealStates lists every state.
var AppealStates = []AppealState{AppealPending, AppealUpheld, AppealPartial, AppealRejected}

// Valid reports whether s is known.
func (s AppealState) Valid() bool { return oneOf(s, AppealStates) }

// AssessAppeal is a unit's 申诉 against its published result, on one
// criterion (Criterion) or the whole result (Criterion empty).
type AssessAppeal struct {
	ID        ID          `json:"id"`
	RunID     ID          `json:"run_id"`
	UnitID    ID          `json:"unit_id"`
	Criterion string      `json:"criterion,omitempty"`
	Reasons   string      `json:"reasons"`
	State     AppealState `json:"state"`
	Decision  string      `json:"decision,omitempty"`
	DecidedBy string      `json:"decided_by,omitempty"`
	DecidedAt time.Time   `json:"decided_at,omitzero"`
	FiledByID ID          `json:"filed_by_id,omitempty"`
	FiledBy   string      `json:"filed_by"`
	FiledAt   time.Time   `json:"filed_at"`
	Files     []FileRef   `json:"files"`
}

// AssessAdjustment is one change of a unit's criterion score during 公示:
// who, why, the score before and after, and what the rerank did to the
// unit's total, rank and grade.
type AssessAdjustment struct {
	ID          ID        `json:"id"`
	RunID       ID        `json:"run_id"`
	UnitID      ID        `json:"unit_id"`
	Criterion   string    `json:"criterion"`
	Before      float64   `json:"before"`
	After       float64   `json:"after"`
	BeforeTotal float64   `json:"before_total"`
	AfterTotal  float64   `json:"after_total"`
	BeforeRank  int       `json:"before_rank"`
	AfterRank   int       `json:"after_rank"`
	BeforeGrade string    `json:"before_grade"`
	AfterGrade  string    `json:"after_grade"`
	Reason      string    `json:"reason"`
	AppealID    ID        `json:"appeal_id,omitempty"`
	ByID        ID        `json:"by_id,omitempty"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
}

// FindUnitResult returns the result of a unit, or nil.
func FindUnitResult(r *AssessResult, unit ID) *UnitResult {
	for i := range r.Units {
		if r.Units[i].UnitID == unit {
			return &r.Units[i]
		}
	}
	return nil
}

// FindCriterionScore returns a unit's score on a criterion, or nil.
func FindCriterionScore(u *UnitResult, code string) *CriterionScore {
	for i := range u.Criteria {
		if u.Criteria[i].Code == code {
			return &u.Criteria[i]
		}
	}
	return nil
}

// AdjustRefusal says why a new score cannot be set.
type AdjustRefusal string

const (
	AdjustNoUnit      AdjustRefusal = "no_unit"      // the unit is not in the result
	AdjustNoCriterion AdjustRefusal = "no_criterion" // the unit has no such criterion
	AdjustSum         AdjustRefusal = "sum"          // a parent criterion: adjust its children
	AdjustRange       AdjustRefusal = "range"        // outside 0…Max
	AdjustSame        AdjustRefusal = "same"         // no change
)

// SetCriterionScore sets a unit's score on a criterion by hand and returns
// the score before; the caller reranks. A veto criterion takes 0 (not
// triggered) or 1 (triggered). The formula records the adjustment: its
// key becomes "adjusted" with the former expression kept in Inputs' text.
func SetCriterionScore(r *AssessResult, unit ID, code string, score float64) (float64, AdjustRefusal) {
	u := FindUnitResult(r, unit)
	if u == nil {
		return 0, AdjustNoUnit
	}
	c := FindCriterionScore(u, code)
	if c == nil {
		return 0, AdjustNoCriterion
	}
	if isSumScore(c) {
		return c.Score, AdjustSum
	}
	max := c.Max
	if c.Kind == CriterionVeto {
		max = 1
	}
	if math.IsNaN(score) || score < 0 || score > max {
		return c.Score, AdjustRange
	}
	before := c.Score
	if c.Kind == CriterionVeto {
		before = 0
		if c.Vetoed {
			before = 1
		}
	}
	if score == before {
		return before, AdjustSame
	}
	c.Formula = Formula{Key: "adjusted", Expr: PubScore(before) + " → " + PubScore(score),
		Inputs: []FormulaInput{{Label: "before", Value: before, Text: c.Formula.Expr}, {Label: "after", Value: score}}}
	c.Missing = false
	if c.Kind == CriterionVeto {
		c.Vetoed = score > 0
		c.Score = 0
	} else {
		c.Score = score
	}
	return before, ""
}

// isSumScore reports whether c is the sum of other criteria: a sum criterion
// is recomputed from its children, never set.
func isSumScore(c *CriterionScore) bool { return c.Formula.Key == string(MethodSum) }

// PubScore writes a score with at most two decimals and no trailing
// zeros (16.5, 20, 3.25).
func PubScore(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// InputValue shows a formula input's value as pages and workbooks do: a
// share of one (a task attainment, an on-time rate, an indicator's ratio
// and its cap) as a percent with two decimals, like the formula itself;
// any other value as a score.
func InputValue(in FormulaInput) string {
	switch in.Label {
	case "attainment", "on_time_rate", "cap", "indicator":
		return string(appendPct(nil, in.Value))
	}
	return PubScore(in.Value)
}
