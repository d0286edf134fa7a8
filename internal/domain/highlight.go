package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// 亮点 (述亮点): each unit declares one or two highlight works a year with the
// ambition it means to reach (全市第一…); the office accepts or returns each
// during declaration and evaluates the accepted ones at year end. The rules
// refuse with *HighlightRefusal codes that the service puts in the user's
// language (hl.err.<code>).

// HighlightState is where a declaration stands.
type HighlightState string

const (
	HighlightDraft    HighlightState = "draft"    // 草稿
	HighlightDeclared HighlightState = "declared" // 已申报，待审核
	HighlightAccepted HighlightState = "accepted" // 已认定
	HighlightReturned HighlightState = "returned" // 已退回，可修改后重报
)

// HighlightStates lists every state in workflow order.
var HighlightStates = []HighlightState{HighlightDraft, HighlightDeclared, HighlightAccepted, HighlightReturned}

// Valid reports whether s is known.
func (s HighlightState) Valid() bool { return oneOf(s, HighlightStates) }

// Achievement is how far an accepted highlight reached its ambition.
type Achievement string

const (
	AchievedMet    Achievement = "met"    // 达到
	AchievedPartly Achievement = "partly" // 部分达到
	AchievedNot    Achievement = "not"    // 未达到
)

// Achievements lists every achievement, best first.
var Achievements = []Achievement{AchievedMet, AchievedPartly, AchievedNot}

// Valid reports whether a is known.
func (a Achievement) Valid() bool { return oneOf(a, Achievements) }

// MaxHighlights is how many highlights a unit may declare in a year.
const MaxHighlights = 2

// DefaultAmbitions are the ambition levels offices start with.
func DefaultAmbitions() []string {
	return []string{"全国领先", "全省前列", "全市第一", "全市前列"}
}

// HighlightGrades are the grades an evaluation may give.
var HighlightGrades = []string{"优秀", "良好", "一般", "较差"}

// Highlight is one unit's declared highlight work of a year.
type Highlight struct {
	ID     ID     `json:"id"`
	UnitID ID     `json:"unit_id"`
	Year   int    `json:"year"`
	Title  string `json:"title"`
	// Content says what will be done and how the ambition is measured.
	Content  string         `json:"content"`
	Ambition string         `json:"ambition"`
	TaskIDs  []ID           `json:"task_ids"`
	State    HighlightState `json:"state"`
	// The unit's declaration, and the office's decision (Note: why it was
	// returned, or a remark on accepting).
	DeclaredBy string    `json:"declared_by,omitempty"`
	DeclaredAt time.Time `json:"declared_at,omitzero"`
	DecidedBy  string    `json:"decided_by,omitempty"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`
	Note       string    `json:"note,omitempty"`
	// Files are the unit's supporting files (佐证材料), without bytes.
	Files []FileRef `json:"files,omitempty"`
	// Evaluation is the year-end evaluation, nil until made.
	Evaluation *HighlightEvaluation `json:"evaluation,omitempty"`
	CreatedBy  string               `json:"created_by"`
	CreatedAt  time.Time            `json:"created_at"`
	UpdatedAt  time.Time            `json:"updated_at"`
}

// HighlightEvaluation is the office's year-end evaluation: the ambition met,
// partly or not, a score (0–100) or a grade (or both), and a comment.
type HighlightEvaluation struct {
	Achieved    Achievement `json:"achieved"`
	Score       *float64    `json:"score,omitempty"`
	Grade       string      `json:"grade,omitempty"`
	Comment     string      `json:"comment"`
	Evidence    string      `json:"evidence,omitempty"`
	EvaluatedBy string      `json:"evaluated_by,omitempty"`
	EvaluatedAt time.Time   `json:"evaluated_at,omitzero"`
}

// HighlightRefusal is a refused highlight change: a catalog code and its
// arguments.
type HighlightRefusal struct {
	Kind  Kind
	Field string
	Code  string
	Args  []any
}

func (e *HighlightRefusal) Error() string {
	return fmt.Sprintf("highlight refused: %s %v", e.Code, e.Args)
}

func hlRefuse(kind Kind, field, code string, args ...any) *HighlightRefusal {
	return &HighlightRefusal{Kind: kind, Field: field, Code: code, Args: args}
}

// Limits of a declaration's texts, in characters.
const (
	highlightTitleMax   = 100
	highlightContentMax = 4000
)

// CheckHighlight cleans and checks what a unit writes: title, content,
// an ambition from the list, a plausible year.
func CheckHighlight(h *Highlight, ambitions []string) error {
	h.Title, h.Content, h.Ambition = strings.TrimSpace(h.Title), strings.TrimSpace(h.Content), strings.TrimSpace(h.Ambition)
	switch {
	case h.Year < 2000 || h.Year > 2100:
		return hlRefuse(KindInvalid, "year", "year", h.Year)
	case h.Title == "":
		return hlRefuse(KindInvalid, "title", "title_empty")
	case utf8.RuneCountInString(h.Title) > highlightTitleMax:
		return hlRefuse(KindInvalid, "title", "title_long", highlightTitleMax)
	case h.Content == "":
		return hlRefuse(KindInvalid, "content", "content_empty")
	case utf8.RuneCountInString(h.Content) > highlightContentMax:
		return hlRefuse(KindInvalid, "content", "content_long", highlightContentMax)
	}
	for _, a := range ambitions {
		if a == h.Ambition {
			return nil
		}
	}
	return hlRefuse(KindInvalid, "ambition", "ambition", h.Ambition, strings.Join(ambitions, "、"))
}

// HighlightSlot returns the slot (1 or 2) a new highlight of a unit takes,
// given the slots its highlights of the year already hold: a third is
// refused.
func HighlightSlot(taken []int) (int, error) {
	used := map[int]bool{}
	for _, s := range taken {
		used[s] = true
	}
	for s := 1; s <= MaxHighlights; s++ {
		if !used[s] {
			return s, nil
		}
	}
	return 0, hlRefuse(KindConflict, "", "too_many", MaxHighlights)
}

// CanEdit reports whether the unit may still change or withdraw it.
func (h Highlight) CanEdit() bool { return h.State == HighlightDraft || h.State == HighlightReturned }

// CanAttach reports whether the unit may still add supporting files: until
// the office has evaluated the highlight.
func (h Highlight) CanAttach() bool { return h.Evaluation == nil }

// Declare moves a draft or returned highlight to declared.
func (h *Highlight) Declare(by string, at time.Time) error {
	if !h.CanEdit() {
		return hlRefuse(KindConflict, "", "not_editable", h.State)
	}
	h.State, h.DeclaredBy, h.DeclaredAt, h.UpdatedAt = HighlightDeclared, by, at, at
	return nil
}

// Decide accepts or returns a declared highlight; returning needs a reason.
func (h *Highlight) Decide(accept bool, note, by string, at time.Time) error {
	note = strings.TrimSpace(note)
	if h.State != HighlightDeclared {
		return hlRefuse(KindConflict, "", "not_declared", h.State)
	}
	if !accept && note == "" {
		return hlRefuse(KindInvalid, "note", "note_empty")
	}
	h.State = HighlightAccepted
	if !accept {
		h.State = HighlightReturned
	}
	h.Note, h.DecidedBy, h.DecidedAt, h.UpdatedAt = note, by, at, at
	return nil
}

// Evaluate records (or replaces) the year-end evaluation of an accepted
// highlight.
func (h *Highlight) Evaluate(e HighlightEvaluation, by string, at time.Time) error {
	if h.State != HighlightAccepted {
		return hlRefuse(KindConflict, "", "not_accepted", h.State)
	}
	e.Comment, e.Grade, e.Evidence = strings.TrimSpace(e.Comment), strings.TrimSpace(e.Grade), strings.TrimSpace(e.Evidence)
	if !e.Achieved.Valid() {
		return hlRefuse(KindInvalid, "achieved", "achieved", string(e.Achieved))
	}
	if e.Score == nil && e.Grade == "" {
		return hlRefuse(KindInvalid, "score", "score_or_grade")
	}
	if e.Score != nil && (*e.Score < 0 || *e.Score > 100 || *e.Score != *e.Score) {
		return hlRefuse(KindInvalid, "score", "score_range", *e.Score)
	}
	if e.Grade != "" && !oneOf(e.Grade, HighlightGrades) {
		return hlRefuse(KindInvalid, "grade", "grade", e.Grade, strings.Join(HighlightGrades, "、"))
	}
	if e.Comment == "" {
		return hlRefuse(KindInvalid, "comment", "comment_empty")
	}
	if utf8.RuneCountInString(e.Comment) > highlightContentMax || utf8.RuneCountInString(e.Evidence) > highlightContentMax {
		return hlRefuse(KindInvalid, "comment", "comment_long", highlightContentMax)
	}
	e.EvaluatedBy, e.EvaluatedAt = by, at
	h.Evaluation, h.UpdatedAt = &e, at
	return nil
}

// CheckAmbitions cleans a list of ambition levels: at least one, no blanks
// or duplicates, each at most 20 characters.
func CheckAmbitions(list []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, a := range list {
		a = strings.TrimSpace(a)
		if a == "" || seen[a] {
			continue
		}
		if utf8.RuneCountInString(a) > 20 {
			return nil, hlRefuse(KindInvalid, "ambitions", "ambition_long", a)
		}
		seen[a] = true
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, hlRefuse(KindInvalid, "ambitions", "ambitions_empty")
	}
	return out, nil
}
