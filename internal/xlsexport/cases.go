// Package xlsexport writes the ledgers offices keep in Excel from the
// service's listings, with the columns they are used to.
package xlsexport

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// caseColumns are the ledger's columns (catalog keys) and widths.
var caseColumns = []struct {
	key   string
	width float64
}{
	{"caseweb.ledger.col.number", 6}, {"caseweb.ledger.col.title", 32}, {"caseweb.ledger.col.source", 14},
	{"caseweb.ledger.col.units", 24}, {"caseweb.ledger.col.limit", 16}, {"caseweb.ledger.col.handling", 44},
	{"caseweb.ledger.col.closing", 24}, {"caseweb.ledger.col.remarks", 30},
}

// CaseLedger writes the 督办台账: 序号, 督办事项, 来源, 承办单位, 办理时限,
// 办理情况, 办结情况, 备注, one row per case in the ledger's order. Times
// are shown in loc.
func CaseLedger(l *service.CaseLedger, p *i18n.Printer, loc *time.Location) ([]byte, error) {
	cols := make([]Column, len(caseColumns))
	for i, c := range caseColumns {
		cols[i] = Column{Head: p.T(c.key), Width: c.width}
	}
	rows := make([][]any, len(l.Rows))
	for i, row := range l.Rows {
		rows[i] = caseRow(i+1, row, p, loc)
	}
	return Write(Ledger{Sheet: p.T("caseweb.ledger.sheet"), Title: p.T("caseweb.ledger.title", l.AsOf.String()), Columns: cols, Rows: rows})
}

// caseRow is one ledger row in words.
func caseRow(n int, row service.CaseLedgerRow, p *i18n.Printer, loc *time.Location) []any {
	c := row.Case
	source := p.T("cases.source." + string(c.Source))
	if row.Leader != "" {
		source = p.T("caseweb.ledger.source_leader", source, row.Leader)
	}
	units := p.T("caseweb.ledger.lead", row.LeadUnit)
	for _, u := range row.CoUnits {
		units += p.T("import.list_sep") + p.T("caseweb.ledger.co", u)
	}
	return []any{n, c.Title, source, units, limitText(row, p), handlingText(row, p, loc), closingText(row, p, loc), remarksText(row, p)}
}

// limitText is the time limit: the deadline (moved by extensions, with
// the original), or the working days a draft will get.
func limitText(row service.CaseLedgerRow, p *i18n.Printer) string {
	c := row.Case
	switch {
	case c.Deadline.IsZero() && c.Days > 0:
		return p.T("caseweb.ledger.limit_days", c.Days)
	case c.Deadline.IsZero():
		return c.TimeLimit.Date.String()
	case c.OriginalDeadline != 0 && c.OriginalDeadline != c.Deadline:
		return p.T("caseweb.ledger.limit_moved", c.Deadline.String(), c.OriginalDeadline.String())
	}
	return c.Deadline.String()
}

// handlingText says where the handling stands: the state, who signed,
// and the latest report.
func handlingText(row service.CaseLedgerRow, p *i18n.Printer, loc *time.Location) string {
	c := row.Case
	parts := []string{p.T("cases.state." + string(c.State))}
	if c.SignedBy != "" {
		parts = append(parts, p.T("caseweb.ledger.signed", c.SignedBy, c.SignedAt.In(loc).Format("2006-01-02")))
	}
	if c.State == domain.CaseWorking && c.Progress > 0 {
		parts = append(parts, p.T("caseweb.ledger.progress", strconv.FormatFloat(math.Round(c.Progress*10)/10, 'f', -1, 64)))
	}
	if e := row.Latest; e != nil {
		parts = append(parts, p.T("caseweb.ledger.latest", p.T("cases.event."+string(e.Kind)), e.At.In(loc).Format("2006-01-02"), e.Text))
	}
	if c.ReturnCount > 0 {
		parts = append(parts, p.T("caseweb.ledger.returned", c.ReturnCount))
	}
	return strings.Join(parts, p.T("caseweb.ledger.sep"))
}

// closingText says whether and how the case closed.
func closingText(row service.CaseLedgerRow, p *i18n.Printer, loc *time.Location) string {
	c := row.Case
	var s string
	switch {
	case c.State == domain.CaseClosed:
		s = p.T("caseweb.ledger.closed", p.T("cases.light."+string(row.Light)), c.ClosedAt.In(loc).Format("2006-01-02"))
	case c.State == domain.CaseDraft:
		s = p.T("caseweb.ledger.not_assigned")
	case row.Overdue:
		s = p.T("caseweb.ledger.overdue", -row.DaysLeft)
	case c.State == domain.CaseReported:
		s = p.T("caseweb.ledger.reported")
	default:
		s = p.T("caseweb.ledger.open", row.DaysLeft)
	}
	if r := row.Rating; r != nil {
		s += p.T("caseweb.ledger.sep") + p.T("caseweb.ledger.rating", p.T("cases.rating."+string(r.Rating)))
	}
	return s
}

// remarksText carries the number, the light and why, and the rungs of the
// escalation ladder reached.
func remarksText(row service.CaseLedgerRow, p *i18n.Printer) string {
	parts := []string{p.T("caseweb.ledger.number", row.Number)}
	if row.State != domain.CaseClosed && row.Light != domain.LightNone {
		light := p.T("cases.light." + string(row.Light))
		if row.Reason != "" {
			light += p.T("caseweb.ledger.because", p.T("cases.reason."+string(row.Reason)))
		}
		parts = append(parts, light)
	}
	if row.Urgency != domain.UrgencyNormal {
		parts = append(parts, p.T("cases.urgency."+string(row.Urgency)))
	}
	if e := row.Escalation; e > domain.EscalationNone {
		parts = append(parts, p.T("caseweb.ledger.escalation", p.T("cases.action."+string(e.Event()))))
	}
	if row.ReopenCount > 0 {
		parts = append(parts, p.T("caseweb.ledger.reopened"))
	}
	return strings.Join(parts, p.T("caseweb.ledger.sep"))
}
