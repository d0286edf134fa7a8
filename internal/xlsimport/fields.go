package xlsimport

import (
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/i18n"
)

// field is a column the parsers know.
type field int

const (
	fNone field = iota
	fNumber
	fTitle
	fContent
	fCategory
	fSector
	fFronts
	fLeadUnits
	fCoUnits
	fLeaders
	fResponsible
	fStart
	fDue
	fWeight
	fCadence
	fProgress
	fDone
	fProblems
	fNextSteps
	fDate
)

// sheetKind says which columns a sheet of that kind has.
type sheetKind int

const (
	kindTask sheetKind = iota
	kindProgress
	kindCase   // a supervision ledger (督办台账): see cases.go
	kindAssess // an examiners' score sheet (考核评分表): see assess_scores.go
)

// kindSpec is what sets one kind of sheet apart: its columns in template
// order, the column its header is found by, where its own column headings
// are in the catalog (tried before the shared import.col.<name>), and the
// header texts offices use besides the catalog's.
type kindSpec struct {
	fields []field
	key    field
	// labels is a catalog prefix ("import.col.case."): a column whose key
	// is there is headed that way; empty, the shared headings serve.
	labels   string
	synonyms func(field) []string
}

// spec describes the kind.
func (k sheetKind) spec() kindSpec {
	switch k {
	case kindCase:
		return kindSpec{fields: caseFields, key: fTitle, labels: "import.col.case.", synonyms: caseSynonyms}
	case kindAssess:
		return kindSpec{fields: assessFields, key: fAssessScore, labels: "assess.xls.col.", synonyms: assessSynonyms}
	case kindProgress:
		return kindSpec{fields: []field{fNumber, fTitle, fProgress, fDone, fProblems, fNextSteps, fDate}, key: fTitle,
			synonyms: func(f field) []string { return planSynonyms(f, true) }}
	}
	return kindSpec{fields: []field{fNumber, fTitle, fContent, fCategory, fSector, fFronts, fLeadUnits, fCoUnits,
		fLeaders, fResponsible, fStart, fDue, fWeight, fCadence}, key: fTitle,
		synonyms: func(f field) []string { return planSynonyms(f, false) }}
}

// fields lists a kind's columns in template order.
func (k sheetKind) fields() []field { return k.spec().fields }

// name is the field's key in TaskRow.Cells and ProgressRow.Cells.
func (f field) name() string {
	switch f {
	case fNumber:
		return "number"
	case fTitle:
		return "title"
	case fContent:
		return "content"
	case fCategory:
		return "category"
	case fSector:
		return "sector"
	case fFronts:
		return "fronts"
	case fLeadUnits:
		return "lead_units"
	case fCoUnits:
		return "co_units"
	case fLeaders:
		return "leaders"
	case fResponsible:
		return "responsible"
	case fStart:
		return "start"
	case fDue:
		return "due"
	case fWeight:
		return "weight"
	case fCadence:
		return "cadence"
	case fProgress:
		return "progress"
	case fDone:
		return "done"
	case fProblems:
		return "problems"
	case fNextSteps:
		return "next_steps"
	case fDate:
		return "date"
	}
	if n := caseFieldName(f); n != "" {
		return n
	}
	return assessFieldName(f)
}

// label is the column's header in p's language, as the templates write it.
func (f field) label(p *i18n.Printer) string { return p.T("import.col." + f.name()) }

// label is a column's header in p's language on the index's kind of
// sheet: a case ledger or a score sheet names columns its own way.
func (idx *headerIndex) label(f field, p *i18n.Printer) string {
	if pre := idx.kind.spec().labels; pre != "" {
		if k := pre + f.name(); p.Has(k) {
			return p.T(k)
		}
	}
	return f.label(p)
}

// synonyms are the header texts offices use for the field, besides the
// catalog labels. They are compared after headerKey.
func (f field) synonyms(k sheetKind) []string { return k.spec().synonyms(f) }

// planSynonyms are the header texts of task and progress sheets.
func planSynonyms(f field, progress bool) []string {
	switch f {
	case fNumber:
		return []string{"序号", "编号", "任务编号", "序", "no", "no.", "#", "number"}
	case fTitle:
		s := []string{"任务名称", "工作任务", "重点任务", "任务事项", "工作事项", "任务", "task", "task name", "title"}
		if progress {
			s = append(s, "项目名称")
		}
		return s
	case fContent:
		return []string{"具体内容", "工作目标", "目标要求", "工作内容", "主要内容", "任务内容", "content", "details"}
	case fCategory:
		return []string{"类别", "任务类别", "工作类别", "category"}
	case fSector:
		return []string{"口", "所属口", "sector"}
	case fFronts:
		return []string{"战线", "所属战线", "线", "front", "fronts"}
	case fLeadUnits:
		return []string{"牵头单位", "责任单位", "牵头部门", "lead unit", "lead units"}
	case fCoUnits:
		return []string{"配合单位", "协办单位", "配合部门", "协助单位", "co-unit", "co-units", "supporting units"}
	case fLeaders:
		return []string{"责任领导", "分管领导", "牵头领导", "区级领导", "leader", "leaders", "leader in charge"}
	case fResponsible:
		return []string{"责任人", "具体责任人", "responsible", "responsible person"}
	case fStart:
		return []string{"开始时间", "起始时间", "开始日期", "start", "start date"}
	case fDue:
		return []string{"完成时限", "完成时间", "截止时间", "完成期限", "due", "due date", "deadline"}
	case fWeight:
		return []string{"权重", "weight"}
	case fCadence:
		return []string{"报送频次", "报送频率", "cadence", "reporting cadence"}
	case fProgress:
		return []string{"完成进度", "进度", "完成比例", "完成率", "累计进度", "progress"}
	case fDone:
		return []string{"本期进展", "工作进展", "进展情况", "完成情况", "done", "progress made"}
	case fProblems:
		return []string{"存在问题", "存在的问题", "困难问题", "problems", "issues"}
	case fNextSteps:
		return []string{"下步打算", "下步计划", "下一步打算", "下一步工作", "next steps"}
	case fDate:
		return []string{"填报日期", "报送日期", "日期", "date", "report date"}
	}
	return nil
}

// headerIndex recognises the header cells of one sheet kind: the
// synonyms, and the catalog labels of every language (so that a template
// downloaded in English loads back).
type headerIndex struct {
	kind   sheetKind
	fields map[string]field
	months map[string]int // catalog month labels ("month1") → month
	groups map[string]bool
	// fold, when set, also matches headers after folding (traditional to
	// simplified characters): see withFold.
	fold func(string) string
}

func newHeaderIndex(k sheetKind) *headerIndex {
	idx := &headerIndex{kind: k, fields: map[string]field{}, months: map[string]int{}, groups: map[string]bool{}}
	b := i18n.Default()
	for _, f := range k.fields() {
		for _, s := range f.synonyms(k) {
			idx.add(headerKey(s), f)
		}
		for _, l := range i18n.Langs {
			idx.add(headerKey(idx.label(f, b.Printer(l))), f)
		}
	}
	for _, s := range []string{"月度节点", "时间节点", "月度计划", "节点安排", "月度目标", "月度安排",
		"进度安排", "时间安排", "节点", "月度进度", "计划进度", "月度任务"} {
		idx.groups[headerKey(s)] = true
	}
	for _, l := range i18n.Langs {
		p := b.Printer(l)
		idx.groups[headerKey(p.T("import.col.months"))] = true
		for m := 1; m <= 12; m++ {
			idx.months[headerKey(p.T("import.col.month", m))] = m
		}
	}
	return idx
}

// add keeps the first field a key was given: synonyms come first.
func (idx *headerIndex) add(key string, f field) {
	if _, ok := idx.fields[key]; !ok && key != "" {
		idx.fields[key] = f
	}
}

// field returns the field a header cell names, or fNone.
func (idx *headerIndex) field(cell string) field {
	key := headerKey(cell)
	if f, ok := idx.fields[key]; ok || idx.fold == nil {
		return f
	}
	return idx.fields[idx.fold(key)]
}

// month returns 1..12 when a header cell names a month: "1月", "一月",
// "1月份", "2023年6月", "6月节点", "Jun", "Month 6"; else 0. A bare number
// counts only under a month group header (underGroup).
func (idx *headerIndex) month(cell string, underGroup bool) int {
	key := headerKey(cell)
	if m, ok := idx.months[key]; ok {
		return m
	}
	if m := enMonth(key); m > 0 && len(key) >= 3 {
		return m
	}
	if underGroup && len(key) <= 2 && allDigits(key) {
		if m, _ := strconv.Atoi(key); m >= 1 && m <= 12 {
			return m
		}
	}
	if len(key) > 5 && allDigits(key[:4]) && strings.HasPrefix(key[4:], "年") {
		key = key[4+len("年"):]
	}
	n, k, ok := readNum(key, 2)
	if !ok || n < 1 || n > 12 || !strings.HasPrefix(key[k:], "月") {
		return 0
	}
	rest := strings.TrimPrefix(key[k+len("月"):], "份")
	switch rest {
	case "", "节点", "计划", "目标", "任务", "进度", "安排", "底", "末":
		return n
	}
	return 0
}

// keyField is the column a sheet of the index's kind cannot do without:
// its header is found by it.
func (idx *headerIndex) keyField() field { return idx.kind.spec().key }

// isGroup reports whether a header cell is a month group ("月度节点").
func (idx *headerIndex) isGroup(cell string) bool { return idx.groups[headerKey(cell)] }

// synonymList gives a field's accepted headers for messages.
func (idx *headerIndex) synonymList(f field, p *i18n.Printer) string {
	var zh []string
	for _, s := range f.synonyms(idx.kind) {
		if !isASCII(s) {
			zh = append(zh, s)
		}
	}
	if p.Lang == i18n.En {
		zh = append(zh, idx.label(f, p))
	}
	return strings.Join(zh, p.T("import.list_sep"))
}
