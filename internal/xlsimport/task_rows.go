package xlsimport

import (
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// taskReader reads the data rows of one task table.
type taskReader struct {
	t       *table
	year    int
	ps      *problems
	seen    map[string]rowLoc // task numbers of the whole import
	vi      *valueIndex
	section string
	cur     *taskBuild
	out     []TaskRow
}

// taskBuild is a task being read: one row, or several when its number and
// title cells are merged down over rows that add content, units or nodes.
type taskBuild struct {
	row   TaskRow
	r0    int // 0-based first row
	nodes []node
}

// node is a month node cell.
type node struct {
	month int
	text  string // the description
	pct   string // the text to read a stated percent from
	r, c  int    // where it is written
}

func (tr *taskReader) read(out []TaskRow) []TaskRow {
	tr.out = out
	if tr.vi == nil {
		tr.vi = newValueIndex()
	}
	g := tr.t.g
	for r := tr.t.h.last + 1; r < len(g.rows); r++ {
		kind, text := tr.t.classify(r)
		switch kind {
		case rowBlank:
			continue
		case rowFooter:
			tr.flush()
			continue
		case rowSection:
			tr.flush()
			tr.section = text
			continue
		}
		row, nodes := tr.readRow(r)
		if tr.continues(r) {
			tr.merge(row, nodes)
			continue
		}
		tr.flush()
		tr.start(r, row, nodes)
	}
	tr.flush()
	return tr.out
}

// continues reports whether row r belongs to the task being built: its
// number and title cells are empty or merged down from that task's rows.
func (tr *taskReader) continues(r int) bool {
	if tr.cur == nil {
		return false
	}
	for _, f := range []field{fNumber, fTitle} {
		c, ok := tr.t.h.col(f)
		if !ok || tr.t.g.cell(r, c) == "" {
			continue
		}
		o, copied := tr.t.g.origin(r, c)
		if !copied || int(o.r) < tr.cur.r0 || int(o.r) >= r {
			return false
		}
	}
	return true
}

// start begins a new task at row r, checking its key.
func (tr *taskReader) start(r int, row TaskRow, nodes []node) {
	g, h, p := tr.t.g, &tr.t.h, tr.ps.p
	numCol, _ := h.col(fNumber)
	titleCol, _ := h.col(fTitle)
	switch {
	case row.Number == "" && row.Title == "":
		tr.ps.atRow(g, r, p.T("import.err.no_key"))
	case row.Number == "":
		tr.ps.atCell(g, h, r, numCol, p.T("import.err.no_number", clip(row.Title)))
	case row.Title == "":
		tr.ps.atCell(g, h, r, titleCol, p.T("import.err.no_title", clip(row.Number)))
	}
	if row.Number != "" {
		if first, dup := tr.seen[row.Number]; dup {
			tr.ps.atCell(g, h, r, numCol, p.T("import.err.dup_number", clip(row.Number), first.sheet, first.row))
		} else {
			tr.seen[row.Number] = rowLoc{sheet: g.sheet, row: r + 1}
		}
	}
	tr.cur = &taskBuild{row: row, r0: r, nodes: nodes}
}

// merge adds a continuation row to the task being built.
func (tr *taskReader) merge(row TaskRow, nodes []node) {
	t := &tr.cur.row
	if t.Rows == nil {
		t.Rows = []int{t.Row}
	}
	t.Rows = append(t.Rows, row.Row)
	if row.Title != "" && row.Title != t.Title {
		row.Content = joinText(row.Title, row.Content)
	}
	for _, l := range strings.Split(row.Content, "\n") {
		if l != "" && !containsLine(t.Content, l) {
			t.Content = joinText(t.Content, l)
		}
	}
	if t.Category == "" {
		t.Category = row.Category
	}
	if t.Sector == "" {
		t.Sector = row.Sector
	}
	if t.Cadence == "" {
		t.Cadence = row.Cadence
	}
	if t.Weight == 0 {
		t.Weight = row.Weight
	}
	t.Fronts = appendNames(t.Fronts, row.Fronts)
	t.LeadUnits = appendNames(t.LeadUnits, row.LeadUnits)
	t.CoUnits = appendNames(t.CoUnits, row.CoUnits)
	t.Leaders = appendNames(t.Leaders, row.Leaders)
	if row.Responsible != "" && row.Responsible != t.Responsible {
		t.Responsible = strings.Join(appendNames(splitNames(t.Responsible), splitNames(row.Responsible)), "、")
	}
	if row.Start != 0 && (t.Start == 0 || row.Start < t.Start) {
		t.Start = row.Start
	}
	if row.Due > t.Due {
		t.Due = row.Due
	}
	t.Ongoing = t.Ongoing || row.Ongoing
	for _, n := range nodes {
		merged := false
		for i := range tr.cur.nodes {
			if m := &tr.cur.nodes[i]; m.month == n.month {
				if m.text != n.text {
					m.text += "；" + n.text
					m.pct = m.text
				}
				merged = true
				break
			}
		}
		if !merged {
			tr.cur.nodes = append(tr.cur.nodes, n)
		}
	}
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// flush finishes the task being built: its milestones are computed now,
// once all its rows are known.
func (tr *taskReader) flush() {
	b := tr.cur
	if b == nil {
		return
	}
	tr.cur = nil
	if b.row.Ongoing {
		b.row.Due = 0 // a task partly 长期坚持 has no end as a whole
	}
	b.row.Milestones = tr.milestones(b.nodes)
	tr.out = append(tr.out, b.row)
}

// milestones turns month nodes into milestones due at the end of their
// month. A node stating its cumulative percent keeps it; the others get
// k/n×100 for the k-th of n nodes, kept between their neighbours' stated
// values so that only percents written in the sheet can go down — and
// those are reported.
func (tr *taskReader) milestones(nodes []node) []Milestone {
	if len(nodes) == 0 {
		return nil
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].month < nodes[j].month })
	g, h, p := tr.t.g, &tr.t.h, tr.ps.p
	n := len(nodes)
	ms := make([]Milestone, n)
	stated := make([]bool, n)
	for i, nd := range nodes {
		ms[i] = Milestone{
			Due:         domain.NewDate(tr.year, time.Month(nd.month)+1, 0),
			Description: nd.text,
			Cell:        ref(nd.r, nd.c),
		}
		v, ok, err := percentIn(nd.pct)
		var ve *ValueError
		if errors.As(err, &ve) {
			tr.ps.atCell(g, h, nd.r, nd.c, ve.Message(p))
		}
		if ok {
			ms[i].PlannedPct, ms[i].Stated, stated[i] = v, true, true
		}
	}
	last := -1 // the previous node with a stated percent
	for i := range ms {
		if !stated[i] {
			continue
		}
		if last >= 0 && ms[i].PlannedPct < ms[last].PlannedPct {
			tr.ps.atCell(g, h, nodes[i].r, nodes[i].c, p.T("import.err.node_decrease",
				fmtNum(ms[i].PlannedPct), ms[last].Cell, fmtNum(ms[last].PlannedPct)))
		}
		last = i
	}
	prev := 0.0
	for i := range ms {
		if !stated[i] {
			hi := 100.0
			for j := i + 1; j < n; j++ {
				if stated[j] {
					hi = ms[j].PlannedPct
					break
				}
			}
			v := round(float64(i+1)/float64(n)*100, 2)
			v = min(max(v, prev), max(hi, prev))
			ms[i].PlannedPct = v
		}
		prev = ms[i].PlannedPct
	}
	return ms
}
