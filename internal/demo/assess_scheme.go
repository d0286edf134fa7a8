package demo

import (
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
)

// The demo's assessment categories: the district's departments and its
// towns and streets (communities and villages are assessed by their
// streets, not by the district).
var assessCategories = []string{"区直部门", "乡镇街道"}

// evalCode is the code of the year's 满意度测评, by which schemes refer to it.
const evalCode = "MYD"

// annualScheme is the 年度综合考核 of year: the year's goals and
// supervision scored from the work data, manual scores by the examiners,
// a 满意度测评, bonus, penalty and veto items, grades with a quota, awards
// and the 约谈 list.
func annualScheme(year int) domain.Scheme {
	var cats []domain.AssessCategory
	for _, name := range assessCategories {
		cats = append(cats, domain.AssessCategory{Name: name, BonusCap: 3, PenaltyCap: 5, Sections: []domain.AssessSection{
			{Key: "routine", Name: "常规工作", Max: 35, Criteria: []domain.Criterion{
				{Code: "A1", Name: "年度目标完成情况", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodTasks,
					Params: domain.MethodParams{PerOverdue: 1, PerLagging: 0.5, PerMissing: 0.1, PerLate: 0.05},
					Note:   "按年度目标加权完成率计分；每项逾期扣1分，滞后扣0.5分，未报一次扣0.1分，迟报一次扣0.05分；经批准容错免责的不扣分。"},
				{Code: "A2", Name: "督查督办落实", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodSupervision,
					Params: domain.MethodParams{PerRed: 1, PerUnverified: 0.5},
					Note:   "按期办结率乘满分；年末每件红灯督办件扣1分，逾期未销号的整改事项每项扣0.5分。"},
				manual("A3", "工作作风与服务效能", 5, "mean", "由考核员结合督查暗访、群众反映评分。"),
				{Code: "E1", Name: "上级表彰", Kind: domain.CriterionBonus, Max: 3, Method: domain.MethodManual,
					Note: "获国家级表彰加2分，省级加1分，市级加0.5分。"},
				{Code: "F1", Name: "通报批评", Kind: domain.CriterionPenalty, Max: 5, Method: domain.MethodManual,
					Note: "被市级以上通报批评的，每次扣1分。"},
				{Code: "X1", Name: "安全生产一票否决", Kind: domain.CriterionVeto, Method: domain.MethodManual,
					Note: "发生较大及以上生产安全责任事故的，实行一票否决。"},
			}},
			{Key: "key", Name: "重点工作", Max: 35, Criteria: []domain.Criterion{
				manual("B1", "重点项目与招商引资", 20, "mean", "由考核员依据重点项目推进和招商引资到位情况评分。"),
				manual("B2", "重点改革任务", 15, "mean", "由考核员依据改革任务落实情况评分。"),
			}},
			{Key: "party", Name: "党建工作", Max: 10, Criteria: []domain.Criterion{
				manual("C1", "党建工作责任制落实", 10, "mean", "由考核员依据党建工作述职和日常检查评分。"),
			}},
			{Key: "survey", Name: "满意度测评", Max: 20, Criteria: []domain.Criterion{
				{Code: "D1", Name: "综合满意度测评", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodEvaluation,
					Params: domain.MethodParams{Evaluation: evalCode}, Note: "测评得分（百分制）折算为20分。"},
			}},
		}})
	}
	return domain.Scheme{Year: year, Kind: domain.SchemeAnnual, Name: fmt.Sprintf("%d年度目标管理综合考核", year), SchemeBody: domain.SchemeBody{
		CheckDate: domain.NewDate(year, 12, 31), Categories: cats, Rules: assessRules(true)}}
}

// halfScheme is the 半年考核 of year, scored from the year's tasks,
// supervision and the examiners, at 30 June.
func halfScheme(year int) domain.Scheme {
	var cats []domain.AssessCategory
	for _, name := range assessCategories {
		cats = append(cats, domain.AssessCategory{Name: name, BonusCap: 2, PenaltyCap: 3, Sections: []domain.AssessSection{
			{Key: "routine", Name: "常规工作", Max: 40, Criteria: []domain.Criterion{
				{Code: "A1", Name: "年度目标序时推进", Kind: domain.CriterionBase, Max: 25, Method: domain.MethodTasks,
					Params: domain.MethodParams{PerOverdue: 1, PerLagging: 0.5, PerMissing: 0.2, PerLate: 0.1},
					Note:   "按任务加权进度计分；每项逾期扣1分，滞后扣0.5分，未报一次扣0.2分，迟报一次扣0.1分。"},
				{Code: "A2", Name: "督查督办落实", Kind: domain.CriterionBase, Max: 15, Method: domain.MethodSupervision,
					Params: domain.MethodParams{PerRed: 1, PerUnverified: 0.5}, Note: "按期办结率乘满分；每件红灯件扣1分。"},
				{Code: "E1", Name: "上级表彰", Kind: domain.CriterionBonus, Max: 2, Method: domain.MethodManual},
				{Code: "F1", Name: "通报批评", Kind: domain.CriterionPenalty, Max: 3, Method: domain.MethodManual},
			}},
			{Key: "key", Name: "重点工作", Max: 40, Criteria: []domain.Criterion{
				{Code: "B1", Name: "重点任务推进", Kind: domain.CriterionBase, Max: 25, Method: domain.MethodTasks,
					Params: domain.MethodParams{TaskCategories: []domain.Category{domain.CategoryKey}, PerOverdue: 1, PerLagging: 0.5}},
				manual("B2", "重点工作成效", 15, "mean", "由考核员依据上半年重点工作成效评分。"),
			}},
			{Key: "party", Name: "党建与作风", Max: 20, Criteria: []domain.Criterion{
				manual("C1", "党建与作风建设", 20, "mean", "由考核员依据党建工作和作风建设情况评分。"),
			}},
		}})
	}
	return domain.Scheme{Year: year, Kind: domain.SchemeHalf, Name: fmt.Sprintf("%d年半年考核", year), SchemeBody: domain.SchemeBody{
		CheckDate: domain.NewDate(year, 6, 30), Categories: cats, Rules: assessRules(false)}}
}

func manual(code, name string, max float64, combine, note string) domain.Criterion {
	return domain.Criterion{Code: code, Name: name, Kind: domain.CriterionBase, Max: max, Method: domain.MethodManual,
		Params: domain.MethodParams{Combine: combine}, Note: note}
}

// assessRules are the published rules: 优秀 for at most 20% and never with
// a veto (which makes 较差), the 骏马奖 and 蜗牛奖 at year end, the bottom unit to a 约谈.
func assessRules(annual bool) domain.AssessRules {
	r := domain.AssessRules{TieBreak: []string{"section:key", "penalty"},
		Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20, MinTotal: 85, NoVeto: true}, {Name: "良好", MinTotal: 75, NoVeto: true},
			{Name: "一般", MinTotal: 60, NoVeto: true}, {Name: "较差", ForVeto: true}}}
	if annual {
		r.Awards = []domain.AwardRule{{Name: "骏马奖", Criteria: []string{"B1"}}, {Name: "蜗牛奖", Worst: true}}
		r.Talks = domain.TalkRule{BottomN: 1, Below: 65}
	}
	return r
}

// manualCodes are the base criteria the examiners score, per scheme.
func manualCodes(sc domain.Scheme) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range sc.Categories {
		for _, s := range c.Sections {
			for _, cr := range s.Criteria {
				if cr.Kind == domain.CriterionBase && cr.Method == domain.MethodManual && !seen[cr.Code] {
					seen[cr.Code] = true
					out = append(out, cr.Code)
				}
			}
		}
	}
	return out
}

// criterionMax is a criterion's maximum in sc (0: none).
func criterionMax(sc domain.Scheme, code string) float64 {
	for _, c := range sc.Categories {
		for _, s := range c.Sections {
			for _, cr := range s.Criteria {
				if cr.Code == code {
					return cr.Max
				}
			}
		}
	}
	return 0
}
