package demo

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

// Sentence banks for report texts. Each week's text is assembled from a
// template, a concrete action with its own numbers, and the task's
// cumulative figures, so that no two weeks read the same.

var actions = []string{
	"完成现场踏勘%d处", "开展督导检查%d次", "对接协调相关单位%d家", "组织业务培训%d场", "开展入户走访%d户",
	"召开调度会%d次", "整改销号问题%d个", "开展集中宣传活动%d场", "完成资料收集整理%d份", "梳理问题清单%d项",
	"组织现场观摩%d次", "发放宣传资料%d份", "完成台账更新%d项", "协调解决群众诉求%d件", "开展专项排查%d次",
}

var doneTemplates = []string{
	"%[1]s扎实推进，本周%[2]s，累计%[3]s，完成率%.1[4]f%%。",
	"本周召开%[1]s专题推进会，%[2]s，累计%[3]s，整体进度%.1[4]f%%。",
	"按照节点计划推进%[1]s，本周%[2]s，目前累计%[3]s，完成年度任务的%.1[4]f%%。",
	"%[1]s：%[2]s，累计%[3]s，进度达到%.1[4]f%%。",
	"围绕%[1]s目标任务，本周%[2]s；截至目前累计%[3]s，完成%.1[4]f%%。",
}

var causes = []string{
	"资金到位不及时", "连续降雨天气", "审批手续办理周期较长", "部分群众诉求较高", "施工场地协调困难",
	"人员力量不足", "上级政策尚未明确", "招标程序延误", "涉及部门较多、协调难度大", "前期方案多次调整",
}

var problemTemplates = []string{
	"受%s影响，部分工作进度慢于计划。",
	"%s，个别环节推进不够顺畅。",
	"因%s，阶段性目标完成存在一定压力。",
	"基层人员力量相对薄弱，%s问题仍需协调解决。",
}

var nextTemplates = []string{
	"下一步将加快推进%[1]s，确保%[2]s前%[3]s。",
	"倒排工期、挂图作战，每周调度%[1]s进展，确保%[2]s前%[3]s。",
	"加强与%[4]s沟通对接，合力推进%[1]s，确保%[2]s前%[3]s。",
	"对照问题清单逐项整改，压实责任，力争%[2]s前%[3]s。",
	"继续抓好%[1]s日常推进，及时总结经验做法，确保%[2]s前%[3]s。",
}

var returnReasons = []string{
	"进展描述过于笼统，请补充量化数据后重新报送。",
	"存在问题未如实填写，请核实后重新报送。",
	"累计完成比例与台账数据不一致，请核对后重新报送。",
	"下步打算缺少时间节点，请补充完善。",
}

var approveComments = []string{"", "", "", "同意。", "已审核，同意报送。", "请继续加快进度。", "同意，注意按节点推进。"}

// measureRe finds the first quantity in a task's content, e.g. 32个.
var measureRe = regexp.MustCompile(`(\d+)(个|户|条|所|公里|家|名|人|套|亩|座|场|处|件|栋|项|次|块|盏|批次|株|份|卷|台|万条|万平方米)`)

// measure is a task's countable target, if its content has one.
type measure struct {
	n    int
	unit string
}

func parseMeasure(content string) measure {
	m := measureRe.FindStringSubmatch(content)
	if m == nil {
		return measure{}
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 2 {
		return measure{}
	}
	return measure{n: n, unit: m[2]}
}

// stages phrase cumulative work of tasks without a countable target.
var stages = []string{"完成阶段性工作任务", "推进各项重点环节", "完成年度计划确定的阶段任务", "落实各项工作措施"}

// cumulative phrases the cumulative result at progress p.
func (m measure) cumulative(r *rand.Rand, p float64) string {
	if m.n == 0 {
		return stages[r.IntN(len(stages))]
	}
	return fmt.Sprintf("完成%d%s（年度目标%d%s）", int(float64(m.n)*p/100), m.unit, m.n, m.unit)
}

// reportText writes the three texts of a weekly report.
func reportText(r *rand.Rand, t *task, p, gap float64, when, goal string) (done, problems, nextSteps string) {
	act := fmt.Sprintf(actions[r.IntN(len(actions))], 1+r.IntN(12))
	switch {
	case p >= 100:
		done = fmt.Sprintf("%s已全面完成，累计%s，正在整理台账资料，准备验收销号。", t.title, t.measure.cumulative(r, 100))
	case p == 0:
		done = fmt.Sprintf("%s正在开展前期准备，本周%s，尚未形成实物工作量。", t.title, act)
	default:
		done = fmt.Sprintf(doneTemplates[r.IntN(len(doneTemplates))], t.title, act, t.measure.cumulative(r, p), p)
	}
	if gap >= 3 || (p < 100 && r.IntN(100) < 35) {
		problems = fmt.Sprintf(problemTemplates[r.IntN(len(problemTemplates))], causes[r.IntN(len(causes))])
		if gap >= 3 {
			problems += fmt.Sprintf("当前进度%.1f%%，较序时进度滞后%.1f个百分点。", p, gap)
		}
	}
	if p >= 100 {
		return done, problems, "巩固工作成果，建立长效管理机制，做好资料归档。"
	}
	co := t.coName
	if co == "" {
		co = "相关部门"
	}
	nextSteps = fmt.Sprintf(nextTemplates[r.IntN(len(nextTemplates))], t.title, when, goal, co)
	return done, problems, nextSteps
}

// monthText writes a date as offices do: 6月底, 12月底, or 7月18日.
func monthText(y, m, d, last int) string {
	if d == last {
		return strconv.Itoa(m) + "月底"
	}
	return strconv.Itoa(m) + "月" + strconv.Itoa(d) + "日"
}

// fillNumbers replaces {n} in a content template by a number near n.
func fillNumbers(r *rand.Rand, s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		n, _ := strconv.Atoi(s[i+1 : i+j])
		s = s[i+j+1:]
		if strings.HasPrefix(s, "%") {
			b.WriteString(strconv.Itoa(varyPct(r, n)))
		} else {
			b.WriteString(strconv.Itoa(vary(r, n)))
		}
	}
}

// varyPct returns a percentage near n, never above 100.
func varyPct(r *rand.Rand, n int) int {
	if n >= 100 || n <= 1 {
		return n
	}
	d := 1
	if n >= 50 {
		d = 2
	}
	return min(100, n-d+r.IntN(2*d+1))
}

// vary returns a count near n: small counts move by one, large ones by up
// to a fifth, rounded as offices round targets.
func vary(r *rand.Rand, n int) int {
	switch {
	case n <= 2:
		return n
	case n <= 10:
		return n - 1 + r.IntN(3)
	default:
		span := n / 5
		v := n - span + r.IntN(2*span+1)
		if n >= 1000 {
			v = v / 100 * 100
		} else if n >= 100 {
			v = v / 10 * 10
		}
		return v
	}
}
