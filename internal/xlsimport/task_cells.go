package xlsimport

import (
	"errors"

	"github.com/luoshi/luoshi/internal/i18n"
)

// readRow reads the cells of data row r (0-based) into a task and its
// month nodes, reporting every bad cell.
func (tr *taskReader) readRow(r int) (TaskRow, []node) {
	g, h, p := tr.t.g, &tr.t.h, tr.ps.p
	row := TaskRow{Sheet: g.sheet, Row: r + 1, Section: tr.section, Cells: make(map[string]string, len(h.cols)), HasNodeColumns: h.hasMonths()}
	for f, c := range h.cols {
		row.Cells[f.name()] = ref(r, c)
	}
	get := func(f field) (string, int) {
		c, ok := h.col(f)
		if !ok {
			return "", -1
		}
		return g.cell(r, c), c
	}
	bad := func(c int, reason string) { tr.ps.atCell(g, h, r, c, reason) }

	v, _ := get(fNumber)
	row.Number = normNumber(v)
	v, _ = get(fTitle)
	row.Title = squash(v)
	v, _ = get(fContent)
	row.Content = multiline(v)
	if v, c := get(fCategory); v != "" {
		if cat, ok := tr.vi.categories[valueKey(v)]; ok {
			row.Category = cat
		} else {
			bad(c, p.T("import.err.bad_category", clip(squash(v)), categoryList(p)))
		}
	}
	v, _ = get(fSector)
	row.Sector = squash(v)
	v, _ = get(fFronts)
	row.Fronts = splitNames(v)
	v, _ = get(fLeadUnits)
	row.LeadUnits = splitNames(v)
	v, _ = get(fCoUnits)
	row.CoUnits = splitNames(v)
	v, _ = get(fLeaders)
	row.Leaders = splitNames(v)
	if v, _ = get(fResponsible); v != "" {
		sep := "、"
		if isASCII(v) {
			sep = ", "
		}
		row.Responsible = joinLines(v, sep)
	}
	if c, ok := h.col(fStart); ok && g.cell(r, c) != "" {
		d, ongoing, err := ParseDate(g.dateText(r, c), tr.year)
		switch {
		case err != nil:
			bad(c, reasonOf(err, p))
		case ongoing:
			bad(c, p.T("import.err.start_ongoing", clip(g.cell(r, c))))
		default:
			row.Start = d
		}
	}
	if c, ok := h.col(fDue); ok && g.cell(r, c) != "" {
		d, ongoing, err := ParseDate(g.dateText(r, c), tr.year)
		if err != nil {
			bad(c, reasonOf(err, p))
		}
		row.Due, row.Ongoing = d, ongoing
		if row.Start != 0 && d != 0 && row.Start > d {
			bad(c, p.T("import.err.start_after_due", row.Start.String(), d.String()))
		}
	}
	if v, c := get(fWeight); v != "" {
		if w, ok := parseWeight(v); ok {
			row.Weight = w
		} else {
			bad(c, p.T("import.err.bad_weight", clip(v)))
		}
	}
	if v, c := get(fCadence); v != "" {
		if cad, ok := tr.vi.cadences[valueKey(v)]; ok {
			row.Cadence = cad
		} else {
			bad(c, p.T("import.err.bad_cadence", clip(squash(v)), cadenceList(p)))
		}
	}
	return row, tr.readNodes(r)
}

// readNodes reads the month node cells of row r. A node merged across
// several months ("3—5月：完成设计") is one node, due at the end of the
// last of them.
func (tr *taskReader) readNodes(r int) []node {
	g, h := tr.t.g, &tr.t.h
	var nodes []node
	var lastKey cellPos
	for m := 1; m <= 12; m++ {
		c := h.months[m]
		if c < 0 {
			continue
		}
		text := g.cell(r, c)
		if text == "" {
			continue
		}
		key := cellPos{int32(r), int32(c)}
		if o, ok := g.origin(r, c); ok {
			key = o
		}
		if len(nodes) > 0 && key == lastKey {
			nodes[len(nodes)-1].month = m
			continue
		}
		lastKey = key
		nodes = append(nodes, node{month: m, text: multiline(text), pct: g.percentText(r, c), r: int(key.r), c: int(key.c)})
	}
	return nodes
}

// reasonOf gives the user's text for a ParseDate or ParsePercent error.
func reasonOf(err error, p *i18n.Printer) string {
	var ve *ValueError
	if errors.As(err, &ve) {
		return ve.Message(p)
	}
	return err.Error()
}
