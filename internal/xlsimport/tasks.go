package xlsimport

import (
	"io"

	"github.com/luoshi/luoshi/internal/domain"
)

// ParseTasks reads a task decomposition workbook (任务分解表). Any bad cell
// fails the whole import: the error lists every problem found.
func ParseTasks(r io.Reader, opt TaskOptions) (*TaskSheet, error) {
	p := printerOr(opt.Printer)
	if opt.Year != 0 && (opt.Year < minYear || opt.Year > maxYear) {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: p.T("import.err.bad_year", opt.Year)}
	}
	wb, err := openWorkbook(r, p)
	if err != nil {
		return nil, err
	}
	defer wb.f.Close()

	ps := newProblems(p)
	idx := newHeaderIndex(kindTask)
	tables, err := findTables(wb, opt.Sheet, idx, []field{fTitle, fNumber}, ps)
	if err != nil {
		return nil, err
	}
	out := &TaskSheet{Year: opt.Year, YearFrom: YearFromOption}
	if len(tables) > 0 {
		out.Title = tables[0].title()
	}
	if out.Year == 0 {
		out.YearFrom = YearFromTitle
		for i := range tables {
			if out.Year = tables[i].titleYear(); out.Year != 0 {
				break
			}
		}
	}
	if out.Year == 0 && len(tables) > 0 {
		// Without the year no date relative to it can be read: say only that.
		ps.atSheet(tables[0].g.sheet, p.T("import.err.no_year"))
		e := ps.err().(*domain.Error)
		e.Message, e.Field = p.T("import.err.no_year"), "year"
		return nil, e
	}
	seen := map[string]rowLoc{}
	n := 0
	for i := range tables {
		n += len(tables[i].g.rows) - tables[i].h.last - 1
	}
	out.Rows = make([]TaskRow, 0, n)
	for i := range tables {
		t := &tables[i]
		out.Sheets = append(out.Sheets, t.g.sheet)
		tr := &taskReader{t: t, year: out.Year, ps: ps, seen: seen}
		out.Rows = tr.read(out.Rows)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// rowLoc is where a key was first seen, for messages about duplicates.
type rowLoc struct {
	sheet string
	row   int // 1-based
}
