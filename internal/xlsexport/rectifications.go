package xlsexport

import (
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// rectColumns are the 整改台账's columns (catalog keys) and widths.
var rectColumns = []struct {
	key   string
	width float64
}{
	{"ledger.col.seq", 6}, {"ledger.col.problem", 36}, {"ledger.col.source", 22}, {"ledger.col.unit", 14}, {"ledger.col.deadline", 14},
	{"ledger.col.measures", 36}, {"ledger.col.progress", 36}, {"ledger.col.closing", 20}, {"ledger.col.remarks", 24},
}

// RectLedger writes the 整改台账 as of today: 序号, 督查事项/问题, 来源,
// 承办单位, 整改时限, 整改措施, 整改情况, 销号情况, 备注, one row per item.
func RectLedger(items []service.RectRow, p *i18n.Printer, today domain.Date) ([]byte, error) {
	cols := make([]Column, len(rectColumns))
	for i, c := range rectColumns {
		cols[i] = Column{Head: p.T(c.key), Width: c.width}
	}
	rows := make([][]any, len(items))
	for i, r := range items {
		rows[i] = []any{i + 1, r.Problem, r.InspectionTitle, r.UnitName, rectDeadline(p, r.Rectification), r.Measures, r.Progress,
			rectClosing(p, r.Rectification), rectRemarks(p, r.Rectification, today)}
	}
	return Write(Ledger{Sheet: p.T("ledger.sheet"), Title: p.T("ledger.title", today.String()), Columns: cols, Rows: rows})
}

// rectDeadline is the 整改时限 column: the date, and the working days it
// was given as.
func rectDeadline(p *i18n.Printer, r domain.Rectification) string {
	if r.DeadlineWorkdays > 0 {
		return p.T("ledger.deadline_workdays", r.Deadline.String(), r.DeadlineWorkdays)
	}
	return r.Deadline.String()
}

// rectClosing is the 销号情况 column.
func rectClosing(p *i18n.Printer, r domain.Rectification) string {
	switch r.State {
	case domain.RectClosed:
		if !r.RecheckOn.IsZero() {
			return p.T("ledger.closed_recheck", r.ClosedOn.String(), r.RecheckOn.String())
		}
		return p.T("ledger.closed", r.ClosedOn.String())
	case domain.RectConfirmed:
		return p.T("ledger.confirmed", r.ClosedOn.String())
	case domain.RectVerified:
		return p.T("ledger.verified", r.VerifiedOn.String())
	case domain.RectApplied:
		return p.T("ledger.applied", r.AppliedOn.String())
	}
	return p.T("ledger.open")
}

// rectRemarks is the 备注 column: overdue, reopened, the office's note.
func rectRemarks(p *i18n.Printer, r domain.Rectification, today domain.Date) string {
	var parts []string
	if r.Overdue(today) {
		parts = append(parts, p.T("ledger.overdue"))
	}
	if r.Reopened > 0 {
		parts = append(parts, p.T("ledger.reopened", r.Reopened))
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	return strings.Join(parts, "；")
}
