package domain

import "time"

// The escalation ladder as dates. Each rung falls due on a day fixed by the
// deadline, the office's settings and the working-day calendar:
//
//	提醒 (remind)   the first day with RemindDays working days or fewer left
//	催办 (urge)     the deadline itself
//	督办通知 (notice) NoticeAfterDays working days after the deadline
//	约谈建议 (talk)   TalkAfterDays working days after the deadline
//
// A rung the settings leave out (RemindDays 0, UrgeAtDeadline off) has no
// date. Every rung's date moves forward with the deadline, and for one
// deadline the rungs come in order, so "rung r is due by today" is the same
// as "the deadline is on or before a threshold": the sweep selects the
// cases to escalate with an indexed range per rung instead of looking at
// every open case.

// maxLadderDays bounds the searches below (a rung is never a year away).
const maxLadderDays = 732

// EscalationDate returns the day rung r falls due for a case due on
// deadline (0 when the settings leave r out or there is no deadline).
func EscalationDate(r Escalation, deadline Date, cal WorkdayCalendar, st CaseSettings) Date {
	if deadline.IsZero() {
		return 0
	}
	switch r {
	case EscalationRemind:
		if st.RemindDays <= 0 {
			return 0
		}
		// The earliest day from which at most RemindDays working days
		// remain: going back, stop before the count exceeds the setting.
		d := deadline
		for i := 0; i < maxLadderDays && WorkdaysBetween(cal, d-1, deadline) <= st.RemindDays; i++ {
			d--
		}
		return d
	case EscalationUrge:
		if !st.UrgeAtDeadline {
			return 0
		}
		return deadline
	case EscalationNotice:
		if st.NoticeAfterDays <= 0 {
			return 0
		}
		return AddWorkdays(cal, deadline, st.NoticeAfterDays)
	case EscalationTalk:
		if st.TalkAfterDays <= 0 {
			return 0
		}
		return AddWorkdays(cal, deadline, st.TalkAfterDays)
	}
	return 0
}

// EscalationsDue returns the rungs the case has reached by today and not
// yet recorded, lowest first: the sweep records every one of them, in
// order. Only cases with a unit that has not reported back escalate.
func (c *Case) EscalationsDue(today Date, cal WorkdayCalendar, st CaseSettings) []Escalation {
	if c.State != CaseAssigned && c.State != CaseWorking {
		return nil
	}
	var out []Escalation
	for r := max(c.Escalation+1, EscalationRemind); r <= EscalationTalk; r++ {
		if d := EscalationDate(r, c.Deadline, cal, st); d != 0 && d <= today {
			out = append(out, r)
		}
	}
	return out
}

// NextEscalation returns the next rung the case will reach and the day it
// falls due (EscalationNone and 0 when nothing more can come).
func (c *Case) NextEscalation(cal WorkdayCalendar, st CaseSettings) (Escalation, Date) {
	if c.State != CaseAssigned && c.State != CaseWorking {
		return EscalationNone, 0
	}
	for r := max(c.Escalation+1, EscalationRemind); r <= EscalationTalk; r++ {
		if d := EscalationDate(r, c.Deadline, cal, st); d != 0 {
			return r, d
		}
	}
	return EscalationNone, 0
}

// EscalationThreshold returns the latest deadline whose rung r falls due
// on or before today (0 when the settings leave r out): a case below rung r
// reaches it exactly when its deadline is on or before the threshold.
func EscalationThreshold(r Escalation, today Date, cal WorkdayCalendar, st CaseSettings) Date {
	if EscalationDate(r, today, cal, st) == 0 {
		return 0
	}
	due := func(deadline Date) bool { return EscalationDate(r, deadline, cal, st) <= today }
	// Widen a bracket lo (due) < hi (not due), then halve it.
	lo, hi := today, today+1
	for step := Date(16); !due(lo) && step < 4*maxLadderDays; step *= 2 {
		hi, lo = lo, lo-step
	}
	for step := Date(16); due(hi) && step < 4*maxLadderDays; step *= 2 {
		lo, hi = hi, hi+step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if due(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// EscalationThresholds returns the threshold of every rung (indexed by
// Escalation; index 0 unused) as of today.
func EscalationThresholds(today Date, cal WorkdayCalendar, st CaseSettings) [EscalationTalk + 1]Date {
	var out [EscalationTalk + 1]Date
	for r := EscalationRemind; r <= EscalationTalk; r++ {
		out[r] = EscalationThreshold(r, today, cal, st)
	}
	return out
}

// SignAlert is how far the reminders about an unsigned case have gone: the
// lead unit is reminded when the signing limit passes, and the office is
// told when it has passed by as long again.
type SignAlert int

const (
	SignAlertNone   SignAlert = iota
	SignAlertUnit             // 签收提醒: the lead unit reminded
	SignAlertOffice           // 签收超时: the office told
)

// Event returns the timeline event that records the alert.
func (a SignAlert) Event() CaseEventKind {
	switch a {
	case SignAlertUnit:
		return EventSignRemind
	case SignAlertOffice:
		return EventSignOverdue
	}
	return ""
}

// SignAlertAt returns when alert a falls due for a case assigned and not
// signed (the zero time when it has no signing limit). c.SignDue must be in
// the deployment's zone, whose clock the office hours are read on.
func (c *Case) SignAlertAt(a SignAlert, cal WorkdayCalendar, oh OfficeHours, st CaseSettings) time.Time {
	if c.SignDue.IsZero() {
		return time.Time{}
	}
	switch a {
	case SignAlertUnit:
		return c.SignDue
	case SignAlertOffice:
		return AddWorkingMinutes(cal, oh, c.SignDue, max(st.SignHours, 1)*60)
	}
	return time.Time{}
}

// SignAlertsDue returns the alerts due at now for a case still waiting to
// be signed, beyond those already sent, lowest first.
func (c *Case) SignAlertsDue(now time.Time, sent SignAlert, cal WorkdayCalendar, oh OfficeHours, st CaseSettings) []SignAlert {
	if c.State != CaseAssigned || c.SignedByID != 0 || !c.SignedAt.IsZero() {
		return nil
	}
	var out []SignAlert
	for a := max(sent+1, SignAlertUnit); a <= SignAlertOffice; a++ {
		if t := c.SignAlertAt(a, cal, oh, st); !t.IsZero() && !now.Before(t) {
			out = append(out, a)
		}
	}
	return out
}
