package xlsimport

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// maxUnzip bounds what an uploaded workbook may expand to, so that a zip
// bomb fails instead of exhausting memory.
const maxUnzip = 1 << 30

// workbook is an opened upload: excelize's view, and where each sheet's
// part is, to read its merged ranges (nil when the package could not be
// indexed, and excelize's slower GetMergeCells is used instead).
type workbook struct {
	f     *excelize.File
	parts *sheetParts
}

// openWorkbook opens an .xlsx from r. A file that is not one (an old .xls,
// an encrypted workbook) gives an invalid error that says what to do.
func openWorkbook(r io.Reader, p *i18n.Printer) (*workbook, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxUnzip))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		key := "import.err.open"
		// The OLE2 signature: a binary .xls, or an encrypted .xlsx.
		if bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}) {
			key = "import.err.xls"
		}
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: p.T(key), Err: fmt.Errorf("open workbook: %w", err)}
	}
	parts, err := indexSheets(data)
	if err != nil {
		parts = nil
	}
	return &workbook{f: f, parts: parts}, nil
}

// cellPos is a 0-based row and column.
type cellPos struct{ r, c int32 }

// grid is one sheet's cells, normalised, with merged regions filled with
// the value of their top-left cell.
type grid struct {
	f     *excelize.File
	sheet string
	rows  [][]string
	// copyOf maps each cell filled from a merged region to the region's
	// top-left cell; mergeWidth gives the width of a region by its origin.
	copyOf     map[cellPos]cellPos
	mergeWidth map[cellPos]int
	date1904   bool
}

// loadGrid reads a sheet. Cells are read raw, so that date cells come as
// serial numbers and percent cells as fractions.
func loadGrid(wb *workbook, sheet string, date1904 bool) (*grid, error) {
	f := wb.f
	// Rows before any GetMergeCells: that loads the sheet's DOM, after
	// which Rows would have to write it back out first.
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	g := &grid{f: f, sheet: sheet, rows: raw, date1904: date1904}
	width := 0
	for _, row := range raw {
		for i, v := range row {
			row[i] = normCell(v)
		}
		width = max(width, len(row))
	}
	refs, ok, err := wb.parts.merges(sheet)
	if err != nil || !ok {
		// The package is unusual: let excelize find the merged cells.
		merged, err := f.GetMergeCells(sheet, true)
		if err != nil {
			return nil, fmt.Errorf("read merged cells of %q: %w", sheet, err)
		}
		refs = refs[:0]
		for _, m := range merged {
			refs = append(refs, m[0])
		}
	}
	for _, m := range refs {
		a, b, _ := strings.Cut(m, ":")
		if b == "" {
			continue // a one-cell "merge"
		}
		c0, r0, err1 := excelize.CellNameToCoordinates(a)
		c1, r1, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil {
			continue
		}
		g.fill(r0-1, c0-1, min(r1, len(raw))-1, min(c1, width)-1)
	}
	return g, nil
}

// fill copies the top-left value of a merged region over the region.
func (g *grid) fill(r0, c0, r1, c1 int) {
	if r0 < 0 || c0 < 0 || r0 >= len(g.rows) || r1 < r0 || c1 < c0 {
		return
	}
	if g.copyOf == nil {
		g.copyOf, g.mergeWidth = map[cellPos]cellPos{}, map[cellPos]int{}
	}
	origin := cellPos{int32(r0), int32(c0)}
	g.mergeWidth[origin] = c1 - c0 + 1
	v := g.cell(r0, c0)
	if v == "" {
		return
	}
	for r := r0; r <= r1; r++ {
		if len(g.rows[r]) <= c1 {
			g.rows[r] = append(g.rows[r], make([]string, c1+1-len(g.rows[r]))...)
		}
		for c := c0; c <= c1; c++ {
			if r == r0 && c == c0 {
				continue
			}
			g.rows[r][c] = v
			g.copyOf[cellPos{int32(r), int32(c)}] = origin
		}
	}
}

// cell returns the text at 0-based (r, c), "" outside the sheet.
func (g *grid) cell(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// origin returns the top-left cell of the merged region (r, c) was filled
// from; ok is false for cells that hold their own value.
func (g *grid) origin(r, c int) (cellPos, bool) {
	o, ok := g.copyOf[cellPos{int32(r), int32(c)}]
	return o, ok
}

// isCopy reports whether (r, c) was filled from a merged region.
func (g *grid) isCopy(r, c int) bool {
	_, ok := g.origin(r, c)
	return ok
}

// ownCells counts the non-empty cells of row r that hold their own value,
// and returns the first one's column; down counts the cells filled from a
// region merged down from a row above.
func (g *grid) ownCells(r int) (n, first, down int) {
	first = -1
	for c, v := range g.rows[r] {
		if v == "" {
			continue
		}
		if o, ok := g.origin(r, c); ok {
			if int(o.r) != r {
				down++
			}
			continue
		}
		if n == 0 {
			first = c
		}
		n++
	}
	return n, first, down
}

// blank reports whether row r has no text at all.
func (g *grid) blank(r int) bool {
	for _, v := range g.rows[r] {
		if v != "" {
			return false
		}
	}
	return true
}

// ref returns the Excel name of 0-based (r, c), e.g. "F12".
func ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

// colName returns the column letters of 0-based column c.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

// percentText returns the text to read a percent from: a number shown
// with a percent format is read as shown, because its raw value 1 means
// 100%, not 1%.
func (g *grid) percentText(r, c int) string {
	v := g.cell(r, c)
	if !isNumberText(strings.ToLower(v)) {
		return v
	}
	o := cellPos{int32(r), int32(c)}
	if p, ok := g.origin(r, c); ok {
		o = p
	}
	shown, err := g.f.GetCellValue(g.sheet, ref(int(o.r), int(o.c)))
	if err == nil && strings.HasSuffix(strings.TrimSpace(shown), "%") {
		return normCell(shown)
	}
	return v
}

// dateText returns the text to read a date from, moving serials of a
// workbook in the 1904 date system to the 1900 system ParseDate expects.
func (g *grid) dateText(r, c int) string {
	v := g.cell(r, c)
	if !g.date1904 || !isDecimal(v) || len(v) == 4 || len(v) == 8 {
		return v
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(n+1462, 'f', -1, 64)
}

// uses1904 reports whether the workbook counts dates from 1904.
func uses1904(f *excelize.File) bool {
	props, err := f.GetWorkbookProps()
	return err == nil && props.Date1904 != nil && *props.Date1904
}
