package domain

// Cadence is how often progress is reported (周推进、月专报、季通报).
type Cadence string

const (
	CadenceWeekly    Cadence = "weekly"
	CadenceMonthly   Cadence = "monthly"
	CadenceQuarterly Cadence = "quarterly"
)

// Cadences lists every cadence.
var Cadences = []Cadence{CadenceWeekly, CadenceMonthly, CadenceQuarterly}

// Valid reports whether c is known.
func (c Cadence) Valid() bool {
	return c == CadenceWeekly || c == CadenceMonthly || c == CadenceQuarterly
}

// PlanKind distinguishes a year's plan from a campaign (e.g. 百日攻坚).
type PlanKind string

const (
	PlanAnnual   PlanKind = "annual"
	PlanCampaign PlanKind = "campaign"
)

// Plan is a year's work plan (工作要点) or a campaign with its reporting rules.
type Plan struct {
	ID          ID       `json:"id"`
	Name        string   `json:"name"`
	Year        int      `json:"year"`
	Kind        PlanKind `json:"kind"`
	Start       Date     `json:"start"`
	End         Date     `json:"end"`
	OwnerUnitID ID       `json:"owner_unit_id,omitempty"`
	Cadence     Cadence  `json:"cadence"`
	// DueDay is the reporting deadline inside a period: the weekday (1=Monday
	// … 7=Sunday) of the week for weekly plans, the day of the month following
	// the period for monthly and quarterly ones.
	DueDay int `json:"due_day"`
	// SevereGap is the gap in points from which a lagging task is severe.
	SevereGap float64 `json:"severe_gap"`
	// DueSoonDays is how many working days before its due date a task is due soon.
	DueSoonDays int  `json:"due_soon_days"`
	Archived    bool `json:"archived"`
}

// DefaultSevereGap and DefaultDueSoonDays are the plan defaults.
const (
	DefaultSevereGap   = 20
	DefaultDueSoonDays = 5
)

// TaskStart is the start date a task without one is given: January 1 of the plan year.
func (p Plan) TaskStart() Date {
	if !p.Start.IsZero() {
		return p.Start
	}
	return NewDate(p.Year, 1, 1)
}

// Goal is a node of a plan's goal tree.
type Goal struct {
	ID          ID     `json:"id"`
	PlanID      ID     `json:"plan_id"`
	ParentID    ID     `json:"parent_id,omitempty"`
	Code        string `json:"code"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Sort        int    `json:"sort"`
}

// Direction says whether more or less of an indicator is better.
type Direction string

const (
	DirectionUp   Direction = "up"
	DirectionDown Direction = "down"
)

// Indicator is a measurable target of a goal (指标).
type Indicator struct {
	ID        ID        `json:"id"`
	PlanID    ID        `json:"plan_id"`
	GoalID    ID        `json:"goal_id,omitempty"`
	TaskID    ID        `json:"task_id,omitempty"`
	Name      string    `json:"name"`
	Measure   string    `json:"measure"` // unit of measure: 亿元, %, 个
	Baseline  float64   `json:"baseline"`
	Target    float64   `json:"target"`
	Direction Direction `json:"direction"`
}

// IndicatorValue is an actual value of an indicator on a date.
type IndicatorValue struct {
	ID          ID      `json:"id"`
	IndicatorID ID      `json:"indicator_id"`
	Date        Date    `json:"date"`
	Value       float64 `json:"value"`
	ReportID    ID      `json:"report_id,omitempty"`
	Note        string  `json:"note,omitempty"`
}

// Attainment returns how far value has moved from baseline to target, in percent.
func (ind Indicator) Attainment(value float64) float64 {
	span := ind.Target - ind.Baseline
	if span == 0 {
		if (ind.Direction == DirectionDown && value <= ind.Target) || (ind.Direction != DirectionDown && value >= ind.Target) {
			return 100
		}
		return 0
	}
	return (value - ind.Baseline) / span * 100
}
