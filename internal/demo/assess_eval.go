package demo

import (
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// unitByID finds a unit of the district.
func (d *district) unitByID(id domain.ID) *unit {
	for _, u := range d.units {
		if u.id == id {
			return u
		}
	}
	return nil
}

type highlightRef struct{ id, unit domain.ID }

// highlights has share of the units' liaisons declare one highlight (a
// second for some) on from; accept, the office accepts them a week later.
func (a *assessor) highlights(year int, from domain.Date, share float64, accept bool) ([]highlightRef, error) {
	g, ctx := a.g, a.g.ctx
	ambitions := domain.DefaultAmbitions()
	var out []highlightRef
	for i, u := range a.units {
		if !g.chance(share) || len(u.work) == 0 {
			continue
		}
		lly, err := a.principal(u.lly)
		if err != nil {
			return nil, err
		}
		n := 1
		if g.chance(0.3) && len(u.work) > 1 {
			n = 2
		}
		for k := 0; k < n; k++ {
			a.at(from.AddDays(i%5), 9+k, 10+i%40)
			work := u.work[(i+k)%len(u.work)]
			it, err := a.svc.CreateHighlight(ctx, lly, service.HighlightInput{UnitID: u.id, Year: year, Declare: true,
				Title: fmt.Sprintf("%s打造“%s”品牌", work, u.short),
				Content: fmt.Sprintf("围绕%s，%s创新工作机制，建立清单化推进、项目化管理、节点化考核的工作体系，力争形成可复制可推广的经验。",
					work, u.name),
				Ambition: pick(g.r, ambitions)})
			if err != nil {
				return nil, err
			}
			g.res.Highlights++
			out = append(out, highlightRef{id: it.ID, unit: u.id})
		}
	}
	if !accept {
		return out, nil
	}
	a.at(from.AddDays(8), 15, 0)
	for _, h := range out {
		if _, err := a.svc.DecideHighlight(ctx, a.office, h.id, service.HighlightDecision{Accept: true, Note: "同意认定为年度亮点工作"}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// evaluation runs the year's 满意度测评 of the assessed units: leaders,
// peer units (one code each) and the public vote through the service's
// vote path; at year end it is closed, in the current year it stays open
// with codes left over, kept for the demo's output.
func (a *assessor) evaluation(year int, day domain.Date, open bool) error {
	g, ctx := a.g, a.g.ctx
	a.at(day, 9, 0)
	in := service.EvaluationInput{Year: year, Code: evalCode, Kind: domain.EvalSurvey, Options: domain.DefaultEvalOptions(),
		Name: fmt.Sprintf("%d年度区直部门和乡镇街道综合满意度测评", year),
		Groups: []domain.RaterGroup{{Key: "leaders", Name: "上级领导", Weight: 40, Quorum: 5},
			{Key: "peers", Name: "同级单位", Weight: 30, Quorum: len(a.units) / 2, PerUnit: true},
			{Key: "public", Name: "服务对象和群众", Weight: 30, Quorum: 60}}}
	if open {
		in.Name = fmt.Sprintf("%d年上半年区直部门和乡镇街道满意度测评", year)
	}
	for _, u := range a.units {
		in.UnitIDs = append(in.UnitIDs, u.id)
	}
	e, err := a.svc.CreateEvaluation(ctx, a.office, in)
	if err != nil {
		return err
	}
	if _, err := a.svc.OpenEvaluation(ctx, a.office, e.ID); err != nil {
		return err
	}
	leaders, public := 12, 240
	if open {
		leaders, public = 12, 40
	}
	var codes []service.IssuedCode
	for _, req := range []service.CodeRequest{{Group: "leaders", Count: leaders}, {Group: "peers", Count: 1, EachUnit: true},
		{Group: "public", Count: public}} {
		b, err := a.svc.IssueCodes(ctx, a.office, e.ID, req)
		if err != nil {
			return err
		}
		codes = append(codes, b.Codes...)
	}
	// Most codes vote over the next days; in the open 测评 a few are left.
	use := 0.92
	if open {
		use = 0.35
	}
	for i, c := range codes {
		if !g.chance(use) {
			if open && (c.Group == "leaders" && len(g.res.VoteCodes) < 3 || c.Group == "public" && len(g.res.VoteCodes) < 8) {
				g.res.VoteCodes = append(g.res.VoteCodes, VoteCode{Code: c.Code, Group: c.GroupName})
			}
			continue
		}
		a.at(day.AddDays(i*3/len(codes)), 9+i%8, i%60)
		if err := a.svc.Vote(ctx, c.Code, a.ballot(c)); err != nil {
			return err
		}
		g.res.Ballots++
	}
	if open {
		return nil
	}
	a.at(day.AddDays(4), 17, 30)
	if _, err := a.svc.CloseEvaluation(ctx, a.office, e.ID); err != nil {
		return err
	}
	g.res.Evaluations++
	return nil
}

// ballot answers for every unit but the rater's own: better units get
// better answers, with the noise of real voters.
func (a *assessor) ballot(c service.IssuedCode) map[domain.ID]domain.BallotAnswer {
	g := a.g
	out := map[domain.ID]domain.BallotAnswer{}
	for _, u := range a.units {
		if u.id == c.RaterID {
			continue
		}
		if g.chance(0.02) {
			out[u.id] = domain.BallotAnswer{Abstain: true}
			continue
		}
		// Options run 1 (优秀) … 4 (较差).
		x := a.quality[u.id] + 0.35*(g.r.Float64()-0.5)
		opt := 4
		switch {
		case x > 0.8:
			opt = 1
		case x > 0.62:
			opt = 2
		case x > 0.45:
			opt = 3
		}
		out[u.id] = domain.BallotAnswer{Option: opt}
	}
	return out
}
