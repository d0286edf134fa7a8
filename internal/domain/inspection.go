package domain

import "time"

// InspectionKind is how an inspection is carried out.
type InspectionKind string

const (
	InspectionVisit   InspectionKind = "visit"   // 明查暗访
	InspectionField   InspectionKind = "field"   // 实地督查
	InspectionSpecial InspectionKind = "special" // 专项督查
)

// InspectionKinds lists every kind in display order.
var InspectionKinds = []InspectionKind{InspectionVisit, InspectionField, InspectionSpecial}

// Valid reports whether k is a known kind.
func (k InspectionKind) Valid() bool {
	for _, v := range InspectionKinds {
		if v == k {
			return true
		}
	}
	return false
}

// InspectionState is where an inspection stands: planned → under way →
// concluded.
type InspectionState string

const (
	InspectionPlanned   InspectionState = "planned"   // 计划中
	InspectionUnderWay  InspectionState = "under_way" // 检查中
	InspectionConcluded InspectionState = "concluded" // 已结束
)

// InspectionStates lists every state in workflow order.
var InspectionStates = []InspectionState{InspectionPlanned, InspectionUnderWay, InspectionConcluded}

// Valid reports whether s is a known state.
func (s InspectionState) Valid() bool {
	for _, v := range InspectionStates {
		if v == s {
			return true
		}
	}
	return false
}

// CanEdit reports whether the plan, team and targets may still change.
func (s InspectionState) CanEdit() bool { return s == InspectionPlanned || s == InspectionUnderWay }

// CanRecordFindings reports whether findings may be added: only while the
// inspection is being carried out.
func (s InspectionState) CanRecordFindings() bool { return s == InspectionUnderWay }

// CanIssue reports whether findings may be turned into rectification items
// and sent for self-inspection: once the inspection has started.
func (s InspectionState) CanIssue() bool { return s == InspectionUnderWay || s == InspectionConcluded }

// Inspection is a 督查检查: a planned visit to units by a team, which
// records findings.
type Inspection struct {
	ID    ID              `json:"id"`
	Kind  InspectionKind  `json:"kind"`
	Title string          `json:"title"`
	Plan  string          `json:"plan"` // 检查方案: scope, method, what to look at
	State InspectionState `json:"state"`
	// TargetUnitIDs are the units inspected (被检查单位).
	TargetUnitIDs []ID `json:"target_unit_ids"`
	// LeaderID heads the team (带队领导); MemberIDs are the rest of it.
	LeaderID     ID   `json:"leader_id,omitempty"`
	MemberIDs    []ID `json:"member_ids"`
	PlannedStart Date `json:"planned_start"`
	PlannedEnd   Date `json:"planned_end"`
	// StartedOn is the day the inspection was carried out (实施日期).
	StartedOn   Date      `json:"started_on"`
	ConcludedOn Date      `json:"concluded_on"`
	Conclusion  string    `json:"conclusion,omitempty"`
	CreatedBy   ID        `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Finding is a problem an inspection found (发现问题), at a unit or in
// general; it becomes rectification items and self-inspection requests.
type Finding struct {
	ID           ID     `json:"id"`
	InspectionID ID     `json:"inspection_id"`
	Seq          int    `json:"seq"`
	UnitID       ID     `json:"unit_id,omitempty"`
	Problem      string `json:"problem"`
	// Requirement is what the office asks to be done (整改要求).
	Requirement string    `json:"requirement,omitempty"`
	FoundOn     Date      `json:"found_on"`
	CreatedAt   time.Time `json:"created_at"`
}
