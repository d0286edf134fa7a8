// Looking criteria up in a scheme body: the entries, the examiners and the
// gathering all need to know, for a code, which criterion it is and which
// category it belongs to.

package service

import (
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
)

// schemeCriterion is a criterion of a scheme with where it sits.
type schemeCriterion struct {
	domain.Criterion
	Category string
	Section  string
}

// criteriaOf indexes every criterion of a body (children included) by
// code; a code repeated across categories keeps every category.
func criteriaOf(b domain.SchemeBody) (map[string]schemeCriterion, map[string][]string) {
	out := map[string]schemeCriterion{}
	cats := map[string][]string{}
	var walk func(cat, sec string, cs []domain.Criterion)
	walk = func(cat, sec string, cs []domain.Criterion) {
		for _, c := range cs {
			if _, ok := out[c.Code]; !ok {
				out[c.Code] = schemeCriterion{Criterion: c, Category: cat, Section: sec}
			}
			cats[c.Code] = append(cats[c.Code], cat)
			walk(cat, sec, c.Children)
		}
	}
	for _, cat := range b.Categories {
		for _, sec := range cat.Sections {
			walk(cat.Name, sec.Key, sec.Criteria)
		}
	}
	return out, cats
}

// takesEntries reports whether examiners enter something for c: manual
// scores (any kind, including bonus, penalty and veto items), and the
// values of rank criteria that rank an entered value.
func takesEntries(c domain.Criterion) bool {
	return c.Method == domain.MethodManual || (c.Method == domain.MethodRank && c.Params.Value == "")
}

// entryRange is the range an entry for c must lie in: 0…Max; a veto is
// 0 (not triggered) or 1 (triggered) when it carries no points; a ranked
// value has no upper bound (ok false).
func entryRange(c domain.Criterion) (lo, hi float64, bounded bool) {
	switch {
	case c.Method == domain.MethodRank:
		return 0, 0, false
	case c.Kind == domain.CriterionVeto && c.Max == 0:
		return 0, 1, true
	}
	return 0, c.Max, true
}

// num writes a number as people write it: 10, 12.5.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
