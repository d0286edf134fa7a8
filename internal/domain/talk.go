package domain

import (
	"strings"
	"time"
)

// The top of the escalation ladder: 约谈 (a formal talk with a unit's head)
// and 问责 (accountability). Their rules refuse with *CaseRefusal codes
// that the service puts in the user's language (esc.err.<code>).

// TalkState is where a 约谈 stands.
type TalkState string

const (
	TalkPlanned   TalkState = "planned"   // 已确认，待约谈
	TalkHeld      TalkState = "held"      // 已约谈，记录在案
	TalkCancelled TalkState = "cancelled" // 取消
	// TalkDeclined records the office's decision not to follow a case's
	// 约谈 proposal, with its reasons.
	TalkDeclined TalkState = "declined" // 不予约谈
)

// TalkStates lists every state.
var TalkStates = []TalkState{TalkPlanned, TalkHeld, TalkCancelled, TalkDeclined}

// Valid reports whether s is known.
func (s TalkState) Valid() bool { return oneOf(s, TalkStates) }

// Talk is a 约谈: who talked to whom, when, why, what was promised, and the
// cases, tasks and unit it concerns.
type Talk struct {
	ID     ID        `json:"id"`
	UnitID ID        `json:"unit_id"`
	State  TalkState `json:"state"`
	// Proposal is set when the talk answers the sweep's 约谈 proposal on a
	// case (confirmed or declined) rather than being started directly.
	Proposal bool `json:"proposal"`
	CaseIDs  []ID `json:"case_ids"`
	TaskIDs  []ID `json:"task_ids"`
	// PlannedOn is when it is to be held (optional), HeldOn when it was.
	PlannedOn Date `json:"planned_on"`
	HeldOn    Date `json:"held_on"`
	// The talker (a leader or the office's person) and the person talked to
	// (the unit's head): a person of the org, or a name.
	TalkerID    ID     `json:"talker_id,omitempty"`
	Talker      string `json:"talker"`
	TalkeeID    ID     `json:"talkee_id,omitempty"`
	Talkee      string `json:"talkee"`
	Reasons     string `json:"reasons"`
	Commitments string `json:"commitments"`
	// Note is why it was cancelled or declined, or what else was said.
	Note        string    `json:"note"`
	CreatedByID ID        `json:"created_by_id,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	RecordedBy  string    `json:"recorded_by"`
	RecordedAt  time.Time `json:"recorded_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TalkRecord is what a held talk records.
type TalkRecord struct {
	HeldOn      Date   `json:"held_on"`
	TalkerID    ID     `json:"talker_id"`
	Talker      string `json:"talker"`
	TalkeeID    ID     `json:"talkee_id"`
	Talkee      string `json:"talkee"`
	Commitments string `json:"commitments"`
	Note        string `json:"note"`
}

// maxRecordText bounds the texts of talks, accountability records and
// exemptions.
const maxRecordText = 4000

// maxName bounds a person's name typed in.
const maxName = 60

func checkName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if len([]rune(name)) > maxName {
		return "", refuse(KindInvalid, field, "too_long", FieldName(field), maxName)
	}
	return name, nil
}

// CheckNew checks a talk as the office starts or confirms it (planned, or
// held when it is recorded at once with rec). today is the office's date.
func (t *Talk) CheckNew(today Date, rec *TalkRecord) error {
	if t.UnitID == 0 {
		return refuse(KindInvalid, "unit_id", "required", FieldName("unit_id"))
	}
	var err error
	if t.Reasons, err = checkText("reasons", t.Reasons, true); err != nil {
		return err
	}
	if t.Note, err = checkText("note", t.Note, false); err != nil {
		return err
	}
	if !t.PlannedOn.IsZero() && t.PlannedOn < today && rec == nil {
		return refuse(KindInvalid, "planned_on", "date_past", t.PlannedOn, today)
	}
	t.State = TalkPlanned
	if rec != nil {
		return t.Record(*rec, today)
	}
	return nil
}

// Record records a planned talk as held: the day (not in the future), the
// talker, the person talked to and the commitments made.
func (t *Talk) Record(rec TalkRecord, today Date) error {
	if t.State != TalkPlanned {
		return refuse(KindConflict, "", "talk_state", t.State)
	}
	if rec.HeldOn.IsZero() {
		return refuse(KindInvalid, "held_on", "required", FieldName("held_on"))
	}
	if rec.HeldOn > today {
		return refuse(KindInvalid, "held_on", "date_future", rec.HeldOn, today)
	}
	var err error
	if rec.Talker, err = checkName("talker", rec.Talker); err != nil {
		return err
	}
	if rec.TalkerID == 0 && rec.Talker == "" {
		return refuse(KindInvalid, "talker", "required", FieldName("talker"))
	}
	if rec.Talkee, err = checkName("talkee", rec.Talkee); err != nil {
		return err
	}
	if rec.TalkeeID == 0 && rec.Talkee == "" {
		return refuse(KindInvalid, "talkee", "required", FieldName("talkee"))
	}
	if rec.Commitments, err = checkText("commitments", rec.Commitments, true); err != nil {
		return err
	}
	if rec.Note, err = checkText("note", rec.Note, false); err != nil {
		return err
	}
	t.State, t.HeldOn = TalkHeld, rec.HeldOn
	t.TalkerID, t.Talker, t.TalkeeID, t.Talkee = rec.TalkerID, rec.Talker, rec.TalkeeID, rec.Talkee
	t.Commitments = rec.Commitments
	if rec.Note != "" {
		t.Note = rec.Note
	}
	return nil
}

// Cancel calls off a planned talk; the reason is required.
func (t *Talk) Cancel(note string) error {
	if t.State != TalkPlanned {
		return refuse(KindConflict, "", "talk_state", t.State)
	}
	note, err := checkText("note", note, true)
	if err != nil {
		return err
	}
	t.State, t.Note = TalkCancelled, note
	return nil
}

// Accountability is a 问责 record: the decision taken about a person of a
// unit, the measure, the day, and the case or talk it follows from.
type Accountability struct {
	ID ID `json:"id"`
	// Decision is what was decided (and by whom, with its document number).
	Decision string `json:"decision"`
	PersonID ID     `json:"person_id,omitempty"`
	Person   string `json:"person"`
	UnitID   ID     `json:"unit_id"`
	// Measure is one of the configured measures, or free text.
	Measure     string    `json:"measure"`
	Date        Date      `json:"date"`
	Reasons     string    `json:"reasons"`
	CaseID      ID        `json:"case_id,omitempty"`
	TalkID      ID        `json:"talk_id,omitempty"`
	CreatedByID ID        `json:"created_by_id,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// DefaultMeasures are the accountability measures until the office sets
// its own (the forms of 问责 in the party's regulations, mildest first).
func DefaultMeasures() []string {
	return []string{"提醒谈话", "批评教育", "责令检查", "诫勉谈话", "通报批评", "组织调整", "政务处分", "党纪处分"}
}

// MeasureOther is the measure chosen to type one in.
const MeasureOther = "other"

// maxMeasure bounds a measure's name.
const maxMeasure = 40

// CheckMeasures cleans a list of measures: names trimmed, none empty or
// repeated, at most 30.
func CheckMeasures(list []string) ([]string, error) {
	var out []string
	for _, m := range list {
		m = strings.TrimSpace(m)
		switch {
		case m == "":
			continue
		case len([]rune(m)) > maxMeasure:
			return nil, refuse(KindInvalid, "measures", "measure_long", m, maxMeasure)
		case oneOf(m, out) || m == MeasureOther:
			return nil, refuse(KindInvalid, "measures", "measure_repeated", m)
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, refuse(KindInvalid, "measures", "measures_empty")
	}
	if len(out) > 30 {
		return nil, refuse(KindInvalid, "measures", "measures_many", 30)
	}
	return out, nil
}

// Check checks a record against the configured measures: measure is one of
// them, or MeasureOther with the measure typed in other.
func (a *Accountability) Check(today Date, measures []string, other string) error {
	var err error
	if a.Decision, err = checkText("decision", a.Decision, true); err != nil {
		return err
	}
	if a.Person, err = checkName("person", a.Person); err != nil {
		return err
	}
	if a.PersonID == 0 && a.Person == "" {
		return refuse(KindInvalid, "person", "required", FieldName("person"))
	}
	if a.UnitID == 0 {
		return refuse(KindInvalid, "unit_id", "required", FieldName("unit_id"))
	}
	a.Measure = strings.TrimSpace(a.Measure)
	switch {
	case a.Measure == "":
		return refuse(KindInvalid, "measure", "required", FieldName("measure"))
	case a.Measure == MeasureOther:
		other = strings.TrimSpace(other)
		if other == "" {
			return refuse(KindInvalid, "measure_other", "measure_other")
		}
		if len([]rune(other)) > maxMeasure {
			return refuse(KindInvalid, "measure_other", "measure_long", other, maxMeasure)
		}
		a.Measure = other
	case !oneOf(a.Measure, measures):
		return refuse(KindInvalid, "measure", "measure_unknown", a.Measure)
	}
	if a.Date.IsZero() {
		return refuse(KindInvalid, "date", "required", FieldName("date"))
	}
	if a.Date > today {
		return refuse(KindInvalid, "date", "date_future", a.Date, today)
	}
	a.Reasons, err = checkText("reasons", a.Reasons, false)
	return err
}
