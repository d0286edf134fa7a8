package demo

import (
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// assessor plays a year of 目标管理考核 through the service, so that its
// rules, scope and audit apply, on a clock the demo moves by hand.
type assessor struct {
	g      *gen
	d      *district
	svc    *service.Service
	clock  time.Time
	office *service.Principal
	// examiners are the 考核员 and the unit each belongs to.
	examiners []*service.Principal
	exUnits   []*unit
	// units are the assessed units (of assessCategories), in tree order.
	units []*unit
	// quality is each unit's standing, 0…1, the same in every score.
	quality map[domain.ID]float64
}

// examinerHomes are the units whose staff are the 考核员 (考核办 sits in the
// 区委办公室 and 组织部, the 政府办 joins them).
var examinerHomes = []struct{ code, name, title string }{
	{"qwb", "周立新", "区委考核办主任"}, {"zzb", "陈晓岚", "区委组织部考核科科长"}, {"zfb", "黄志远", "区政府督查室副主任"},
}

// writeAssessment gives the district a whole year of assessment for the
// last complete year (scheme, entries, 测评, highlights, results, 公示,
// appeals, 定榜) and the current year's half-year assessment in scoring.
func (g *gen) writeAssessment(d *district, stage string) error {
	if d.office == 0 || g.opt.Scale != District {
		return nil
	}
	a := &assessor{g: g, d: d, quality: map[domain.ID]float64{}}
	a.svc = service.New(g.db, readmodel.NewCache(g.db), g.norm, service.Config{Now: func() time.Time { return a.clock },
		Location: cst, PasswordParams: g.opt.PasswordParams})
	for _, u := range d.units {
		if assessed(u) {
			a.units = append(a.units, u)
			// The examiners see what the work data shows: a unit's
			// standing follows its performance.
			lo := [3]float64{traitGood: 0.75, traitAverage: 0.62, traitLagging: 0.5}[u.trait]
			a.quality[u.id] = lo + 0.22*g.r.Float64()
		}
	}
	if len(a.units) < 3 {
		return nil
	}
	g.progress(stage, 0, 3)
	if err := g.db.Update(g.ctx, a.createExaminers); err != nil {
		return err
	}
	var err error
	if a.office, err = a.principal(d.office); err != nil {
		return err
	}
	if err := a.lastYear(); err != nil {
		return fmt.Errorf("demo assessment of %d: %w", g.year-1, err)
	}
	g.progress(stage, 2, 3)
	if err := a.currentYear(); err != nil {
		return fmt.Errorf("demo assessment of %d: %w", g.year, err)
	}
	g.progress(stage, 3, 3)
	return nil
}

// createExaminers stores the 考核员 with their posts and logins.
func (a *assessor) createExaminers(tx *store.Tx) error {
	g, d := a.g, a.d
	for i, h := range examinerHomes {
		u := d.byCode[h.code]
		if u == nil {
			continue
		}
		pid, err := g.insertPerson(tx, u, h.name, h.title, domain.NewDate(g.year-2, 3, 1))
		if err != nil {
			return err
		}
		where := ""
		if i == 0 {
			where = u.name
		}
		id, err := g.insertAccount(tx, fmt.Sprintf("%skhy%d", d.login, i+1), h.name, pid, domain.Grant{Role: domain.RoleExaminer, UnitID: u.id},
			string(domain.RoleExaminer), where)
		if err != nil {
			return err
		}
		a.exUnits = append(a.exUnits, u)
		a.examiners = append(a.examiners, &service.Principal{Account: domain.Account{ID: id}})
	}
	return nil
}

// principal loads an account as the service sees it.
func (a *assessor) principal(id domain.ID) (*service.Principal, error) {
	acc, err := a.g.db.Read().Account(a.g.ctx, id)
	if err != nil {
		return nil, err
	}
	return &service.Principal{Account: acc}, nil
}

// at sets the clock to a moment of day.
func (a *assessor) at(day domain.Date, h, m int) { a.clock = at(day, h, m).UTC() }

// examinerInputs names every examiner on a scheme's criteria, loading
// their accounts the first time.
func (a *assessor) examinerInputs(codes []string) ([]service.ExaminerInput, error) {
	var out []service.ExaminerInput
	for i, p := range a.examiners {
		if p.Account.Login == "" {
			full, err := a.principal(p.Account.ID)
			if err != nil {
				return nil, err
			}
			a.examiners[i] = full
			p = full
		}
		out = append(out, service.ExaminerInput{Login: p.Account.Login, Criteria: codes})
	}
	return out, nil
}

// scheme creates a scheme, names its examiners and starts scoring.
func (a *assessor) scheme(sc domain.Scheme) (domain.Scheme, error) {
	ctx := a.g.ctx
	it, err := a.svc.CreateScheme(ctx, a.office, sc)
	if err != nil {
		return sc, err
	}
	sc.ID = it.ID
	ins, err := a.examinerInputs(manualCodes(sc))
	if err != nil {
		return sc, err
	}
	if _, err := a.svc.SetSchemeExaminers(ctx, a.office, sc.ID, ins); err != nil {
		return sc, err
	}
	if _, err := a.svc.FreezeScheme(ctx, a.office, sc.ID); err != nil {
		return sc, err
	}
	a.g.res.Schemes++
	return sc, nil
}

// entries has every examiner score the manual criteria of the given units
// (never their own unit), each with a reason, around the unit's standing.
func (a *assessor) entries(sc domain.Scheme, units []*unit) error {
	g := a.g
	codes := manualCodes(sc)
	for i, ex := range a.examiners {
		var ins []service.EntryInput
		for _, u := range units {
			if u == a.exUnits[i] {
				continue
			}
			for _, code := range codes {
				hi := criterionMax(sc, code)
				q := min(1, max(0.3, a.quality[u.id]+0.08*(g.r.Float64()-0.5)))
				score := float64(int(hi*q*2+0.5)) / 2
				ins = append(ins, service.EntryInput{Code: code, UnitID: u.id, Score: score, Reason: entryReason(g, q)})
			}
		}
		saved, err := a.svc.SaveEntries(g.ctx, ex, sc.ID, ins)
		if err != nil {
			return err
		}
		g.res.AssessEntries += len(saved)
	}
	return nil
}

var entryReasons = [][]string{
	{"目标任务完成较差，多项工作滞后", "工作推进不力，整改不到位", "台账资料不全，部分任务未按时完成"},
	{"目标任务基本完成，个别节点滞后", "工作有序推进，成效一般", "按要求完成规定动作，创新不足"},
	{"目标任务全面完成，质量较高", "工作扎实，台账规范，群众反映较好", "重点工作推进有力，成效明显"},
	{"目标任务超额完成，形成可复制经验", "工作亮点突出，获上级肯定", "各项指标位居全市前列"},
}

func entryReason(g *gen, q float64) string {
	i := min(3, max(0, int((q-0.45)*8)))
	return pick(g.r, entryReasons[i])
}

// office enters bonus and penalty items for a few units and one veto.
func (a *assessor) officeEntries(sc domain.Scheme) error {
	g := a.g
	var ins []service.EntryInput
	for _, u := range a.units {
		switch {
		case g.chance(0.12):
			ins = append(ins, service.EntryInput{Code: "E1", UnitID: u.id, Score: pick(g.r, []float64{0.5, 1, 2}),
				Reason: pick(g.r, []string{"获省级先进集体表彰", "工作经验获市委通报表扬", "获国家级示范创建命名"})})
		case g.chance(0.1):
			ins = append(ins, service.EntryInput{Code: "F1", UnitID: u.id, Score: pick(g.r, []float64{1, 2}),
				Reason: pick(g.r, []string{"被市政府通报批评1次", "信访事项办理超期被市级通报", "环保督察反馈问题整改滞后被通报"})})
		}
	}
	if sc.Kind == domain.SchemeAnnual {
		v := a.units[len(a.units)-1-g.r.IntN(len(a.units)/2)]
		ins = append(ins, service.EntryInput{Code: "X1", UnitID: v.id, Score: 1, Reason: "辖区发生较大生产安全责任事故，经调查认定负有属地管理责任"})
	}
	if len(ins) == 0 {
		return nil
	}
	saved, err := a.svc.SaveEntries(g.ctx, a.office, sc.ID, ins)
	g.res.AssessEntries += len(saved)
	return err
}
