// The 整改台账: rectification items as an Excel sheet with the columns
// offices use.

package service

import (
	"bytes"
	"context"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
)

// RectificationLedger writes the items p may see that match q as the
// 整改台账 workbook.
func (s *Service) RectificationLedger(ctx context.Context, p *Principal, q RectQuery) ([]byte, error) {
	rows, err := s.Rectifications(ctx, p, q)
	if err != nil {
		return nil, err
	}
	return s.ledgerWorkbook(ctx, rows)
}

// LedgerFileName names the downloaded 整改台账.
func (s *Service) LedgerFileName(ctx context.Context) string {
	return printer(ctx).T("ledger.file", s.Today().String())
}

func (s *Service) ledgerWorkbook(ctx context.Context, rows []RectRow) ([]byte, error) {
	pr := printer(ctx)
	x := excelize.NewFile()
	defer x.Close()
	sheet := pr.T("ledger.sheet")
	if err := x.SetSheetName(x.GetSheetName(0), sheet); err != nil {
		return nil, err
	}
	head := []any{}
	for _, k := range []string{"seq", "problem", "source", "unit", "deadline", "measures", "progress", "closing", "remarks"} {
		head = append(head, pr.T("ledger.col."+k))
	}
	last, _ := excelize.ColumnNumberToName(len(head))
	x.SetCellValue(sheet, "A1", pr.T("ledger.title", s.Today().String()))
	x.MergeCell(sheet, "A1", last+"1")
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	x.SetCellStyle(sheet, "A1", "A1", title)
	x.SetSheetRow(sheet, "A2", &head)
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"E8EEF8"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	x.SetCellStyle(sheet, "A2", last+"2", bold)
	today := s.Today()
	for i, r := range rows {
		row := []any{i + 1, r.Problem, r.InspectionTitle, r.UnitName, ledgerDeadline(ctx, r.Rectification), r.Measures, r.Progress,
			ledgerClosing(ctx, r.Rectification), ledgerRemarks(ctx, r.Rectification, today)}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	wrap, _ := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if len(rows) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(head), len(rows)+2)
		x.SetCellStyle(sheet, "A3", end, wrap)
	}
	for col, width := range map[string]float64{"A": 6, "B": 36, "C": 22, "D": 14, "E": 14, "F": 36, "G": 36, "H": 20, "I": 24} {
		x.SetColWidth(sheet, col, col, width)
	}
	x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ledgerDeadline is the 整改时限 column: the date, and the working days it
// was given as.
func ledgerDeadline(ctx context.Context, r domain.Rectification) string {
	if r.DeadlineWorkdays > 0 {
		return printer(ctx).T("ledger.deadline_workdays", r.Deadline.String(), r.DeadlineWorkdays)
	}
	return r.Deadline.String()
}

// ledgerClosing is the 销号情况 column.
func ledgerClosing(ctx context.Context, r domain.Rectification) string {
	pr := printer(ctx)
	switch r.State {
	case domain.RectClosed:
		if !r.RecheckOn.IsZero() {
			return pr.T("ledger.closed_recheck", r.ClosedOn.String(), r.RecheckOn.String())
		}
		return pr.T("ledger.closed", r.ClosedOn.String())
	case domain.RectConfirmed:
		return pr.T("ledger.confirmed", r.ClosedOn.String())
	case domain.RectVerified:
		return pr.T("ledger.verified", r.VerifiedOn.String())
	case domain.RectApplied:
		return pr.T("ledger.applied", r.AppliedOn.String())
	}
	return pr.T("ledger.open")
}

// ledgerRemarks is the 备注 column: overdue, reopened, the office's note.
func ledgerRemarks(ctx context.Context, r domain.Rectification, today domain.Date) string {
	pr := printer(ctx)
	var parts []string
	if r.Overdue(today) {
		parts = append(parts, pr.T("ledger.overdue"))
	}
	if r.Reopened > 0 {
		parts = append(parts, pr.T("ledger.reopened", r.Reopened))
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	return strings.Join(parts, "；")
}
