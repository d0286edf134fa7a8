package xlsimport

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// templateRows is how many rows the templates prepare (drop-down lists,
// borders) below the header.
const templateRows = 300

// book wraps a workbook being written, remembering the first error so that
// the template code reads as a list of steps.
type book struct {
	f   *excelize.File
	err error
	st  styles
}

type styles struct {
	title, subtitle, header, body, date, pct, help, helpHead int
}

func newBook() *book {
	b := &book{f: excelize.NewFile()}
	thin := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	dateFmt := "yyyy-mm-dd"
	wrap := &excelize.Alignment{Vertical: "center", WrapText: true}
	b.st.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.st.subtitle = b.style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "666666"},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	b.st.header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: thin,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.st.body = b.style(&excelize.Style{Border: thin, Alignment: wrap})
	b.st.date = b.style(&excelize.Style{Border: thin, Alignment: wrap, CustomNumFmt: &dateFmt})
	b.st.pct = b.style(&excelize.Style{Border: thin, Alignment: wrap, NumFmt: 9})
	b.st.help = b.style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.st.helpHead = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	return b
}

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

// do runs one step unless an earlier one failed.
func (b *book) do(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// set writes v at 0-based (r, c) with a style.
func (b *book) set(sheet string, r, c int, v any, style int) {
	if b.err != nil {
		return
	}
	cell := ref(r, c)
	b.do(b.f.SetCellValue(sheet, cell, v))
	if style != 0 {
		b.do(b.f.SetCellStyle(sheet, cell, cell, style))
	}
}

// merge merges the 0-based region (r0, c0)–(r1, c1).
func (b *book) merge(sheet string, r0, c0, r1, c1 int) {
	if b.err == nil {
		b.do(b.f.MergeCell(sheet, ref(r0, c0), ref(r1, c1)))
	}
}

// styleRange styles the 0-based region (r0, c0)–(r1, c1).
func (b *book) styleRange(sheet string, r0, c0, r1, c1, style int) {
	if b.err == nil {
		b.do(b.f.SetCellStyle(sheet, ref(r0, c0), ref(r1, c1), style))
	}
}

// width sets the width of 0-based column c.
func (b *book) width(sheet string, c int, w float64) {
	if b.err == nil {
		b.do(b.f.SetColWidth(sheet, colName(c), colName(c), w))
	}
}

// dropList offers the accepted words of a column, warning about others
// (synonyms such as "重点" are accepted too, so it does not refuse them).
func (b *book) dropList(sheet string, c, fromRow int, words []string, p *i18n.Printer) {
	if b.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s:%s", ref(fromRow, c), ref(fromRow+templateRows-1, c)))
	b.do(dv.SetDropList(words))
	dv.SetError(excelize.DataValidationErrorStyleWarning, p.T("import.tpl.droplist_title"), p.T("import.tpl.droplist_msg"))
	if b.err == nil {
		b.do(b.f.AddDataValidation(sheet, dv))
	}
}

// freeze keeps the header rows and the first cols columns in view.
func (b *book) freeze(sheet string, rows, cols int) {
	if b.err == nil {
		b.do(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows,
			TopLeftCell: ref(rows, cols), ActivePane: "bottomRight"}))
	}
}

// helpSheet adds the sheet explaining how to fill in the template.
func (b *book) helpSheet(p *i18n.Printer, heading string, lines []string) {
	if b.err != nil {
		return
	}
	sheet := p.T("import.tpl.help.sheet")
	_, err := b.f.NewSheet(sheet)
	b.do(err)
	b.width(sheet, 0, 110)
	b.set(sheet, 0, 0, heading, b.st.helpHead)
	for i, l := range lines {
		b.set(sheet, i+2, 0, l, b.st.help)
	}
}

// bytes finishes the workbook.
func (b *book) bytes() ([]byte, error) {
	defer b.f.Close()
	if b.err != nil {
		return nil, fmt.Errorf("build template: %w", b.err)
	}
	b.f.SetActiveSheet(0)
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	return buf.Bytes(), nil
}

// templateYear checks the year a template is made for.
func templateYear(year int, p *i18n.Printer) error {
	if year < minYear || year > maxYear {
		return &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: p.T("import.err.bad_year", year)}
	}
	return nil
}

// excelDate is the value to write for a date cell: a time that excelize
// stores as a serial number.
func excelDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// helpLines returns the catalog lines key.1, key.2, … that exist.
func helpLines(p *i18n.Printer, key string) []string {
	var out []string
	for i := 1; ; i++ {
		k := fmt.Sprintf("%s.%d", key, i)
		if !p.Has(k) {
			return out
		}
		out = append(out, p.T(k))
	}
}
