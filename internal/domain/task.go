package domain

import "time"

// Category is the kind of work a task is (常规/重点/创新/亮点).
type Category string

const (
	CategoryRoutine    Category = "routine"    // 常规工作
	CategoryKey        Category = "key"        // 重点工作
	CategoryInnovation Category = "innovation" // 创新工作
	CategoryHighlight  Category = "highlight"  // 亮点工作
)

// Categories lists every category in display order.
var Categories = []Category{CategoryRoutine, CategoryKey, CategoryInnovation, CategoryHighlight}

// Valid reports whether c is known.
func (c Category) Valid() bool {
	for _, v := range Categories {
		if v == c {
			return true
		}
	}
	return false
}

// Task is a numbered piece of work assigned to units (任务).
type Task struct {
	ID       ID       `json:"id"`
	PlanID   ID       `json:"plan_id"`
	ParentID ID       `json:"parent_id,omitempty"`
	GoalID   ID       `json:"goal_id,omitempty"`
	Number   string   `json:"number"`
	Title    string   `json:"title"`
	Content  string   `json:"content,omitempty"`
	Category Category `json:"category"`
	SectorID ID       `json:"sector_id,omitempty"`
	FrontIDs []ID     `json:"front_ids"`
	// LeadUnitIDs are the 牵头单位, CoUnitIDs the 配合单位.
	LeadUnitIDs []ID `json:"lead_unit_ids"`
	CoUnitIDs   []ID `json:"co_unit_ids"`
	// LeaderIDs are the leaders in charge (责任领导).
	LeaderIDs []ID `json:"leader_ids"`
	// Responsible names the person responsible (责任人), as offices write it.
	Responsible string `json:"responsible,omitempty"`
	Start       Date   `json:"start"`
	Due         Date   `json:"due"`
	// Ongoing tasks have no due date (长期坚持/持续推进/常态化).
	Ongoing bool    `json:"ongoing"`
	Weight  float64 `json:"weight"`
	// Cadence overrides the plan's reporting cadence when set.
	Cadence   Cadence   `json:"cadence,omitempty"`
	Sort      int       `json:"sort"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Milestone is a dated node of a task with a planned cumulative percent (节点).
type Milestone struct {
	ID          ID      `json:"id"`
	TaskID      ID      `json:"task_id"`
	Seq         int     `json:"seq"`
	Due         Date    `json:"due"`
	Description string  `json:"description"`
	PlannedPct  float64 `json:"planned_pct"`
	// CompletedOn is zero until the node is reported done.
	CompletedOn Date   `json:"completed_on"`
	Evidence    string `json:"evidence,omitempty"`
}

// ReportStatus is where a progress report stands in its review.
type ReportStatus string

const (
	ReportDraft     ReportStatus = "draft"
	ReportSubmitted ReportStatus = "submitted"
	ReportApproved  ReportStatus = "approved"
	ReportReturned  ReportStatus = "returned"
)

// ReportSource says how a report entered the system.
type ReportSource string

const (
	SourceWeb    ReportSource = "web"
	SourceAPI    ReportSource = "api"
	SourceImport ReportSource = "import"
)

// Report is a progress report on a task for a period (进展报告).
// Approved reports are never changed: a correction is a new version.
type Report struct {
	ID     ID `json:"id"`
	TaskID ID `json:"task_id"`
	UnitID ID `json:"unit_id"`
	// Period is the reporting period key: 2023-W27, 2023-07 or 2023-Q3.
	Period string `json:"period"`
	// Date is the date the report speaks for (填报日期).
	Date       Date         `json:"date"`
	Progress   float64      `json:"progress"`
	Done       string       `json:"done"`       // 本期进展
	Problems   string       `json:"problems"`   // 存在问题
	NextSteps  string       `json:"next_steps"` // 下步打算
	Status     ReportStatus `json:"status"`
	Version    int          `json:"version"`
	Supersedes ID           `json:"supersedes,omitempty"`
	Source     ReportSource `json:"source"`
	// MilestoneIDs are the nodes this report declares completed.
	MilestoneIDs  []ID      `json:"milestone_ids,omitempty"`
	AuthorID      ID        `json:"author_id,omitempty"`
	SubmittedAt   time.Time `json:"submitted_at,omitzero"`
	ReviewerID    ID        `json:"reviewer_id,omitempty"`
	ReviewedAt    time.Time `json:"reviewed_at,omitzero"`
	ReviewComment string    `json:"review_comment,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Files         []File    `json:"files,omitempty"`
}

// File is an evidence attachment; its bytes are fetched separately.
type File struct {
	ID          ID        `json:"id"`
	ReportID    ID        `json:"report_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}
