package demo

import (
	"slices"

	"github.com/luoshi/luoshi/internal/domain"
)

// priorShare: in the year before, the district tracked the key tasks and
// only the main goals of the units it assesses, a third as many as now.
const priorShare = 3

// assessed reports whether the district assesses u (its departments,
// towns and streets; communities and villages are assessed by their
// streets).
func assessed(u *unit) bool { return slices.Contains(assessCategories, u.category) }

// priorYear plays the last complete year's work, from which that year's
// annual assessment (目标管理考核) is scored: its key tasks and the assessed
// units' main goals with their nodes, reported weekly up to the year end,
// and the year's cases and inspections, which play on to the as-of evening
// as this year's do. Only a district has it, as only a district's demo
// carries the assessment.
func (g *gen) priorYear(d *district) error {
	if g.opt.Scale != District {
		return nil
	}
	year, asOf := g.year, g.asOf
	g.year, g.asOf = year-1, domain.NewDate(year-1, 12, 31)
	defer func() { g.year, g.asOf = year, asOf }()
	label := func(key string) string { return g.p.T("demo.stage.year", g.year, g.p.T(key)) }
	if err := g.playYear(d, label); err != nil {
		return err
	}
	// Only the tasks behind at the year end are kept, for the 容错免责
	// the assessment plays.
	d.priorOverdue = d.priorOverdue[:0]
	for _, t := range d.tasks {
		if t.kind == profStuck && assessed(t.unit) {
			d.priorOverdue = append(d.priorOverdue, t)
		}
	}
	return nil
}
