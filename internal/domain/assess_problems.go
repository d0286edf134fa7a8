package domain

import (
	"fmt"
	"strings"
)

// A scheme is checked as a whole and every problem is reported at once, so
// that the office fixes its scheme (or file) in one go. Problems are codes
// with arguments, like the case refusals: the domain renders them in
// zh-Hans (the text of record, also in the assess catalog under
// assess.err.<code>), and a service that serves another language renders
// them again with SchemeProblems.Render and its printer.

// SchemeProblem is one problem of a scheme: where (a path such as
// "乡镇街道 / 重点工作 / B2"), a code (catalog key suffix) and its arguments.
type SchemeProblem struct {
	Path string
	Code string
	Args []any
}

// SchemeProblems is the list ValidateScheme found. It is the Err of the
// *Error that ValidateScheme returns.
type SchemeProblems []SchemeProblem

func (ps SchemeProblems) Error() string {
	return fmt.Sprintf("scheme: %d problems", len(ps))
}

// schemeMessagesZh is the zh-Hans wording of each problem code. The
// schemefile tests check that it equals the catalog's assess.err.<code>.
var schemeMessagesZh = map[string]string{
	"summary":             "考核方案有 %d 处问题，请修改后重试。",
	"at":                  "%s：%s",
	"check_date":          "未填写考核基准日。",
	"no_categories":       "未设置任何考核类别。",
	"category_name":       "考核类别名称不能为空。",
	"category_dup":        "考核类别“%s”重复。",
	"category_empty":      "考核类别下没有任何考核板块。",
	"cap_negative":        "%s不能为负数。",
	"section_key":         "考核板块编码不能为空。",
	"section_dup":         "考核板块编码“%s”在本类别中重复。",
	"section_name":        "考核板块名称不能为空。",
	"section_max":         "考核板块满分须大于0（现为 %s）。",
	"code_empty":          "指标编码不能为空。",
	"code_dup":            "指标编码“%s”重复。",
	"code_meaning":        "指标编码“%s”在其他类别中表示不同的指标（%s）。",
	"name_empty":          "指标名称不能为空。",
	"kind_unknown":        "未知的指标类型“%s”（可用：score、bonus、penalty、veto）。",
	"method_unknown":      "未知的计分方法“%s”（可用：tasks、indicators、supervision、rank、manual、evaluation、sum）。",
	"max_positive":        "指标满分须大于0（现为 %s）。",
	"max_negative":        "指标满分不能为负数（现为 %s）。",
	"max_over_section":    "指标满分 %s 超过所在板块满分 %s。",
	"max_over_parent":     "指标满分 %s 超过上级指标满分 %s。",
	"children_not_sum":    "只有计分方法为 sum 的指标可以有下级指标。",
	"sum_no_children":     "计分方法为 sum 的指标须有下级指标。",
	"child_kind":          "下级指标类型“%s”与上级指标类型“%s”不一致。",
	"veto_method":         "一票否决指标须由考核员录入（计分方法 manual）。",
	"tasks_category":      "未知的任务类别“%s”。",
	"param_negative":      "参数 %s 不能为负数。",
	"cap_below_one":       "完成率上限 cap 不能低于1（现为 %s）。",
	"rank_step":           "按排名计分的指标须设置每名次扣分 step（大于0）。",
	"combine_unknown":     "未知的多人评分合成方式“%s”（可用：mean、median、trimmed、max、min）。",
	"evaluation_code":     "来自测评的指标须填写测评编码 evaluation。",
	"grades_empty":        "未设置任何等次。",
	"grade_name":          "等次名称不能为空。",
	"grade_dup":           "等次“%s”重复。",
	"grade_quota":         "等次比例须在0到100之间（现为 %s）。",
	"grade_min_total":     "等次最低总分不能为负数（现为 %s）。",
	"grade_veto_both":     "等次不能既排除否决单位又专给否决单位。",
	"grade_for_veto_many": "只能有一个等次专给否决单位（现有“%s”和“%s”）。",
	"grade_last":          "最后一个等次给其余所有单位，不能设置比例、最低总分或排除否决单位。",
	"award_name":          "奖项名称不能为空。",
	"award_dup":           "奖项“%s”重复。",
	"award_criterion":     "奖项所依据的指标编码“%s”不存在。",
	"award_count":         "奖项名额不能为负数（现为 %d）。",
	"award_category":      "奖项所限的考核类别“%s”不存在。",
	"tie_break_unknown":   "未知的同分排序规则“%s”（可用：section:<板块编码>、penalty、bonus、criterion:<指标编码>）。",
	"tie_break_dup":       "同分排序规则“%s”重复。",
	"tie_break_missing":   "同分排序规则“%s”所指的板块或指标不存在。",
	"talk_negative":       "约谈规则的 %s 不能为负数。",
}

// SchemeProblemCodes lists the codes with zh-Hans wording, for the test
// that keeps the catalog in step.
func SchemeProblemCodes() map[string]string {
	m := make(map[string]string, len(schemeMessagesZh))
	for k, v := range schemeMessagesZh {
		m[k] = v
	}
	return m
}

// Render writes the problems with t, a printer's T, looking up
// assess.err.<code>: the message and one detail line per problem.
func (ps SchemeProblems) Render(t func(key string, args ...any) string) (string, []string) {
	lines := make([]string, len(ps))
	for i, p := range ps {
		msg := t("assess.err."+p.Code, p.Args...)
		if p.Path != "" {
			msg = t("assess.err.at", p.Path, msg)
		}
		lines[i] = msg
	}
	return t("assess.err.summary", len(ps)), lines
}

// zhSchemeText renders with the zh-Hans wording above.
func zhSchemeText(key string, args ...any) string {
	s, ok := schemeMessagesZh[strings.TrimPrefix(key, "assess.err.")]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// err returns nil for no problems, else the invalid error listing them.
func (ps SchemeProblems) err() error {
	if len(ps) == 0 {
		return nil
	}
	msg, lines := ps.Render(zhSchemeText)
	return &Error{Kind: KindInvalid, Message: msg, Details: lines, Err: ps}
}
