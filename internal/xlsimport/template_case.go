package xlsimport

import (
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// CaseTemplate builds a blank supervision ledger (督办台账) for offices to
// fill in, in p's language: a title row with the year, the header with
// every column ParseCases reads, drop-down lists of sources and
// urgencies, and a sheet of instructions with examples. It has no example
// rows, since every row of a ledger becomes a case.
func CaseTemplate(year int, p *i18n.Printer) ([]byte, error) {
	p = printerOr(p)
	if err := templateYear(year, p); err != nil {
		return nil, err
	}
	b := newBook()
	sheet := p.T("caseweb.tpl.sheet")
	b.do(b.f.SetSheetName("Sheet1", sheet))
	idx := &headerIndex{kind: kindCase}
	last := len(caseFields) - 1
	b.set(sheet, 0, 0, p.T("caseweb.tpl.title", year), b.st.title)
	b.merge(sheet, 0, 0, 0, last)
	b.do(b.f.SetRowHeight(sheet, 1, 32))
	widths := map[field]float64{fNumber: 6, fTitle: 30, fSource: 12, fLeaders: 10, fLeadUnits: 18, fCoUnits: 20, fDue: 14,
		fUrgency: 10, fContent: 40, fRemarks: 16}
	for c, f := range caseFields {
		b.set(sheet, 1, c, idx.label(f, p), 0)
		b.width(sheet, c, widths[f])
	}
	b.styleRange(sheet, 1, 0, 1, last, b.st.header)
	b.styleRange(sheet, 2, 0, 2+templateRows-1, last, b.st.body)
	b.freeze(sheet, 2, 2)
	var sources, urgencies []string
	for _, s := range domain.CaseSources {
		sources = append(sources, p.T("cases.source."+string(s)))
	}
	for _, u := range domain.CaseUrgencies {
		urgencies = append(urgencies, p.T("cases.urgency."+string(u)))
	}
	for c, f := range caseFields {
		switch f {
		case fSource:
			b.dropList(sheet, c, 2, sources, p)
		case fUrgency:
			b.dropList(sheet, c, 2, urgencies, p)
		}
	}
	b.helpSheet(p, p.T("caseweb.tpl.help_title"), helpLines(p, "caseweb.tpl.help"))
	return b.bytes()
}
