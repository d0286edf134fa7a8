package xlsimport

import (
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// valueIndex recognises the words of category and cadence cells: the
// usual synonyms and the catalog names of every language.
type valueIndex struct {
	categories map[string]domain.Category
	cadences   map[string]domain.Cadence
}

// valueKey reduces a cell to what is compared: no spaces, lower case.
func valueKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

func newValueIndex() *valueIndex {
	vi := &valueIndex{categories: map[string]domain.Category{}, cadences: map[string]domain.Cadence{}}
	for c, words := range map[domain.Category][]string{
		domain.CategoryRoutine:    {"常规", "常规工作", "常规任务", "常規", "常規工作", "routine"},
		domain.CategoryKey:        {"重点", "重点工作", "重点任务", "重點", "重點工作", "重點任務", "key"},
		domain.CategoryInnovation: {"创新", "创新工作", "创新任务", "創新", "創新工作", "innovation", "innovative"},
		domain.CategoryHighlight:  {"亮点", "亮点工作", "亮點", "亮點工作", "highlight"},
	} {
		for _, w := range words {
			vi.categories[valueKey(w)] = c
		}
	}
	for c, words := range map[domain.Cadence][]string{
		domain.CadenceWeekly:    {"每周", "周", "周报", "周推进", "每週", "週", "週報", "週推進", "weekly", "week"},
		domain.CadenceMonthly:   {"每月", "月", "月报", "月度", "月专报", "月報", "月專報", "monthly", "month"},
		domain.CadenceQuarterly: {"每季", "季", "季度", "季报", "每季度", "季通报", "季報", "季通報", "quarterly", "quarter"},
	} {
		for _, w := range words {
			vi.cadences[valueKey(w)] = c
		}
	}
	for _, p := range printerLangs() {
		for _, c := range domain.Categories {
			vi.categories[valueKey(p.T("import.category."+string(c)))] = c
		}
		for _, c := range domain.Cadences {
			vi.cadences[valueKey(p.T("import.cadence."+string(c)))] = c
		}
	}
	return vi
}

// categoryList names the accepted categories in p's language.
func categoryList(p *i18n.Printer) string {
	var names []string
	for _, c := range domain.Categories {
		names = append(names, p.T("import.category."+string(c)))
	}
	return strings.Join(names, p.T("import.list_sep"))
}

// cadenceList names the accepted cadences in p's language.
func cadenceList(p *i18n.Printer) string {
	var names []string
	for _, c := range domain.Cadences {
		names = append(names, p.T("import.cadence."+string(c)))
	}
	return strings.Join(names, p.T("import.list_sep"))
}

// parseWeight reads a weight: a number above 0, "10", "10%", "10分".
func parseWeight(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "%"), "分"))
	if !isNumberText(strings.ToLower(s)) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0, false
	}
	return round(v, 6), true
}
