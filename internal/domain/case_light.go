package domain

import "time"

// CaseLight is the colour of a case on the three-colour sheet (三色督办单),
// or how a closed case closed.
type CaseLight string

const (
	LightNone         CaseLight = "none"           // 正常
	LightBlue         CaseLight = "blue"           // 临期: due within the blue window
	LightYellow       CaseLight = "yellow"         // 滞后: behind, returned, or not signed in time
	LightRed          CaseLight = "red"            // 逾期
	LightClosedOnTime CaseLight = "closed_on_time" // 按期办结
	LightClosedLate   CaseLight = "closed_late"    // 逾期办结
)

// CaseLights lists every light, the most urgent first.
var CaseLights = []CaseLight{LightRed, LightYellow, LightBlue, LightNone, LightClosedLate, LightClosedOnTime}

// Valid reports whether l is known.
func (l CaseLight) Valid() bool { return oneOf(l, CaseLights) }

// LightReason says why a case shows its light.
type LightReason string

const (
	ReasonOverdue     LightReason = "overdue"      // past the deadline
	ReasonReturned    LightReason = "returned"     // returned for poor quality
	ReasonSignOverdue LightReason = "sign_overdue" // not signed within the signing limit
	ReasonBehind      LightReason = "behind"       // progress below the share of time elapsed
	ReasonDueSoon     LightReason = "due_soon"     // due within the blue window
)

// CaseSignal is a case's light on a day, with the figures behind it.
type CaseSignal struct {
	Light  CaseLight   `json:"light"`
	Reason LightReason `json:"reason,omitempty"`
	// Overdue is set when the deadline has passed without a feedback.
	Overdue bool `json:"overdue"`
	// DaysLeft counts the working days from today to the deadline; when
	// overdue it counts the working days past it, negated.
	DaysLeft int `json:"days_left"`
	// Elapsed is the share of the working window gone, in percent.
	Elapsed float64 `json:"elapsed"`
}

// Signal is the case's light at now: now's zone is the deployment's, whose
// calendar date is "today". Open cases are red when overdue, yellow when
// returned, not signed in time, or behind (latest progress strictly below
// the share of working days elapsed since the window started), blue when
// due within st.BlueDays working days, otherwise none. A case awaiting
// review is judged on when it reported back; a closed case shows whether
// its last feedback came by the deadline.
func (c *Case) Signal(now time.Time, cal WorkdayCalendar, st CaseSettings) CaseSignal {
	today := DateOf(now)
	var sig CaseSignal
	switch c.State {
	case CaseDraft:
		sig.Light = LightNone
		return sig
	case CaseClosed:
		sig.Light = LightClosedOnTime
		if c.ReportedLate(now.Location()) {
			sig.Light = LightClosedLate
		}
		return sig
	case CaseReported:
		sig.Light = LightNone
		if c.ReportedLate(now.Location()) {
			sig.Light, sig.Reason, sig.Overdue = LightRed, ReasonOverdue, true
		}
		return sig
	}
	sig.DaysLeft = WorkdaysBetween(cal, today, c.Deadline)
	if today > c.Deadline {
		sig.Overdue, sig.DaysLeft = true, -WorkdaysBetween(cal, c.Deadline, today)
	}
	total := WorkdaysBetween(cal, c.WindowStart, c.Deadline)
	elapsed := WorkdaysBetween(cal, c.WindowStart, today)
	switch {
	case total <= 0 || elapsed >= total:
		sig.Elapsed = 100
		if today < c.Deadline {
			sig.Elapsed = 0
		}
	default:
		sig.Elapsed = float64(elapsed) * 100 / float64(total)
	}
	switch {
	case sig.Overdue:
		sig.Light, sig.Reason = LightRed, ReasonOverdue
	case c.Returned:
		sig.Light, sig.Reason = LightYellow, ReasonReturned
	case c.State == CaseAssigned && !c.SignDue.IsZero() && now.After(c.SignDue):
		sig.Light, sig.Reason = LightYellow, ReasonSignOverdue
	case c.Progress < sig.Elapsed:
		sig.Light, sig.Reason = LightYellow, ReasonBehind
	case st.BlueDays > 0 && sig.DaysLeft <= st.BlueDays:
		sig.Light, sig.Reason = LightBlue, ReasonDueSoon
	default:
		sig.Light = LightNone
	}
	return sig
}

// ReportedLate reports whether the last feedback came after the deadline
// (on a later calendar day in loc).
func (c *Case) ReportedLate(loc *time.Location) bool {
	return !c.ReportedAt.IsZero() && DateOf(c.ReportedAt.In(loc)) > c.Deadline
}

// WorkdaysToClose counts the working days from assignment to closing (0
// for a case not closed).
func (c *Case) WorkdaysToClose(cal WorkdayCalendar, loc *time.Location) int {
	if c.State != CaseClosed || c.AssignedAt.IsZero() || c.ClosedAt.IsZero() {
		return 0
	}
	return WorkdaysBetween(cal, DateOf(c.AssignedAt.In(loc)), DateOf(c.ClosedAt.In(loc)))
}

// EscalationDue returns the highest rung of the escalation ladder the case
// has reached on today and not yet recorded (EscalationNone when none):
// 提醒 within RemindDays working days of the deadline, 催办 from the
// deadline, 督办通知 NoticeAfterDays working days past it, a 约谈 proposal
// TalkAfterDays past it. Only cases with a unit and not yet reported back
// escalate.
func (c *Case) EscalationDue(today Date, cal WorkdayCalendar, st CaseSettings) Escalation {
	if c.State != CaseAssigned && c.State != CaseWorking {
		return EscalationNone
	}
	level := EscalationNone
	if st.RemindDays > 0 && (today >= c.Deadline || WorkdaysBetween(cal, today, c.Deadline) <= st.RemindDays) {
		level = EscalationRemind
	}
	if st.UrgeAtDeadline && today >= c.Deadline {
		level = EscalationUrge
	}
	if today > c.Deadline {
		over := WorkdaysBetween(cal, c.Deadline, today)
		if st.NoticeAfterDays > 0 && over >= st.NoticeAfterDays {
			level = EscalationNotice
		}
		if st.TalkAfterDays > 0 && over >= st.TalkAfterDays {
			level = EscalationTalk
		}
	}
	if level <= c.Escalation {
		return EscalationNone
	}
	return level
}
