package xlsimport

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// AssessScoreOptions controls ParseAssessScores.
type AssessScoreOptions struct {
	Sheet   string // only this sheet; "" = every sheet with a score header
	Printer *i18n.Printer
	// Fold, when set, folds headers before they are matched (traditional
	// to simplified characters).
	Fold func(string) string
}

// AssessScoreRow is one examiner's score on one criterion for one unit.
// Unit names and criterion codes are resolved by the caller, which also
// checks the score against the criterion's maximum.
type AssessScoreRow struct {
	Sheet string
	Row   int // 1-based Excel row number
	Unit  string
	// Code and Name are the criterion's code and name as written (either
	// may be empty, not both).
	Code, Name string
	Score      float64
	Reason     string
	// Cells maps "unit", "code", "name", "score", "reason" to the cell
	// each was read from, e.g. "D7".
	Cells map[string]string
}

// The columns of a score sheet.
const (
	fAssessUnit field = iota + 200
	fAssessCode
	fAssessName
	fAssessMax
	fAssessScore
	fAssessReason
)

// assessFields are a score sheet's columns in template order.
var assessFields = []field{fAssessUnit, fAssessCode, fAssessName, fAssessMax, fAssessScore, fAssessReason}

func assessFieldName(f field) string {
	switch f {
	case fAssessUnit:
		return "unit"
	case fAssessCode:
		return "code"
	case fAssessName:
		return "name"
	case fAssessMax:
		return "max"
	case fAssessScore:
		return "score"
	case fAssessReason:
		return "reason"
	}
	return ""
}

// assessSynonyms are the headers examiners' sheets use.
func assessSynonyms(f field) []string {
	switch f {
	case fAssessUnit:
		return []string{"单位", "单位名称", "被考核单位", "考核单位", "考核对象", "责任单位", "unit"}
	case fAssessCode:
		return []string{"指标编码", "编码", "指标代码", "代码", "指标编号", "编号", "指标序号", "code"}
	case fAssessName:
		return []string{"指标名称", "名称", "考核指标", "指标", "考核项目", "考核内容", "评分项目", "criterion", "criterion name"}
	case fAssessMax:
		return []string{"满分", "分值", "标准分", "max", "maximum"}
	case fAssessScore:
		return []string{"得分", "评分", "分数", "考核得分", "评定得分", "打分", "score"}
	case fAssessReason:
		return []string{"理由", "评分理由", "评分依据", "扣分理由", "扣分原因", "得分理由", "依据", "说明", "备注", "reason"}
	}
	return nil
}

// ParseAssessScores reads an examiners' score sheet: per row a unit, a
// criterion (code or name), a score and a reason. Rows with neither score
// nor reason are left out (not scored yet). Any bad cell fails the whole
// import: the error lists every problem with its sheet, row and column.
func ParseAssessScores(r io.Reader, opt AssessScoreOptions) ([]AssessScoreRow, error) {
	p := printerOr(opt.Printer)
	wb, err := openWorkbook(r, p)
	if err != nil {
		return nil, err
	}
	defer wb.f.Close()
	ps := newProblems(p)
	idx := newHeaderIndex(kindAssess).withFold(opt.Fold)
	tables, err := findTables(wb, opt.Sheet, idx, []field{fAssessUnit, fAssessScore}, ps)
	if err != nil {
		return nil, err
	}
	var out []AssessScoreRow
	seen := map[string]rowLoc{}
	for i := range tables {
		t := &tables[i]
		_, hasCode := t.h.col(fAssessCode)
		_, hasName := t.h.col(fAssessName)
		if !hasCode && !hasName {
			ps.atSheet(t.g.sheet, p.T("import.err.missing_column", idx.label(fAssessCode, p), idx.synonymList(fAssessCode, p)))
			continue
		}
		out = readAssessScores(t, ps, seen, out)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: p.T("assess.xls.err.no_rows")}
	}
	return out, nil
}

func readAssessScores(t *table, ps *problems, seen map[string]rowLoc, out []AssessScoreRow) []AssessScoreRow {
	g, h, p := t.g, &t.h, ps.p
	for r := h.last + 1; r < len(g.rows); r++ {
		if kind, _ := t.classify(r); kind != rowData {
			continue
		}
		get := func(f field) (string, int) {
			c, ok := h.col(f)
			if !ok {
				return "", -1
			}
			return g.cell(r, c), c
		}
		row := AssessScoreRow{Sheet: g.sheet, Row: r + 1, Cells: map[string]string{}}
		for _, f := range assessFields {
			if c, ok := h.col(f); ok && f != fAssessMax {
				row.Cells[f.name()] = ref(r, c)
			}
		}
		unit, uc := get(fAssessUnit)
		row.Unit = squash(unit)
		code, cc := get(fAssessCode)
		row.Code = normNumber(squash(code))
		name, nc := get(fAssessName)
		row.Name = squash(name)
		score, sc := get(fAssessScore)
		reason, _ := get(fAssessReason)
		row.Reason = multiline(reason)
		if strings.TrimSpace(score) == "" && row.Reason == "" {
			continue // not scored yet
		}
		if row.Unit == "" {
			ps.atCell(g, h, r, uc, p.T("assess.xls.err.required"))
		}
		if row.Code == "" && row.Name == "" {
			c := cc
			if c < 0 {
				c = nc
			}
			ps.atCell(g, h, r, c, p.T("assess.xls.err.required"))
		}
		v, ok := parseScore(score)
		switch {
		case !ok:
			ps.atCell(g, h, r, sc, p.T("assess.xls.err.score_number", clip(score)))
		case v < 0:
			ps.atCell(g, h, r, sc, p.T("assess.xls.err.score_negative", fmtNum(v)))
		}
		row.Score = v
		key := row.Unit + "\x00" + row.Code
		if row.Code == "" {
			key = row.Unit + "\x00n:" + row.Name
		}
		if first, dup := seen[key]; dup && row.Unit != "" {
			ps.atRow(g, r, p.T("assess.xls.err.duplicate", first.row))
		} else {
			seen[key] = rowLoc{sheet: g.sheet, row: r + 1}
		}
		out = append(out, row)
	}
	return out
}

// parseScore reads a score as examiners write it: 18.5, "18.5分",
// "１８．５" (already half-width after normalisation).
func parseScore(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "分"))
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return round(v, 4), true
}
