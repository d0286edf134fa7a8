package xlsimport

// headerScanRows is how many rows from the top may hold the header.
const headerScanRows = 15

// header is where a sheet's table starts and which column holds what.
type header struct {
	row, last int           // 0-based first and last header rows
	cols      map[field]int // field → 0-based column
	months    [13]int       // month → 0-based column, -1 when none
	names     map[int]string
	firstCol  int // leftmost recognised column
}

func (h *header) col(f field) (int, bool) {
	c, ok := h.cols[f]
	return c, ok
}

// name returns the header text of column c as the sheet writes it.
func (h *header) name(c int) string { return h.names[c] }

// detectHeader finds the header: among the first rows, the one naming the
// most known columns, which must include the task title column (or, on a
// progress sheet, the number column). It then
// takes in a second header row below it (1月 … 12月 under a merged
// "月度节点", or columns under a merged group). found is false when no row
// qualifies; partial is then true if some row named two or more columns
// but not the title.
func detectHeader(g *grid, idx *headerIndex) (h header, found, partial bool) {
	best, bestScore := -1, 0
	for r := 0; r < len(g.rows) && r < headerScanRows; r++ {
		fields, months := map[field]bool{}, 0
		for _, v := range g.rows[r] {
			if v == "" {
				continue
			}
			if f := idx.field(v); f != fNone {
				fields[f] = true
			} else if idx.month(v, false) > 0 {
				months++
			}
		}
		score := len(fields)
		if months >= 2 {
			score++
		}
		// A task sheet is keyed by title; a progress sheet may key its rows
		// by 序号 alone.
		if !fields[idx.keyField()] && !(idx.kind == kindProgress && fields[fNumber]) {
			if len(fields) >= 2 {
				partial = true
			}
			continue
		}
		if score >= 2 && score > bestScore {
			best, bestScore = r, score
		}
	}
	if best < 0 {
		return h, false, partial
	}
	h = header{row: best, last: best, cols: map[field]int{}, names: map[int]string{}, firstCol: -1}
	for m := range h.months {
		h.months[m] = -1
	}
	switch {
	case isSubHeader(g, idx, best+1):
		h.last = best + 1
	case best > 0 && isSuperHeader(g, idx, best-1):
		// Cells merged down from the row above made this row win.
		h.row = best - 1
	}
	width := 0
	for r := h.row; r <= h.last; r++ {
		width = max(width, len(g.rows[r]))
	}
	for c := 0; c < width; c++ {
		// The lower header row is more specific: read it first. A bare
		// month number counts under a group header, which may also sit
		// just above the header row.
		for r := h.last; r >= h.row; r-- {
			underGroup := r > 0 && idx.isGroup(g.cell(r-1, c))
			v := g.cell(r, c)
			if v == "" {
				continue
			}
			if f := idx.field(v); f != fNone {
				if _, dup := h.cols[f]; !dup {
					h.cols[f] = c
					h.names[c] = squash(v)
				}
				break
			}
			if m := idx.month(v, underGroup); m > 0 {
				if h.months[m] < 0 {
					h.months[m] = c
					h.names[c] = squash(v)
				}
				break
			}
		}
		if _, ok := h.names[c]; ok && h.firstCol < 0 {
			h.firstCol = c
		}
	}
	return h, true, partial
}

// isSubHeader reports whether row r continues the header above it: all
// its own cells are column or month names, and there is at least one.
func isSubHeader(g *grid, idx *headerIndex, r int) bool {
	if r >= len(g.rows) {
		return false
	}
	named := 0
	for c, v := range g.rows[r] {
		if v == "" {
			continue
		}
		if o, ok := g.origin(r, c); ok && int(o.r) < r {
			continue // merged down from the row above
		}
		underGroup := idx.isGroup(g.cell(r-1, c))
		if idx.field(v) == fNone && idx.month(v, underGroup) == 0 {
			return false
		}
		named++
	}
	return named > 0
}

// isSuperHeader reports whether row r is the upper row of a two-row
// header: all its own cells are column or group names, and one of them is
// merged down into the row below.
func isSuperHeader(g *grid, idx *headerIndex, r int) bool {
	down := false
	for c, v := range g.rows[r] {
		if v == "" || g.isCopy(r, c) {
			continue
		}
		if idx.field(v) == fNone && !idx.isGroup(v) {
			return false
		}
		if o, ok := g.origin(r+1, c); ok && int(o.r) == r {
			down = true
		}
	}
	return down
}

// hasMonths reports whether the header has month-node columns.
func (h *header) hasMonths() bool {
	for _, c := range h.months[1:] {
		if c >= 0 {
			return true
		}
	}
	return false
}
