package xlsimport

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// caseValues recognises the words of source and urgency cells: the
// catalog names in every language, the usual synonyms, and key words
// ("区长批示" is a leader's instruction, "12345热线" a complaint).
type caseValues struct {
	fold      func(string) string
	sources   map[string]domain.CaseSource
	urgencies map[string]domain.CaseUrgency
}

// sourceWords are the key words of a source cell, tried in order when the
// cell is not a known name: the most specific first ("上级交办" is not a
// leader's 交办, "督查发现的任务滞后" is a lagging task).
var sourceWords = []struct {
	word string
	src  domain.CaseSource
}{
	{"人大", domain.CaseSourceNPC}, {"政协", domain.CaseSourceCPPCC}, {"滞后", domain.CaseSourceTask},
	{"督查", domain.CaseSourceInspection}, {"暗访", domain.CaseSourceInspection}, {"检查", domain.CaseSourceInspection},
	{"上级", domain.CaseSourceSuperior}, {"市委", domain.CaseSourceSuperior}, {"市政府", domain.CaseSourceSuperior}, {"省", domain.CaseSourceSuperior},
	{"批示", domain.CaseSourceInstruction}, {"领导交办", domain.CaseSourceInstruction},
	{"群众", domain.CaseSourcePublic}, {"信访", domain.CaseSourcePublic}, {"12345", domain.CaseSourcePublic}, {"热线", domain.CaseSourcePublic},
	{"来信", domain.CaseSourcePublic}, {"投诉", domain.CaseSourcePublic}, {"舆情", domain.CaseSourcePublic},
	{"会议", domain.CaseSourceMeeting}, {"纪要", domain.CaseSourceMeeting}, {"常委会", domain.CaseSourceMeeting}, {"常务会", domain.CaseSourceMeeting},
}

func newCaseValues(fold func(string) string) *caseValues {
	cv := &caseValues{fold: fold, sources: map[string]domain.CaseSource{}, urgencies: map[string]domain.CaseUrgency{}}
	for src, words := range map[domain.CaseSource][]string{
		domain.CaseSourceInstruction: {"领导批示", "批示", "领导交办", "instruction"},
		domain.CaseSourceMeeting:     {"会议议定", "会议", "会议决定", "会议纪要", "meeting"},
		domain.CaseSourceSuperior:    {"上级交办", "上级督办", "superior"},
		domain.CaseSourceNPC:         {"人大建议", "人大代表建议", "npc"},
		domain.CaseSourceCPPCC:       {"政协提案", "政协委员提案", "cppcc"},
		domain.CaseSourcePublic:      {"群众反映", "群众来信", "信访", "public"},
		domain.CaseSourceInspection:  {"督查发现", "督查", "inspection"},
		domain.CaseSourceTask:        {"任务滞后", "task"},
	} {
		for _, w := range words {
			cv.sources[cv.key(w)] = src
		}
	}
	for u, words := range map[domain.CaseUrgency][]string{
		domain.UrgencyNormal:   {"一般", "普通", "正常", "常规", "normal"},
		domain.UrgencyUrgent:   {"紧急", "急", "加急", "急件", "urgent"},
		domain.UrgencyCritical: {"特急", "特别紧急", "十分紧急", "特急件", "critical"},
	} {
		for _, w := range words {
			cv.urgencies[cv.key(w)] = u
		}
	}
	for _, p := range printerLangs() {
		for _, s := range domain.CaseSources {
			cv.sources[cv.key(p.T("cases.source."+string(s)))] = s
		}
		for _, u := range domain.CaseUrgencies {
			cv.urgencies[cv.key(p.T("cases.urgency."+string(u)))] = u
		}
	}
	return cv
}

// key reduces a value cell to what is compared.
func (cv *caseValues) key(s string) string {
	k := valueKey(normCell(s))
	if cv.fold != nil {
		k = strings.ReplaceAll(cv.fold(k), " ", "")
	}
	return k
}

func (cv *caseValues) source(s string) (domain.CaseSource, bool) {
	k := cv.key(s)
	if src, ok := cv.sources[k]; ok {
		return src, true
	}
	for _, w := range sourceWords {
		if strings.Contains(k, w.word) {
			return w.src, true
		}
	}
	return "", false
}

func (cv *caseValues) urgency(s string) (domain.CaseUrgency, bool) {
	u, ok := cv.urgencies[cv.key(s)]
	return u, ok
}

func sourceList(p *i18n.Printer) string {
	var names []string
	for _, s := range domain.CaseSources {
		names = append(names, p.T("cases.source."+string(s)))
	}
	return strings.Join(names, p.T("import.list_sep"))
}

func urgencyList(p *i18n.Printer) string {
	var names []string
	for _, u := range domain.CaseUrgencies {
		names = append(names, p.T("cases.urgency."+string(u)))
	}
	return strings.Join(names, p.T("import.list_sep"))
}

// caseReader reads the data rows of one ledger table.
type caseReader struct {
	t       *table
	year    int
	ps      *problems
	vals    *caseValues
	fold    func(string) string
	section string
	headers map[string]string
	out     []CaseRow
	cur     int // index in out of the item being read, -1 when none
}

func (cr *caseReader) read(out []CaseRow) []CaseRow {
	cr.out, cr.cur = out, -1
	g := cr.t.g
	cr.headers = make(map[string]string, len(cr.t.h.cols))
	for f, c := range cr.t.h.cols {
		cr.headers[f.name()] = cr.t.h.name(c)
	}
	for r := cr.t.h.last + 1; r < len(g.rows); r++ {
		kind, text := cr.t.classify(r)
		switch kind {
		case rowBlank:
			continue
		case rowFooter:
			cr.cur = -1
			continue
		case rowSection:
			cr.cur, cr.section = -1, text
			continue
		}
		if cr.continues(r) {
			cr.merge(r)
			continue
		}
		cr.out = append(cr.out, cr.readRow(r))
		cr.cur = len(cr.out) - 1
	}
	return cr.out
}

// continues reports whether row r adds to the item above: its number and
// title cells are empty or merged down from that item's rows.
func (cr *caseReader) continues(r int) bool {
	if cr.cur < 0 {
		return false
	}
	first := cr.out[cr.cur].Row - 1
	for _, f := range []field{fNumber, fTitle} {
		c, ok := cr.t.h.col(f)
		if !ok || cr.t.g.cell(r, c) == "" {
			continue
		}
		o, copied := cr.t.g.origin(r, c)
		if !copied || int(o.r) < first || int(o.r) >= r {
			return false
		}
	}
	return true
}

// get returns the text of field f in row r and its column (-1 when the
// sheet has no such column).
func (cr *caseReader) get(r int, f field) (string, int) {
	c, ok := cr.t.h.col(f)
	if !ok {
		return "", -1
	}
	return cr.t.g.cell(r, c), c
}

// own returns the text of field f in row r unless it is merged down from
// a row above (a continuation row repeats those).
func (cr *caseReader) own(r int, f field) string {
	v, c := cr.get(r, f)
	if c < 0 {
		return ""
	}
	if o, ok := cr.t.g.origin(r, c); ok && int(o.r) < r {
		return ""
	}
	return v
}

func (cr *caseReader) bad(r, c int, reason string) { cr.ps.atCell(cr.t.g, &cr.t.h, r, c, reason) }

func (cr *caseReader) readRow(r int) CaseRow {
	g, h, p := cr.t.g, &cr.t.h, cr.ps.p
	row := CaseRow{Sheet: g.sheet, Row: r + 1, Section: cr.section, Cells: make(map[string]string, len(h.cols)), Headers: cr.headers}
	for f, c := range h.cols {
		row.Cells[f.name()] = ref(r, c)
	}
	v, _ := cr.get(r, fNumber)
	row.Number = normNumber(v)
	v, tc := cr.get(r, fTitle)
	row.Title = squash(v)
	v, _ = cr.get(r, fContent)
	row.Content = multiline(v)
	v, _ = cr.get(r, fRemarks)
	row.Remarks = multiline(v)
	if row.Title == "" {
		if row.Number != "" {
			cr.bad(r, tc, p.T("caseweb.import.err.no_title", clip(row.Number)))
		} else {
			cr.ps.atRow(g, r, p.T("caseweb.import.err.no_key"))
		}
	}
	if v, c := cr.get(r, fSource); v == "" {
		cr.bad(r, c, p.T("caseweb.import.err.no_source", sourceList(p)))
	} else if src, ok := cr.vals.source(v); ok {
		row.Source = src
	} else {
		cr.bad(r, c, p.T("caseweb.import.err.bad_source", clip(squash(v)), sourceList(p)))
	}
	if v, c := cr.get(r, fUrgency); v != "" {
		if u, ok := cr.vals.urgency(v); ok {
			row.Urgency = u
		} else {
			cr.bad(r, c, p.T("caseweb.import.err.bad_urgency", clip(squash(v)), urgencyList(p)))
		}
	}
	v, _ = cr.get(r, fLeaders)
	row.Leaders = splitNames(v)
	v, lc := cr.get(r, fLeadUnits)
	cr.units(&row, v, true, ref(r, lc))
	if v, c := cr.get(r, fCoUnits); c >= 0 {
		cr.units(&row, v, false, ref(r, c))
	}
	if row.LeadUnit == "" {
		cr.bad(r, lc, p.T("caseweb.import.err.no_lead"))
	}
	cr.due(r, &row)
	return row
}

// merge adds a continuation row to the item above: more units, leaders
// and lines of content and remarks.
func (cr *caseReader) merge(r int) {
	row := &cr.out[cr.cur]
	if row.Rows == nil {
		row.Rows = []int{row.Row}
	}
	row.Rows = append(row.Rows, r+1)
	for _, t := range []struct {
		f    field
		text *string
	}{{fTitle, &row.Content}, {fContent, &row.Content}, {fRemarks, &row.Remarks}} {
		for _, l := range strings.Split(multiline(cr.own(r, t.f)), "\n") {
			if l != "" && !containsLine(*t.text, l) && l != row.Title {
				*t.text = joinText(*t.text, l)
			}
		}
	}
	row.Leaders = appendNames(row.Leaders, splitNames(cr.own(r, fLeaders)))
	for _, f := range []field{fLeadUnits, fCoUnits} {
		if c, ok := cr.t.h.col(f); ok {
			cr.units(row, cr.own(r, f), f == fLeadUnits, ref(r, c))
		}
	}
	if row.LimitDays == 0 && row.Due == 0 && cr.own(r, fDue) != "" {
		cr.due(r, row)
	}
}

// roleNotes mark a unit's part after its name: 区住建局（牵头）.
var roleNotes = []struct {
	note string
	lead bool
}{{"牵头", true}, {"主办", true}, {"牽頭", true}, {"主辦", true}, {"配合", false}, {"协办", false}, {"協辦", false}}

// unitRole cuts a role note off a unit's name: role is 1 for 牵头, -1 for
// 配合, 0 without a note.
func unitRole(name string) (string, int) {
	for _, rn := range roleNotes {
		for _, br := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}} {
			if base, ok := strings.CutSuffix(name, br[0]+rn.note+br[1]); ok && strings.TrimSpace(base) != "" {
				if rn.lead {
					return strings.TrimSpace(base), 1
				}
				return strings.TrimSpace(base), -1
			}
		}
	}
	return name, 0
}

// units adds the names of a units cell. In the lead column the unit
// marked 牵头 leads, else the first one; every other unit co-operates.
func (cr *caseReader) units(row *CaseRow, cell string, leadCol bool, at string) {
	type unit struct {
		name string
		role int
	}
	var us []unit
	marked := ""
	for _, n := range splitNames(cell) {
		base, role := unitRole(n)
		us = append(us, unit{base, role})
		if leadCol && role > 0 && marked == "" {
			marked = base
		}
	}
	if row.UnitCells == nil {
		row.UnitCells = map[string]string{}
	}
	for _, u := range us {
		if _, seen := row.UnitCells[u.name]; !seen {
			row.UnitCells[u.name] = at
		}
		lead := leadCol && u.role >= 0 && row.LeadUnit == "" && (marked == "" || u.name == marked)
		switch {
		case lead:
			row.LeadUnit = u.name
		case u.name != row.LeadUnit:
			row.CoUnits = appendNames(row.CoUnits, []string{u.name})
		}
	}
	// A unit named as lead and as co-unit is the lead only.
	for i, n := range row.CoUnits {
		if n == row.LeadUnit {
			row.CoUnits = append(row.CoUnits[:i:i], row.CoUnits[i+1:]...)
			break
		}
	}
}

// workdaysRe matches a time limit in working days: "10个工作日",
// "交办后15个工作日内办结".
var workdaysRe = regexp.MustCompile(`(\d{1,3})\s*个?\s*工作日`)

// due reads the time limit of row r: working days or a date.
func (cr *caseReader) due(r int, row *CaseRow) {
	p := cr.ps.p
	raw, c := cr.get(r, fDue)
	if raw == "" {
		cr.bad(r, c, p.T("caseweb.import.err.no_due"))
		return
	}
	text := squash(raw)
	folded := text
	if cr.fold != nil {
		folded = strings.ReplaceAll(cr.fold(text), " ", "")
	}
	if m := workdaysRe.FindStringSubmatch(folded); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > 365 {
			cr.bad(r, c, p.T("caseweb.import.err.limit_days", n, 1, 365))
			return
		}
		row.LimitDays = n
		return
	}
	d, ongoing, err := ParseDate(cr.t.g.dateText(r, c), cr.year)
	switch {
	case err != nil:
		cr.bad(r, c, reasonOf(err, p))
	case ongoing:
		cr.bad(r, c, p.T("caseweb.import.err.due_ongoing", clip(text)))
	default:
		row.Due, row.DuePeriod = d, periodEnd(folded)
	}
}

// periodEnd reports whether a date text ends a period ("6月底前", "三季度",
// "年内", "上半年") rather than naming a day ("2023-06-30", "6月30日", an
// Excel date).
func periodEnd(s string) bool {
	if s == "" || isDecimal(s) {
		return false
	}
	for _, w := range []string{"底", "末", "内", "半年", "季", "旬", "end of", "by end"} {
		if strings.Contains(strings.ToLower(s), w) {
			return true
		}
	}
	if strings.ContainsAny(s, "日号") {
		return false
	}
	// "6月", "2023年6月前": a month without a day.
	return strings.Contains(s, "月")
}
