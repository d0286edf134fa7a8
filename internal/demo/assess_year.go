package demo

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// lastYear plays the last complete year's assessment: the scheme in
// spring, highlights declared and accepted, the 测评 in December, the
// examiners' scores in January, results to 公示 for five working days, two
// appeals (one upheld with an adjustment, one rejected) and 定榜.
func (a *assessor) lastYear() error {
	g, ctx := a.g, a.g.ctx
	y := g.year - 1
	a.at(domain.NewDate(y, 3, 2), 9, 30)
	sc, err := a.scheme(annualScheme(y))
	if err != nil {
		return err
	}
	hls, err := a.highlights(y, domain.NewDate(y, 3, 10), 0.85, true)
	if err != nil {
		return err
	}
	if err := a.evaluation(y, domain.NewDate(y, 12, 22), false); err != nil {
		return err
	}
	a.at(domain.NewDate(g.year, 1, 6), 10, 0)
	if err := a.entries(sc, a.units); err != nil {
		return err
	}
	if err := a.officeEntries(sc); err != nil {
		return err
	}
	a.at(domain.NewDate(g.year, 1, 8), 15, 0)
	for _, id := range hls {
		q := a.quality[id.unit]
		score := float64(int(60 + 40*q))
		ev := domain.HighlightEvaluation{Achieved: domain.AchievedMet, Score: &score, Comment: "目标如期实现，经验做法获上级推广"}
		switch {
		case q < 0.7:
			ev = domain.HighlightEvaluation{Achieved: domain.AchievedNot, Score: &score, Comment: "未实现申报目标，成效不明显"}
		case q < 0.8:
			ev = domain.HighlightEvaluation{Achieved: domain.AchievedPartly, Score: &score, Comment: "部分实现申报目标，仍需持续发力"}
		}
		if _, err := a.svc.EvaluateHighlight(ctx, a.office, id.id, ev); err != nil {
			return err
		}
	}
	// 公示 from the second Monday of January, five working days.
	start := domain.NewDate(g.year, 1, 12)
	a.at(start, 9, 0)
	runID, err := a.svc.PublishScheme(ctx, a.office, service.SchemePublish{SchemeID: sc.ID, NoticeDays: 5, Start: start})
	if err != nil {
		return err
	}
	run, err := a.svc.AssessRun(ctx, a.office, runID)
	if err != nil {
		return err
	}
	if err := a.appeals(runID, run.Result); err != nil {
		return err
	}
	a.at(run.NoticeEnd.AddDays(1), 10, 0)
	if err := a.svc.FinalizeAssessment(ctx, a.office, runID); err != nil {
		return err
	}
	g.res.AssessRuns++
	return nil
}

// appeals files two appeals in the window on A1 by mid-table units: the
// first upheld with a higher score, the second rejected.
func (a *assessor) appeals(runID domain.ID, res domain.AssessResult) error {
	g, ctx := a.g, a.g.ctx
	var cands []domain.UnitResult
	for _, u := range res.Units {
		if u.Category == assessCategories[0] && u.Rank > 3 && !u.Vetoed {
			cands = append(cands, u)
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Rank < cands[j].Rank })
	if len(cands) < 2 {
		return nil
	}
	picked := []domain.UnitResult{cands[len(cands)/3], cands[2*len(cands)/3]}
	reasons := []string{"我单位A1职能工作中“政务服务事项全程网办”已于12月底完成，考核时未采信佐证材料，申请复核。",
		"我单位认为A1评分偏低，全年工作量大、任务重，申请重新评定。"}
	decisions := []string{"经复核，佐证材料属实，A1调整为%s分。", "经复核，评分依据充分，与其他单位尺度一致，维持原评分。"}
	for i, u := range picked {
		ur := a.d.unitByID(u.UnitID)
		if ur == nil {
			continue
		}
		lly, err := a.principal(ur.lly)
		if err != nil {
			return err
		}
		a.at(domain.NewDate(g.year, 1, 13+i), 10+i, 20)
		id, err := a.svc.FileAppeal(ctx, lly, runID, service.AppealInput{UnitID: u.UnitID, Criterion: "A1", Reasons: reasons[i]})
		if err != nil {
			return err
		}
		a.at(domain.NewDate(g.year, 1, 15), 16, 0)
		dec := service.AppealDecision{State: domain.AppealRejected, Reason: decisions[1]}
		if i == 0 {
			score := 20.0
			for _, c := range u.Criteria {
				if c.Code == "A1" {
					score = min(20, c.Score+2)
				}
			}
			dec = service.AppealDecision{State: domain.AppealUpheld, Criterion: "A1", Score: &score,
				Reason: replaceScore(decisions[0], score)}
		}
		if err := a.svc.DecideAppeal(ctx, a.office, id, dec); err != nil {
			return err
		}
		g.res.Appeals++
	}
	return nil
}

func replaceScore(format string, v float64) string {
	return fmt.Sprintf(format, strconv.FormatFloat(v, 'f', -1, 64))
}

// currentYear starts the year's 半年考核: the scheme in scoring with the
// examiners' scores for part of the units, highlights declared and waiting
// for the office, and the 测评 open with codes still to use.
func (a *assessor) currentYear() error {
	g := a.g
	y := g.year
	// Early in the year everything happens in its first days, never
	// after the as-of date.
	first := domain.NewDate(y, 1, 2)
	day := max(first, g.opt.AsOf.AddDays(-10))
	if _, err := a.highlights(y, max(first, day.AddDays(-5)), 0.7, false); err != nil {
		return err
	}
	a.at(day, 9, 30)
	sc, err := a.scheme(halfScheme(y))
	if err != nil {
		return err
	}
	a.at(g.opt.AsOf, 9, 0)
	n := len(a.units) * 2 / 5
	if err := a.entries(sc, a.units[:n]); err != nil {
		return err
	}
	if err := a.officeEntries(sc); err != nil {
		return err
	}
	return a.evaluation(y, g.opt.AsOf, true)
}
