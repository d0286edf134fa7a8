package xlsexport

import (
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// AssessResults writes an assessment's result tables: one sheet per
// category (排名, 单位, each section, 加分, 减分, 总分, 等次, 奖项, 约谈,
// 备注) in rank order, and a breakdown sheet with every criterion score of
// every unit and the calculation behind it, so that anyone can check a
// total from the workbook alone. scheme is the scheme's name, for titles.
func AssessResults(r domain.AssessResult, scheme string, p *i18n.Printer) ([]byte, error) {
	var sheets []Ledger
	used := map[string]bool{}
	for _, g := range groupByCategory(r.Units) {
		sheets = append(sheets, categoryLedger(g, scheme, p, used))
	}
	sheets = append(sheets, breakdownLedger(r.Units, scheme, p, used))
	return WriteBook(sheets...)
}

// groupByCategory splits units (in category order, as results are) into
// runs of one category.
func groupByCategory(us []domain.UnitResult) [][]domain.UnitResult {
	var out [][]domain.UnitResult
	for i := 0; i < len(us); {
		j := i
		for j < len(us) && us[j].Category == us[i].Category {
			j++
		}
		out = append(out, us[i:j])
		i = j
	}
	return out
}

func categoryLedger(g []domain.UnitResult, scheme string, p *i18n.Printer, used map[string]bool) Ledger {
	cols := []Column{{p.T("assess.xls.col.rank"), 6}, {p.T("assess.xls.col.unit"), 20}}
	secs := g[0].Sections
	for _, s := range secs {
		cols = append(cols, Column{p.T("assess.xls.section_head", s.Name, num(s.Max)), 12})
	}
	for _, c := range []struct {
		key string
		w   float64
	}{{"bonus", 8}, {"penalty", 8}, {"total", 10}, {"grade", 8}, {"awards", 12}, {"talk", 6}, {"note", 24}} {
		cols = append(cols, Column{p.T("assess.xls.col." + c.key), c.w})
	}
	rows := make([][]any, len(g))
	for i, u := range g {
		row := []any{u.Rank, u.Unit}
		for _, s := range secs {
			row = append(row, sectionScore(u, s.Key))
		}
		talk := ""
		if u.Talk {
			talk = p.T("assess.xls.yes")
		}
		row = append(row, u.Bonus, u.Penalty, u.Total, u.Grade, strings.Join(u.Awards, "、"), talk, unitNote(u, p))
		rows[i] = row
	}
	return Ledger{Sheet: sheetName(g[0].Category, used), Title: p.T("assess.xls.title.results", scheme, g[0].Category), Columns: cols, Rows: rows}
}

func sectionScore(u domain.UnitResult, key string) float64 {
	for _, s := range u.Sections {
		if s.Key == key {
			return s.Score
		}
	}
	return 0
}

// unitNote is the 备注 column: a veto, and the rule that separated the unit
// from another with the same total.
func unitNote(u domain.UnitResult, p *i18n.Printer) string {
	var parts []string
	if u.Vetoed {
		parts = append(parts, p.T("assess.vetoed"))
	}
	if t := TieBreakText(u, p); t != "" {
		parts = append(parts, p.T("assess.xls.tie_break", t))
	}
	return strings.Join(parts, "；")
}

// TieBreakText names the tie-break rule recorded on u in p's language
// ("板块“重点工作”得分"), or "" when none was needed.
func TieBreakText(u domain.UnitResult, p *i18n.Printer) string {
	return tieBreakWords(u.TieBreak, p, func(key string) string {
		for _, s := range u.Sections {
			if s.Key == key {
				return s.Name
			}
		}
		return key
	}, func(code string) string {
		for _, c := range u.Criteria {
			if c.Code == code {
				return c.Name
			}
		}
		return code
	})
}

// TieBreakRules words a scheme's tie-break rules, in the order they are
// tried, for readers who do not know the scheme file's keys
// ("section:key" is 板块“重点工作”得分).
func TieBreakRules(b domain.SchemeBody, p *i18n.Printer) []string {
	sections, criteria := map[string]string{}, map[string]string{}
	var walk func([]domain.Criterion)
	walk = func(cs []domain.Criterion) {
		for _, c := range cs {
			criteria[c.Code] = c.Name
			walk(c.Children)
		}
	}
	for _, cat := range b.Categories {
		for _, s := range cat.Sections {
			if _, ok := sections[s.Key]; !ok {
				sections[s.Key] = s.Name
			}
			walk(s.Criteria)
		}
	}
	name := func(m map[string]string) func(string) string {
		return func(k string) string {
			if n, ok := m[k]; ok {
				return n
			}
			return k
		}
	}
	var out []string
	for _, k := range b.Rules.TieBreak {
		if t := tieBreakWords(k, p, name(sections), name(criteria)); t != "" {
			out = append(out, t)
		} else {
			out = append(out, k)
		}
	}
	return out
}

// tieBreakWords words one tie-break key; section and criterion name a
// section key and a criterion code.
func tieBreakWords(k string, p *i18n.Printer, section, criterion func(string) string) string {
	switch {
	case k == "penalty" || k == "bonus":
		return p.T("assess.tiebreak." + k)
	case strings.HasPrefix(k, "section:"):
		return p.T("assess.tiebreak.section", section(strings.TrimPrefix(k, "section:")))
	case strings.HasPrefix(k, "criterion:"):
		return p.T("assess.tiebreak.criterion", criterion(strings.TrimPrefix(k, "criterion:")))
	}
	return ""
}

// FormulaText is the wording of a scoring method (catalog key
// assess.formula.<key>, "adjusted" included) in p's language, or "" when
// the catalog has none: readers then see the arithmetic alone. The web
// pages use it too, so that a page and a workbook never word a formula
// differently.
func FormulaText(key string, p *i18n.Printer) string {
	if k := "assess.formula." + key; key != "" && p.Has(k) {
		return p.T(k)
	}
	return ""
}

// InputLabel names a formula input (catalog key assess.input.<label>), or
// returns the label itself when the catalog has none.
func InputLabel(label string, p *i18n.Printer) string {
	if k := "assess.input." + label; p.Has(k) {
		return p.T(k)
	}
	return label
}

// InputsText lists a formula's inputs on one line, as a workbook cell:
// "满分：20；完成率：96.50%；逾期任务：1（城建-03）".
func InputsText(ins []domain.FormulaInput, p *i18n.Printer) string {
	var b strings.Builder
	for i, in := range ins {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(InputLabel(in.Label, p) + "：" + domain.InputValue(in))
		if in.Text != "" {
			b.WriteString("（" + in.Text + "）")
		}
	}
	return b.String()
}

func breakdownLedger(us []domain.UnitResult, scheme string, p *i18n.Printer, used map[string]bool) Ledger {
	cols := []Column{{p.T("assess.xls.col.category"), 12}, {p.T("assess.xls.col.unit"), 18}, {p.T("assess.xls.col.section"), 12},
		{p.T("assess.xls.col.code"), 8}, {p.T("assess.xls.col.name"), 22}, {p.T("assess.xls.col.kind"), 8},
		{p.T("assess.xls.col.max"), 7}, {p.T("assess.xls.col.score"), 8}, {p.T("assess.xls.col.formula"), 40},
		{p.T("assess.xls.col.expr"), 40}, {p.T("assess.xls.col.inputs"), 50}, {p.T("assess.xls.col.note"), 12}}
	var rows [][]any
	for _, u := range us {
		secName := map[string]string{}
		for _, s := range u.Sections {
			secName[s.Key] = s.Name
		}
		for _, c := range u.Criteria {
			note := ""
			switch {
			case c.Missing:
				note = p.T("assess.missing")
			case c.Vetoed:
				note = p.T("assess.vetoed")
			}
			rows = append(rows, []any{u.Category, u.Unit, secName[c.Section], c.Code, c.Name, p.T("assess.kind." + string(c.Kind)),
				c.Max, c.Score, FormulaText(c.Formula.Key, p), c.Formula.Expr, InputsText(c.Formula.Inputs, p), note})
		}
	}
	return Ledger{Sheet: sheetName(p.T("assess.xls.sheet.breakdown"), used), Title: p.T("assess.xls.title.breakdown", scheme), Columns: cols, Rows: rows}
}

// sheetName makes a valid, unused sheet name: at most 31 characters,
// none of []:*?/\.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if s == "" {
		s = "_"
	}
	rs := []rune(s)
	if len(rs) > 28 {
		rs = rs[:28]
	}
	name := string(rs)
	for i := 2; used[name]; i++ {
		name = string(rs) + "(" + strconv.Itoa(i) + ")"
	}
	used[name] = true
	return name
}

// num writes a maximum as short as it is: 30, 12.5.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
