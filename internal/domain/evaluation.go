package domain

import (
	"math"
	"regexp"
	"strings"
	"time"
)

// 测评/评议: an Evaluation asks rater groups (上级领导, 同级单位, 下级, 服务对象,
// 群众) to rate units on one ballot, with options (优秀/较好/一般/较差 → points)
// or a numeric score. Each voter holds a one-time code of one group; a code
// may carry its holder's unit, which the holder cannot rate. Refusals are
// *CaseRefusal with codes the service shows as eval.err.<code>.

// EvalKind is the kind of evaluation.
type EvalKind string

const (
	EvalSurvey     EvalKind = "survey"     // 测评
	EvalDebriefing EvalKind = "debriefing" // 述职评议: attached to a debriefing session
)

// EvalKinds lists every kind.
var EvalKinds = []EvalKind{EvalSurvey, EvalDebriefing}

// Valid reports whether k is known.
func (k EvalKind) Valid() bool { return oneOf(k, EvalKinds) }

// EvalState is where an evaluation stands: set up as a draft, open for
// voting, closed (results shown).
type EvalState string

const (
	EvalDraft  EvalState = "draft"
	EvalOpen   EvalState = "open"
	EvalClosed EvalState = "closed"
)

// EvalStates lists every state.
var EvalStates = []EvalState{EvalDraft, EvalOpen, EvalClosed}

// Valid reports whether s is known.
func (s EvalState) Valid() bool { return oneOf(s, EvalStates) }

// EvalUnit is a unit rated, with its assessment category at setup.
type EvalUnit struct {
	UnitID   ID     `json:"unit_id"`
	Name     string `json:"name"`
	Category string `json:"category"`
}

// EvalOption is one answer of an option ballot and its points.
type EvalOption struct {
	Label  string  `json:"label"`
	Points float64 `json:"points"`
}

// DefaultEvalOptions are the usual four answers.
func DefaultEvalOptions() []EvalOption {
	return []EvalOption{{"优秀", 100}, {"较好", 80}, {"一般", 60}, {"较差", 0}}
}

// RaterGroup is a group of voters with its weight and quorum (the fewest
// ballots for the group to count). PerUnit groups (同级单位, 下级) get codes
// that each carry the rater's unit; others (群众) carry none.
type RaterGroup struct {
	Key     string  `json:"key"`
	Name    string  `json:"name"`
	Weight  float64 `json:"weight"`
	Quorum  int     `json:"quorum"`
	PerUnit bool    `json:"per_unit"`
}

// DefaultRaterGroups are the usual five groups.
func DefaultRaterGroups() []RaterGroup {
	return []RaterGroup{
		{Key: "leaders", Name: "上级领导", Weight: 30, Quorum: 3},
		{Key: "peers", Name: "同级单位", Weight: 25, Quorum: 5, PerUnit: true},
		{Key: "subordinates", Name: "下级", Weight: 15, Quorum: 5, PerUnit: true},
		{Key: "clients", Name: "服务对象", Weight: 15, Quorum: 10},
		{Key: "public", Name: "群众", Weight: 15, Quorum: 20},
	}
}

// EvalSpeaker is one speaker of a debriefing: the unit, the person and the
// report the voters read on the ballot.
type EvalSpeaker struct {
	UnitID ID     `json:"unit_id"`
	Person string `json:"person"`
	Report string `json:"report"`
}

// EvalSession is the debriefing session (述职评议会) of a debriefing.
type EvalSession struct {
	Date     Date          `json:"date"`
	Place    string        `json:"place"`
	Speakers []EvalSpeaker `json:"speakers"`
}

// Evaluation is a 测评 or 述职评议.
type Evaluation struct {
	ID    ID         `json:"id"`
	Year  int        `json:"year"`
	Code  string     `json:"code"` // unique in its year; schemes refer to it
	Name  string     `json:"name"`
	Kind  EvalKind   `json:"kind"`
	State EvalState  `json:"state"`
	Units []EvalUnit `json:"units"`
	// Options are the answers; with none the ballot is numeric, Min…Max.
	Options []EvalOption `json:"options"`
	Min     float64      `json:"min,omitempty"`
	Max     float64      `json:"max,omitempty"`
	Groups  []RaterGroup `json:"groups"`
	Session *EvalSession `json:"session,omitempty"`
	// Tag starts every code of the evaluation, so that a typed code finds
	// its evaluation without trying every secret.
	Tag       string    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	OpenedAt  time.Time `json:"opened_at,omitzero"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
}

// Numeric reports whether the ballot asks for numbers rather than options.
func (e *Evaluation) Numeric() bool { return len(e.Options) == 0 }

// Group returns the rater group with key, or nil.
func (e *Evaluation) Group(key string) *RaterGroup {
	for i := range e.Groups {
		if e.Groups[i].Key == key {
			return &e.Groups[i]
		}
	}
	return nil
}

// Rates reports whether unit is one of the units rated.
func (e *Evaluation) Rates(unit ID) bool {
	for _, u := range e.Units {
		if u.UnitID == unit {
			return true
		}
	}
	return false
}

var (
	evalCodeRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)
	groupKeyRE  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)
	maxEvalName = 100
)

// Check cleans and checks an evaluation as the office sets it up.
func (e *Evaluation) Check() error {
	e.Name = strings.TrimSpace(e.Name)
	e.Code = strings.TrimSpace(e.Code)
	switch {
	case e.Name == "":
		return refuse(KindInvalid, "name", "name_required")
	case len([]rune(e.Name)) > maxEvalName:
		return refuse(KindInvalid, "name", "name_long", maxEvalName)
	case !evalCodeRE.MatchString(e.Code):
		return refuse(KindInvalid, "code", "code_bad", e.Code)
	case e.Year < 2000 || e.Year > 2100:
		return refuse(KindInvalid, "year", "year_bad", e.Year)
	case !e.Kind.Valid():
		return refuse(KindInvalid, "kind", "kind_bad", string(e.Kind))
	}
	if len(e.Units) == 0 {
		return refuse(KindInvalid, "units", "units_empty")
	}
	seen := map[ID]bool{}
	for _, u := range e.Units {
		if seen[u.UnitID] {
			return refuse(KindInvalid, "units", "unit_repeated", u.Name)
		}
		seen[u.UnitID] = true
	}
	if err := e.checkScale(); err != nil {
		return err
	}
	if err := e.checkGroups(); err != nil {
		return err
	}
	if e.Kind == EvalDebriefing {
		return e.checkSession()
	}
	e.Session = nil
	return nil
}

func (e *Evaluation) checkScale() error {
	if e.Numeric() {
		if !evalFinite(e.Min) || !evalFinite(e.Max) || e.Min < 0 || e.Max <= e.Min {
			return refuse(KindInvalid, "max", "scale_bad", e.Min, e.Max)
		}
		return nil
	}
	if len(e.Options) < 2 || len(e.Options) > 10 {
		return refuse(KindInvalid, "options", "options_count")
	}
	labels := map[string]bool{}
	best := 0.0
	for i := range e.Options {
		o := &e.Options[i]
		o.Label = strings.TrimSpace(o.Label)
		switch {
		case o.Label == "" || len([]rune(o.Label)) > 20:
			return refuse(KindInvalid, "options", "option_label", i+1)
		case labels[o.Label]:
			return refuse(KindInvalid, "options", "option_repeated", o.Label)
		case !evalFinite(o.Points) || o.Points < 0:
			return refuse(KindInvalid, "options", "option_points", o.Label)
		}
		labels[o.Label] = true
		best = math.Max(best, o.Points)
	}
	if best == 0 {
		return refuse(KindInvalid, "options", "options_zero")
	}
	e.Min, e.Max = 0, 0
	return nil
}

func (e *Evaluation) checkGroups() error {
	if len(e.Groups) == 0 {
		return refuse(KindInvalid, "groups", "groups_empty")
	}
	keys := map[string]bool{}
	for i := range e.Groups {
		g := &e.Groups[i]
		g.Name = strings.TrimSpace(g.Name)
		g.Key = strings.TrimSpace(g.Key)
		switch {
		case !groupKeyRE.MatchString(g.Key):
			return refuse(KindInvalid, "groups", "group_key", g.Key)
		case keys[g.Key]:
			return refuse(KindInvalid, "groups", "group_repeated", g.Key)
		case g.Name == "" || len([]rune(g.Name)) > 30:
			return refuse(KindInvalid, "groups", "group_name", g.Key)
		case !evalFinite(g.Weight) || g.Weight <= 0:
			return refuse(KindInvalid, "groups", "group_weight", g.Name)
		case g.Quorum < 0 || g.Quorum > 100000:
			return refuse(KindInvalid, "groups", "group_quorum", g.Name)
		}
		keys[g.Key] = true
	}
	return nil
}

func (e *Evaluation) checkSession() error {
	s := e.Session
	if s == nil || s.Date.IsZero() {
		return refuse(KindInvalid, "session_date", "session_date")
	}
	s.Place = strings.TrimSpace(s.Place)
	if len([]rune(s.Place)) > 100 {
		return refuse(KindInvalid, "session_place", "name_long", 100)
	}
	for i := range s.Speakers {
		sp := &s.Speakers[i]
		sp.Person = strings.TrimSpace(sp.Person)
		sp.Report = strings.TrimSpace(sp.Report)
		switch {
		case !e.Rates(sp.UnitID):
			return refuse(KindInvalid, "speakers", "speaker_unit", i+1)
		case sp.Person == "" || len([]rune(sp.Person)) > maxName:
			return refuse(KindInvalid, "speakers", "speaker_person", i+1)
		case len([]rune(sp.Report)) > 20000:
			return refuse(KindInvalid, "speakers", "speaker_report", i+1)
		}
	}
	return nil
}

// Open starts the voting: only a draft opens.
func (e *Evaluation) Open(now time.Time) error {
	if e.State != EvalDraft {
		return refuse(KindConflict, "", "state_not_draft")
	}
	e.State, e.OpenedAt = EvalOpen, now
	return nil
}

// Close ends the voting: only an open evaluation closes.
func (e *Evaluation) Close(now time.Time) error {
	if e.State != EvalOpen {
		return refuse(KindConflict, "", "state_not_open")
	}
	e.State, e.ClosedAt = EvalClosed, now
	return nil
}

func evalFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
