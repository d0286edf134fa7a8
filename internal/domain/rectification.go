package domain

import "time"

// RectState is where a rectification item (整改事项) stands.
type RectState string

const (
	RectIssued     RectState = "issued"      // 已下发
	RectInProgress RectState = "in_progress" // 整改中
	RectApplied    RectState = "applied"     // 申请销号，待验收
	RectVerified   RectState = "verified"    // 验收通过，待销号
	RectClosed     RectState = "closed"      // 已销号
	RectConfirmed  RectState = "confirmed"   // 回头看通过
)

// RectStates lists every state in workflow order.
var RectStates = []RectState{RectIssued, RectInProgress, RectApplied, RectVerified, RectClosed, RectConfirmed}

// Valid reports whether s is a known state.
func (s RectState) Valid() bool {
	for _, v := range RectStates {
		if v == s {
			return true
		}
	}
	return false
}

// Closed reports whether the item has been closed (销号), re-checked or not.
func (s RectState) Closed() bool { return s == RectClosed || s == RectConfirmed }

// RectAction is a step of the rectification workflow; every step is kept
// as an event of the item's timeline.
type RectAction string

const (
	RectIssue           RectAction = "issue"            // 下发 (office)
	RectMeasures        RectAction = "measures"         // 整改措施 (unit)
	RectProgress        RectAction = "progress"         // 整改进展 (unit)
	RectEvidence        RectAction = "evidence"         // 佐证材料 (unit)
	RectApply           RectAction = "apply"            // 申请销号 (unit)
	RectVerifyPass      RectAction = "verify_pass"      // 验收通过 (office)
	RectVerifyFail      RectAction = "verify_fail"      // 验收不通过 (office)
	RectClose           RectAction = "close"            // 销号 (office)
	RectScheduleRecheck RectAction = "schedule_recheck" // 安排回头看 (office)
	RectRecheckPass     RectAction = "recheck_pass"     // 回头看通过 (office)
	RectRecheckFail     RectAction = "recheck_fail"     // 回头看不通过，重新整改 (office)
)

// RectActions lists every action in workflow order.
var RectActions = []RectAction{RectIssue, RectMeasures, RectProgress, RectEvidence, RectApply, RectVerifyPass, RectVerifyFail,
	RectClose, RectScheduleRecheck, RectRecheckPass, RectRecheckFail}

// ByUnit reports whether the responsible unit takes the step (the office
// takes the others).
func (a RectAction) ByUnit() bool {
	return a == RectMeasures || a == RectProgress || a == RectEvidence || a == RectApply
}

// rectFlow says, per action, the states it may start from and the state
// it leads to ("" keeps the state).
var rectFlow = map[RectAction]struct {
	from []RectState
	to   RectState
}{
	RectMeasures:        {[]RectState{RectIssued, RectInProgress}, RectInProgress},
	RectProgress:        {[]RectState{RectIssued, RectInProgress}, RectInProgress},
	RectEvidence:        {[]RectState{RectIssued, RectInProgress}, RectInProgress},
	RectApply:           {[]RectState{RectInProgress}, RectApplied},
	RectVerifyPass:      {[]RectState{RectApplied}, RectVerified},
	RectVerifyFail:      {[]RectState{RectApplied}, RectInProgress},
	RectClose:           {[]RectState{RectVerified}, RectClosed},
	RectScheduleRecheck: {[]RectState{RectClosed}, ""},
	RectRecheckPass:     {[]RectState{RectClosed}, RectConfirmed},
	RectRecheckFail:     {[]RectState{RectClosed}, RectInProgress},
}

// NextRectState returns the state action a leads to from s, and whether
// the action is allowed in s at all.
func NextRectState(s RectState, a RectAction) (RectState, bool) {
	f, ok := rectFlow[a]
	if !ok {
		return s, false
	}
	for _, from := range f.from {
		if from == s {
			if f.to == "" {
				return s, true
			}
			return f.to, true
		}
	}
	return s, false
}

// Rectification is an item to put right (整改事项): a problem found by an
// inspection, assigned to a unit with a deadline, closed (销号) only after
// the office has verified it, and re-checked later (回头看).
type Rectification struct {
	ID           ID     `json:"id"`
	InspectionID ID     `json:"inspection_id"`
	FindingID    ID     `json:"finding_id"`
	UnitID       ID     `json:"unit_id"`
	Problem      string `json:"problem"`
	Requirement  string `json:"requirement,omitempty"`
	// Measures are the unit's 整改措施; Progress the latest account of what
	// has been done (整改情况), from a progress note or the application.
	Measures string    `json:"measures"`
	Progress string    `json:"progress"`
	State    RectState `json:"state"`
	Deadline Date      `json:"deadline"`
	// DeadlineWorkdays is set when the deadline was given as a number of
	// working days from the day it was set.
	DeadlineWorkdays int  `json:"deadline_workdays,omitempty"`
	IssuedOn         Date `json:"issued_on"`
	// AppliedOn is the day of the latest application for closing.
	AppliedOn  Date `json:"applied_on"`
	VerifiedOn Date `json:"verified_on"`
	ClosedOn   Date `json:"closed_on"`
	// RecheckOn is the day of the scheduled 回头看.
	RecheckOn Date `json:"recheck_on"`
	// Reopened counts failed re-checks.
	Reopened  int       `json:"reopened"`
	Note      string    `json:"note,omitempty"` // 备注
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Overdue reports whether the deadline has passed on today without the
// item being closed. An item whose unit applied for closing by the
// deadline is not overdue while it waits for the office: the delay is
// not the unit's.
func (r Rectification) Overdue(today Date) bool {
	if r.Deadline.IsZero() || today <= r.Deadline || r.State.Closed() {
		return false
	}
	waiting := r.State == RectApplied || r.State == RectVerified
	return !(waiting && !r.AppliedOn.IsZero() && r.AppliedOn <= r.Deadline)
}

// RectEvent is one step of a rectification item's timeline.
type RectEvent struct {
	ID              ID         `json:"id"`
	RectificationID ID         `json:"rectification_id"`
	Action          RectAction `json:"action"`
	// State is the state the step left the item in.
	State   RectState `json:"state"`
	At      time.Time `json:"at"`
	ActorID ID        `json:"actor_id,omitempty"`
	Actor   string    `json:"actor"`
	Note    string    `json:"note,omitempty"`
	// Deadline is a deadline the step set; Date a re-check it scheduled.
	Deadline Date `json:"deadline"`
	Date     Date `json:"date"`
}

// RectFile is an evidence file of a rectification item (佐证材料); its
// bytes are fetched separately.
type RectFile struct {
	ID              ID        `json:"id"`
	RectificationID ID        `json:"rectification_id"`
	EventID         ID        `json:"event_id,omitempty"`
	Name            string    `json:"name"`
	ContentType     string    `json:"content_type"`
	Size            int64     `json:"size"`
	SHA256          string    `json:"sha256"`
	CreatedAt       time.Time `json:"created_at"`
}

// SelfCheck is a 举一反三 request: a finding sent to units so that each
// looks for the same problem at home and answers.
type SelfCheck struct {
	ID           ID     `json:"id"`
	FindingID    ID     `json:"finding_id"`
	InspectionID ID     `json:"inspection_id"`
	Problem      string `json:"problem"`
	// Requirement says what to check and how to answer (自查要求).
	Requirement string            `json:"requirement,omitempty"`
	Deadline    Date              `json:"deadline"`
	CreatedBy   ID                `json:"created_by,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	Answers     []SelfCheckAnswer `json:"answers"`
}

// SelfCheckAnswer is a unit's place in a self-inspection request: asked,
// and once it answers, whether it found similar problems.
type SelfCheckAnswer struct {
	UnitID     ID        `json:"unit_id"`
	Answered   bool      `json:"answered"`
	Found      bool      `json:"found"`
	Problems   string    `json:"problems,omitempty"`
	Measures   string    `json:"measures,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	AnsweredBy ID        `json:"answered_by,omitempty"`
}
