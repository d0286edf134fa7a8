package xlsimport

import (
	"fmt"

	"github.com/luoshi/luoshi/internal/i18n"
)

// ProgressTemplate builds a progress workbook (.xlsx) for units to fill in,
// entirely in p's language: a title row with the year, the header
// ParseProgress reads, example rows and a sheet of instructions.
// ParseProgress reads it back as it is.
func ProgressTemplate(year int, p *i18n.Printer) ([]byte, error) {
	p = printerOr(p)
	if err := templateYear(year, p); err != nil {
		return nil, err
	}
	b := newBook()
	sheet := p.T("import.tpl.progress.sheet")
	b.do(b.f.SetSheetName("Sheet1", sheet))
	fields := kindProgress.fields()
	last := len(fields) - 1

	b.set(sheet, 0, 0, p.T("import.tpl.progress.title", year), b.st.title)
	b.merge(sheet, 0, 0, 0, last)
	b.do(b.f.SetRowHeight(sheet, 1, 32))
	// The subtitle names who reports; it holds no date, so that the date
	// column (or --date) decides.
	b.set(sheet, 1, 0, p.T("import.tpl.progress.subtitle"), b.st.subtitle)
	b.merge(sheet, 1, 0, 1, last)

	for c, f := range fields {
		b.set(sheet, 2, c, f.label(p), 0)
	}
	b.styleRange(sheet, 2, 0, 2, last, b.st.header)
	b.styleRange(sheet, 3, 0, 3+templateRows-1, last, b.st.body)
	for c, f := range fields {
		switch f {
		case fProgress:
			b.styleRange(sheet, 3, c, 3+templateRows-1, c, b.st.pct)
		case fDate:
			b.styleRange(sheet, 3, c, 3+templateRows-1, c, b.st.date)
		}
	}

	ex := func(n int, k string) string { return p.T(fmt.Sprintf("import.tpl.progress.ex%d.%s", n, k)) }
	rows := []map[field]any{
		// A percent cell: Excel keeps 0.6 and shows 60%.
		{fNumber: 1, fTitle: p.T("import.tpl.task.ex1.title"), fProgress: 0.6,
			fDone: ex(1, "done"), fProblems: ex(1, "problems"), fNextSteps: ex(1, "next"), fDate: excelDate(year, 7, 15)},
		// A word for a finished task.
		{fNumber: 2, fTitle: p.T("import.tpl.task.ex2.title"), fProgress: ex(2, "progress"),
			fDone: ex(2, "done"), fProblems: ex(2, "problems"), fNextSteps: ex(2, "next"), fDate: excelDate(year, 7, 15)},
	}
	for i, row := range rows {
		for c, f := range fields {
			style := b.st.body
			switch f {
			case fProgress:
				style = b.st.pct
			case fDate:
				style = b.st.date
			}
			b.set(sheet, 3+i, c, row[f], style)
		}
	}

	widths := map[field]float64{fNumber: 6, fTitle: 28, fProgress: 10, fDone: 40, fProblems: 30, fNextSteps: 30, fDate: 12}
	for c, f := range fields {
		b.width(sheet, c, widths[f])
	}
	b.freeze(sheet, 3, 2)
	b.helpSheet(p, p.T("import.tpl.progress.help_title"), helpLines(p, "import.tpl.progress.help"))
	return b.bytes()
}
