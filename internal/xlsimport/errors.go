package xlsimport

import (
	"fmt"

	"github.com/luoshi/luoshi/internal/i18n"
)

// Reason says why a value could not be read.
type Reason int

// The reasons ParseDate and ParsePercent give.
const (
	ReasonBadDate      Reason = iota + 1 // not a date this package understands
	ReasonNoSuchDate                     // 2月30日, 13月
	ReasonNeedYear                       // a date relative to the plan year, and no year was given
	ReasonBadPercent                     // not a percent
	ReasonPercentRange                   // below 0 or above 100
)

// ValueError is the error of ParseDate and ParsePercent. Its Error text is
// for logs; Message gives the text for users in their language.
type ValueError struct {
	Reason Reason
	Value  string // the value as written
}

func (e *ValueError) Error() string {
	var what string
	switch e.Reason {
	case ReasonBadDate:
		what = "unrecognised date"
	case ReasonNoSuchDate:
		what = "no such date"
	case ReasonNeedYear:
		what = "date relative to the plan year, but no year given"
	case ReasonBadPercent:
		what = "unrecognised percent"
	case ReasonPercentRange:
		what = "percent out of 0..100"
	default:
		what = "bad value"
	}
	return fmt.Sprintf("xlsimport: %s: %q", what, e.Value)
}

// Message returns the reason in p's language, quoting the value.
func (e *ValueError) Message(p *i18n.Printer) string {
	p = printerOr(p)
	switch e.Reason {
	case ReasonNoSuchDate:
		return p.T("import.err.no_such_date", e.Value)
	case ReasonNeedYear:
		return p.T("import.err.date_needs_year", e.Value)
	case ReasonBadPercent:
		return p.T("import.err.bad_percent", e.Value)
	case ReasonPercentRange:
		return p.T("import.err.percent_range", e.Value)
	default:
		return p.T("import.err.bad_date", e.Value)
	}
}

func valueErr(r Reason, v string) *ValueError { return &ValueError{Reason: r, Value: v} }
