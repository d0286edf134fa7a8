package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
)

// Sentence banks for the year's supervision cases: titles and contents by
// source, and the texts of each step of the workflow.

// cityTopics are matters any unit may be asked about; a department's own
// work items come first.
var cityTopics = []string{
	"安全生产隐患排查整治", "文明城区创建迎检", "营商环境优化提升", "信访积案化解", "防汛备汛准备", "冬季供暖保障",
	"电动自行车充电安全整治", "燃气安全专项检查", "稳岗就业政策落实", "惠企政策兑现", "校园周边环境整治",
	"“一老一小”服务设施建设", "城市更新项目推进", "重点项目前期手续办理", "群众反映突出问题集中治理",
	"违法用地清理整治", "社区治理“微网格”建设", "食品安全“两个责任”落实", "消防通道畅通工程", "历史遗留问题化解",
}

// streetTopics are matters of streets, towns and their communities.
var streetTopics = []string{
	"老旧小区加装电梯", "背街小巷环境整治", "违法建设拆除", "生活垃圾分类", "物业管理矛盾化解", "小区停车难治理",
	"农村人居环境整治", "征收拆迁遗留问题", "河道“清四乱”", "燃气管道入户安全检查", "矛盾纠纷排查化解",
	"一刻钟便民生活圈建设", "居家养老服务站运营", "网格员队伍建设", "群租房安全隐患整治", "占道经营治理",
}

// complaints are what people report through the 12345 hotline and letters.
var complaints = []string{
	"%s夜间施工噪音扰民", "%s路灯损坏多日未修", "%s餐饮油烟扰民", "%s占道经营影响通行", "%s电梯频繁故障",
	"%s雨后道路积水严重", "%s垃圾清运不及时", "%s消防通道被车辆占用", "%s物业服务不到位", "%s冬季供暖温度不达标",
	"%s排水管道堵塞返味", "%s公交站台破损", "%s楼道杂物堆放存在火灾隐患", "%s广场舞音响扰民", "%s私搭乱建",
	"%s井盖缺失存在安全隐患", "%s学校周边上下学交通拥堵", "%s小区围墙破损", "%s农贸市场环境脏乱", "%s外卖电动车乱停乱放",
}

var places = []string{"锦绣花园小区", "幸福里小区", "和平路", "光明街", "桂花苑小区", "丽景湾小区", "翠苑新村", "春晖路",
	"阳光城小区", "长青路", "文华街", "育才路", "紫荆苑", "金桥花园", "银杏路", "枫林小区", "江畔名邸", "滨河路"}

var findings = []string{
	"部分%s台账资料不完整、更新不及时", "%s工作责任落实不到位", "%s存在较大安全隐患", "%s整改进度明显滞后",
	"%s工作推进缓慢、群众反映较多", "%s制度执行不严格", "%s现场管理混乱", "%s问题反弹回潮",
}

var superiors = []string{"市委督查室交办", "市政府督查室交办", "市委办公室转办", "市信访局交办", "市生态环境保护督察反馈"}

var meetings = []string{"区委常委会第%d次会议议定", "区政府第%d次常务会议议定", "区委全面深化改革委员会第%d次会议议定",
	"区长办公会第%d次会议议定", "区委财经委员会第%d次会议议定"}

var instructionAsks = []string{
	"请%s抓紧研究，拿出切实可行的措施，确保取得实效，办理情况及时报告。",
	"请%s高度重视，主要负责同志亲自过问，限期解决到位。",
	"此事群众关注度高，请%s认真核实，妥善处理，并举一反三。",
	"请%s会同相关单位抓紧推进，每周报告进展。",
}

var progressTexts = []string{
	"已召开专题会议研究部署，制定工作方案，明确责任分工和时间节点。",
	"已完成现场核查，梳理问题清单%d项，正在逐项推进整改。",
	"已对接协调相关单位%d家，主体工作正在推进。",
	"已完成阶段性工作，累计解决问题%d个，剩余事项正在加快办理。",
	"正在按方案推进，已落实资金和人员，预计按期完成。",
	"已形成初步处理意见，正在征求相关部门意见。",
}

var partTexts = []string{
	"已按职责做好配合工作，相关保障已落实。",
	"我单位已完成职责范围内的事项，相关资料已提供牵头单位。",
	"已派员参与联合检查，提出处理意见%d条。",
	"已配合开展现场核查，对涉及我单位的问题已整改到位。",
}

var feedbackTexts = []string{
	"已按要求办理完毕，相关佐证材料已归档。",
	"经核实，反映问题属实，已整改到位，并向反映人答复，反映人表示满意。",
	"已全面完成交办事项，建立长效机制，防止问题反弹。",
	"已办结，共解决问题%d个，形成办理报告报区委督查室。",
	"已完成交办任务，后续将纳入日常监管持续跟踪。",
}

var caseReturnReasons = []string{
	"反馈内容过于笼统，缺少佐证材料，请补充后重新反馈。",
	"问题未彻底解决，群众仍有反映，请继续办理。",
	"办理结果与交办要求不符，请对照要求重新办理。",
	"整改措施缺少长效机制，请完善后重新反馈。",
}

var extensionReasons = []string{
	"涉及多个部门审批，手续办理周期较长，申请延期%d个工作日。",
	"需等待上级资金下达后方可实施，申请延期%d个工作日。",
	"受连续降雨天气影响，施工无法正常进行，申请延期%d个工作日。",
	"涉及群众较多，需进一步做好沟通解释工作，申请延期%d个工作日。",
}

var rateComments = map[domain.CaseRating][]string{
	domain.RatingSatisfied:    {"", "", "办理及时，效果明显。", "办理认真，群众满意。"},
	domain.RatingFair:         {"基本达到要求，后续请持续跟踪。", "问题基本解决，请建立长效机制。"},
	domain.RatingDissatisfied: {"问题未根本解决，群众仍有反映，请重新办理。", "办理结果不到位，请重新办理。"},
}

var escalationTexts = map[domain.Escalation]string{
	domain.EscalationRemind: "距办理时限还有3个工作日，请抓紧办理。",
	domain.EscalationUrge:   "已到办理时限，请抓紧办理并反馈。",
	domain.EscalationNotice: "已逾期3个工作日，现发督办通知，请立即办理并说明逾期原因。",
}

// caseTexts writes a case's title and content for its source and unit.
func caseTexts(r *rand.Rand, src domain.CaseSource, u *unit, leader string, taskTitle string, seq int) (title, content string) {
	topic := pick(r, cityTopics)
	switch {
	case len(u.work) > 0 && r.IntN(3) > 0:
		topic = pick(r, u.work)
	case u.kind != domain.UnitDepartment && r.IntN(3) > 0:
		topic = pick(r, streetTopics)
	}
	ask := fmt.Sprintf(pick(r, instructionAsks), u.name)
	switch src {
	case domain.CaseSourceInstruction:
		title = "关于" + topic + "工作的批示"
		content = leader + "同志批示：" + ask
	case domain.CaseSourceMeeting:
		title = fmt.Sprintf(pick(r, meetings), 1+r.IntN(40)) + "：" + topic
		content = "会议议定由" + u.name + "牵头推进" + topic + "，明确时间表、路线图，按期报告办理情况。"
	case domain.CaseSourceSuperior:
		title = pick(r, superiors) + "：" + topic
		content = "按照上级要求，请" + u.name + "抓紧落实" + topic + "相关工作，形成办理情况报告。"
	case domain.CaseSourceNPC:
		title = fmt.Sprintf("关于%s的建议（第%d号）", topic, 1+seq%200)
		content = "区人大代表建议进一步加强" + topic + "，请认真研究办理，并与代表当面沟通办理情况。"
	case domain.CaseSourceCPPCC:
		title = fmt.Sprintf("关于%s的提案（第%d号）", topic, 1+seq%180)
		content = "区政协委员提出关于" + topic + "的提案，请认真研究办理，按时答复委员。"
	case domain.CaseSourcePublic:
		title = "群众反映" + fmt.Sprintf(pick(r, complaints), pick(r, places))
		content = "12345热线及信访渠道反映" + strings.TrimPrefix(title, "群众反映") + "，请核实处理并答复群众。"
	case domain.CaseSourceInspection:
		title = "督查发现：" + fmt.Sprintf(pick(r, findings), topic)
		content = "实地督查发现" + strings.TrimPrefix(title, "督查发现：") + "，请限期整改并报送整改情况。"
	default:
		title = "关于“" + taskTitle + "”进度滞后的督办"
		content = "该任务完成进度落后于序时进度，请分析原因、制定措施，按期完成。"
	}
	return title, content
}

// fill puts a small number into a text that asks for one.
func fill(r *rand.Rand, s string) string {
	if strings.Contains(s, "%d") {
		return fmt.Sprintf(s, 2+r.IntN(12))
	}
	return s
}
