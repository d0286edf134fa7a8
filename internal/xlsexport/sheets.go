package xlsexport

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// WriteSheets writes several ledgers as the sheets of one workbook, each
// laid out as Write lays out one: the title merged over the columns, the
// header shaded and frozen, every cell bordered and wrapped.
func WriteSheets(ls ...Ledger) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	thin := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: thin,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return nil, err
	}
	bodyStyle, err := f.NewStyle(&excelize.Style{Border: thin, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, err
	}
	for i, l := range ls {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), l.Sheet)
		} else {
			_, err = f.NewSheet(l.Sheet)
		}
		if err != nil {
			return nil, fmt.Errorf("write sheet %q: %w", l.Sheet, err)
		}
		if err := writeSheet(f, l, titleStyle, headStyle, bodyStyle); err != nil {
			return nil, fmt.Errorf("write sheet %q: %w", l.Sheet, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

func writeSheet(f *excelize.File, l Ledger, titleStyle, headStyle, bodyStyle int) error {
	sheet := l.Sheet
	last, _ := excelize.ColumnNumberToName(len(l.Columns))
	steps := []func() error{
		func() error { return f.SetCellValue(sheet, "A1", l.Title) },
		func() error { return f.MergeCell(sheet, "A1", last+"1") },
		func() error { return f.SetCellStyle(sheet, "A1", "A1", titleStyle) },
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
		func() error { return f.SetCellStyle(sheet, "A2", last+"2", headStyle) },
	)
	for i, row := range l.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		steps = append(steps, func() error { return f.SetSheetRow(sheet, cell, &row) })
	}
	if n := len(l.Rows); n > 0 {
		steps = append(steps, func() error { return f.SetCellStyle(sheet, "A3", last+strconv.Itoa(n+2), bodyStyle) })
	}
	steps = append(steps, func() error {
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	})
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
