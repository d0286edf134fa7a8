package demo

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// lastYear plays the last complete year's assessment: the scheme in
// spring, highlights declared and accepted, the 测评 in December, a
// 容错免责 for an overdue goal and the examiners' scores in January (the
// goals and supervision are scored from the year's data), results to 公示
// for five working days, two appeals (one upheld with an adjustment, one
// rejected) and 定榜.
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
	if err := a.exemption(); err != nil {
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
	run, err := a.svc.AssessRunFull(ctx, a.office, runID)
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

// appeals files two appeals in the window by mid-table units of the first
// category: one on A1, naming a goal the data counted as behind, upheld
// with a higher score; one on the examiners' B1, rejected.
func (a *assessor) appeals(runID domain.ID, res domain.AssessResult) error {
	g, ctx := a.g, a.g.ctx
	var cands []domain.UnitResult
	for _, u := range res.Units {
		if u.Category == assessCategories[0] && u.Rank > 3 && !u.Vetoed {
			cands = append(cands, u)
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Rank < cands[j].Rank })
	var behind, other *domain.UnitResult
	var reasons, finding string
	for i := len(cands) / 3; i < len(cands) && behind == nil; i++ {
		if c := criterionOf(cands[i], "A1"); c != nil && c.Score < c.Max {
			if reasons, finding = a1Appeal(c.Formula); reasons != "" {
				behind = &cands[i]
			}
		}
	}
	for i := 2 * len(cands) / 3; i < len(cands) && other == nil; i++ {
		if &cands[i] != behind {
			other = &cands[i]
		}
	}
	if behind == nil || other == nil {
		return nil
	}
	a1 := criterionOf(*behind, "A1")
	score := min(a1.Max, a1.Score+1)
	appeals := []struct {
		u         *domain.UnitResult
		criterion string
		reasons   string
		decision  service.AppealDecision
	}{
		{behind, "A1", reasons, service.AppealDecision{State: domain.AppealUpheld, Criterion: "A1", Score: &score,
			Reason: fmt.Sprintf("经复核，%s，A1调整为%s分。", finding, strconv.FormatFloat(score, 'f', -1, 64))}},
		{other, "B1", "我单位认为B1评分偏低，全年招商引资到位资金较上年增长明显，申请重新评定。",
			service.AppealDecision{State: domain.AppealRejected, Reason: "经复核，评分依据充分，与其他单位尺度一致，维持原评分。"}},
	}
	for i, ap := range appeals {
		ur := a.d.unitByID(ap.u.UnitID)
		if ur == nil {
			continue
		}
		lly, err := a.principal(ur.lly)
		if err != nil {
			return err
		}
		a.at(domain.NewDate(g.year, 1, 13+i), 10+i, 20)
		id, err := a.svc.FileAppeal(ctx, lly, runID, service.AppealInput{UnitID: ap.u.UnitID, Criterion: ap.criterion, Reasons: ap.reasons})
		if err != nil {
			return err
		}
		a.at(domain.NewDate(g.year, 1, 15), 16, 0)
		if err := a.svc.DecideAppeal(ctx, a.office, id, ap.decision); err != nil {
			return err
		}
		g.res.Appeals++
	}
	return nil
}

// exemption has one unit whose goal ended the year overdue apply for
// 容错免责 early in January, and the office approve it, so the goal's
// deduction is cancelled in the assessment.
func (a *assessor) exemption() error {
	g, ctx := a.g, a.g.ctx
	if len(a.d.priorOverdue) == 0 {
		return nil
	}
	t := a.d.priorOverdue[g.r.IntN(len(a.d.priorOverdue))]
	lly, err := a.principal(t.unit.lly)
	if err != nil {
		return err
	}
	a.at(domain.NewDate(g.year, 1, 5), 15, 30)
	it, err := a.svc.ApplyExemption(ctx, lly, service.ExemptionInput{Kind: domain.FailureTask, TargetID: t.id, UnitID: t.unit.id,
		Grounds: fmt.Sprintf("“%s”因上级政策调整、项目审批暂停，未能于%s前全部完成。我单位已按程序请示并持续推进，属于先行先试中的客观原因，申请容错免责。",
			t.title, dateText(t.due))})
	if err != nil {
		return err
	}
	a.at(domain.NewDate(g.year, 1, 6), 9, 30)
	_, err = a.svc.DecideExemption(ctx, a.office, it.ID, service.ExemptionDecision{Approve: true,
		Reasons: "经核实，未完成系上级政策调整所致，单位已尽责推进，符合容错免责情形，同意免责。"})
	return err
}

// criterionOf is a unit's score on the criterion code (nil: none).
func criterionOf(u domain.UnitResult, code string) *domain.CriterionScore {
	for i := range u.Criteria {
		if u.Criteria[i].Code == code {
			return &u.Criteria[i]
		}
	}
	return nil
}

// a1Appeal words a unit's appeal against its A1 task score, and the
// office's finding when it is upheld, from what the score's formula
// counted against it: a goal behind, else a missing report, else late
// ones ("" when none).
func a1Appeal(f domain.Formula) (reasons, finding string) {
	for _, in := range f.Inputs {
		if (in.Label == "lagging" || in.Label == "overdue") && in.Text != "" {
			goal, _, _ := strings.Cut(in.Text, "、")
			return fmt.Sprintf("我单位年度目标%s已于12月下旬全部完成，最后一期进展报告漏填完成进度，考核时按未完成计算。现补充验收材料，申请复核。", goal),
				fmt.Sprintf("目标%s已于12月下旬完成，验收材料属实", goal)
		}
	}
	for _, in := range f.Inputs {
		if in.Label == "missing" && in.Value > 0 {
			return "我单位有一期进展报告因联络员岗位调整未能在系统中报送，当期已书面报送区督查室，考核时按未报计算，申请复核。",
				"该期进展已按时书面报送，情况属实"
		}
	}
	for _, in := range f.Inputs {
		if in.Label == "late" && in.Value > 0 {
			return "我单位部分周次进展报告迟报，系当周系统升级、账号无法登录所致，区大数据局已出具情况说明，申请复核。",
				"相关周次系统升级期间无法报送，情况属实"
		}
	}
	return "", ""
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
