package xlsexport

import (
	"strings"

	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// highlightColumns are the columns of the highlights' sheet.
var highlightColumns = []struct {
	key   string
	width float64
}{
	{"review.col.seq", 6}, {"hl.col.category", 12}, {"hl.col.unit", 16}, {"hl.field.title", 26}, {"hl.field.content", 40}, {"hl.field.ambition", 12},
	{"hl.field.tasks", 20}, {"hl.col.state", 10}, {"hl.field.achieved", 10}, {"hl.field.score", 8}, {"hl.field.grade", 8}, {"hl.field.comment", 30},
}

// Highlights writes a year's highlights, one row each, by category and unit.
func Highlights(items []service.HighlightItem, year int, p *i18n.Printer) ([]byte, error) {
	cols := make([]Column, len(highlightColumns))
	for i, c := range highlightColumns {
		cols[i] = Column{Head: p.T(c.key), Width: c.width}
	}
	rows := make([][]any, len(items))
	for i, it := range items {
		var tasks []string
		for _, t := range it.Tasks {
			tasks = append(tasks, t.Number+" "+t.Title)
		}
		row := []any{i + 1, it.Category, it.Unit, it.Title, it.Content, it.Ambition, strings.Join(tasks, "\n"), p.T("hl.state." + string(it.State)), "", "", "", ""}
		if e := it.Evaluation; e != nil {
			row[8], row[10], row[11] = p.T("hl.achieved."+string(e.Achieved)), e.Grade, e.Comment
			if e.Score != nil {
				row[9] = *e.Score
			}
		}
		rows[i] = row
	}
	return Write(Ledger{Sheet: p.T("hl.xls.sheet"), Title: p.T("hl.xls.title", year), Columns: cols, Rows: rows})
}
