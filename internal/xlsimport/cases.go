package xlsimport

import (
	"io"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// CaseOptions controls ParseCases.
type CaseOptions struct {
	// Year is the year of dates written without one ("6月底前"); 0 takes
	// the first year written above the header, else DefaultYear.
	Year, DefaultYear int
	Sheet             string // only this sheet; "" = every sheet with a ledger header
	Printer           *i18n.Printer
	// Fold, when set, folds text before it is matched against the known
	// headers, sources and urgencies: the service's normaliser turns
	// traditional characters into simplified ones (督辦事項, 領導批示).
	Fold func(string) string
}

// CaseSheet is the content of a supervision ledger (督办台账).
type CaseSheet struct {
	Year   int
	Title  string // the first sheet's title row text, "" if none
	Rows   []CaseRow
	Sheets []string
}

// CaseRow is one supervision item of a ledger.
type CaseRow struct {
	Sheet string
	Row   int // 1-based Excel row number of the data row

	Number, Title, Content string
	Source                 domain.CaseSource
	Urgency                domain.CaseUrgency // "" when the cell is empty
	Leaders                []string
	// LeadUnit is the lead unit: the one marked 牵头, else the first named
	// in the lead column; every other unit named is a co-unit.
	LeadUnit string
	CoUnits  []string
	// UnitCells maps each unit named to the cell it was read from.
	UnitCells map[string]string
	// The time limit: LimitDays working days ("10个工作日"), or the date Due.
	LimitDays int
	Due       domain.Date
	// DuePeriod is set when Due ends a period rather than naming a day
	// ("6月底前", "三季度末", "年底前"): a caller may move it back to the last
	// working day, where a named day on a holiday is an error.
	DuePeriod bool
	Remarks   string
	Section   string // nearest section heading above, if any
	// Cells maps a field ("title", "source", "lead_units", "co_units",
	// "leaders", "due", …) to the cell it was read from, e.g. "E7".
	Cells map[string]string
	// Headers maps a field to its column's header as the sheet writes it
	// (shared by the rows of a sheet).
	Headers map[string]string
	// Rows lists every Excel row the item was read from when it spans
	// several (rows below it with empty or merged number and title cells).
	Rows []int
}

// The columns of a ledger besides those a task sheet has.
const (
	fSource field = iota + 100
	fUrgency
	fRemarks
)

// caseFields are a ledger's columns in template order.
var caseFields = []field{fNumber, fTitle, fSource, fLeaders, fLeadUnits, fCoUnits, fDue, fUrgency, fContent, fRemarks}

func caseFieldName(f field) string {
	switch f {
	case fSource:
		return "source"
	case fUrgency:
		return "urgency"
	case fRemarks:
		return "remarks"
	}
	return ""
}

// caseSynonyms are the header texts offices write in their ledgers.
func caseSynonyms(f field) []string {
	switch f {
	case fNumber:
		return []string{"序号", "编号", "序", "no", "no.", "#", "number"}
	case fTitle:
		return []string{"督办事项", "事项名称", "督办事项名称", "督办件", "督办件名称", "督办内容摘要", "事项", "交办事项", "批示事项",
			"督办任务", "标题", "title", "item", "matter"}
	case fContent:
		return []string{"内容", "具体要求", "督办要求", "督办内容", "具体内容", "事项内容", "批示内容", "工作要求", "办理要求", "content", "details"}
	case fSource:
		return []string{"来源", "督办来源", "事项来源", "来源类别", "督办类别", "类别", "source"}
	case fLeaders:
		return []string{"交办领导", "批示领导", "责任领导", "分管领导", "交办人", "批示人", "领导", "leader", "leaders"}
	case fLeadUnits:
		return []string{"承办单位", "牵头单位", "主办单位", "责任单位", "承办部门", "牵头部门", "lead unit", "lead units", "unit"}
	case fCoUnits:
		return []string{"配合单位", "协办单位", "配合部门", "协办部门", "co-unit", "co-units", "supporting units"}
	case fDue:
		return []string{"办理时限", "完成时限", "办结时限", "时限要求", "时限", "截止时间", "办结时间", "due", "deadline", "time limit"}
	case fUrgency:
		return []string{"紧急程度", "缓急程度", "缓急", "紧急", "urgency"}
	case fRemarks:
		return []string{"备注", "说明", "remarks", "notes"}
	}
	return nil
}

// withFold makes idx match headers after fold as well.
func (idx *headerIndex) withFold(fold func(string) string) *headerIndex {
	if fold == nil {
		return idx
	}
	idx.fold = fold
	keys := make([]string, 0, len(idx.fields))
	for k := range idx.fields {
		keys = append(keys, k)
	}
	for _, k := range keys {
		idx.add(fold(k), idx.fields[k])
	}
	return idx
}

// ParseCases reads a supervision ledger (督办台账): one item per row, with
// its source, leader, lead and co-units and time limit. Any bad cell fails
// the whole import: the error lists every problem found with its row,
// column and reason. Names of units and leaders are left for the caller
// to resolve.
func ParseCases(r io.Reader, opt CaseOptions) (*CaseSheet, error) {
	p := printerOr(opt.Printer)
	for _, y := range []int{opt.Year, opt.DefaultYear} {
		if y != 0 && (y < minYear || y > maxYear) {
			return nil, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: p.T("import.err.bad_year", y)}
		}
	}
	wb, err := openWorkbook(r, p)
	if err != nil {
		return nil, err
	}
	defer wb.f.Close()

	ps := newProblems(p)
	idx := newHeaderIndex(kindCase).withFold(opt.Fold)
	tables, err := findTables(wb, opt.Sheet, idx, []field{fTitle, fSource, fLeadUnits, fDue}, ps)
	if err != nil {
		return nil, err
	}
	out := &CaseSheet{Year: opt.Year}
	if len(tables) > 0 {
		out.Title = tables[0].title()
	}
	for i := 0; out.Year == 0 && i < len(tables); i++ {
		out.Year = tables[i].titleYear()
	}
	if out.Year == 0 {
		out.Year = opt.DefaultYear
	}
	vals := newCaseValues(opt.Fold)
	for i := range tables {
		t := &tables[i]
		out.Sheets = append(out.Sheets, t.g.sheet)
		cr := &caseReader{t: t, year: out.Year, ps: ps, vals: vals, fold: opt.Fold}
		out.Rows = cr.read(out.Rows)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}
