package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateSchemeAcceptsAGoodScheme(t *testing.T) {
	b := benchScheme()
	if err := ValidateScheme(b); err != nil {
		t.Fatalf("%v %v", err, ErrorDetails(err))
	}
}

func TestValidateSchemeListsEveryProblem(t *testing.T) {
	man := func(code, name string, kind CriterionKind, max float64) Criterion {
		return Criterion{Code: code, Name: name, Kind: kind, Max: max, Method: MethodManual}
	}
	b := SchemeBody{
		Categories: []AssessCategory{
			{Name: "乡镇街道", BonusCap: -1, Sections: []AssessSection{
				{Key: "routine", Name: "常规工作", Max: 30, Criteria: []Criterion{
					man("A1", "基础工作", CriterionBase, 40),
					man("A1", "重复", CriterionBase, 5),
					man("", "无编码", CriterionBase, 5),
					man("A2", "", "extra", 5),
					{Code: "A3", Name: "方法错", Kind: CriterionBase, Max: 0, Method: "magic"},
					{Code: "A4", Name: "排名", Kind: CriterionBase, Max: 5, Method: MethodRank},
					{Code: "A5", Name: "测评", Kind: CriterionBase, Max: 5, Method: MethodEvaluation},
					{Code: "A6", Name: "有下级", Kind: CriterionBase, Max: 5, Method: MethodManual, Children: []Criterion{man("A6.1", "子", CriterionBase, 5)}},
					{Code: "A7", Name: "合计", Kind: CriterionBase, Max: 5, Method: MethodSum, Children: []Criterion{man("A7.1", "子", CriterionBase, 8), man("A7.2", "加分子", CriterionBonus, 1)}},
					{Code: "A8", Name: "空合计", Kind: CriterionBase, Max: 5, Method: MethodSum},
					{Code: "A9", Name: "指标", Kind: CriterionBase, Max: 5, Method: MethodIndicators, Params: MethodParams{Cap: 0.8}},
					{Code: "A10", Name: "任务", Kind: CriterionBase, Max: 5, Method: MethodTasks, Params: MethodParams{PerOverdue: -1, TaskCategories: []Category{"misc"}}},
					{Code: "A11", Name: "人工", Kind: CriterionBase, Max: 5, Method: MethodManual, Params: MethodParams{Combine: "avg"}},
					{Code: "V1", Name: "否决", Kind: CriterionVeto, Method: MethodTasks},
				}},
				{Key: "routine", Name: "", Max: 0},
			}},
			{Name: "乡镇街道"},
			{Name: "区直部门", Sections: []AssessSection{{Key: "key", Name: "重点工作", Max: 40, Criteria: []Criterion{
				man("A1", "另一个意思", CriterionBase, 10),
			}}}},
		},
		Rules: AssessRules{
			TieBreak: []string{"section:key", "section:nope", "criterion:Z9", "luck", "bonus", "bonus"},
			Grades:   []GradeRule{{Name: "优秀", QuotaPercent: 120, NoVeto: true, ForVeto: true}, {Name: "优秀", MinTotal: -1}, {Name: "较差", ForVeto: true}, {Name: "", QuotaPercent: 10}},
			Awards:   []AwardRule{{Name: "骏马奖", Criteria: []string{"A1", "X1"}, Count: -1, Category: "开发区"}, {Name: "骏马奖"}},
			Talks:    TalkRule{BottomN: -2},
		},
	}
	err := ValidateScheme(b)
	if ErrorKind(err) != KindInvalid {
		t.Fatalf("kind %v: %v", ErrorKind(err), err)
	}
	var ps SchemeProblems
	if !errors.As(err, &ps) {
		t.Fatal("no SchemeProblems in the error")
	}
	details := strings.Join(ErrorDetails(err), "\n")
	want := []string{
		"未填写考核基准日。",
		"乡镇街道：bonus_cap不能为负数。",
		"乡镇街道 / 常规工作 / A1：指标满分 40 超过所在板块满分 30。",
		"乡镇街道 / 常规工作 / A1：指标编码“A1”重复。",
		"乡镇街道 / 常规工作 / 无编码：指标编码不能为空。",
		"乡镇街道 / 常规工作 / A2：指标名称不能为空。",
		"乡镇街道 / 常规工作 / A2：未知的指标类型“extra”",
		"乡镇街道 / 常规工作 / A3：未知的计分方法“magic”",
		"乡镇街道 / 常规工作 / A3：指标满分须大于0（现为 0）。",
		"乡镇街道 / 常规工作 / A4：按排名计分的指标须设置每名次扣分 step（大于0）。",
		"乡镇街道 / 常规工作 / A5：来自测评的指标须填写测评编码 evaluation。",
		"乡镇街道 / 常规工作 / A6：只有计分方法为 sum 的指标可以有下级指标。",
		"乡镇街道 / 常规工作 / A7 / A7.1：指标满分 8 超过上级指标满分 5。",
		"乡镇街道 / 常规工作 / A7 / A7.2：下级指标类型“bonus”与上级指标类型“score”不一致。",
		"乡镇街道 / 常规工作 / A8：计分方法为 sum 的指标须有下级指标。",
		"乡镇街道 / 常规工作 / A9：完成率上限 cap 不能低于1（现为 0.8）。",
		"乡镇街道 / 常规工作 / A10：未知的任务类别“misc”。",
		"乡镇街道 / 常规工作 / A10：参数 per_overdue 不能为负数。",
		"乡镇街道 / 常规工作 / A11：未知的多人评分合成方式“avg”",
		"乡镇街道 / 常规工作 / V1：一票否决指标须由考核员录入（计分方法 manual）。",
		"乡镇街道 / #2：考核板块名称不能为空。",
		"乡镇街道 / #2：考核板块编码“routine”在本类别中重复。",
		"乡镇街道 / #2：考核板块满分须大于0（现为 0）。",
		"乡镇街道：考核类别“乡镇街道”重复。",
		"乡镇街道：考核类别下没有任何考核板块。",
		"区直部门 / 重点工作 / A1：指标编码“A1”在其他类别中表示不同的指标（乡镇街道：基础工作）。",
		"tie_break：同分排序规则“section:nope”所指的板块或指标不存在。",
		"tie_break：同分排序规则“criterion:Z9”所指的板块或指标不存在。",
		"tie_break：未知的同分排序规则“luck”",
		"tie_break：同分排序规则“bonus”重复。",
		"grades / 优秀：等次比例须在0到100之间（现为 120）。",
		"grades / 优秀：等次不能既排除否决单位又专给否决单位。",
		"grades / 优秀：等次“优秀”重复。",
		"grades / 优秀：等次最低总分不能为负数（现为 -1）。",
		"grades / 较差：只能有一个等次专给否决单位（现有“优秀”和“较差”）。",
		"grades / #4：等次名称不能为空。",
		"grades / #4：最后一个等次给其余所有单位，不能设置比例、最低总分或排除否决单位。",
		"awards / 骏马奖：奖项所依据的指标编码“X1”不存在。",
		"awards / 骏马奖：奖项名额不能为负数（现为 -1）。",
		"awards / 骏马奖：奖项所限的考核类别“开发区”不存在。",
		"awards / 骏马奖：奖项“骏马奖”重复。",
		"talks：约谈规则的 bottom_n 不能为负数。",
	}
	for _, w := range want {
		if !strings.Contains(details, w) {
			t.Errorf("missing %q", w)
		}
	}
	if len(ps) != len(ErrorDetails(err)) {
		t.Errorf("%d problems, %d lines", len(ps), len(ErrorDetails(err)))
	}
	if !strings.Contains(ErrorMessage(err), "考核方案有") {
		t.Errorf("message %q", ErrorMessage(err))
	}
	if t.Failed() {
		t.Log(details)
	}
}

func TestValidateSchemeEmpty(t *testing.T) {
	err := ValidateScheme(SchemeBody{CheckDate: NewDate(2026, 6, 30)})
	d := strings.Join(ErrorDetails(err), "\n")
	for _, w := range []string{"未设置任何考核类别。", "grades：未设置任何等次。"} {
		if !strings.Contains(d, w) {
			t.Errorf("missing %q in %s", w, d)
		}
	}
}

// Render puts problems in another language through a printer's T.
func TestSchemeProblemsRender(t *testing.T) {
	ps := SchemeProblems{{Path: "乡镇街道", Code: "category_empty"}}
	msg, lines := ps.Render(func(key string, args ...any) string {
		if key == "assess.err.at" {
			return args[0].(string) + ": " + args[1].(string)
		}
		return key
	})
	if msg != "assess.err.summary" || lines[0] != "乡镇街道: assess.err.category_empty" {
		t.Errorf("%q %q", msg, lines)
	}
}
