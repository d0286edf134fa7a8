package demo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// planTasks lays out both plans' tasks of the year being played in memory,
// with nodes and profiles. The year before holds the key tasks and only the
// main goals of the assessed units (see priorYear).
func (d *district) planTasks(g *gen) {
	d.tasks = d.tasks[:0]
	i := 0
	for sec, n := range keyCounts {
		for k := 0; k < n; k++ {
			d.tasks = append(d.tasks, g.keyTask(d, keyTasks[i], sec, i+1))
			i++
		}
	}
	base := float64(g.opt.TasksPerUnit)
	prior := g.year < g.opt.AsOf.Year()
	if prior {
		base = max(1, base/priorShare)
	}
	for _, u := range d.units {
		if !prior || assessed(u) {
			d.tasks = append(d.tasks, g.unitTasks(d, u, base)...)
		}
	}
	yearEnd := domain.NewDate(g.year, 12, 31)
	for _, t := range d.tasks {
		t.measure = parseMeasure(t.content)
		t.makePath(yearEnd)
		g.assign(t, t.unit.trait)
	}
}

// keyTask builds one of the 145 key tasks.
func (g *gen) keyTask(d *district, kt keyTask, sec, num int) *task {
	lead := d.byCode[kt.lead]
	t := &task{plan: 0, number: strconv.Itoa(num), title: kt.title, content: fillNumbers(g.r, kt.content),
		unit: lead, sector: sec, goal: -1, ongoing: kt.ongoing}
	for gi, gd := range goalDefs {
		for _, s := range gd.sectors {
			if s == sec {
				t.goal = gi
			}
		}
	}
	t.category = domain.CategoryKey
	switch x := g.r.Float64(); {
	case novel(kt.title) && x < 0.6:
		t.category = domain.CategoryInnovation
	case x < 0.07:
		t.category = domain.CategoryHighlight
	case x < 0.10:
		t.category = domain.CategoryInnovation
	}
	t.weight = float64(pick(g.r, []int{1, 1, 2, 2, 3}))
	for _, c := range strings.Split(kt.co, ",") {
		if u := d.byCode[c]; u != nil && u != lead {
			t.co = append(t.co, u)
		}
	}
	if len(t.co) == 0 && g.chance(0.4) {
		var same []*unit
		for _, u := range d.units {
			if u.kind == domain.UnitDepartment && u.sector == sec && u != lead {
				same = append(same, u)
			}
		}
		if len(same) > 0 {
			t.co = append(t.co, pick(g.r, same))
		}
	}
	for i := 0; i < len(kt.fronts); i++ {
		t.fronts = append(t.fronts, strings.IndexByte(frontLetters, kt.fronts[i]))
	}
	startMonth := 1
	if g.chance(0.25) {
		startMonth = g.between(2, 5)
	}
	t.start = domain.NewDate(g.year, time.Month(startMonth), 1)
	if t.ongoing {
		return t
	}
	dueMonth := pick(g.r, []int{6, 6, 6, 9, 9, 9, 10, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12})
	if dueMonth < startMonth+2 {
		dueMonth = 12
	}
	t.due = domain.NewDate(g.year, time.Month(dueMonth)+1, 0)
	// 3–6 month nodes, the last on the due date at 100%.
	var cands []domain.Date
	for m := startMonth; m < dueMonth; m++ {
		cands = append(cands, domain.NewDate(g.year, time.Month(m)+1, 0))
	}
	k := min(g.between(3, 6)-1, len(cands))
	dates := g.choose(cands, k)
	dates = append(dates, t.due)
	t.nodes = g.nodes(t, dates, 5)
	return t
}

// novel reports whether a title reads like innovation work (创新工作).
func novel(title string) bool {
	for _, w := range []string{"数字", "智慧", "创新", "示范", "改革", "一网通办", "引领", "品牌", "特色", "平急两用"} {
		if strings.Contains(title, w) {
			return true
		}
	}
	return false
}

// choose picks k of the dates, keeping their order.
func (g *gen) choose(dates []domain.Date, k int) []domain.Date {
	idx := g.r.Perm(len(dates))[:k]
	out := make([]domain.Date, 0, k)
	for i, d := range dates {
		for _, j := range idx {
			if j == i {
				out = append(out, d)
			}
		}
	}
	return out
}

// nodes gives dates rising planned percents (multiples of step) roughly in
// proportion to elapsed time; a node on the due date is at 100.
func (g *gen) nodes(t *task, dates []domain.Date, step float64) []node {
	var out []node
	total := float64(domain.DaysInclusive(t.start, t.due))
	prev := 0.0
	for i, d := range dates {
		pct := 100.0
		if d < t.due {
			f := float64(domain.DaysInclusive(t.start, d)) / total * (0.92 + g.r.Float64()*0.12)
			pct = math.Round(f*100/step) * step
			pct = math.Max(pct, prev+step)
			left := float64(len(dates) - i)
			pct = math.Min(pct, 100-left*step)
		}
		prev = pct
		out = append(out, node{due: d, pct: pct, desc: nodeDesc(i, pct)})
	}
	return out
}

func nodeDesc(i int, pct float64) string {
	switch {
	case pct >= 100:
		return "全面完成年度目标任务，组织验收销号"
	case i == 0 && pct <= 30:
		return "完成实施方案制定，全面启动实施"
	default:
		return fmt.Sprintf("累计完成年度任务的%.0f%%", pct)
	}
}

// unitTasks builds a unit's annual goals for the second plan, about base
// of them (more for departments and streets, fewer for communities).
func (g *gen) unitTasks(d *district, u *unit, base float64) []*task {
	var pool []item
	f := 0.72
	switch u.kind {
	case domain.UnitDepartment:
		f = 1.5
		for _, w := range u.work {
			pool = append(pool, item{w, u.sector})
		}
		for _, w := range shuffled(g, deptSector[u.sector]) {
			pool = append(pool, item{w, u.sector})
		}
		for _, w := range shuffled(g, deptCommon) {
			pool = append(pool, item{w, u.sector})
		}
	case domain.UnitStreet, domain.UnitTown:
		f = 1.3
		pool = shuffled(g, streetWork)
	case domain.UnitVillage:
		pool = shuffled(g, villageWork)
	default:
		pool = shuffled(g, communityWork)
	}
	jit := max(1, int(base*f/10))
	n := max(1, int(math.Round(base*f))+g.between(-jit, jit))
	highlight := g.r.IntN(n)
	var out []*task
	for i := 0; i < n; i++ {
		it := pool[i%len(pool)]
		title := it.title
		if i >= len(pool) {
			title += "（深化）"
		}
		t := &task{plan: 1, number: fmt.Sprintf("%s-%02d", u.prefix, i+1), title: title, unit: u, sector: it.sector, goal: -1}
		switch x := g.r.Float64(); {
		case i == highlight:
			t.category = domain.CategoryHighlight
		case x < 0.06:
			t.category = domain.CategoryInnovation
		case x < 0.26:
			t.category = domain.CategoryKey
		default:
			t.category = domain.CategoryRoutine
		}
		t.weight = float64(pick(g.r, []int{1, 1, 1, 1, 1, 1, 1, 2, 2, 3}))
		t.fronts = frontsOf(title)
		g.unitDates(t)
		t.content = g.unitContent(t)
		out = append(out, t)
	}
	return out
}

// unitDates sets an annual goal's start, due date and 0–3 quarter nodes.
func (g *gen) unitDates(t *task) {
	startMonth := 1
	switch x := g.r.Float64(); {
	case x < 0.03:
		startMonth = g.between(5, 9)
	case x < 0.10:
		startMonth = g.between(2, 4)
	}
	t.start = domain.NewDate(g.year, time.Month(startMonth), 1)
	yearEnd := domain.NewDate(g.year, 12, 31)
	if soon := g.asOf.AddDays(g.between(1, 10)); g.chance(0.006) && soon < yearEnd.AddDays(-14) && soon.Year() == g.year {
		t.start = soon // not started yet on AsOf
	}
	dueMonth := 12
	switch x := g.r.Float64(); {
	case x < 0.02:
		t.ongoing = true
		return
	case x < 0.06:
		dueMonth = 6
	case x < 0.10:
		dueMonth = 9
	case x < 0.12:
		dueMonth = 11
	}
	t.due = domain.NewDate(g.year, time.Month(dueMonth)+1, 0)
	if t.due < t.start.AddDays(45) {
		t.due = yearEnd
	}
	var cands []domain.Date
	for _, m := range []int{3, 6, 9} {
		if q := domain.NewDate(g.year, time.Month(m)+1, 0); q > t.start.AddDays(20) && q < t.due {
			cands = append(cands, q)
		}
	}
	k := min(pick(g.r, []int{0, 0, 0, 1, 1, 2, 2, 3, 3, 3}), len(cands))
	t.nodes = g.nodes(t, g.choose(cands, k), 10)
}

var unitContents = []string{
	"围绕%s，制定年度工作方案，明确责任人和时间节点，%s前全面完成年度目标任务。",
	"扎实推进%s，建立工作台账，实行清单化管理、节点化推进，%s前完成。",
	"将%s纳入本单位重点工作，每月调度、每周推进，确保%s前取得实效。",
	"对标先进，细化%s工作措施，%s前形成可复制可推广的经验做法。",
}

func (g *gen) unitContent(t *task) string {
	if t.ongoing {
		return fmt.Sprintf("坚持把%s作为常态化工作，建立长效机制，持续推进、久久为功。", t.title)
	}
	return fmt.Sprintf(pick(g.r, unitContents), t.title, dateText(t.due))
}

// frontsOf puts a work item on the fronts its title speaks of.
func frontsOf(title string) []int {
	var out []int
	for _, k := range []struct {
		word  string
		front int
	}{{"文明", 0}, {"征收", 1}, {"拆迁", 1}, {"重点项目", 2}, {"招商", 3}, {"税", 3}, {"信访", 4}} {
		if strings.Contains(title, k.word) && (len(out) == 0 || out[len(out)-1] != k.front) {
			out = append(out, k.front)
		}
	}
	return out
}

func shuffled[T any](g *gen, s []T) []T {
	out := append([]T(nil), s...)
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
