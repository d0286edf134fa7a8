package xlsimport

import (
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// TaskTemplate builds a task decomposition workbook (.xlsx) for offices to
// fill in, entirely in p's language: a title row with the year, a two-row
// header with every column ParseTasks reads and 1月 … 12月 under a merged
// 月度节点, example rows showing the accepted formats, and a sheet of
// instructions. ParseTasks reads it back as it is.
func TaskTemplate(year int, p *i18n.Printer) ([]byte, error) {
	p = printerOr(p)
	if err := templateYear(year, p); err != nil {
		return nil, err
	}
	b := newBook()
	sheet := p.T("import.tpl.task.sheet")
	b.do(b.f.SetSheetName("Sheet1", sheet))
	fields := kindTask.fields()
	nf := len(fields)
	last := nf + 11 // the 12月 column

	b.set(sheet, 0, 0, p.T("import.tpl.task.title", year), b.st.title)
	b.merge(sheet, 0, 0, 0, last)
	b.do(b.f.SetRowHeight(sheet, 1, 32))

	for c, f := range fields {
		b.set(sheet, 1, c, f.label(p), 0)
		b.merge(sheet, 1, c, 2, c)
	}
	b.set(sheet, 1, nf, p.T("import.col.months"), 0)
	b.merge(sheet, 1, nf, 1, last)
	for m := 1; m <= 12; m++ {
		b.set(sheet, 2, nf+m-1, p.T("import.col.month", m), 0)
	}
	b.styleRange(sheet, 1, 0, 2, last, b.st.header)
	b.styleRange(sheet, 3, 0, 3+templateRows-1, last, b.st.body)

	for i, ex := range taskExamples(year, p) {
		r := 3 + i
		for c, f := range fields {
			v, ok := ex.cells[f]
			if !ok {
				continue
			}
			style := b.st.body
			if f == fStart || f == fDue {
				style = b.st.date
			}
			b.set(sheet, r, c, v, style)
		}
		for m, text := range ex.nodes {
			b.set(sheet, r, nf+m-1, text, b.st.body)
		}
	}

	widths := map[field]float64{fNumber: 6, fTitle: 24, fContent: 36, fCategory: 11, fSector: 12, fFronts: 12,
		fLeadUnits: 18, fCoUnits: 18, fLeaders: 10, fResponsible: 10, fStart: 12, fDue: 12, fWeight: 7, fCadence: 10}
	for c, f := range fields {
		b.width(sheet, c, widths[f])
	}
	for c := nf; c <= last; c++ {
		b.width(sheet, c, 16)
	}
	b.freeze(sheet, 3, 2)

	var cats, cads []string
	for _, c := range domain.Categories {
		cats = append(cats, p.T("import.category."+string(c)))
	}
	for _, c := range domain.Cadences {
		cads = append(cads, p.T("import.cadence."+string(c)))
	}
	for c, f := range fields {
		switch f {
		case fCategory:
			b.dropList(sheet, c, 3, cats, p)
		case fCadence:
			b.dropList(sheet, c, 3, cads, p)
		}
	}

	b.helpSheet(p, p.T("import.tpl.task.help_title"), helpLines(p, "import.tpl.task.help"))
	return b.bytes()
}

// example is one example row of a template.
type example struct {
	cells map[field]any
	nodes map[int]string // month → node text
}

// taskExamples are the template's example rows: a key task with a start
// date, an end-of-year deadline and nodes (one stating its percent), an
// innovation task due "6月底前", and an ongoing routine task.
func taskExamples(year int, p *i18n.Printer) []example {
	ex := func(n int, k string) string { return p.T(fmt.Sprintf("import.tpl.task.ex%d.%s", n, k)) }
	cat := func(c domain.Category) string { return p.T("import.category." + string(c)) }
	cad := func(c domain.Cadence) string { return p.T("import.cadence." + string(c)) }
	text := func(n int) map[field]any {
		return map[field]any{
			fNumber: n, fTitle: ex(n, "title"), fContent: ex(n, "content"), fSector: ex(n, "sector"),
			fFronts: ex(n, "fronts"), fLeadUnits: ex(n, "lead"), fCoUnits: ex(n, "co"),
			fLeaders: ex(n, "leader"), fResponsible: ex(n, "responsible"), fDue: ex(n, "due"),
		}
	}
	one := text(1)
	one[fCategory], one[fCadence], one[fWeight] = cat(domain.CategoryKey), cad(domain.CadenceMonthly), 10
	one[fStart] = excelDate(year, 3, 1)
	two := text(2)
	two[fCategory], two[fCadence], two[fWeight] = cat(domain.CategoryInnovation), cad(domain.CadenceWeekly), 5
	three := text(3)
	three[fCategory], three[fCadence], three[fWeight] = cat(domain.CategoryRoutine), cad(domain.CadenceQuarterly), 3
	return []example{
		{cells: one, nodes: map[int]string{3: ex(1, "m3"), 6: ex(1, "m6"), 9: ex(1, "m9"), 12: ex(1, "m12")}},
		{cells: two, nodes: map[int]string{4: ex(2, "m4"), 6: ex(2, "m6")}},
		{cells: three},
	}
}
