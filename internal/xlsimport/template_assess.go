package xlsimport

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/i18n"
)

// AssessCriterionRef is a criterion as a score sheet lists it.
type AssessCriterionRef struct {
	Code string
	Name string
	Max  float64
}

// AssessScoreTemplate builds a score sheet (.xlsx) for examiners: one row
// per unit and criterion (every unit × every criterion given, the unit's
// cell merged over its rows), with the maximum beside each, and empty
// 得分 and 理由 columns. ParseAssessScores reads it back as it is; rows
// left empty are not scored.
func AssessScoreTemplate(units []string, criteria []AssessCriterionRef, p *i18n.Printer) ([]byte, error) {
	p = printerOr(p)
	b := newBook()
	sheet := p.T("assess.xls.sheet.scores")
	b.do(b.f.SetSheetName("Sheet1", sheet))
	idx := newHeaderIndex(kindAssess)
	last := len(assessFields) - 1
	b.set(sheet, 0, 0, p.T("assess.xls.title.scores"), b.st.title)
	b.merge(sheet, 0, 0, 0, last)
	b.do(b.f.SetRowHeight(sheet, 1, 32))
	for c, f := range assessFields {
		b.set(sheet, 1, c, idx.label(f, p), 0)
	}
	b.styleRange(sheet, 1, 0, 1, last, b.st.header)
	r := 2
	for _, u := range units {
		first := r
		for _, c := range criteria {
			b.set(sheet, r, 0, u, b.st.body)
			b.set(sheet, r, 1, c.Code, b.st.body)
			b.set(sheet, r, 2, c.Name, b.st.body)
			b.set(sheet, r, 3, c.Max, b.st.body)
			b.styleRange(sheet, r, 4, r, 5, b.st.body)
			r++
		}
		if r-first > 1 {
			b.merge(sheet, first, 0, r-1, 0)
		}
	}
	if r > 2 && b.err == nil {
		// Scores are numbers from 0; the maximum is checked on import.
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s:%s", ref(2, 4), ref(r-1, 4)))
		b.do(dv.SetRange(0, 1000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, p.T("assess.xls.col.score"), p.T("assess.xls.err.score_cell"))
		b.do(b.f.AddDataValidation(sheet, dv))
	}
	for c, w := range []float64{18, 10, 28, 8, 10, 48} {
		b.width(sheet, c, w)
	}
	b.freeze(sheet, 2, 1)
	b.helpSheet(p, p.T("assess.xls.title.scores"), helpLines(p, "assess.xls.help"))
	return b.bytes()
}
