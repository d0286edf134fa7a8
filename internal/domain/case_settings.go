package domain

import (
	"fmt"
	"strings"
	"time"
)

// CaseSettings are the supervision office's rules for cases: one set for
// the deployment, edited by the office.
type CaseSettings struct {
	// NumberPattern makes case numbers: {year} and {seq} (or {seq:3} for a
	// zero-padded width) are replaced, e.g. 督〔{year}〕{seq}号.
	NumberPattern string `json:"number_pattern"`
	// SignHours is how many working hours the lead unit has to sign.
	SignHours int `json:"sign_hours"`
	// OfficeHours are the working hours of a working day, e.g.
	// "08:30-12:00,14:00-17:30".
	OfficeHours string `json:"office_hours"`
	// BlueDays: a case due within this many working days shows blue (0: never).
	BlueDays int `json:"blue_days"`
	// The escalation ladder: 提醒 RemindDays working days before the deadline
	// (0: no reminder), 催办 on the deadline when UrgeAtDeadline, 督办通知
	// NoticeAfterDays working days after it, a 约谈 proposal TalkAfterDays after it.
	RemindDays      int  `json:"remind_days"`
	UrgeAtDeadline  bool `json:"urge_at_deadline"`
	NoticeAfterDays int  `json:"notice_after_days"`
	TalkAfterDays   int  `json:"talk_after_days"`
	// ReopenDays is the new time limit, in working days, of a case reopened
	// after a 不满意 rating.
	ReopenDays int `json:"reopen_days"`
	// TaskCaseDays is the default time limit of a case raised from a lagging task.
	TaskCaseDays int       `json:"task_case_days"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	UpdatedBy    string    `json:"updated_by"`
}

// DefaultCaseSettings are the rules until the office sets its own.
func DefaultCaseSettings() CaseSettings {
	return CaseSettings{NumberPattern: "督〔{year}〕{seq}号", SignHours: 8, OfficeHours: "08:30-12:00,14:00-17:30",
		BlueDays: 3, RemindDays: 3, UrgeAtDeadline: true, NoticeAfterDays: 3, TalkAfterDays: 10, ReopenDays: 10, TaskCaseDays: 10}
}

// Validate checks the settings; the refusal names the offending field.
func (st CaseSettings) Validate() error {
	if _, err := ParseNumberPattern(st.NumberPattern); err != nil {
		return err
	}
	if _, err := ParseOfficeHours(st.OfficeHours); err != nil {
		return err
	}
	ranges := []struct {
		field     string
		v, lo, hi int
	}{
		{"sign_hours", st.SignHours, 1, 240},
		{"blue_days", st.BlueDays, 0, 30},
		{"remind_days", st.RemindDays, 0, 30},
		{"notice_after_days", st.NoticeAfterDays, 1, 60},
		{"talk_after_days", st.TalkAfterDays, 1, 120},
		{"reopen_days", st.ReopenDays, 1, 120},
		{"task_case_days", st.TaskCaseDays, 1, 120},
	}
	for _, r := range ranges {
		if r.v < r.lo || r.v > r.hi {
			return refuse(KindInvalid, r.field, "settings.range", FieldName(r.field), r.lo, r.hi)
		}
	}
	if st.TalkAfterDays <= st.NoticeAfterDays {
		return refuse(KindInvalid, "talk_after_days", "settings.talk_after_notice", st.TalkAfterDays, st.NoticeAfterDays)
	}
	return nil
}

// CaseRefusal is a case rule saying no. It carries a message code and its
// arguments rather than text, so that the service can put it in the
// user's language: arguments of the types CaseState, CaseEventKind,
// FieldName and UnitList are names to translate, times are shown in the
// deployment's zone.
type CaseRefusal struct {
	Kind  Kind
	Field string
	Code  string
	Args  []any
}

func (e *CaseRefusal) Error() string {
	return fmt.Sprintf("case refused: %s %v", e.Code, e.Args)
}

func refuse(kind Kind, field, code string, args ...any) *CaseRefusal {
	return &CaseRefusal{Kind: kind, Field: field, Code: code, Args: args}
}

// FieldName is a refusal argument naming an input field.
type FieldName string

// UnitList is a refusal argument naming units.
type UnitList []ID

// numberPart is a piece of a number pattern: literal text, or a field.
type numberPart struct {
	lit   string
	field string // "year" or "seq"
	width int
}

// NumberPattern is a parsed case number pattern.
type NumberPattern []numberPart

const maxPatternRunes = 40

// ParseNumberPattern parses a pattern such as 督〔{year}〕{seq}号. It must
// contain {seq} once, may contain {year}, and nothing else in braces.
func ParseNumberPattern(s string) (NumberPattern, error) {
	bad := func(code string, args ...any) (NumberPattern, error) {
		return nil, refuse(KindInvalid, "number_pattern", code, args...)
	}
	if strings.TrimSpace(s) == "" {
		return bad("settings.pattern_empty")
	}
	if len([]rune(s)) > maxPatternRunes {
		return bad("settings.pattern_long", maxPatternRunes)
	}
	var out NumberPattern
	seqs := 0
	rest := s
	for rest != "" {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			out = append(out, numberPart{lit: rest})
			break
		}
		if i > 0 {
			out = append(out, numberPart{lit: rest[:i]})
		}
		if rest[i] == '}' {
			return bad("settings.pattern_field", rest[i:])
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return bad("settings.pattern_field", rest[i:])
		}
		name := rest[i+1 : i+j]
		p := numberPart{}
		switch {
		case name == "year":
			p.field = "year"
		case name == "seq":
			p.field, seqs = "seq", seqs+1
		case strings.HasPrefix(name, "seq:") && len(name) == 5 && name[4] >= '1' && name[4] <= '6':
			p.field, p.width, seqs = "seq", int(name[4]-'0'), seqs+1
		default:
			return bad("settings.pattern_field", rest[i:i+j+1])
		}
		out = append(out, p)
		rest = rest[i+j+1:]
	}
	if seqs != 1 {
		return bad("settings.pattern_seq")
	}
	return out, nil
}

// Format makes the number of the seq-th case of year.
func (np NumberPattern) Format(year, seq int) string {
	var b strings.Builder
	for _, p := range np {
		switch p.field {
		case "year":
			fmt.Fprintf(&b, "%d", year)
		case "seq":
			fmt.Fprintf(&b, "%0*d", p.width, seq)
		default:
			b.WriteString(p.lit)
		}
	}
	return b.String()
}
