package xlsimport

import (
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// table is a sheet with a recognised header.
type table struct {
	g *grid
	h header
}

// findTables reads the sheets to import and finds their headers. Sheets
// without a recognisable header are skipped unless named by only; a sheet
// lacking a required column is a problem. A workbook with no table at all
// is an error by itself.
func findTables(wb *workbook, only string, idx *headerIndex, required []field, ps *problems) ([]table, error) {
	p, f := ps.p, wb.f
	names := f.GetSheetList()
	if only != "" {
		name, ok := matchSheet(names, only)
		if !ok {
			return nil, &domain.Error{Kind: domain.KindInvalid, Field: "sheet",
				Message: p.T("import.err.no_sheet", only, strings.Join(names, p.T("import.list_sep")))}
		}
		names = []string{name}
	}
	date1904 := uses1904(f)
	var tables []table
	var partial []string
	for _, name := range names {
		g, err := loadGrid(wb, name, date1904)
		if err != nil {
			if only != "" {
				return nil, &domain.Error{Kind: domain.KindInvalid, Message: p.T("import.err.read_sheet", name), Err: err}
			}
			continue // a chart sheet, say: nothing to import there
		}
		h, found, part := detectHeader(g, idx)
		if !found {
			if only != "" || part {
				partial = append(partial, name)
			}
			continue
		}
		missing := false
		for _, fl := range required {
			if _, ok := h.col(fl); !ok {
				ps.atSheet(name, p.T("import.err.missing_column", idx.label(fl, p), idx.synonymList(fl, p)))
				missing = true
			}
		}
		if !missing {
			tables = append(tables, table{g: g, h: h})
		}
	}
	if len(tables) == 0 && ps.n == 0 {
		if len(partial) == 0 {
			return nil, &domain.Error{Kind: domain.KindInvalid,
				Message: p.T("import.err.no_header", headerScanRows, idx.label(idx.keyField(), p), idx.synonymList(idx.keyField(), p))}
		}
		for _, name := range partial {
			ps.atSheet(name, p.T("import.err.missing_column", idx.label(idx.keyField(), p), idx.synonymList(idx.keyField(), p)))
		}
	}
	return tables, nil
}

// matchSheet finds a sheet by name, forgiving width and spacing differences.
func matchSheet(names []string, want string) (string, bool) {
	for _, n := range names {
		if n == want {
			return n, true
		}
	}
	w := squash(normCell(want))
	for _, n := range names {
		if squash(normCell(n)) == w {
			return n, true
		}
	}
	return "", false
}

// titleLines returns the texts above the header: the title row, subtitles
// and notes such as "填报单位：… 截至2023年7月15日".
func (t *table) titleLines() []string {
	var out []string
	for r := 0; r < t.h.row; r++ {
		for c, v := range t.g.rows[r] {
			if v != "" && !t.g.isCopy(r, c) {
				out = append(out, squash(v))
			}
		}
	}
	return out
}

// title returns the first text above the header, "" if none.
func (t *table) title() string {
	if lines := t.titleLines(); len(lines) > 0 {
		return lines[0]
	}
	return ""
}

// titleYear returns the first year 19xx or 20xx written above the header.
func (t *table) titleYear() int {
	for _, s := range t.titleLines() {
		if y := firstYear(s); y != 0 {
			return y
		}
	}
	return 0
}

// firstYear returns the first run of exactly four digits in s that reads
// as a year 19xx or 20xx, else 0.
func firstYear(s string) int {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 4 && (s[i:i+2] == "19" || s[i:i+2] == "20") {
			return atoi(s[i:j])
		}
		i = j
	}
	return 0
}

// isFooter reports whether a row starting with text s is a note or total
// under the table ("备注：…", "填表说明", "填表人：", "合计").
func isFooter(s string) bool {
	s = strings.ToLower(strings.TrimLeft(s, " *"))
	for _, p := range []string{"备注", "備註", "填表说明", "填表說明", "填表人", "填报人", "审核人", "審核人",
		"制表", "联系人", "聯繫人", "联系电话", "聯繫電話", "负责人签字", "单位负责人",
		"合计", "合計", "总计", "總計", "小计", "小計"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	// Short words count only alone or before a colon.
	for _, p := range []string{"说明", "說明", "注", "note", "notes", "total", "remarks"} {
		if s == p || strings.HasPrefix(s, p+":") {
			return true
		}
	}
	return false
}

// rowKind classifies a data row before its cells are read.
type rowKind int

const (
	rowData rowKind = iota
	rowBlank
	rowFooter
	rowSection
)

// classify tells blank rows, notes under the table and section headings
// ("一、经济发展口（共35项）": a row whose only own cell is the first
// column, or one wide merged cell) from data rows.
func (t *table) classify(r int) (rowKind, string) {
	g := t.g
	if g.blank(r) {
		return rowBlank, ""
	}
	n, first, down := g.ownCells(r)
	if n == 0 {
		return rowBlank, "" // only values merged down from above
	}
	text := g.cell(r, first)
	if isFooter(text) {
		return rowFooter, ""
	}
	if n != 1 || down > 0 {
		// Several cells, or one beside cells shared with the rows above
		// (a sub-task "1.2" under a merged title): data.
		return rowData, ""
	}
	wide := g.mergeWidth[cellPos{int32(r), int32(first)}] >= 3
	if first > t.h.firstCol && !wide {
		return rowData, ""
	}
	if isDecimal(text) {
		// A pre-numbered row nobody filled in.
		return rowBlank, ""
	}
	return rowSection, squash(text)
}

// printerLangs lists the printers of every language, for matching values
// written in any of them (a category "重點工作" or "Key work").
func printerLangs() []*i18n.Printer {
	b := i18n.Default()
	out := make([]*i18n.Printer, 0, len(i18n.Langs))
	for _, l := range i18n.Langs {
		out = append(out, b.Printer(l))
	}
	return out
}
