// Package xlsimport parses the Excel sheets district offices really use —
// task decomposition sheets (任务分解表) and progress sheets — into plain
// structs, and builds the template workbooks offered for download.
//
// It does no database work: resolving unit names and storing rows is the
// caller's job. Every problem found in a workbook is reported at once, as a
// *domain.Error of kind invalid whose Details name sheet, row and column.
package xlsimport

import (
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// TaskOptions controls ParseTasks.
type TaskOptions struct {
	Year    int           // plan year from --year; 0 = detect from the title row
	Sheet   string        // only this sheet; "" = every sheet with a recognisable task header
	Printer *i18n.Printer // nil = zh-Hans
}

// TaskSheet is the content of a task decomposition workbook.
type TaskSheet struct {
	Year     int
	YearFrom string // "option" or "title"
	Title    string // the first sheet's title row text, "" if none
	Rows     []TaskRow
	Sheets   []string // the sheets that were read, in workbook order
}

// Where the plan year of a TaskSheet came from.
const (
	YearFromOption = "option"
	YearFromTitle  = "title"
)

// TaskRow is one task of a decomposition sheet.
type TaskRow struct {
	Sheet string
	Row   int // 1-based Excel row number of the data row

	Number, Title, Content string
	Category               domain.Category // "" when the cell is empty
	Sector                 string          // 口
	Fronts                 []string        // 战线
	LeadUnits, CoUnits     []string
	Leaders                []string // 责任领导
	Responsible            string   // 责任人, kept as text
	Start, Due             domain.Date
	Ongoing                bool // 长期坚持 / 持续推进 / 常态化 …: no due date
	Weight                 float64
	Cadence                domain.Cadence
	Section                string // nearest section heading above, if any
	Milestones             []Milestone
	// HasNodeColumns reports whether the row's sheet has month-node
	// columns at all: without them a row says nothing about nodes.
	HasNodeColumns bool
	// Cells maps a field name ("number", "title", "lead_units", "due", …)
	// to the cell it was read from, e.g. "F12", so that the storing layer
	// can point at the cell in its own messages.
	Cells map[string]string
	// Rows lists every Excel row the task was read from when it spans
	// several: rows below it whose number and title cells are merged with
	// its own, or empty, add content, units and nodes to it. Nil otherwise.
	Rows []int
}

// Milestone is a month node of a task: due at the end of its month.
type Milestone struct {
	Due         domain.Date
	Description string
	PlannedPct  float64 // planned cumulative percent
	Cell        string
	// Stated reports whether PlannedPct was written in the cell rather than
	// spread evenly over the task's nodes.
	Stated bool
}

// ProgressOptions controls ParseProgress.
type ProgressOptions struct {
	Year    int
	Date    domain.Date // default report date (--date)
	Sheet   string
	Printer *i18n.Printer
}

// ProgressSheet is the content of a progress workbook.
type ProgressSheet struct {
	Rows   []ProgressRow
	Title  string
	Sheets []string
}

// ProgressRow is one task's report in a progress sheet.
type ProgressRow struct {
	Sheet string
	Row   int
	// Rows are keyed by Number, or by Title when the number is empty or
	// the sheet has no number column; at least one is set.
	Number, Title             string
	Progress                  float64 // cumulative percent 0..100
	Done, Problems, NextSteps string  // 本期进展, 存在问题, 下步打算
	Date                      domain.Date
	// DateFrom says where Date came from: "row", "title" or "option".
	DateFrom string
	Cells    map[string]string
}

// Where the date of a ProgressRow came from.
const (
	DateFromRow    = "row"
	DateFromTitle  = "title"
	DateFromOption = "option"
)

// printerOr returns p, or the zh-Hans printer when p is nil.
func printerOr(p *i18n.Printer) *i18n.Printer {
	if p != nil {
		return p
	}
	return i18n.Default().Printer(i18n.ZhHans)
}
