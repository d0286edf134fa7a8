package domain

import "time"

// 容错免责: a unit applies to be exempted from a failure on its record, with
// its grounds; the office decides. An approved exemption stays attached to
// the failure, and whatever shows or scores the failure shows it too.

// FailureKind is the kind of failure an exemption is asked for.
type FailureKind string

const (
	FailureCase           FailureKind = "case"           // a case overdue, red, or closed late
	FailureEscalation     FailureKind = "escalation"     // a rung of the ladder (a case timeline event)
	FailureTalk           FailureKind = "talk"           // a 约谈
	FailureAccountability FailureKind = "accountability" // a 问责 record
	FailureTask           FailureKind = "task"           // a task lagging or overdue
)

// FailureKinds lists every kind.
var FailureKinds = []FailureKind{FailureCase, FailureEscalation, FailureTalk, FailureAccountability, FailureTask}

// Valid reports whether k is known.
func (k FailureKind) Valid() bool { return oneOf(k, FailureKinds) }

// ExemptionState is where an application stands.
type ExemptionState string

const (
	ExemptionPending  ExemptionState = "pending"
	ExemptionApproved ExemptionState = "approved"
	ExemptionRefused  ExemptionState = "refused"
)

// ExemptionStates lists every state.
var ExemptionStates = []ExemptionState{ExemptionPending, ExemptionApproved, ExemptionRefused}

// Valid reports whether s is known.
func (s ExemptionState) Valid() bool { return oneOf(s, ExemptionStates) }

// Exemption is an application for 容错免责 and its decision.
type Exemption struct {
	ID     ID          `json:"id"`
	UnitID ID          `json:"unit_id"`
	Kind   FailureKind `json:"kind"`
	// TargetID is the failure: a case, a case event, a talk, an
	// accountability record or a task. CaseID is the case behind a case or
	// an escalation.
	TargetID ID `json:"target_id"`
	CaseID   ID `json:"case_id,omitempty"`
	// Failure describes it as it stood when applied for ("督〔2023〕17号 逾期");
	// FailureDate is its day, and Year the year assessment counts it in.
	Failure     string         `json:"failure"`
	FailureDate Date           `json:"failure_date"`
	Year        int            `json:"year"`
	Grounds     string         `json:"grounds"`
	State       ExemptionState `json:"state"`
	AppliedByID ID             `json:"applied_by_id,omitempty"`
	AppliedBy   string         `json:"applied_by"`
	AppliedAt   time.Time      `json:"applied_at"`
	DecidedByID ID             `json:"decided_by_id,omitempty"`
	DecidedBy   string         `json:"decided_by"`
	DecidedAt   time.Time      `json:"decided_at,omitzero"`
	// Decision gives the office's reasons.
	Decision string          `json:"decision"`
	Files    []ExemptionFile `json:"files"`
}

// ExemptionFile is a file attached to an application; its bytes are
// fetched separately.
type ExemptionFile struct {
	ID          ID        `json:"id"`
	ExemptionID ID        `json:"exemption_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// CheckApply checks an application's own fields. active says whether the
// failure already has an application waiting or approved: a failure is
// exempted once, and a refused one may be applied for again.
func (e *Exemption) CheckApply(active *Exemption) error {
	if !e.Kind.Valid() {
		return refuse(KindInvalid, "kind", "invalid", FieldName("kind"))
	}
	if e.TargetID == 0 {
		return refuse(KindInvalid, "target_id", "required", FieldName("target_id"))
	}
	var err error
	if e.Grounds, err = checkText("grounds", e.Grounds, true); err != nil {
		return err
	}
	if active != nil {
		return refuse(KindConflict, "", "exemption_exists", active.State)
	}
	e.State = ExemptionPending
	return nil
}

// Decide approves or refuses a waiting application; either way the office
// gives its reasons.
func (e *Exemption) Decide(approve bool, reasons string, by CaseActor, at time.Time) error {
	if e.State != ExemptionPending {
		return refuse(KindConflict, "", "exemption_decided", e.State)
	}
	reasons, err := checkText("decision_reasons", reasons, true)
	if err != nil {
		return err
	}
	e.State = ExemptionRefused
	if approve {
		e.State = ExemptionApproved
	}
	e.Decision, e.DecidedByID, e.DecidedBy, e.DecidedAt = reasons, by.ID, by.Name, at
	return nil
}

// ExemptionRef is an approved exemption as the failure it is attached to
// shows it.
type ExemptionRef struct {
	ID        ID        `json:"id"`
	Decision  string    `json:"decision"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// Ref returns the exemption as its failure shows it.
func (e *Exemption) Ref() ExemptionRef {
	return ExemptionRef{ID: e.ID, Decision: e.Decision, DecidedBy: e.DecidedBy, DecidedAt: e.DecidedAt}
}
