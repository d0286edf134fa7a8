package domain

import "time"

// 目标管理考核: a Scheme says, per assessment category, which criteria a unit
// is scored on, how many points each carries and how each is computed; the
// scoring engine turns a scheme and its inputs into an AssessResult in which
// every score carries the formula that produced it. This file holds the
// shared types; the rules live beside them in assess_*.go.

// SchemeKind is the kind of assessment.
type SchemeKind string

const (
	SchemeAnnual  SchemeKind = "annual"  // 年度综合考核
	SchemeHalf    SchemeKind = "half"    // 半年考核
	SchemeSpecial SchemeKind = "special" // 专项考核
)

// SchemeKinds lists every kind in display order.
var SchemeKinds = []SchemeKind{SchemeAnnual, SchemeHalf, SchemeSpecial}

// Valid reports whether k is known.
func (k SchemeKind) Valid() bool { return oneOf(k, SchemeKinds) }

// SchemeState is where a scheme version stands. A draft can be edited; once
// scoring starts it is frozen and a change makes a new version.
type SchemeState string

const (
	SchemeDraft   SchemeState = "draft"   // 草稿，可修改
	SchemeScoring SchemeState = "scoring" // 评分中，已冻结
	SchemeClosed  SchemeState = "closed"  // 已结束（结果已定榜）
	// SchemeSuperseded is a frozen version replaced by a newer one.
	SchemeSuperseded SchemeState = "superseded"
)

// SchemeStates lists every state.
var SchemeStates = []SchemeState{SchemeDraft, SchemeScoring, SchemeClosed, SchemeSuperseded}

// Valid reports whether s is known.
func (s SchemeState) Valid() bool { return oneOf(s, SchemeStates) }

// Scheme is one version of a 考核方案. Its body (categories, criteria and
// rules) is what the scheme file holds; the rest is bookkeeping.
type Scheme struct {
	ID      ID          `json:"id"`
	Year    int         `json:"year"`
	Kind    SchemeKind  `json:"kind"`
	Name    string      `json:"name"`
	Version int         `json:"version"`
	State   SchemeState `json:"state"`
	// PrevID is the version this one replaced, and ChangeReason why.
	PrevID       ID     `json:"prev_id,omitempty"`
	ChangeReason string `json:"change_reason,omitempty"`
	SchemeBody
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	FrozenAt  time.Time `json:"frozen_at,omitzero"`
}

// SchemeBody is the published content of a scheme: what its file holds.
type SchemeBody struct {
	// CheckDate is the date task progress and supervision are measured at
	// (考核基准日), e.g. 06-30 for a half-year assessment.
	CheckDate  Date             `json:"check_date"`
	Categories []AssessCategory `json:"categories"`
	Rules      AssessRules      `json:"rules"`
}

// AssessCategory is a 考核类别 (乡镇街道, 区直部门…) with its own criteria.
// Units are in a category when Unit.Category equals Name.
type AssessCategory struct {
	Name     string          `json:"name"`
	Sections []AssessSection `json:"sections"`
	// BonusCap and PenaltyCap bound the sum of bonus (加分) and penalty
	// (减分) items of a unit; zero means no bound beyond each item's own.
	BonusCap   float64 `json:"bonus_cap,omitempty"`
	PenaltyCap float64 `json:"penalty_cap,omitempty"`
}

// AssessSection is a part of the criteria tree with a maximum, such as
// 常规工作 (30分) or 重点工作 (40分).
type AssessSection struct {
	Key  string  `json:"key"` // routine, key, innovation, party, … (unique in its category)
	Name string  `json:"name"`
	Max  float64 `json:"max"`
	// Criteria are scored and summed; the sum is capped at Max.
	Criteria []Criterion `json:"criteria"`
}

// CriterionKind says how a criterion's points count toward the total.
type CriterionKind string

const (
	CriterionBase    CriterionKind = "score"   // 基本分: 0…Max, counts in its section
	CriterionBonus   CriterionKind = "bonus"   // 加分项: 0…Max, added, capped by the category's BonusCap
	CriterionPenalty CriterionKind = "penalty" // 减分项: 0…Max, subtracted, capped by PenaltyCap
	CriterionVeto    CriterionKind = "veto"    // 一票否决: triggered or not, no points
)

// CriterionKinds lists every kind.
var CriterionKinds = []CriterionKind{CriterionBase, CriterionBonus, CriterionPenalty, CriterionVeto}

// Valid reports whether k is known.
func (k CriterionKind) Valid() bool { return oneOf(k, CriterionKinds) }

// ScoreMethod is how a criterion's score is computed.
type ScoreMethod string

const (
	MethodTasks       ScoreMethod = "tasks"       // from the unit's task progress
	MethodIndicators  ScoreMethod = "indicators"  // from indicator attainment
	MethodSupervision ScoreMethod = "supervision" // from cases and rectification items
	MethodRank        ScoreMethod = "rank"        // by rank of a value within the category
	MethodManual      ScoreMethod = "manual"      // entered by examiners
	MethodEvaluation  ScoreMethod = "evaluation"  // from a 测评/评议
	// MethodSum is a parent criterion: the sum of its children, capped at Max.
	MethodSum ScoreMethod = "sum"
)

// ScoreMethods lists every method.
var ScoreMethods = []ScoreMethod{MethodTasks, MethodIndicators, MethodSupervision, MethodRank, MethodManual, MethodEvaluation, MethodSum}

// Valid reports whether m is known.
func (m ScoreMethod) Valid() bool { return oneOf(m, ScoreMethods) }

// Criterion is a 考核指标: a node of the criteria tree. Code is unique in the
// scheme (across categories it may repeat only with the same meaning) and is
// how scores, entries and appeals refer to it.
type Criterion struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Kind     CriterionKind `json:"kind"`
	Max      float64       `json:"max"`
	Method   ScoreMethod   `json:"method"`
	Params   MethodParams  `json:"params,omitzero"`
	Children []Criterion   `json:"children,omitempty"`
	// Note is the scoring rule in words, as the scheme publishes it.
	Note string `json:"note,omitempty"`
}

// MethodParams configures a method; each method reads its own fields.
type MethodParams struct {
	// tasks: which task categories count (empty: all), and deductions in
	// points per overdue task, per task lagging at the check date, per
	// missing report and per late report. An approved 容错免责 exemption on
	// a task cancels its deductions.
	TaskCategories []Category `json:"task_categories,omitempty"`
	PerOverdue     float64    `json:"per_overdue,omitempty"`
	PerLagging     float64    `json:"per_lagging,omitempty"`
	PerMissing     float64    `json:"per_missing,omitempty"`
	PerLate        float64    `json:"per_late,omitempty"`

	// indicators: the indicators scored by their names (empty: all the
	// unit's), and the cap on attainment (1.0 = 100%, the default).
	Indicators []string `json:"indicators,omitempty"`
	Cap        float64  `json:"cap,omitempty"`

	// supervision: full marks times the on-time closing rate, less points
	// per red case and per rectification item not yet verified.
	PerRed        float64 `json:"per_red,omitempty"`
	PerUnverified float64 `json:"per_unverified,omitempty"`

	// rank: the value ranked (an indicator's name, or empty for a value
	// entered by examiners), whether lower is better, and the points lost
	// per place below the best.
	Value       string  `json:"value,omitempty"`
	LowerBetter bool    `json:"lower_better,omitempty"`
	Step        float64 `json:"step,omitempty"`

	// manual: how several examiners' scores combine: "mean" (default),
	// "median", "trimmed" (drop highest and lowest, then mean), "max", "min".
	Combine string `json:"combine,omitempty"`

	// evaluation: the evaluation whose 0–100 result is scaled to Max,
	// by its code in the scheme's year.
	Evaluation string `json:"evaluation,omitempty"`
}

// AssessRules are the published rules that turn totals into rankings,
// grades, awards and the 约谈 list.
type AssessRules struct {
	// TieBreak orders units with equal totals: a list of keys tried in
	// turn, "section:<key>" (higher section score first), "penalty" (fewer
	// penalty points first), "bonus" (more bonus first), "criterion:<code>".
	// Units still equal share a rank (1, 2, 2, 4).
	TieBreak []string `json:"tie_break,omitempty"`
	// Grades are tried in order from the best; the last is everyone else's.
	Grades []GradeRule `json:"grades"`
	Awards []AwardRule `json:"awards,omitempty"`
	Talks  TalkRule    `json:"talks,omitzero"`
}

// GradeRule is a grade (优秀, 良好, 一般, 较差) with its conditions.
type GradeRule struct {
	Name string `json:"name"`
	// QuotaPercent bounds how many of a category may get it, rounded down
	// (20 → at most 2 of 11); zero means no quota. A tie that straddles the
	// quota puts all the tied units in the next grade.
	QuotaPercent float64 `json:"quota_percent,omitempty"`
	// MinTotal is the lowest total that may get it; zero means none.
	MinTotal float64 `json:"min_total,omitempty"`
	// NoVeto rules it out for a unit with a triggered veto.
	NoVeto bool `json:"no_veto,omitempty"`
	// ForVeto gives this grade to every unit with a triggered veto.
	ForVeto bool `json:"for_veto,omitempty"`
}

// AwardRule is an award such as 骏马奖 (the best in 招商引资 and 项目建设) or
// 蜗牛奖 (the slowest), decided by the sum of some criteria or the total.
type AwardRule struct {
	Name string `json:"name"`
	// Criteria are the codes summed; empty means the total.
	Criteria []string `json:"criteria,omitempty"`
	// Worst picks the lowest instead of the highest.
	Worst bool `json:"worst,omitempty"`
	// Count is how many get it per category (default 1); ties at the edge
	// all get it.
	Count int `json:"count,omitempty"`
	// Category limits it to one category; empty means each category.
	Category string `json:"category,omitempty"`
}

// TalkRule picks the units called in for a 约谈: the bottom N of each
// category, and any unit below a line (either may be zero).
type TalkRule struct {
	BottomN int     `json:"bottom_n,omitempty"`
	Below   float64 `json:"below,omitempty"`
}

// AssessUnit is a unit as the engine sees it.
type AssessUnit struct {
	ID       ID     `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Sort     int    `json:"sort"`
}

// AssessTask is one task of a unit at the check date.
type AssessTask struct {
	TaskID   ID       `json:"task_id"`
	Number   string   `json:"number"`
	Category Category `json:"category"`
	Weight   float64  `json:"weight"`
	Progress float64  `json:"progress"` // 0–100 at the check date
	Expected float64  `json:"expected"` // 序时进度 at the check date
	Overdue  bool     `json:"overdue"`
	Lagging  bool     `json:"lagging"` // lagging or severe
	Missing  int      `json:"missing"` // reports not submitted
	Late     int      `json:"late"`    // reports submitted late
	// Exempt is set when an approved exemption covers the task's failure.
	Exempt bool `json:"exempt"`
}

// AssessIndicator is one indicator of a unit at the check date.
type AssessIndicator struct {
	Name      string    `json:"name"`
	Baseline  float64   `json:"baseline"`
	Target    float64   `json:"target"`
	Actual    float64   `json:"actual"`
	HasActual bool      `json:"has_actual"`
	Direction Direction `json:"direction"`
}

// AssessSupervision is a unit's supervision record over the period.
type AssessSupervision struct {
	Closed       int `json:"closed"`         // cases closed in the period
	ClosedOnTime int `json:"closed_on_time"` // of which within their limit
	Red          int `json:"red"`            // cases red at the check date, exemptions removed
	Unverified   int `json:"unverified"`     // rectification items past due and not verified
}

// ManualScore is one examiner's score on one criterion for one unit. For a
// veto criterion a Score above zero means triggered.
type ManualScore struct {
	ExaminerID ID        `json:"examiner_id"`
	Examiner   string    `json:"examiner"`
	Score      float64   `json:"score"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
}

// AssessInputs is everything the engine scores from. Maps are keyed by
// unit; missing entries count as nothing done, nothing entered.
type AssessInputs struct {
	Units       []AssessUnit
	Tasks       map[ID][]AssessTask
	Indicators  map[ID][]AssessIndicator
	Supervision map[ID]AssessSupervision
	// Values[name][unit] are the values ranked by rank criteria whose
	// Value names them (indicator actuals or entered values); Values[code]
	// for rank criteria with no Value.
	Values map[string]map[ID]float64
	// Manual[code][unit] are examiners' entries for manual, bonus,
	// penalty and veto criteria.
	Manual map[string]map[ID][]ManualScore
	// Evaluations[code][unit] is an evaluation's 0–100 result.
	Evaluations map[string]map[ID]float64
}

// Formula is how a score was computed, language-neutral: Key names the
// method's wording in the message catalog (assess.formula.<key>), Expr is
// the arithmetic with its numbers ("20 × 87.30% − 2 × 0.5 = 16.46"), and
// Inputs names each number.
type Formula struct {
	Key    string         `json:"key"`
	Expr   string         `json:"expr"`
	Inputs []FormulaInput `json:"inputs,omitempty"`
}

// FormulaInput is one named number of a formula (Label is a catalog key
// suffix: assess.input.<label>).
type FormulaInput struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
	Text  string  `json:"text,omitempty"` // e.g. the task numbers behind a count
}

// CriterionScore is a unit's score on one criterion.
type CriterionScore struct {
	Code    string        `json:"code"`
	Name    string        `json:"name"`
	Kind    CriterionKind `json:"kind"`
	Section string        `json:"section"`
	Max     float64       `json:"max"`
	Score   float64       `json:"score"`
	// Vetoed is set on a triggered veto criterion.
	Vetoed  bool    `json:"vetoed,omitempty"`
	Formula Formula `json:"formula"`
	// Missing is set when a manual or evaluation input was never entered:
	// the score is zero and the results page says so.
	Missing bool `json:"missing,omitempty"`
}

// SectionScore is a unit's score on one section (capped at its Max).
type SectionScore struct {
	Key   string  `json:"key"`
	Name  string  `json:"name"`
	Max   float64 `json:"max"`
	Score float64 `json:"score"`
}

// UnitResult is one unit's whole result.
type UnitResult struct {
	UnitID   ID               `json:"unit_id"`
	Unit     string           `json:"unit"`
	Category string           `json:"category"`
	Sections []SectionScore   `json:"sections"`
	Criteria []CriterionScore `json:"criteria"`
	Base     float64          `json:"base"`    // sum of sections
	Bonus    float64          `json:"bonus"`   // after the cap
	Penalty  float64          `json:"penalty"` // after the cap, positive
	Total    float64          `json:"total"`   // Base + Bonus − Penalty
	Vetoed   bool             `json:"vetoed"`
	// Rank is within the category (1 is best; equal ranks are ties) and
	// TieBreak says which rule separated the unit from its neighbour.
	Rank     int      `json:"rank"`
	TieBreak string   `json:"tie_break,omitempty"`
	Grade    string   `json:"grade"`
	Awards   []string `json:"awards,omitempty"`
	Talk     bool     `json:"talk"`
}

// AssessResult is a scheme's results: units in category order, then by
// rank.
type AssessResult struct {
	SchemeID   ID           `json:"scheme_id"`
	CheckDate  Date         `json:"check_date"`
	ComputedAt time.Time    `json:"computed_at"`
	Units      []UnitResult `json:"units"`
}
