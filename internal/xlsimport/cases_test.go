package xlsimport

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/textsearch"
)

func fold(t *testing.T) func(string) string {
	t.Helper()
	n, err := textsearch.New()
	if err != nil {
		t.Fatal(err)
	}
	return n.Normalize
}

// A ledger as offices keep it: a title with the year, a two-row header
// whose 承办单位 spans 牵头单位 and 配合单位, merged cells, full-width
// digits, dates such as "6月底前", limits in working days, traditional
// characters, a section row and a note under the table.
func TestParseCasesLedger(t *testing.T) {
	sheet := sheetSpec{name: "督办台账", rows: [][]any{
		{"2023年区政府督办事项台账"},
		{"序号", "督辦事項", "来源", "交办领导", "承办单位", nil, "办理时限", "紧急程度", "具体要求", "备注"},
		{nil, nil, nil, nil, "牵头单位", "配合单位"},
		{"一、领导批示件"},
		{1, "老旧小区加装电梯进度缓慢", "領導批示", "王建新", "区住建局", "区财政局、区城管局", "６月底前", "紧急", "加快推进", "第一批"},
		{2, "背街小巷积水整治", "12345热线", nil, "东湖街道（牵头）", nil, "１０个工作日", nil, "汛前完成\n雨后复查", nil},
		{nil, nil, nil, nil, nil, "区城管局", nil, nil, "同步排查窨井", "第二批"},
		{3, "城市更新项目前期", "会议议定", "李经发", "区财政局、区住建局（牵头）", nil, 45199, "特急", nil, nil},
		{4, "预算公开", "人大代表建议", nil, "区财政局", nil, "2023年10月8日", "一般", nil, nil},
		{"填表说明：本表每月更新"},
	}, merges: []string{"A1:J1", "E2:F2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "G2:G3", "H2:H3", "I2:I3", "J2:J3"}}
	cs, err := ParseCases(reader(makeBook(t, sheet)), CaseOptions{Fold: fold(t), DefaultYear: 2024})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	if cs.Year != 2023 || cs.Title != "2023年区政府督办事项台账" || len(cs.Rows) != 4 {
		t.Fatalf("year %d title %q rows %d", cs.Year, cs.Title, len(cs.Rows))
	}
	r1, r2, r3, r4 := cs.Rows[0], cs.Rows[1], cs.Rows[2], cs.Rows[3]
	if r1.Row != 5 || r1.Title != "老旧小区加装电梯进度缓慢" || r1.Source != domain.CaseSourceInstruction || r1.Urgency != domain.UrgencyUrgent ||
		r1.LeadUnit != "区住建局" || strings.Join(r1.CoUnits, "、") != "区财政局、区城管局" || strings.Join(r1.Leaders, "") != "王建新" ||
		r1.Due != d("2023-06-30") || !r1.DuePeriod || r1.Section != "一、领导批示件" || r1.Cells["due"] != "G5" || r1.Cells["co_units"] != "F5" {
		t.Errorf("row 1: %+v", r1)
	}
	if r2.Source != domain.CaseSourcePublic || r2.LimitDays != 10 || r2.Due != 0 || r2.LeadUnit != "东湖街道" ||
		strings.Join(r2.CoUnits, "") != "区城管局" || r2.Content != "汛前完成\n雨后复查\n同步排查窨井" || r2.Remarks != "第二批" ||
		len(r2.Rows) != 2 || r2.Urgency != "" || r2.UnitCells["区城管局"] != "F7" || r2.UnitCells["东湖街道"] != "E6" {
		t.Errorf("row 2 and its continuation: %+v", r2)
	}
	if r3.LeadUnit != "区住建局" || strings.Join(r3.CoUnits, "") != "区财政局" || r3.Due != d("2023-09-30") || r3.DuePeriod ||
		r3.Source != domain.CaseSourceMeeting || r3.Urgency != domain.UrgencyCritical {
		t.Errorf("row 3: %+v", r3)
	}
	if r4.Source != domain.CaseSourceNPC || r4.Due != d("2023-10-08") || r4.DuePeriod {
		t.Errorf("row 4: %+v", r4)
	}
}

// Every bad cell is named with its row, column and reason, and nothing
// is returned.
func TestParseCasesProblems(t *testing.T) {
	sheet := sheetSpec{name: "台账", rows: [][]any{
		{"序号", "事项名称", "来源", "承办单位", "办理时限", "紧急程度"},
		{1, nil, "领导批示", "区住建局", "8月底前"},
		{2, "路灯维修", "小道消息", "区城管局", "10个工作日", "火急"},
		{3, "预算公开", "人大建议", nil, "某天"},
		{4, "信访积案", "信访", "区信访局", nil},
		{5, "河道保洁", "督查发现", "区水务局", "长期坚持"},
		{6, "安全生产", "上级交办", "区应急局", "400个工作日"},
	}}
	_, err := ParseCases(reader(makeBook(t, sheet)), CaseOptions{Year: 2023})
	de := invalid(t, err)
	for _, want := range [][]string{
		{"第2行 B列（事项名称）", "有序号「1」但没有督办事项"},
		{"第3行 C列（来源）", "无法识别的来源「小道消息」", "领导批示、会议议定"},
		{"第3行 F列（紧急程度）", "无法识别的紧急程度「火急」"},
		{"第4行 D列（承办单位）", "缺少承办单位"},
		{"第4行 E列（办理时限）", "无法识别的日期「某天」"},
		{"第5行 E列（办理时限）", "缺少办理时限"},
		{"第6行 E列（办理时限）", "办理时限不能是「长期坚持」"},
		{"第7行 E列（办理时限）", "400 个工作日超出范围"},
	} {
		if !hasLine(de.Details, want...) {
			t.Errorf("no line with %q in %q", want, de.Details)
		}
	}
	if len(de.Details) != 8 || !strings.HasPrefix(de.Message, "导入失败：发现 8 处错误") {
		t.Errorf("message %q, %d details", de.Message, len(de.Details))
	}

	// A sheet without a source column says so once.
	noSource := sheetSpec{name: "台账", rows: [][]any{{"序号", "督办事项", "承办单位", "办理时限"}, {1, "甲", "区住建局", "10个工作日"}}}
	_, err = ParseCases(reader(makeBook(t, noSource)), CaseOptions{Year: 2023})
	de = invalid(t, err)
	if len(de.Details) != 1 || !hasLine(de.Details, "工作表「台账」", "缺少“来源”列", "督办来源") {
		t.Errorf("missing column: %q", de.Details)
	}
	// A date without a year and no year anywhere.
	_, err = ParseCases(reader(makeBook(t, sheetSpec{name: "台账", rows: [][]any{{"督办事项", "来源", "承办单位", "办理时限"}, {"甲", "批示", "区住建局", "6月底前"}}})), CaseOptions{})
	if de = invalid(t, err); !hasLine(de.Details, "第2行 D列（办理时限）", "没有写年份") {
		t.Errorf("no year: %q", de.Details)
	}
	// In English.
	_, err = ParseCases(reader(makeBook(t, sheet)), CaseOptions{Year: 2023, Printer: printer("en")})
	if de = invalid(t, err); !strings.HasPrefix(de.Message, "Import failed") || !hasLine(de.Details, "row 3 column C", "小道消息") {
		t.Errorf("en: %q %q", de.Message, de.Details)
	}
}

func TestPeriodEnd(t *testing.T) {
	for s, want := range map[string]bool{"6月底前": true, "三季度末": true, "年内": true, "上半年": true, "6月": true, "2023年6月前": true,
		"6月下旬": true, "2023-06-30": false, "6月30日": false, "45107": false, "6月30日前": false, "2023/6/30": false} {
		if got := periodEnd(s); got != want {
			t.Errorf("periodEnd(%q) = %v", s, got)
		}
	}
}

// The blank template reads back: filled in, its rows import.
func TestCaseTemplateReadsBack(t *testing.T) {
	data, err := CaseTemplate(2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ParseCases(reader(data), CaseOptions{})
	if err != nil || len(cs.Rows) != 0 || cs.Year != 2023 {
		t.Fatalf("blank template: %v %+v", err, cs)
	}
	f, err := excelize.OpenReader(reader(data))
	if err != nil {
		t.Fatal(err)
	}
	sh := f.GetSheetName(0)
	f.SetSheetRow(sh, "A3", &[]any{1, "湖滨社区路灯不亮", "群众反映", nil, "东湖街道", nil, "5个工作日", "紧急"})
	buf, _ := f.WriteToBuffer()
	cs, err = ParseCases(reader(buf.Bytes()), CaseOptions{})
	if err != nil || len(cs.Rows) != 1 || cs.Rows[0].LimitDays != 5 || cs.Rows[0].Source != domain.CaseSourcePublic {
		t.Fatalf("filled template: %v %+v", err, cs)
	}
	for _, l := range []string{"zh-Hant", "en"} {
		if _, err := CaseTemplate(2023, printer(i18n.Lang(l))); err != nil {
			t.Errorf("%s template: %v", l, err)
		}
	}
}
