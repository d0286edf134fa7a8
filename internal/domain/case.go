package domain

import "time"

// CaseSource is where a supervision case (督办件) comes from.
type CaseSource string

const (
	CaseSourceInstruction CaseSource = "instruction" // 领导批示
	CaseSourceMeeting     CaseSource = "meeting"     // 会议议定
	CaseSourceSuperior    CaseSource = "superior"    // 上级交办
	CaseSourceNPC         CaseSource = "npc"         // 人大建议
	CaseSourceCPPCC       CaseSource = "cppcc"       // 政协提案
	CaseSourcePublic      CaseSource = "public"      // 群众反映
	CaseSourceInspection  CaseSource = "inspection"  // 督查发现
	CaseSourceTask        CaseSource = "task"        // 任务滞后
)

// CaseSources lists every source in display order.
var CaseSources = []CaseSource{CaseSourceInstruction, CaseSourceMeeting, CaseSourceSuperior, CaseSourceNPC,
	CaseSourceCPPCC, CaseSourcePublic, CaseSourceInspection, CaseSourceTask}

// Valid reports whether s is a known source.
func (s CaseSource) Valid() bool { return oneOf(s, CaseSources) }

// CaseUrgency is how urgent a case is (一般/紧急/特急).
type CaseUrgency string

const (
	UrgencyNormal   CaseUrgency = "normal"   // 一般
	UrgencyUrgent   CaseUrgency = "urgent"   // 紧急
	UrgencyCritical CaseUrgency = "critical" // 特急
)

// CaseUrgencies lists every urgency, least urgent first.
var CaseUrgencies = []CaseUrgency{UrgencyNormal, UrgencyUrgent, UrgencyCritical}

// Valid reports whether u is known.
func (u CaseUrgency) Valid() bool { return oneOf(u, CaseUrgencies) }

// CaseState is where a case stands in its workflow.
type CaseState string

const (
	CaseDraft    CaseState = "draft"    // 立项: not yet assigned
	CaseAssigned CaseState = "assigned" // 交办: waiting for the lead unit to sign
	CaseWorking  CaseState = "working"  // 签收后办理中 (also after 退回 and reopening)
	CaseReported CaseState = "reported" // 反馈: waiting for the office's review
	CaseClosed   CaseState = "closed"   // 办结
)

// CaseStates lists every state in workflow order.
var CaseStates = []CaseState{CaseDraft, CaseAssigned, CaseWorking, CaseReported, CaseClosed}

// Valid reports whether s is known.
func (s CaseState) Valid() bool { return oneOf(s, CaseStates) }

// Open reports whether the case is with a unit (assigned, working or
// reported) and so on the clock.
func (s CaseState) Open() bool { return s == CaseAssigned || s == CaseWorking || s == CaseReported }

// CaseRating is how whoever raised a case judges its result.
type CaseRating string

const (
	RatingSatisfied    CaseRating = "satisfied"    // 满意
	RatingFair         CaseRating = "fair"         // 基本满意
	RatingDissatisfied CaseRating = "dissatisfied" // 不满意
)

// CaseRatings lists every rating, best first.
var CaseRatings = []CaseRating{RatingSatisfied, RatingFair, RatingDissatisfied}

// Valid reports whether r is known.
func (r CaseRating) Valid() bool { return oneOf(r, CaseRatings) }

// Escalation is a rung of the escalation ladder a case has reached; the
// ladder only climbs.
type Escalation int

const (
	EscalationNone   Escalation = iota
	EscalationRemind            // 提醒: before the deadline
	EscalationUrge              // 催办: at the deadline
	EscalationNotice            // 督办通知: some working days overdue
	EscalationTalk              // 约谈建议: more working days overdue
)

// Event returns the timeline event that records reaching e.
func (e Escalation) Event() CaseEventKind {
	switch e {
	case EscalationRemind:
		return EventRemind
	case EscalationUrge:
		return EventUrge
	case EscalationNotice:
		return EventNotice
	case EscalationTalk:
		return EventTalkProposal
	}
	return ""
}

// EscalationOf returns the rung an escalation event records
// (EscalationNone for other events).
func EscalationOf(k CaseEventKind) Escalation {
	for e := EscalationRemind; e <= EscalationTalk; e++ {
		if e.Event() == k {
			return e
		}
	}
	return EscalationNone
}

// TimeLimit is a case's time limit: a number of working days counted from
// the day it is assigned (交办), or a fixed date. Exactly one is set.
type TimeLimit struct {
	Days int  `json:"limit_days"`
	Date Date `json:"limit_date"`
}

// Case is a supervision case (督办件).
type Case struct {
	ID     ID     `json:"id"`
	Number string `json:"number"`
	// Year and Seq are the parts of Number: the sequence restarts every year.
	Year    int         `json:"year"`
	Seq     int         `json:"seq"`
	Title   string      `json:"title"`
	Content string      `json:"content"`
	Source  CaseSource  `json:"source"`
	Urgency CaseUrgency `json:"urgency"`
	// LeaderID is the leader whose instruction it is (a person).
	LeaderID   ID   `json:"leader_id,omitempty"`
	LeadUnitID ID   `json:"lead_unit_id"`
	CoUnitIDs  []ID `json:"co_unit_ids"`
	TaskIDs    []ID `json:"task_ids"`
	TimeLimit
	// Deadline is the date the case is due, set when it is assigned and
	// moved by approved extensions and by reopening; OriginalDeadline is the
	// one first set.
	Deadline         Date `json:"deadline"`
	OriginalDeadline Date `json:"original_deadline"`
	// WindowStart is the first day of the current working window (the day of
	// assignment, or of reopening): the share of time elapsed counts from it.
	WindowStart Date      `json:"window_start"`
	State       CaseState `json:"state"`
	// Round counts the times the case was worked on: 1, and 2 after a
	// reopening. Co-units' parts count for the round they were given in.
	Round int `json:"round"`
	// Progress is the latest interim progress in percent.
	Progress float64 `json:"progress"`
	// Returned is set while a return for poor quality has not been answered
	// by a new feedback.
	Returned    bool `json:"returned"`
	ReturnCount int  `json:"return_count"`
	ReopenCount int  `json:"reopen_count"`
	// Rating is this round's rating, empty until given.
	Rating     CaseRating `json:"rating,omitempty"`
	Escalation Escalation `json:"escalation"`
	// RaisedByID is the account that raised the case (立项), RaisedBy its name.
	RaisedByID ID     `json:"raised_by_id,omitempty"`
	RaisedBy   string `json:"raised_by"`
	// SignedByID is the account that signed for the lead unit: the first
	// responsible (首问负责).
	SignedByID ID        `json:"signed_by_id,omitempty"`
	SignedBy   string    `json:"signed_by"`
	CreatedAt  time.Time `json:"created_at"`
	AssignedAt time.Time `json:"assigned_at,omitzero"`
	// SignDue is when the lead unit should have signed (working hours after
	// assignment).
	SignDue    time.Time `json:"sign_due,omitzero"`
	SignedAt   time.Time `json:"signed_at,omitzero"`
	ReportedAt time.Time `json:"reported_at,omitzero"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Units returns the lead unit followed by the co-units.
func (c *Case) Units() []ID {
	return append([]ID{c.LeadUnitID}, c.CoUnitIDs...)
}

// IsCoUnit reports whether u is one of the case's co-units.
func (c *Case) IsCoUnit(u ID) bool {
	for _, id := range c.CoUnitIDs {
		if id == u {
			return true
		}
	}
	return false
}

// SignedLate reports whether the lead unit signed after the signing limit.
func (c *Case) SignedLate() bool {
	return !c.SignedAt.IsZero() && !c.SignDue.IsZero() && c.SignedAt.After(c.SignDue)
}

// CaseEventKind is what happened in a step of a case's timeline.
type CaseEventKind string

const (
	EventCreate           CaseEventKind = "create"            // 立项
	EventEdit             CaseEventKind = "edit"              // 修改
	EventAssign           CaseEventKind = "assign"            // 交办
	EventSign             CaseEventKind = "sign"              // 签收
	EventProgress         CaseEventKind = "progress"          // 阶段进展
	EventPart             CaseEventKind = "part"              // 协办单位意见
	EventFeedback         CaseEventKind = "feedback"          // 反馈
	EventClose            CaseEventKind = "close"             // 审核通过，办结
	EventReturn           CaseEventKind = "return"            // 退回
	EventExtensionRequest CaseEventKind = "extension_request" // 延期申请
	EventExtensionApprove CaseEventKind = "extension_approve" // 同意延期
	EventExtensionRefuse  CaseEventKind = "extension_refuse"  // 不同意延期
	EventRate             CaseEventKind = "rate"              // 评价
	EventReopen           CaseEventKind = "reopen"            // 重新办理
	EventRemind           CaseEventKind = "remind"            // 提醒
	EventUrge             CaseEventKind = "urge"              // 催办
	EventNotice           CaseEventKind = "notice"            // 督办通知
	EventTalkProposal     CaseEventKind = "talk_proposal"     // 约谈建议
	// The sweep's reminders about a case not signed in time.
	EventSignRemind  CaseEventKind = "sign_remind"  // 签收提醒
	EventSignOverdue CaseEventKind = "sign_overdue" // 签收超时，告知督查室
)

// CaseEventKinds lists every kind of event.
var CaseEventKinds = []CaseEventKind{EventCreate, EventEdit, EventAssign, EventSign, EventProgress, EventPart, EventFeedback,
	EventClose, EventReturn, EventExtensionRequest, EventExtensionApprove, EventExtensionRefuse, EventRate, EventReopen,
	EventRemind, EventUrge, EventNotice, EventTalkProposal, EventSignRemind, EventSignOverdue}

// CaseEvent is one step of a case's timeline: who, when, what, and the
// state or deadline it moved from and to.
type CaseEvent struct {
	ID      ID            `json:"id"`
	CaseID  ID            `json:"case_id"`
	Kind    CaseEventKind `json:"kind"`
	At      time.Time     `json:"at"`
	ActorID ID            `json:"actor_id,omitempty"`
	Actor   string        `json:"actor"`
	// UnitID is the unit the actor acted for (signing, parts, feedback).
	UnitID    ID        `json:"unit_id,omitempty"`
	FromState CaseState `json:"from_state,omitempty"`
	ToState   CaseState `json:"to_state,omitempty"`
	Text      string    `json:"text"`
	// Progress is the percent of a progress event.
	Progress float64 `json:"progress"`
	// FromDate and ToDate are a deadline that moved (extension, reopening).
	FromDate Date       `json:"from_date"`
	ToDate   Date       `json:"to_date"`
	Rating   CaseRating `json:"rating,omitempty"`
	Round    int        `json:"round"`
	Files    []CaseFile `json:"files"`
}

// CasePart is a co-unit's contribution for a round (协办意见).
type CasePart struct {
	ID     ID        `json:"id"`
	CaseID ID        `json:"case_id"`
	UnitID ID        `json:"unit_id"`
	Round  int       `json:"round"`
	Text   string    `json:"text"`
	ByID   ID        `json:"by_id,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// ExtensionState is where an extension request (延期申请) stands.
type ExtensionState string

const (
	ExtensionPending  ExtensionState = "pending"
	ExtensionApproved ExtensionState = "approved"
	ExtensionRefused  ExtensionState = "refused"
	// ExtensionLapsed: the case closed while the request waited.
	ExtensionLapsed ExtensionState = "lapsed"
)

// ExtensionStates lists every state of a request.
var ExtensionStates = []ExtensionState{ExtensionPending, ExtensionApproved, ExtensionRefused, ExtensionLapsed}

// CaseExtension is a request to move a case's deadline.
type CaseExtension struct {
	ID          ID             `json:"id"`
	CaseID      ID             `json:"case_id"`
	Reason      string         `json:"reason"`
	FromDate    Date           `json:"from_date"`
	ToDate      Date           `json:"to_date"`
	State       ExtensionState `json:"state"`
	RequestedBy string         `json:"requested_by"`
	RequestedAt time.Time      `json:"requested_at"`
	DecidedBy   string         `json:"decided_by"`
	DecidedAt   time.Time      `json:"decided_at,omitzero"`
	Note        string         `json:"note"`
}

// CaseRatingEntry is one rating of a case's result, one per closing round.
type CaseRatingEntry struct {
	ID      ID         `json:"id"`
	CaseID  ID         `json:"case_id"`
	Round   int        `json:"round"`
	Rating  CaseRating `json:"rating"`
	Comment string     `json:"comment"`
	ByID    ID         `json:"by_id,omitempty"`
	By      string     `json:"by"`
	At      time.Time  `json:"at"`
}

// CaseFile is an attachment of a case or evidence of one of its steps; its
// bytes are fetched separately.
type CaseFile struct {
	ID          ID        `json:"id"`
	CaseID      ID        `json:"case_id"`
	EventID     ID        `json:"event_id,omitempty"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

func oneOf[T comparable](v T, all []T) bool {
	for _, x := range all {
		if x == v {
			return true
		}
	}
	return false
}
