// Package demo generates a realistic district (or city) for demonstrations
// and benchmarks: the org tree with its sectors, fronts and leaders, people
// and logins, the 145 key tasks and every unit's annual goals with monthly
// nodes, a year of weekly progress reports approved by unit heads, and a
// year of supervision cases (督办件) played through the case rules, and
// the last complete year's 目标管理考核 with the current half-year in scoring,
// played through the services on a moved clock. It writes through the
// store's transactions and records the audit log as the real operations
// would, so every view, search and check works on it.
package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/textsearch"
)

// Scale is how much to generate.
type Scale string

const (
	District Scale = "district" // one district: ≈120 units, ≈3,000 tasks
	City     Scale = "city"     // fifteen districts under a city
)

// DefaultTasksPerUnit is the average number of annual goals per unit.
const DefaultTasksPerUnit = 24

// Options control a run. The same options and seed give the same data.
type Options struct {
	Scale Scale
	// AsOf is the data's "today": reports run from the plan start up to this
	// date; the plan year is AsOf.Year().
	AsOf domain.Date
	Seed int64
	// Password is every demo login's password; it is hashed once with
	// PasswordParams (zero: auth.DefaultParams).
	Password       string
	PasswordParams auth.Params
	// Now is the wall clock for created_at and audit timestamps.
	Now time.Time
	// Progress, when set, is called as work advances; stage is a short label
	// in the context's language (i18n.From(ctx)).
	Progress func(stage string, done, total int)
	// TasksPerUnit is the average number of annual goals per unit in the
	// second plan (0: DefaultTasksPerUnit). Tests shrink it.
	TasksPerUnit int
	// CasesPerUnit is the average number of supervision cases per unit in
	// a whole year (0: DefaultCasesPerUnit); busy departments and streets
	// get many more, communities a few. Tests shrink it.
	CasesPerUnit int
}

// Login is a demo account worth printing at start.
type Login struct{ Login, Name, Role, Unit string }

// Result counts what was generated.
type Result struct {
	Logins                                                                []Login
	Districts, Units, People, Accounts, Plans, Tasks, Milestones, Reports int
	// Cases are the supervision cases (督办件) at every stage of their workflow.
	Cases int
	// Inspections and the rectification items (整改) their findings became.
	Inspections, Rectifications int
	// Assessment: schemes (last year's annual, this year's half-year), the
	// examiners' and office's entries, closed 测评, ballots cast, 亮点
	// declared, final runs and appeals decided.
	Schemes, AssessEntries, Evaluations, Ballots, Highlights, AssessRuns, Appeals int
	// VoteCodes are unused codes of the current year's open 测评, to try
	// voting with; they differ from run to run (codes are random).
	VoteCodes []VoteCode
}

// VoteCode is an unused voting code and its rater group.
type VoteCode struct{ Code, Group string }

// cst is the deployment's time zone, in which reports are submitted.
var cst = time.FixedZone("CST", 8*3600)

// Batch sizes: rows per write transaction.
const (
	taskBatch   = 500
	reportBatch = 4000
)

// gen holds one run's state.
type gen struct {
	ctx   context.Context
	db    *store.DB
	norm  *textsearch.Normalizer
	opt   Options
	r     *rand.Rand
	p     *i18n.Printer
	now   time.Time
	hash  string
	actor store.Actor
	// year is the plan year being played and asOf the last day its reports
	// speak for: the options' AsOf, or the year end of the year before.
	// Cases and inspections of either year play on to the options' AsOf.
	year int
	asOf domain.Date
	res  *Result
	city *unit // the city root at city scale
}

// Generate fills an empty database with demo data. It refuses, with a
// conflict error, a database that already has units or tasks. Data is
// committed in batches; a failed run leaves what it committed, and a second
// run then refuses.
func Generate(ctx context.Context, db *store.DB, norm *textsearch.Normalizer, opt Options) (*Result, error) {
	p := i18n.From(ctx)
	if opt.Scale == "" {
		opt.Scale = District
	}
	if opt.Scale != District && opt.Scale != City {
		return nil, domain.Invalid("scale", "%s", p.T("demo.err.scale", string(opt.Scale)))
	}
	if opt.Password == "" {
		return nil, domain.Invalid("password", "%s", p.T("demo.err.password"))
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = domain.DateOf(opt.Now.In(cst))
	}
	if opt.PasswordParams == (auth.Params{}) {
		opt.PasswordParams = auth.DefaultParams
	}
	if opt.TasksPerUnit <= 0 {
		opt.TasksPerUnit = DefaultTasksPerUnit
	}
	if norm == nil {
		var err error
		if norm, err = textsearch.New(); err != nil {
			return nil, err
		}
	}
	g := &gen{ctx: ctx, db: db, norm: norm, opt: opt, p: p, now: opt.Now.UTC(), actor: store.Actor{Login: "system:demo"},
		year: opt.AsOf.Year(), asOf: opt.AsOf, res: &Result{},
		r: rand.New(rand.NewPCG(uint64(opt.Seed), uint64(opt.Seed)^0x9e3779b97f4a7c15))}
	if err := g.checkEmpty(db.Read()); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(opt.Password, opt.PasswordParams)
	if err != nil {
		return nil, err
	}
	g.hash = hash
	n := 1
	if opt.Scale == City {
		n = len(districts)
		if err := g.db.Update(ctx, g.cityRoot); err != nil {
			return nil, err
		}
	}
	for i := 0; i < n; i++ {
		if err := g.district(i); err != nil {
			return nil, err
		}
	}
	return g.res, nil
}

// checkEmpty refuses a database that already holds units or tasks. It runs
// before any work and again in the first write transaction.
func (g *gen) checkEmpty(r *store.Reader) error {
	units, err := r.Units(g.ctx)
	if err != nil {
		return err
	}
	tasks := 0
	if err := r.AllTasks(g.ctx, func(store.TaskRow) { tasks++ }); err != nil {
		return err
	}
	if len(units) > 0 || tasks > 0 {
		return &domain.Error{Kind: domain.KindConflict, Message: g.p.T("demo.err.not_empty", len(units), tasks)}
	}
	return nil
}

// district generates one district: org, the year before's work (see
// priorYear), this year's plans and tasks, reports and cases, then the
// assessment.
func (g *gen) district(i int) error {
	d := newDistrict(g, i)
	label := func(key string) string {
		if g.opt.Scale == City {
			return d.name + " " + g.p.T(key)
		}
		return g.p.T(key)
	}
	g.progress(label("demo.stage.org"), 0, 1)
	if err := g.db.Update(g.ctx, func(tx *store.Tx) error { return g.org(tx, d) }); err != nil {
		return err
	}
	g.progress(label("demo.stage.org"), 1, 1)
	if err := g.priorYear(d); err != nil {
		return err
	}
	if err := g.playYear(d, label); err != nil {
		return err
	}
	if err := g.writeAssessment(d, label("demo.stage.assess")); err != nil {
		return err
	}
	g.res.Districts++
	return nil
}

// playYear lays out and stores the plan year's tasks, reports, cases and
// inspections; label names each stage.
func (g *gen) playYear(d *district, label func(key string) string) error {
	d.planTasks(g)
	if err := g.writeTasks(d, label("demo.stage.tasks")); err != nil {
		return err
	}
	if err := g.writeReports(d, label("demo.stage.reports")); err != nil {
		return err
	}
	return g.writeCases(d, label("demo.stage.cases"))
}

func (g *gen) progress(stage string, done, total int) {
	if g.opt.Progress != nil {
		g.opt.Progress(stage, done, total)
	}
}

// batch calls step in write transactions of up to n calls each, until step
// reports that nothing remains; after each commit it reports progress.
func (g *gen) batch(n int, step func(tx *store.Tx) (more bool, err error), after func()) error {
	for more := true; more; {
		if err := g.ctx.Err(); err != nil {
			return err
		}
		err := g.db.Update(g.ctx, func(tx *store.Tx) error {
			for i := 0; i < n && more; i++ {
				var err error
				if more, err = step(tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if after != nil {
			after()
		}
	}
	return nil
}

// audit records a change made by the demo, at the run's wall clock.
func (g *gen) audit(tx *store.Tx, action, entity string, id any, claimed domain.Date, after any) error {
	_, err := tx.Audit(g.ctx, g.actor, g.now, store.Change{Action: action, Entity: entity, EntityID: id, ClaimedDate: claimed, After: after})
	return err
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns an int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// pick returns a random element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }
