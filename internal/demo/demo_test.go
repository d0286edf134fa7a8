package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
	"github.com/luoshi/luoshi/internal/textsearch"
)

const testPassword = "Demo-2025-pass"

var testAsOf = domain.MustDate("2025-07-16")

// small is a district with few annual goals per unit, to keep tests fast.
func small(seed int64) Options {
	return Options{Scale: District, AsOf: testAsOf, Seed: seed, Password: testPassword, PasswordParams: auth.FastParams,
		Now: time.Date(2025, 7, 16, 18, 0, 0, 0, cst), TasksPerUnit: 4, CasesPerUnit: 12}
}

func TestBanks(t *testing.T) {
	sum, ongoing, fronts := 0, 0, 0
	for _, n := range keyCounts {
		sum += n
	}
	if sum != 145 || len(keyTasks) != 145 {
		t.Fatalf("key tasks: counts sum to %d, bank has %d; want 145", sum, len(keyTasks))
	}
	codes := map[string]int{}
	for _, d := range depts {
		if _, dup := codes[d.code]; dup {
			t.Errorf("department code %s twice", d.code)
		}
		codes[d.code] = d.sector
	}
	titles := map[string]bool{}
	i := 0
	for _, n := range keyCounts {
		for k := 0; k < n; k++ {
			kt := keyTasks[i]
			i++
			if titles[kt.title] {
				t.Errorf("key task %q twice", kt.title)
			}
			titles[kt.title] = true
			if _, ok := codes[kt.lead]; !ok {
				t.Errorf("%s: unknown lead %q", kt.title, kt.lead)
			}
			for _, c := range strings.Split(kt.co, ",") {
				if _, ok := codes[c]; c != "" && !ok {
					t.Errorf("%s: unknown co-unit %q", kt.title, c)
				}
			}
			if kt.ongoing {
				ongoing++
			}
			if kt.fronts != "" {
				fronts++
			}
		}
	}
	if ongoing != 6 {
		t.Errorf("%d ongoing key tasks, want 6", ongoing)
	}
	if fronts < 40 || fronts > 60 {
		t.Errorf("%d key tasks on a front, want about a third", fronts)
	}
	for _, word := range []string{"教育", "医疗", "养老", "招商"} {
		n := 0
		for _, kt := range keyTasks {
			if strings.Contains(kt.title, word) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no key task about %s", word)
		}
	}
}

// TestFullDistrictSize lays out the default district in memory: about 120
// units, 3,000 tasks and, at the end of week 50, 150,000 weekly reports;
// the year before, about 770 tasks.
func TestFullDistrictSize(t *testing.T) {
	for _, c := range []struct {
		asOf                   string
		minReports, maxReports int
	}{{"2025-12-14", 135000, 160000}, {"2025-07-16", 65000, 90000}} {
		opt := Options{Scale: District, AsOf: domain.MustDate(c.asOf), Seed: 1, TasksPerUnit: DefaultTasksPerUnit}
		g := &gen{opt: opt, year: 2025, asOf: opt.AsOf, r: rand.New(rand.NewPCG(1, 2)), res: &Result{}}
		d := newDistrict(g, 0)
		g.year, g.asOf = 2024, domain.NewDate(2024, 12, 31)
		d.planTasks(g)
		if n := len(d.tasks); n < 650 || n > 900 {
			t.Errorf("%d tasks the year before, want about 770", n)
		}
		g.year, g.asOf = 2025, opt.AsOf
		d.planTasks(g)
		if n := len(d.units) + 1; n < 110 || n > 130 {
			t.Errorf("%d units, want about 120", n)
		}
		if n := len(d.tasks); n < 2900 || n > 3300 {
			t.Errorf("%d tasks, want about 3,000", n)
		}
		slots := 0
		first := domain.NewDate(2025, 1, 1)
		for m := first.AddDays(1 - weekdayISO(first)); m <= opt.AsOf; m = m.AddDays(7) {
			for _, tk := range d.tasks {
				if tk.slotDate(m, opt.AsOf) != 0 {
					slots++
				}
			}
		}
		if slots < c.minReports || slots > c.maxReports {
			t.Errorf("as of %s: %d weekly report slots, want %d–%d", c.asOf, slots, c.minReports, c.maxReports)
		}
		t.Logf("as of %s: %d units, %d tasks, %d report slots", c.asOf, len(d.units)+1, len(d.tasks), slots)
	}
}

func TestGenerate(t *testing.T) {
	norm, err := textsearch.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedCalendar(t, ctx, db, testAsOf.Year()-1)
		seedCalendar(t, ctx, db, testAsOf.Year())
		start := time.Now()
		var stages []string
		var began []time.Time
		opt := small(7)
		opt.Progress = func(stage string, done, total int) {
			if len(stages) == 0 || stages[len(stages)-1] != stage {
				stages = append(stages, stage)
				began = append(began, time.Now())
			}
		}
		res, err := Generate(ctx, db, norm, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("generated in %v: %d units, %d people, %d accounts, %d tasks, %d milestones, %d reports",
			time.Since(start).Round(time.Millisecond), res.Units, res.People, res.Accounts, res.Tasks, res.Milestones, res.Reports)
		for i := range stages {
			end := time.Now()
			if i+1 < len(began) {
				end = began[i+1]
			}
			t.Logf("stage %s: %v", stages[i], end.Sub(began[i]).Round(time.Millisecond))
		}
		if len(stages) != 8 || !strings.HasPrefix(stages[1], "2024年") {
			t.Errorf("progress stages %q, want 8, the year before's after the org", stages)
		}
		checkStructure(t, ctx, db, res)
		checkAccounts(t, ctx, db, res)
		checkStatus(t, ctx, db, norm)
		checkPriorYear(t, ctx, db, testAsOf)
		checkAudit(t, ctx, db)
		checkCases(t, ctx, db, res, testAsOf)
		checkInspections(t, ctx, db, res, testAsOf)
		checkAssessment(t, ctx, db, res, opt.Now)
		_, err = Generate(ctx, db, norm, small(8))
		if domain.ErrorKind(err) != domain.KindConflict || !strings.Contains(domain.ErrorMessage(err), "空数据库") {
			t.Errorf("second run: %v, want a conflict", err)
		}
	})
}

func checkStructure(t *testing.T, ctx context.Context, db *store.DB, res *Result) {
	r := db.Read()
	sectors, _ := r.Sectors(ctx)
	fronts, _ := r.Fronts(ctx)
	if len(sectors) != 6 || len(fronts) != 5 {
		t.Errorf("%d sectors and %d fronts, want 6 and 5", len(sectors), len(fronts))
	}
	units, _ := r.Units(ctx)
	if len(units) != res.Units || len(units) < 110 || len(units) > 130 {
		t.Errorf("%d units (result %d), want about 120", len(units), res.Units)
	}
	plans, _ := r.Plans(ctx)
	if len(plans) != 4 || res.Plans != 4 {
		t.Fatalf("%d plans, want 4 (two a year)", len(plans))
	}
	// Per plan year: 145 key tasks numbered 1…145.
	byID := map[domain.ID]domain.Plan{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	year := testAsOf.Year()
	key, all := map[int]int{}, 0
	numbers := map[int]map[string]bool{year - 1: {}, year: {}}
	err := r.AllTasks(ctx, func(tr store.TaskRow) {
		all++
		pl := byID[tr.PlanID]
		if strings.Contains(pl.Name, "重点工作任务") {
			key[pl.Year]++
			numbers[pl.Year][tr.Number] = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{year - 1, year} {
		if key[y] != 145 || !numbers[y]["1"] || !numbers[y]["145"] {
			t.Errorf("%d: %d key tasks, want 145 numbered 1…145", y, key[y])
		}
	}
	if all != res.Tasks || all < 2*145+len(units)*3 {
		t.Errorf("%d tasks (result %d)", all, res.Tasks)
	}
	leads, _ := r.Leaderships(ctx)
	ended := 0
	for _, l := range leads {
		if !l.End.IsZero() {
			ended++
		}
	}
	if len(leads) != 2*11+ended || ended != len(handover) {
		t.Errorf("%d leaderships, %d ended; want 22 current and %d ended", len(leads), ended, len(handover))
	}
}

func planName(plans []domain.Plan, id domain.ID) string {
	for _, p := range plans {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

func checkAccounts(t *testing.T, ctx context.Context, db *store.DB, res *Result) {
	units, _ := db.Read().Units(ctx)
	accts, err := db.Read().Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	grants := map[string]domain.Grant{}
	for _, a := range accts {
		if len(a.Grants) == 1 {
			grants[a.Login] = a.Grants[0]
		}
		if ok, _ := auth.CheckPassword(testPassword, a.PasswordHash); !ok || a.MustChangePassword {
			t.Errorf("%s: password not set as asked", a.Login)
		}
	}
	liaisons, heads := map[domain.ID]bool{}, map[domain.ID]bool{}
	for login, g := range grants {
		switch {
		case strings.HasSuffix(login, "_lly") && g.Role == domain.RoleLiaison:
			liaisons[g.UnitID] = true
		case strings.HasSuffix(login, "_fzr") && g.Role == domain.RoleUnitHead:
			heads[g.UnitID] = true
		}
	}
	byName := map[string]domain.ID{}
	for _, u := range units {
		byName[u.Name] = u.ID
		if u.Kind != domain.UnitDistrict && (!liaisons[u.ID] || !heads[u.ID]) {
			t.Errorf("%s lacks a liaison or head login", u.Name)
		}
	}
	if g := grants["zjj_lly"]; g.Role != domain.RoleLiaison || g.UnitID != byName["区住建局"] || g.UnitID == 0 {
		t.Errorf("zjj_lly grant %+v, want liaison of 区住建局", g)
	}
	if g := grants["ducha"]; g.Role != domain.RoleOffice || g.UnitID != 0 {
		t.Errorf("ducha grant %+v, want office on the whole tree", g)
	}
	shown := map[string]bool{}
	for _, l := range res.Logins {
		shown[l.Login] = true
	}
	for _, l := range []string{"ducha", "quzhang", "zjj_lly", "zjj_fzr", "dhjd_lly", "khy1"} {
		if !shown[l] {
			t.Errorf("login %s not in the result's short list %v", l, res.Logins)
		}
	}
	if len(res.Logins) != 7 {
		t.Errorf("%d logins listed, want 7", len(res.Logins))
	}
}

func checkStatus(t *testing.T, ctx context.Context, db *store.DB, norm *textsearch.Normalizer) {
	m, err := readmodel.NewCache(db).Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var tasks []*readmodel.Task
	for _, tk := range m.Tasks {
		if tk.Plan.Year == testAsOf.Year() {
			tasks = append(tasks, tk)
		}
	}
	counts := readmodel.Counts(m.Evaluate(testAsOf, nil), tasks)
	t.Logf("status on %s: %v", testAsOf, counts)
	for s, n := range counts {
		if s != domain.StatusOnTrack && n >= counts[domain.StatusOnTrack] {
			t.Errorf("%s (%d) is not below on_track (%d)", s, n, counts[domain.StatusOnTrack])
		}
	}
	behind := float64(counts[domain.StatusLagging]+counts[domain.StatusSevere]) / float64(len(tasks))
	if behind < 0.15 || behind > 0.40 {
		t.Errorf("lagging and severe are %.0f%% of tasks, want 15–40%%", behind*100)
	}
	if counts[domain.StatusOverdue] == 0 || counts[domain.StatusDueSoon]+counts[domain.StatusNotStarted] == 0 {
		t.Errorf("want some overdue and some due soon or not started: %v", counts)
	}
	nodes, completed := 0, 0
	for _, tk := range tasks {
		prev := -1.0
		for _, p := range tk.Points {
			if p.Progress < prev || p.Progress < 0 || p.Progress > 100 || p.Date > testAsOf || p.Date < tk.Start() {
				t.Fatalf("task %s: point %+v after %.1f", tk.Number, p, prev)
			}
			prev = p.Progress
		}
		for _, ms := range tk.Milestones {
			nodes++
			if !ms.CompletedOn.IsZero() {
				completed++
			}
		}
	}
	if completed == 0 || completed == nodes {
		t.Errorf("%d of %d milestones completed", completed, nodes)
	}
	for _, word := range []string{"教育", "医疗", "养老", "招商", "住建"} {
		q, n := norm.ParseQuery(word), 0
		for _, tk := range tasks {
			if q.Match(tk.Search) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("search %s finds nothing", word)
		}
	}
}

func checkAudit(t *testing.T, ctx context.Context, db *store.DB) {
	var v audit.Verifier
	err := db.Read().WalkAudit(ctx, func(e domain.AuditEntry) error {
		if b := v.Next(e); b != nil {
			return fmt.Errorf("audit chain breaks at %d: %s", b.Seq, b.Reason)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seq, _, _ := db.Read().Head(ctx)
	if v.Count != seq || seq == 0 {
		t.Errorf("verified %d entries, head at %d", v.Count, seq)
	}
}

// TestDeterministic generates twice with one seed: same titles, same reports.
func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	run := func(seed int64) (string, *Result) {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		opt := small(seed)
		opt.TasksPerUnit = 2
		res, err := Generate(ctx, db, nil, opt)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		db.Read().AllTasks(ctx, func(tr store.TaskRow) { b.WriteString(tr.Number + " " + tr.Title + " " + tr.Content + "\n") })
		cases, err := db.Read().Cases(ctx, store.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			fmt.Fprintf(&b, "%s %s %d %s %s %s %v\n", c.Number, c.Title, c.LeadUnitID, c.State, c.Deadline, c.UpdatedAt, c.CoUnitIDs)
		}
		b.WriteString(strconv.Itoa(res.Reports))
		return b.String(), res
	}
	a, ra := run(3)
	b, rb := run(3)
	// Voting codes are random by design; everything else is not.
	ra.VoteCodes, rb.VoteCodes = nil, nil
	if a != b || fmt.Sprint(*ra) != fmt.Sprint(*rb) {
		t.Errorf("same seed, different data:\n%+v\n%+v", *ra, *rb)
	}
	if c, _ := run(4); c == a {
		t.Error("another seed gives the same data")
	}
}
