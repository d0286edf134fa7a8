package xlsexport

import (
	"strings"

	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// reviewColumns are the columns of a grouping's sheet (catalog keys, widths).
var reviewColumns = []struct {
	key   string
	width float64
}{
	{"review.col.seq", 6}, {"review.col.name", 22}, {"review.col.tasks", 8}, {"review.col.done", 8}, {"review.col.lagging", 8},
	{"review.col.severe", 10}, {"review.col.overdue", 8}, {"review.col.progress", 12}, {"review.col.time", 12}, {"review.col.gap", 10},
	{"review.col.share", 14}, {"review.col.result", 10},
}

// reviewTaskColumns are the columns of the lagging tasks' sheet.
var reviewTaskColumns = []struct {
	key   string
	width float64
}{
	{"review.col.seq", 6}, {"review.col.number", 10}, {"review.col.title", 36}, {"review.col.lead", 18}, {"review.col.leaders", 14},
	{"review.col.due", 12}, {"review.col.task_progress", 10}, {"review.col.expected", 10}, {"review.col.task_gap", 10}, {"review.col.status", 10},
}

// HalfTimeReview writes the review as a workbook: one sheet per grouping
// (units, sectors, fronts, leaders; failing rows first, the total last),
// and a sheet of every lagging task once.
func HalfTimeReview(r *service.HalfTimeReview, p *i18n.Printer) ([]byte, error) {
	cols := make([]Column, len(reviewColumns))
	for i, c := range reviewColumns {
		cols[i] = Column{Head: p.T(c.key), Width: c.width}
	}
	scope := r.Plan
	if scope == "" {
		scope = p.T("review.year_scope", r.Year)
	}
	var ls []Ledger
	for _, g := range []struct {
		key  string
		rows []service.ReviewRow
	}{{"review.tab.units", r.Units}, {"review.tab.sectors", r.Sectors}, {"review.tab.fronts", r.Fronts}, {"review.tab.leaders", r.Leaders}} {
		rows := make([][]any, 0, len(g.rows)+1)
		for i, row := range g.rows {
			rows = append(rows, reviewXLSRow(p, i+1, row))
		}
		total := reviewXLSRow(p, 0, r.Total)
		total[0], total[1] = "", p.T("review.total")
		rows = append(rows, total)
		ls = append(ls, Ledger{Sheet: p.T(g.key), Title: p.T("review.xls.title", scope, r.Date.String(), p.T(g.key)), Columns: cols, Rows: rows})
	}
	tcols := make([]Column, len(reviewTaskColumns))
	for i, c := range reviewTaskColumns {
		tcols[i] = Column{Head: p.T(c.key), Width: c.width}
	}
	tasks := r.LaggingTasks()
	trows := make([][]any, len(tasks))
	for i, t := range tasks {
		due := ""
		if !t.Due.IsZero() {
			due = t.Due.String()
		}
		trows[i] = []any{i + 1, t.Number, t.Title, strings.Join(t.LeadUnits, "、"), strings.Join(t.Leaders, "、"), due,
			t.Progress, t.Expected, t.Gap, p.T("status." + string(t.Status))}
	}
	ls = append(ls, Ledger{Sheet: p.T("review.tab.lagging"), Title: p.T("review.xls.title", scope, r.Date.String(), p.T("review.tab.lagging")),
		Columns: tcols, Rows: trows})
	return WriteBook(ls...)
}

func reviewXLSRow(p *i18n.Printer, seq int, row service.ReviewRow) []any {
	result := p.T("review.pass")
	if !row.Pass {
		result = p.T("review.fail")
	}
	return []any{seq, row.Name, row.Tasks, row.Done, row.Lagging, row.Severe, row.Overdue, row.Progress, row.TimeProgress, row.Gap,
		p.T("review.share_cell", row.AtOrAbove, row.Measured, row.Share), result}
}
