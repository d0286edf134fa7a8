package xlsimport

import (
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// maxProblems caps the lines of one error: past it, more lines help nobody.
const maxProblems = 200

// problems collects every problem of an import, one line each, so that an
// office fixes its sheet in one go instead of one error per upload.
type problems struct {
	p     *i18n.Printer
	lines []string
	n     int
}

func newProblems(p *i18n.Printer) *problems { return &problems{p: p} }

// full reports whether further lines would be dropped; callers skip
// formatting them, but still count them.
func (ps *problems) full() bool { return len(ps.lines) >= maxProblems }

func (ps *problems) add(line string) {
	ps.n++
	if !ps.full() {
		ps.lines = append(ps.lines, line)
	}
}

// atCell records a problem in one cell: sheet, 1-based row, column letter
// and header, and the reason.
func (ps *problems) atCell(g *grid, h *header, r, c int, reason string) {
	if ps.full() {
		ps.n++
		return
	}
	name := h.name(c)
	ps.add(ps.p.T("import.err.at_cell", g.sheet, r+1, colName(c), name, reason))
}

// atRow records a problem with a whole row.
func (ps *problems) atRow(g *grid, r int, reason string) {
	if ps.full() {
		ps.n++
		return
	}
	ps.add(ps.p.T("import.err.at_row", g.sheet, r+1, reason))
}

// atSheet records a problem with a whole sheet (a missing column).
func (ps *problems) atSheet(sheet, reason string) {
	ps.add(ps.p.T("import.err.at_sheet", sheet, reason))
}

// err returns nil when nothing was found, else the invalid error listing
// every problem.
func (ps *problems) err() error {
	if ps.n == 0 {
		return nil
	}
	msg := ps.p.T("import.err.summary", ps.n)
	if ps.n > len(ps.lines) {
		msg = ps.p.T("import.err.summary_capped", ps.n, len(ps.lines))
	}
	return &domain.Error{Kind: domain.KindInvalid, Message: msg, Details: ps.lines}
}
