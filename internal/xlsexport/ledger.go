package xlsexport

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Column is a ledger column: its heading and width.
type Column struct {
	Head  string
	Width float64
}

// Ledger is one sheet as offices keep their ledgers (台账): a title over
// the columns, a header row, then one row per item.
type Ledger struct {
	Sheet   string
	Title   string
	Columns []Column
	Rows    [][]any
}

// Write writes l as a workbook: the title merged across the columns, the
// header shaded and frozen with it, and every cell bordered and wrapped.
func Write(l Ledger) ([]byte, error) { return WriteBook(l) }

// WriteBook writes several ledgers as the sheets of one workbook, in
// order, each laid out as Write lays out one.
func WriteBook(ls ...Ledger) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	thin := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	var st ledgerStyles
	var err error
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}); err != nil {
		return nil, err
	}
	if st.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: thin,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return nil, err
	}
	if st.body, err = f.NewStyle(&excelize.Style{Border: thin, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	first := f.GetSheetName(0)
	for i, l := range ls {
		if i == 0 {
			err = f.SetSheetName(first, l.Sheet)
		} else {
			_, err = f.NewSheet(l.Sheet)
		}
		if err != nil {
			return nil, fmt.Errorf("write ledger %q: %w", l.Sheet, err)
		}
		if err := writeSheet(f, l, st); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write ledger: %w", err)
	}
	return buf.Bytes(), nil
}

type ledgerStyles struct{ title, head, body int }

func writeSheet(f *excelize.File, l Ledger, st ledgerStyles) error {
	sheet := l.Sheet
	last, _ := excelize.ColumnNumberToName(len(l.Columns))
	steps := []func() error{
		func() error { return f.SetCellValue(sheet, "A1", l.Title) },
		func() error { return f.MergeCell(sheet, "A1", last+"1") },
		func() error { return f.SetCellStyle(sheet, "A1", "A1", st.title) },
		func() error { return f.SetRowHeight(sheet, 1, 30) },
	}
	head := make([]any, len(l.Columns))
	for i, c := range l.Columns {
		head[i] = c.Head
		col, _ := excelize.ColumnNumberToName(i + 1)
		steps = append(steps, func() error { return f.SetColWidth(sheet, col, col, c.Width) })
	}
	steps = append(steps,
		func() error { return f.SetSheetRow(sheet, "A2", &head) },
		func() error { return f.SetCellStyle(sheet, "A2", last+"2", st.head) },
	)
	for i, row := range l.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		steps = append(steps, func() error { return f.SetSheetRow(sheet, cell, &row) })
	}
	if n := len(l.Rows); n > 0 {
		steps = append(steps, func() error { return f.SetCellStyle(sheet, "A3", last+strconv.Itoa(n+2), st.body) })
	}
	steps = append(steps, func() error {
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	})
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("write ledger %q: %w", sheet, err)
		}
	}
	return nil
}
