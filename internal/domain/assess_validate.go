package domain

import (
	"strings"
)

// ValidateScheme checks a scheme body before it is saved, imported or
// frozen. It returns nil or a KindInvalid *Error whose Details name every
// problem with its path (category / section / criterion code) and whose Err
// is the SchemeProblems, for rendering in another language.
func ValidateScheme(b SchemeBody) error {
	v := schemeValidator{codes: map[string]criterionSig{}, sections: map[string]bool{}}
	v.scheme(b)
	return v.ps.err()
}

// criterionSig is what a code means; a code repeated across categories
// must mean the same thing.
type criterionSig struct {
	name     string
	kind     CriterionKind
	method   ScoreMethod
	category string
}

type schemeValidator struct {
	ps       SchemeProblems
	codes    map[string]criterionSig
	sections map[string]bool
}

func (v *schemeValidator) add(path, code string, args ...any) {
	v.ps = append(v.ps, SchemeProblem{Path: path, Code: code, Args: args})
}

func joinPath(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " / ")
}

func (v *schemeValidator) scheme(b SchemeBody) {
	if b.CheckDate.IsZero() {
		v.add("", "check_date")
	}
	if len(b.Categories) == 0 {
		v.add("", "no_categories")
	}
	cats := map[string]bool{}
	for i, c := range b.Categories {
		path := c.Name
		if strings.TrimSpace(c.Name) == "" {
			path = "#" + itoa(i+1)
			v.add(path, "category_name")
		} else if cats[c.Name] {
			v.add(path, "category_dup", c.Name)
		}
		cats[c.Name] = true
		v.category(path, c)
	}
	v.rules(b.Rules, cats)
}

func (v *schemeValidator) category(path string, c AssessCategory) {
	if len(c.Sections) == 0 {
		v.add(path, "category_empty")
	}
	if c.BonusCap < 0 {
		v.add(path, "cap_negative", "bonus_cap")
	}
	if c.PenaltyCap < 0 {
		v.add(path, "cap_negative", "penalty_cap")
	}
	keys := map[string]bool{}
	local := map[string]bool{}
	for i, s := range c.Sections {
		sp := joinPath(path, s.Name)
		if strings.TrimSpace(s.Name) == "" {
			sp = joinPath(path, "#"+itoa(i+1))
			v.add(sp, "section_name")
		}
		switch {
		case strings.TrimSpace(s.Key) == "":
			v.add(sp, "section_key")
		case keys[s.Key]:
			v.add(sp, "section_dup", s.Key)
		}
		keys[s.Key] = true
		v.sections[s.Key] = true
		if s.Max <= 0 {
			v.add(sp, "section_max", num(s.Max))
		}
		for _, cr := range s.Criteria {
			v.criterion(c.Name, sp, cr, s.Max, "", local)
		}
	}
}

// criterion checks one node and its children; limit is the section's (or
// the parent's) maximum and parentKind the parent's kind ("" at the top).
func (v *schemeValidator) criterion(cat, path string, c Criterion, limit float64, parentKind CriterionKind, local map[string]bool) {
	p := joinPath(path, c.Code)
	switch {
	case strings.TrimSpace(c.Code) == "":
		p = joinPath(path, c.Name)
		v.add(p, "code_empty")
	case local[c.Code]:
		v.add(p, "code_dup", c.Code)
	default:
		sig := criterionSig{name: c.Name, kind: c.Kind, method: c.Method, category: cat}
		if old, ok := v.codes[c.Code]; ok && (old.name != sig.name || old.kind != sig.kind || old.method != sig.method) {
			v.add(p, "code_meaning", c.Code, old.category+"："+old.name)
		} else if !ok {
			v.codes[c.Code] = sig
		}
	}
	local[c.Code] = true
	if strings.TrimSpace(c.Name) == "" {
		v.add(p, "name_empty")
	}
	kindOK := c.Kind.Valid()
	if !kindOK {
		v.add(p, "kind_unknown", string(c.Kind))
	}
	if !c.Method.Valid() {
		v.add(p, "method_unknown", string(c.Method))
	}
	switch {
	case c.Kind == CriterionVeto && c.Max < 0:
		v.add(p, "max_negative", num(c.Max))
	case c.Kind != CriterionVeto && c.Max <= 0:
		v.add(p, "max_positive", num(c.Max))
	case c.Kind == CriterionBase && parentKind == "" && limit > 0 && c.Max > limit:
		v.add(p, "max_over_section", num(c.Max), num(limit))
	case parentKind != "" && c.Max > limit:
		v.add(p, "max_over_parent", num(c.Max), num(limit))
	}
	if parentKind != "" && kindOK && c.Kind != parentKind {
		v.add(p, "child_kind", string(c.Kind), string(parentKind))
	}
	if c.Kind == CriterionVeto && c.Method != MethodManual {
		v.add(p, "veto_method")
	}
	if len(c.Children) > 0 && c.Method != MethodSum {
		v.add(p, "children_not_sum")
	}
	if c.Method == MethodSum && len(c.Children) == 0 {
		v.add(p, "sum_no_children")
	}
	v.params(p, c)
	for _, ch := range c.Children {
		v.criterion(cat, p, ch, c.Max, c.Kind, local)
	}
}

// params checks what the criterion's method reads.
func (v *schemeValidator) params(p string, c Criterion) {
	mp := c.Params
	neg := func(name string, x float64) {
		if x < 0 {
			v.add(p, "param_negative", name)
		}
	}
	switch c.Method {
	case MethodTasks:
		for _, tc := range mp.TaskCategories {
			if !oneOf(tc, []Category{CategoryRoutine, CategoryKey, CategoryInnovation, CategoryHighlight}) {
				v.add(p, "tasks_category", string(tc))
			}
		}
		neg("per_overdue", mp.PerOverdue)
		neg("per_lagging", mp.PerLagging)
		neg("per_missing", mp.PerMissing)
		neg("per_late", mp.PerLate)
	case MethodIndicators:
		if mp.Cap < 0 {
			neg("cap", mp.Cap)
		} else if mp.Cap > 0 && mp.Cap < 1 {
			v.add(p, "cap_below_one", num(mp.Cap))
		}
	case MethodSupervision:
		neg("per_red", mp.PerRed)
		neg("per_unverified", mp.PerUnverified)
	case MethodRank:
		if mp.Step <= 0 {
			v.add(p, "rank_step")
		}
	case MethodManual:
		if !oneOf(mp.Combine, []string{"", "mean", "median", "trimmed", "max", "min"}) {
			v.add(p, "combine_unknown", mp.Combine)
		}
	case MethodEvaluation:
		if strings.TrimSpace(mp.Evaluation) == "" {
			v.add(p, "evaluation_code")
		}
	}
}

func (v *schemeValidator) rules(r AssessRules, cats map[string]bool) {
	seen := map[string]bool{}
	for _, k := range r.TieBreak {
		p := "tie_break"
		if seen[k] {
			v.add(p, "tie_break_dup", k)
			continue
		}
		seen[k] = true
		switch {
		case k == "penalty" || k == "bonus":
		case strings.HasPrefix(k, "section:"):
			if !v.sections[strings.TrimPrefix(k, "section:")] {
				v.add(p, "tie_break_missing", k)
			}
		case strings.HasPrefix(k, "criterion:"):
			if _, ok := v.codes[strings.TrimPrefix(k, "criterion:")]; !ok {
				v.add(p, "tie_break_missing", k)
			}
		default:
			v.add(p, "tie_break_unknown", k)
		}
	}
	v.grades(r.Grades)
	names := map[string]bool{}
	for i, a := range r.Awards {
		p := v.named("awards", i, a.Name, names, "award_name", "award_dup")
		for _, code := range a.Criteria {
			if _, ok := v.codes[code]; !ok {
				v.add(p, "award_criterion", code)
			}
		}
		if a.Count < 0 {
			v.add(p, "award_count", a.Count)
		}
		if a.Category != "" && !cats[a.Category] {
			v.add(p, "award_category", a.Category)
		}
	}
	if r.Talks.BottomN < 0 {
		v.add("talks", "talk_negative", "bottom_n")
	}
	if r.Talks.Below < 0 {
		v.add("talks", "talk_negative", "below")
	}
}

// named is the path of the i-th item of a list of named rules in messages;
// it refuses an empty name (emptyCode) or one already seen (dupCode).
func (v *schemeValidator) named(list string, i int, name string, seen map[string]bool, emptyCode, dupCode string) string {
	p := list + " / " + name
	if strings.TrimSpace(name) == "" {
		p = list + " / #" + itoa(i+1)
		v.add(p, emptyCode)
	} else if seen[name] {
		v.add(p, dupCode, name)
	}
	seen[name] = true
	return p
}

func (v *schemeValidator) grades(gs []GradeRule) {
	if len(gs) == 0 {
		v.add("grades", "grades_empty")
		return
	}
	names := map[string]bool{}
	forVeto := ""
	for i, g := range gs {
		p := v.named("grades", i, g.Name, names, "grade_name", "grade_dup")
		if g.QuotaPercent < 0 || g.QuotaPercent > 100 {
			v.add(p, "grade_quota", num(g.QuotaPercent))
		}
		if g.MinTotal < 0 {
			v.add(p, "grade_min_total", num(g.MinTotal))
		}
		if g.NoVeto && g.ForVeto {
			v.add(p, "grade_veto_both")
		}
		if g.ForVeto {
			if forVeto != "" {
				v.add(p, "grade_for_veto_many", forVeto, g.Name)
			}
			forVeto = g.Name
		}
		if i == len(gs)-1 && (g.QuotaPercent != 0 || g.MinTotal != 0 || g.NoVeto) {
			v.add(p, "grade_last")
		}
	}
}
