package domain

import (
	"math"
	"strings"
	"time"
)

// The case workflow as a state machine: each step checks that it may
// happen, changes the case and returns the timeline event that records it.
// Permissions (who may take a step) are the service's business; what a
// step needs and which state it starts from are decided here.

// CaseActor is who takes a step, and for which unit.
type CaseActor struct {
	ID     ID
	Name   string
	UnitID ID
}

// caseSteps lists the states each step may start from.
var caseSteps = map[CaseEventKind][]CaseState{
	EventEdit:             {CaseDraft},
	EventAssign:           {CaseDraft},
	EventSign:             {CaseAssigned},
	EventProgress:         {CaseWorking},
	EventPart:             {CaseAssigned, CaseWorking},
	EventFeedback:         {CaseWorking},
	EventClose:            {CaseReported},
	EventReturn:           {CaseReported},
	EventExtensionRequest: {CaseWorking},
	EventExtensionApprove: {CaseAssigned, CaseWorking, CaseReported},
	EventExtensionRefuse:  {CaseAssigned, CaseWorking, CaseReported},
	EventRate:             {CaseClosed},
	EventRemind:           {CaseAssigned, CaseWorking},
	EventUrge:             {CaseAssigned, CaseWorking},
	EventNotice:           {CaseAssigned, CaseWorking},
	EventTalkProposal:     {CaseAssigned, CaseWorking},
}

// Can reports whether step may happen in the case's present state.
func (c *Case) Can(step CaseEventKind) bool {
	return oneOf(c.State, caseSteps[step])
}

func (c *Case) check(step CaseEventKind) error {
	if !c.Can(step) {
		return refuse(KindConflict, "", "wrong_state", c.State, step)
	}
	return nil
}

func (c *Case) event(kind CaseEventKind, by CaseActor, at time.Time, from CaseState, text string) CaseEvent {
	return CaseEvent{CaseID: c.ID, Kind: kind, At: at, ActorID: by.ID, Actor: by.Name, UnitID: by.UnitID,
		FromState: from, ToState: c.State, Text: text, Round: c.Round, Files: []CaseFile{}}
}

// maxCaseLimitDays bounds a time limit given in working days.
const maxCaseLimitDays = 365

// CheckTimeLimit checks a time limit against today: a number of working
// days (1–365), or a date that is a working day and not in the past.
func CheckTimeLimit(cal WorkdayCalendar, tl TimeLimit, today Date) error {
	switch {
	case tl.Days != 0 && !tl.Date.IsZero():
		return refuse(KindInvalid, "limit_days", "limit_both")
	case tl.Days == 0 && tl.Date.IsZero():
		return refuse(KindInvalid, "limit_days", "limit_missing")
	case tl.Days != 0:
		if tl.Days < 1 || tl.Days > maxCaseLimitDays {
			return refuse(KindInvalid, "limit_days", "limit_days_range", 1, maxCaseLimitDays)
		}
		return nil
	}
	return CheckDeadlineDate(cal, "limit_date", tl.Date, today)
}

// CheckDeadlineDate refuses a deadline in the past or on a day that is
// not a working day.
func CheckDeadlineDate(cal WorkdayCalendar, field string, d, today Date) error {
	if d < today {
		return refuse(KindInvalid, field, "deadline_past", d, today)
	}
	if !cal.IsWorkday(d) {
		return refuse(KindInvalid, field, "deadline_holiday", d)
	}
	return nil
}

// Assign hands the case to its units (交办): it fixes the deadline from the
// time limit and the signing limit from the office hours.
func (c *Case) Assign(by CaseActor, at time.Time, cal WorkdayCalendar, st CaseSettings) (CaseEvent, error) {
	if err := c.check(EventAssign); err != nil {
		return CaseEvent{}, err
	}
	today := DateOf(at)
	if err := CheckTimeLimit(cal, c.TimeLimit, today); err != nil {
		return CaseEvent{}, err
	}
	oh, err := ParseOfficeHours(st.OfficeHours)
	if err != nil {
		return CaseEvent{}, err
	}
	deadline := c.TimeLimit.Date
	if c.TimeLimit.Days > 0 {
		deadline = AddWorkdays(cal, today, c.TimeLimit.Days)
	}
	from := c.State
	c.State, c.AssignedAt, c.WindowStart = CaseAssigned, at, today
	c.Deadline, c.OriginalDeadline = deadline, deadline
	c.SignDue = AddWorkingMinutes(cal, oh, at, st.SignHours*60)
	ev := c.event(EventAssign, by, at, from, "")
	ev.ToDate = deadline
	return ev, nil
}

// Sign records the lead unit's signature (签收); the signer becomes the
// first responsible (首问负责). A case is signed once.
func (c *Case) Sign(by CaseActor, at time.Time) (CaseEvent, error) {
	if c.SignedByID != 0 || !c.SignedAt.IsZero() {
		return CaseEvent{}, refuse(KindConflict, "", "already_signed", c.SignedBy, c.SignedAt)
	}
	if err := c.check(EventSign); err != nil {
		return CaseEvent{}, err
	}
	from := c.State
	c.State, c.SignedAt, c.SignedByID, c.SignedBy = CaseWorking, at, by.ID, by.Name
	return c.event(EventSign, by, at, from, ""), nil
}

// maxCaseText bounds the texts of a case's steps.
const maxCaseText = 4000

func checkText(field, text string, required bool) (string, error) {
	text = strings.TrimSpace(text)
	if required && text == "" {
		return "", refuse(KindInvalid, field, "required", FieldName(field))
	}
	if len([]rune(text)) > maxCaseText {
		return "", refuse(KindInvalid, field, "too_long", FieldName(field), maxCaseText)
	}
	return text, nil
}

// ReportProgress records interim progress (阶段性进展) in percent.
func (c *Case) ReportProgress(by CaseActor, at time.Time, pct float64, text string) (CaseEvent, error) {
	if err := c.check(EventProgress); err != nil {
		return CaseEvent{}, err
	}
	if math.IsNaN(pct) || pct < 0 || pct > 100 {
		return CaseEvent{}, refuse(KindInvalid, "progress", "progress_range")
	}
	text, err := checkText("text", text, true)
	if err != nil {
		return CaseEvent{}, err
	}
	c.Progress = math.Round(pct*10) / 10
	ev := c.event(EventProgress, by, at, c.State, text)
	ev.Progress = c.Progress
	return ev, nil
}

// GivePart records a co-unit's part for the current round (协办意见).
func (c *Case) GivePart(by CaseActor, at time.Time, text string) (CaseEvent, CasePart, error) {
	if err := c.check(EventPart); err != nil {
		return CaseEvent{}, CasePart{}, err
	}
	if !c.IsCoUnit(by.UnitID) {
		return CaseEvent{}, CasePart{}, refuse(KindForbidden, "", "not_co_unit")
	}
	text, err := checkText("text", text, true)
	if err != nil {
		return CaseEvent{}, CasePart{}, err
	}
	part := CasePart{CaseID: c.ID, UnitID: by.UnitID, Round: c.Round, Text: text, ByID: by.ID, By: by.Name, At: at}
	return c.event(EventPart, by, at, c.State, text), part, nil
}

// Feedback is the lead unit's final report (反馈). Every co-unit must have
// given its part in this round first; partsGiven lists the units that have.
func (c *Case) Feedback(by CaseActor, at time.Time, text string, partsGiven []ID) (CaseEvent, error) {
	if err := c.check(EventFeedback); err != nil {
		return CaseEvent{}, err
	}
	text, err := checkText("text", text, true)
	if err != nil {
		return CaseEvent{}, err
	}
	var missing UnitList
	for _, u := range c.CoUnitIDs {
		if !oneOf(u, partsGiven) {
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 {
		return CaseEvent{}, refuse(KindConflict, "", "parts_missing", missing)
	}
	from := c.State
	c.State, c.ReportedAt, c.Progress, c.Returned = CaseReported, at, 100, false
	return c.event(EventFeedback, by, at, from, text), nil
}

// Close approves the feedback and closes the case (审核通过，办结).
func (c *Case) Close(by CaseActor, at time.Time, comment string) (CaseEvent, error) {
	if err := c.check(EventClose); err != nil {
		return CaseEvent{}, err
	}
	comment, err := checkText("comment", comment, false)
	if err != nil {
		return CaseEvent{}, err
	}
	from := c.State
	c.State, c.ClosedAt, c.Rating = CaseClosed, at, ""
	return c.event(EventClose, by, at, from, comment), nil
}

// Lapse ends a request still waiting when its case closes: nothing is left
// to extend, and a reopened case may ask again.
func (ext *CaseExtension) Lapse(at time.Time) {
	if ext.State == ExtensionPending {
		ext.State, ext.DecidedAt = ExtensionLapsed, at
	}
}

// Return sends the feedback back to the lead unit with reasons (退回): the
// case is worked on again and shows yellow until the next feedback.
func (c *Case) Return(by CaseActor, at time.Time, reason string) (CaseEvent, error) {
	if err := c.check(EventReturn); err != nil {
		return CaseEvent{}, err
	}
	reason, err := checkText("reason", reason, true)
	if err != nil {
		return CaseEvent{}, err
	}
	from := c.State
	c.State, c.Returned, c.ReturnCount = CaseWorking, true, c.ReturnCount+1
	return c.event(EventReturn, by, at, from, reason), nil
}

// RequestExtension asks to move the deadline to a later working day
// (延期申请); only one request may wait at a time.
func (c *Case) RequestExtension(by CaseActor, at time.Time, cal WorkdayCalendar, to Date, reason string, pending bool) (CaseEvent, CaseExtension, error) {
	if err := c.check(EventExtensionRequest); err != nil {
		return CaseEvent{}, CaseExtension{}, err
	}
	if pending {
		return CaseEvent{}, CaseExtension{}, refuse(KindConflict, "", "extension_pending")
	}
	reason, err := checkText("reason", reason, true)
	if err != nil {
		return CaseEvent{}, CaseExtension{}, err
	}
	if to.IsZero() {
		return CaseEvent{}, CaseExtension{}, refuse(KindInvalid, "to_date", "required", FieldName("to_date"))
	}
	if to <= c.Deadline {
		return CaseEvent{}, CaseExtension{}, refuse(KindInvalid, "to_date", "extension_not_later", to, c.Deadline)
	}
	if err := CheckDeadlineDate(cal, "to_date", to, DateOf(at)); err != nil {
		return CaseEvent{}, CaseExtension{}, err
	}
	ext := CaseExtension{CaseID: c.ID, Reason: reason, FromDate: c.Deadline, ToDate: to, State: ExtensionPending,
		RequestedBy: by.Name, RequestedAt: at}
	ev := c.event(EventExtensionRequest, by, at, c.State, reason)
	ev.FromDate, ev.ToDate = c.Deadline, to
	return ev, ext, nil
}

// DecideExtension approves or refuses a waiting request. An approval moves
// the deadline (the request keeps the old one) and restarts the
// escalation ladder, which counts from the new deadline; a refusal needs a
// reason.
func (c *Case) DecideExtension(by CaseActor, at time.Time, ext *CaseExtension, approve bool, note string) (CaseEvent, error) {
	kind := EventExtensionRefuse
	if approve {
		kind = EventExtensionApprove
	}
	if ext.State != ExtensionPending {
		return CaseEvent{}, refuse(KindConflict, "", "extension_decided")
	}
	if err := c.check(kind); err != nil {
		return CaseEvent{}, err
	}
	note, err := checkText("note", note, !approve)
	if err != nil {
		return CaseEvent{}, err
	}
	ext.DecidedBy, ext.DecidedAt, ext.Note = by.Name, at, note
	ev := c.event(kind, by, at, c.State, note)
	ev.FromDate, ev.ToDate = ext.FromDate, ext.ToDate
	if approve {
		ext.State = ExtensionApproved
		ev.FromDate = c.Deadline
		c.Deadline, c.Escalation = ext.ToDate, EscalationNone
	} else {
		ext.State = ExtensionRefused
	}
	return ev, nil
}

// Rate records whoever raised the case's judgement of its result, once per
// closing. The first 不满意 reopens the case for ReopenDays working days
// (a new round: co-units give their parts again); a second does not.
func (c *Case) Rate(by CaseActor, at time.Time, cal WorkdayCalendar, st CaseSettings, r CaseRating, comment string) ([]CaseEvent, error) {
	if err := c.check(EventRate); err != nil {
		return nil, err
	}
	if c.Rating != "" {
		return nil, refuse(KindConflict, "", "already_rated")
	}
	if !r.Valid() {
		return nil, refuse(KindInvalid, "rating", "invalid", FieldName("rating"))
	}
	comment, err := checkText("comment", comment, r == RatingDissatisfied)
	if err != nil {
		return nil, err
	}
	c.Rating = r
	rate := c.event(EventRate, by, at, c.State, comment)
	rate.Rating = r
	out := []CaseEvent{rate}
	if r != RatingDissatisfied || c.ReopenCount > 0 {
		return out, nil
	}
	today := DateOf(at)
	from, old := c.State, c.Deadline
	c.State, c.Round, c.ReopenCount = CaseWorking, c.Round+1, c.ReopenCount+1
	c.Deadline, c.WindowStart, c.Progress, c.Escalation = AddWorkdays(cal, today, st.ReopenDays), today, 0, EscalationNone
	c.Rating, c.Returned, c.ReportedAt, c.ClosedAt = "", false, time.Time{}, time.Time{}
	reopen := c.event(EventReopen, by, at, from, comment)
	reopen.FromDate, reopen.ToDate = old, c.Deadline
	return append(out, reopen), nil
}

// Escalate records a rung of the escalation ladder (提醒, 催办, 督办通知,
// 约谈建议) on a case with a unit that has not reported back. The ladder
// only climbs.
func (c *Case) Escalate(by CaseActor, at time.Time, level Escalation, text string) (CaseEvent, error) {
	if level < EscalationRemind || level > EscalationTalk {
		return CaseEvent{}, refuse(KindInvalid, "level", "invalid", FieldName("level"))
	}
	if err := c.check(level.Event()); err != nil {
		return CaseEvent{}, err
	}
	if level <= c.Escalation {
		return CaseEvent{}, refuse(KindConflict, "level", "escalation_reached", c.Escalation.Event(), level.Event())
	}
	text, err := checkText("text", text, false)
	if err != nil {
		return CaseEvent{}, err
	}
	c.Escalation = level
	return c.event(level.Event(), by, at, c.State, text), nil
}
