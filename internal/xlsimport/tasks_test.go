package xlsimport

import (
	"reflect"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

// realSheet is a task sheet as an office fills it in: a merged title with
// a full-width year, a notes row, a two-row header with merged cells and a
// merged 月度节点 over month columns written three ways, section rows,
// full-width characters, names in one cell, a date cell, and notes below.
func realSheet() sheetSpec {
	hdr := []any{"序 号", "任务名称", "具体内容", "类别", "所属口", "战线", "牵头单位", "配合单位", "责任领导", "责任人",
		"开始时间", "完成时限\n（年月日）", "*权重", "报送频次", "月度节点"}
	months := make([]any, 14, 26)
	months = append(months, "1月", "二月", "3月份", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月")
	row := func(cells map[int]any) []any {
		out := make([]any, 26)
		for c, v := range cells {
			out[c] = v
		}
		return out
	}
	merges := []string{"A1:Z1", "A2:Z2", "O3:Z3", "A5:Z5", "A12:Z12"}
	for c := 0; c < 14; c++ {
		merges = append(merges, ref(2, c)+":"+ref(3, c))
	}
	return sheetSpec{
		name: "任务分解",
		rows: [][]any{
			{"２０２３年全区重点工作任务分解表"},
			{"填报单位：区委督查室　　　截至2023年7月15日"},
			hdr,
			months,
			{"一、经济发展口（共２项）"},
			row(map[int]any{0: 1, 1: "招商引资  \n项目落地", 2: "引进亿元以上项目１０个\n 新增税收５亿元 ", 3: "重点",
				4: "经济发展口", 5: "招商税源/重大项目", 6: "区商务局、区发改局\n区商务局", 7: "区财政局，区自然资源局；区税务局",
				8: "张明", 9: "李华\n王芳", 10: 44927, 11: "6月底前", 12: "１０", 13: "月报",
				16: "签约3个，累计30%", 19: "完成"}),
			row(map[int]any{0: "1.1", 1: "园区基础设施配套", 11: 45199, 16: "完成设计", 19: "开工建设", 22: "竣工"}),
			{"二、城市建设口"},
			row(map[int]any{0: 2.0, 1: "老旧小区改造", 3: "常规工作", 6: "区住建局", 11: "年底前", 13: "每季",
				19: "主体完工，累计６０％", 25: "全部完工"}),
			row(map[int]any{0: "３", 1: "河长制落实", 3: "亮点", 6: "区水务局", 11: "长期坚持", 13: "周推进"}),
			nil,
			{"备注：1.本表由区委督查室汇总；2.完成时限按月填写。"},
			{"填表人：张三", nil, nil, nil, nil, "联系电话：12345678"},
		},
		merges: merges,
	}
}

func TestParseTasksRealSheet(t *testing.T) {
	ts, err := ParseTasks(reader(makeBook(t, realSheet())), TaskOptions{})
	if err != nil {
		t.Fatalf("ParseTasks: %v\n%s", err, strings.Join(domain.ErrorDetails(err), "\n"))
	}
	if ts.Year != 2023 || ts.YearFrom != YearFromTitle || ts.Title != "2023年全区重点工作任务分解表" {
		t.Errorf("year %d from %q, title %q", ts.Year, ts.YearFrom, ts.Title)
	}
	if len(ts.Rows) != 4 {
		t.Fatalf("%d rows, want 4: %+v", len(ts.Rows), ts.Rows)
	}
	sec1, sec2 := "一、经济发展口（共2项）", "二、城市建设口"
	want := []TaskRow{{
		Sheet: "任务分解", Row: 6, Number: "1", Title: "招商引资项目落地",
		Content: "引进亿元以上项目10个\n新增税收5亿元", Category: domain.CategoryKey, Sector: "经济发展口",
		Fronts: []string{"招商税源", "重大项目"}, LeadUnits: []string{"区商务局", "区发改局"},
		CoUnits: []string{"区财政局", "区自然资源局", "区税务局"}, Leaders: []string{"张明"}, Responsible: "李华、王芳",
		Start: d("2023-01-01"), Due: d("2023-06-30"), Weight: 10, Cadence: domain.CadenceMonthly, Section: sec1,
		Milestones: []Milestone{
			{Due: d("2023-03-31"), Description: "签约3个，累计30%", PlannedPct: 30, Cell: "Q6", Stated: true},
			{Due: d("2023-06-30"), Description: "完成", PlannedPct: 100, Cell: "T6", Stated: true},
		},
	}, {
		Sheet: "任务分解", Row: 7, Number: "1.1", Title: "园区基础设施配套", Due: d("2023-09-30"), Section: sec1,
		Milestones: []Milestone{
			{Due: d("2023-03-31"), Description: "完成设计", PlannedPct: 33.33, Cell: "Q7"},
			{Due: d("2023-06-30"), Description: "开工建设", PlannedPct: 66.67, Cell: "T7"},
			{Due: d("2023-09-30"), Description: "竣工", PlannedPct: 100, Cell: "W7"},
		},
	}, {
		Sheet: "任务分解", Row: 9, Number: "2", Title: "老旧小区改造", Category: domain.CategoryRoutine,
		LeadUnits: []string{"区住建局"}, Due: d("2023-12-31"), Cadence: domain.CadenceQuarterly, Section: sec2,
		Milestones: []Milestone{
			{Due: d("2023-06-30"), Description: "主体完工，累计60%", PlannedPct: 60, Cell: "T9", Stated: true},
			{Due: d("2023-12-31"), Description: "全部完工", PlannedPct: 100, Cell: "Z9"},
		},
	}, {
		Sheet: "任务分解", Row: 10, Number: "3", Title: "河长制落实", Category: domain.CategoryHighlight,
		LeadUnits: []string{"区水务局"}, Ongoing: true, Cadence: domain.CadenceWeekly, Section: sec2,
	}}
	for i := range want {
		want[i].HasNodeColumns = true // the sheet has month columns
		got := ts.Rows[i]
		if got.Cells["due"] != ref(got.Row-1, 11) || got.Cells["number"] != ref(got.Row-1, 0) || got.Cells["lead_units"] != ref(got.Row-1, 6) {
			t.Errorf("row %d cells %v", got.Row, got.Cells)
		}
		got.Cells = nil
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
}

// simpleSheet is a one-row-header sheet for checking cell errors; its
// columns are A 序号, B 任务名称, C 类别, D 牵头单位, E 开始时间, F 完成时限,
// G 权重, H 报送频次, I 1月, J 2月, K 3月.
func simpleSheet(rows ...[]any) sheetSpec {
	all := [][]any{
		{"2023年任务分解表"},
		{"序号", "任务名称", "类别", "牵头单位", "开始时间", "完成时限", "权重", "报送频次", "1月", "2月", "3月"},
	}
	return sheetSpec{name: "任务分解", rows: append(all, rows...)}
}

func TestParseTasksCellErrors(t *testing.T) {
	cases := []struct {
		name  string
		row   []any
		parts []string // all in one detail line
	}{
		{"bad date", []any{1, "甲", nil, nil, nil, "6月底签"},
			[]string{"工作表「任务分解」第3行 F列（完成时限）：无法识别的日期「6月底签」"}},
		{"no such date", []any{1, "甲", nil, nil, nil, "2月30日"}, []string{"第3行 F列（完成时限）", "日期不存在「2月30日」"}},
		{"bad category", []any{1, "甲", "一般"}, []string{"第3行 C列（类别）", "无法识别的类别「一般」", "常规工作、重点工作、创新工作、亮点工作"}},
		{"bad cadence", []any{1, "甲", nil, nil, nil, nil, nil, "随时"}, []string{"H列（报送频次）", "「随时」", "每周、每月、每季度"}},
		{"zero weight", []any{1, "甲", nil, nil, nil, nil, 0}, []string{"G列（权重）", "权重「0」应为大于 0 的数字"}},
		{"text weight", []any{1, "甲", nil, nil, nil, nil, "高"}, []string{"G列（权重）", "「高」"}},
		{"no number", []any{nil, "甲"}, []string{"第3行 A列（序号）", "有任务名称「甲」但没有序号"}},
		{"no title", []any{"5", nil, "重点"}, []string{"第3行 B列（任务名称）", "有序号「5」但没有任务名称"}},
		{"ongoing start", []any{1, "甲", nil, nil, "长期", "6月底"}, []string{"E列（开始时间）", "开始时间不能是「长期」"}},
		{"start after due", []any{1, "甲", nil, nil, "7月1日", "6月底"}, []string{"F列（完成时限）", "开始时间 2023-07-01 晚于完成时限 2023-06-30"}},
		{"node decrease", []any{1, "甲", nil, nil, nil, nil, nil, nil, "累计50%", "完成40%"},
			[]string{"第3行 J列（2月）", "计划累计进度 40% 低于前一节点 I3 的 50%"}},
		{"node over 100", []any{1, "甲", nil, nil, nil, nil, nil, nil, "累计120%"}, []string{"I列（1月）", "超出"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTasks(reader(makeBook(t, simpleSheet(c.row))), TaskOptions{})
			de := invalid(t, err)
			if de.Message != "导入失败：发现 1 处错误，未导入任何数据。" {
				t.Errorf("message %q", de.Message)
			}
			if !hasLine(de.Details, c.parts...) {
				t.Errorf("details %q lack %q", de.Details, c.parts)
			}
		})
	}
}

// Every problem of the workbook is reported at once, in the printer's language.
func TestParseTasksAllProblems(t *testing.T) {
	sheet := simpleSheet(
		[]any{1, "甲", "一般", nil, nil, "6月底签"},
		[]any{2, "乙", nil, nil, nil, "2月30日", -1},
		[]any{1, "丙"},
		[]any{"", "丁"},
	)
	_, err := ParseTasks(reader(makeBook(t, sheet)), TaskOptions{})
	de := invalid(t, err)
	if de.Message != "导入失败：发现 6 处错误，未导入任何数据。" || len(de.Details) != 6 {
		t.Errorf("message %q, details %q", de.Message, de.Details)
	}
	if !hasLine(de.Details, "第5行 A列（序号）", "序号「1」重复，与工作表「任务分解」第3行相同") {
		t.Errorf("duplicate not named with both rows: %q", de.Details)
	}

	_, err = ParseTasks(reader(makeBook(t, sheet)), TaskOptions{Printer: printer("en")})
	de = invalid(t, err)
	if de.Message != "Import failed: 6 problems found; nothing was imported." {
		t.Errorf("en message %q", de.Message)
	}
	if !hasLine(de.Details, "Sheet “任务分解” row 3 column F (完成时限): unrecognised date “6月底签”") {
		t.Errorf("en details %q", de.Details)
	}
	_, err = ParseTasks(reader(makeBook(t, sheet)), TaskOptions{Printer: printer("zh-Hant")})
	if de = invalid(t, err); !strings.HasPrefix(de.Message, "匯入失敗") {
		t.Errorf("zh-Hant message %q", de.Message)
	}
}

func TestParseTasksCapsProblems(t *testing.T) {
	var rows [][]any
	for i := 0; i < 250; i++ {
		rows = append(rows, []any{i + 1, "甲", nil, nil, nil, "某天"})
	}
	_, err := ParseTasks(reader(makeBook(t, simpleSheet(rows...))), TaskOptions{})
	de := invalid(t, err)
	if len(de.Details) != maxProblems || de.Message != "导入失败：发现 250 处错误（以下仅列出前 200 处），未导入任何数据。" {
		t.Errorf("%d details, message %q", len(de.Details), de.Message)
	}
}

func TestParseTasksYear(t *testing.T) {
	noYear := simpleSheet([]any{1, "甲", nil, nil, nil, "6月底"})
	noYear.rows[0] = []any{"全区重点工作任务分解表"}

	ts, err := ParseTasks(reader(makeBook(t, noYear)), TaskOptions{Year: 2024})
	if err != nil || ts.Year != 2024 || ts.YearFrom != YearFromOption || ts.Rows[0].Due != d("2024-06-30") {
		t.Fatalf("with --year: %+v, %v", ts, err)
	}
	// --year wins over the title.
	ts, err = ParseTasks(reader(makeBook(t, simpleSheet([]any{1, "甲", nil, nil, nil, "6月底"}))), TaskOptions{Year: 2024})
	if err != nil || ts.Year != 2024 || ts.Rows[0].Due != d("2024-06-30") {
		t.Fatalf("--year and title: %+v, %v", ts, err)
	}
	_, err = ParseTasks(reader(makeBook(t, noYear)), TaskOptions{})
	de := invalid(t, err)
	if !strings.Contains(de.Message, "--year") || !strings.Contains(de.Message, "标题行写明年份") || de.Field != "year" {
		t.Errorf("no year: %q", de.Message)
	}
	_, err = ParseTasks(reader(makeBook(t, noYear)), TaskOptions{Year: 23})
	if de = invalid(t, err); !strings.Contains(de.Message, "23") {
		t.Errorf("bad year: %q", de.Message)
	}
}

func TestParseTasksMissingColumns(t *testing.T) {
	cases := []struct {
		name   string
		header []any
		parts  []string
	}{
		{"no number", []any{"任务名称", "牵头单位", "完成时限"},
			[]string{"工作表「任务分解」：缺少“序号”列", "序号、编号"}},
		{"no title", []any{"序号", "牵头单位", "完成时限"},
			[]string{"工作表「任务分解」：缺少“任务名称”列", "任务名称、工作任务、重点任务、任务事项、工作事项"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sheetSpec{name: "任务分解", rows: [][]any{{"2023年任务"}, c.header, {1, "甲", "乙"}}}
			_, err := ParseTasks(reader(makeBook(t, s)), TaskOptions{})
			if de := invalid(t, err); !hasLine(de.Details, c.parts...) {
				t.Errorf("details %q lack %q", de.Details, c.parts)
			}
		})
	}
	// No header at all: say which column is looked for.
	s := sheetSpec{name: "Sheet1", rows: [][]any{{"随便写点什么"}, {"甲", "乙"}}}
	_, err := ParseTasks(reader(makeBook(t, s)), TaskOptions{})
	if de := invalid(t, err); !strings.Contains(de.Message, "任务名称") || !strings.Contains(de.Message, "工作事项") {
		t.Errorf("no header: %q", de.Message)
	}
}

func TestParseTasksSheets(t *testing.T) {
	a := simpleSheet([]any{1, "甲"})
	b := simpleSheet([]any{2, "乙"}, []any{3, "丙"})
	b.name = "第二批"
	help := sheetSpec{name: "填写说明", rows: [][]any{{"序号：任务编号"}, {"任务名称"}, {"牵头单位"}}}
	data := makeBook(t, a, help, b)

	ts, err := ParseTasks(reader(data), TaskOptions{})
	if err != nil || len(ts.Rows) != 3 || !reflect.DeepEqual(ts.Sheets, []string{"任务分解", "第二批"}) {
		t.Fatalf("all sheets: %+v, %v", ts, err)
	}
	if ts.Rows[2].Sheet != "第二批" || ts.Rows[2].Row != 4 {
		t.Errorf("row from second sheet: %+v", ts.Rows[2])
	}
	ts, err = ParseTasks(reader(data), TaskOptions{Sheet: "第二批"})
	if err != nil || len(ts.Rows) != 2 || ts.Rows[0].Number != "2" {
		t.Fatalf("one sheet: %+v, %v", ts, err)
	}
	_, err = ParseTasks(reader(data), TaskOptions{Sheet: "第三批"})
	if de := invalid(t, err); !strings.Contains(de.Message, "第三批") || !strings.Contains(de.Message, "任务分解、填写说明、第二批") {
		t.Errorf("unknown sheet: %q", de.Message)
	}
	// A number repeated across sheets names both.
	b.rows[2][0] = 1
	_, err = ParseTasks(reader(makeBook(t, a, b)), TaskOptions{})
	if de := invalid(t, err); !hasLine(de.Details, "工作表「第二批」第3行 A列（序号）", "与工作表「任务分解」第3行相同") {
		t.Errorf("duplicate across sheets: %q", de.Details)
	}
}

// Sub-rows of a task whose number and title cells are merged down add to it.
func TestParseTasksMergedRows(t *testing.T) {
	s := sheetSpec{
		name: "任务",
		rows: [][]any{
			{"2023年任务"},
			{"序号", "任务名称", "具体内容", "牵头单位", "完成时限", "3月", "6月", "9月"},
			{1, "城市更新", "改造小区", "区住建局", "6月底", "完成设计", "开工"},
			{nil, nil, "改造道路", "区交通局、区住建局", "9月底", nil, "开工", "完工"},
			{2, "垃圾分类", nil, "区城管局", "年底前"},
			{nil, nil, "覆盖全部社区"},
		},
		merges: []string{"A3:A4", "B3:B4"},
	}
	ts, err := ParseTasks(reader(makeBook(t, s)), TaskOptions{})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	if len(ts.Rows) != 2 {
		t.Fatalf("%d rows: %+v", len(ts.Rows), ts.Rows)
	}
	one := ts.Rows[0]
	if one.Content != "改造小区\n改造道路" || !reflect.DeepEqual(one.LeadUnits, []string{"区住建局", "区交通局"}) ||
		one.Due != d("2023-09-30") || !reflect.DeepEqual(one.Rows, []int{3, 4}) || len(one.Milestones) != 3 {
		t.Errorf("merged task: %+v", one)
	}
	if m := one.Milestones[1]; m.Description != "开工" || m.PlannedPct != 66.67 {
		t.Errorf("shared node: %+v", m)
	}
	// Blank number and title continue the task above too.
	if two := ts.Rows[1]; two.Content != "覆盖全部社区" || !reflect.DeepEqual(two.Rows, []int{5, 6}) {
		t.Errorf("continued task: %+v", two)
	}
}

// A header whose second row names the columns under merged groups, with
// bare month numbers under 时间节点, and a node merged over three months.
func TestParseTasksGroupedHeader(t *testing.T) {
	s := sheetSpec{
		name: "Sheet1",
		rows: [][]any{
			{"2023年重点任务清单"},
			{"基本情况", nil, nil, "时间节点"},
			{"编号", "工作任务", "截止时间", "1", "2", "3", "4"},
			{"A-1", "数字政府", "4月", "1-3月完成平台建设，累计75%", nil, nil, "上线"},
		},
		merges: []string{"A1:G1", "A2:C2", "D2:G2", "D4:F4"},
	}
	ts, err := ParseTasks(reader(makeBook(t, s)), TaskOptions{})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	want := []Milestone{
		{Due: d("2023-03-31"), Description: "1-3月完成平台建设，累计75%", PlannedPct: 75, Cell: "D4", Stated: true},
		{Due: d("2023-04-30"), Description: "上线", PlannedPct: 100, Cell: "G4"},
	}
	if len(ts.Rows) != 1 || ts.Rows[0].Number != "A-1" || ts.Rows[0].Due != d("2023-04-30") || !reflect.DeepEqual(ts.Rows[0].Milestones, want) {
		t.Errorf("rows %+v", ts.Rows)
	}
}

// Nodes without a stated percent are spread evenly, but never below the
// node before nor above the stated one after.
func TestMilestonePercents(t *testing.T) {
	cases := []struct {
		nodes []any // 1月, 2月, 3月
		want  []float64
	}{
		{[]any{"甲", "乙", "丙"}, []float64{33.33, 66.67, 100}},
		{[]any{"甲", nil, "丙"}, []float64{50, 100}},
		{[]any{"累计80%", "乙", "丙"}, []float64{80, 80, 100}},
		{[]any{"甲", "乙", "累计40%"}, []float64{33.33, 40, 40}},
		{[]any{"甲", "完成20%", "丙"}, []float64{20, 20, 100}},
		{[]any{"0.3", "60%", "已完成"}, []float64{30, 60, 100}},
	}
	for _, c := range cases {
		row := append([]any{1, "甲", nil, nil, nil, nil, nil, nil}, c.nodes...)
		ts, err := ParseTasks(reader(makeBook(t, simpleSheet(row))), TaskOptions{})
		if err != nil {
			t.Fatalf("%v: %v %q", c.nodes, err, domain.ErrorDetails(err))
		}
		var got []float64
		for _, m := range ts.Rows[0].Milestones {
			got = append(got, m.PlannedPct)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %v, want %v", c.nodes, got, c.want)
		}
	}
}

func TestParseTasksNotAWorkbook(t *testing.T) {
	_, err := ParseTasks(strings.NewReader("序号,任务名称\n1,甲\n"), TaskOptions{})
	if de := invalid(t, err); !strings.Contains(de.Message, ".xlsx") || de.Err == nil {
		t.Errorf("csv: %+v", de)
	}
	xls := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...)
	_, err = ParseTasks(reader(xls), TaskOptions{})
	if de := invalid(t, err); !strings.Contains(de.Message, "另存为") {
		t.Errorf("xls: %q", de.Message)
	}
}

// The header of realSheet spans rows 3 and 4, and its first row is found
// even though row 4, holding the merged-down names and the months, scores
// higher.
func TestDetectTwoRowHeader(t *testing.T) {
	wb, err := openWorkbook(reader(makeBook(t, realSheet())), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.f.Close()
	g, err := loadGrid(wb, "任务分解", false)
	if err != nil {
		t.Fatal(err)
	}
	h, found, _ := detectHeader(g, newHeaderIndex(kindTask))
	if !found || h.row != 2 || h.last != 3 || h.months[1] != 14 || h.months[12] != 25 || h.cols[fDue] != 11 || h.name(11) != "完成时限（年月日）" {
		t.Errorf("header %+v", h)
	}
	tb := table{g: g, h: h}
	if got := tb.titleLines(); len(got) != 2 {
		t.Errorf("title lines %q", got)
	}
}

// Sub-tasks with their own numbers under a title and units merged over
// them are tasks of their own, sharing the merged values.
func TestParseTasksSharedMergedCells(t *testing.T) {
	s := sheetSpec{
		name: "任务",
		rows: [][]any{
			{"2023年任务"},
			{"序号", "任务名称", "牵头单位", "完成时限"},
			{"1.1", "城市更新", "区住建局", "6月底"},
			{"1.2"},
			{"1.3", nil, nil, "9月底"},
		},
		merges: []string{"B3:B5", "C3:C5"},
	}
	ts, err := ParseTasks(reader(makeBook(t, s)), TaskOptions{})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	if len(ts.Rows) != 3 {
		t.Fatalf("rows %+v", ts.Rows)
	}
	for i, n := range []string{"1.1", "1.2", "1.3"} {
		if r := ts.Rows[i]; r.Number != n || r.Title != "城市更新" || !reflect.DeepEqual(r.LeadUnits, []string{"区住建局"}) {
			t.Errorf("row %d: %+v", i, r)
		}
	}
	if ts.Rows[1].Due != 0 || ts.Rows[2].Due != d("2023-09-30") {
		t.Errorf("dues %s %s", ts.Rows[1].Due, ts.Rows[2].Due)
	}
}

// A sheet without month columns says nothing about nodes, so the importer
// must be able to tell it from one whose month cells are all blank.
func TestParseTasksNodeColumns(t *testing.T) {
	without := sheetSpec{name: "任务分解", rows: [][]any{{"2023年任务"}, {"序号", "任务名称", "牵头单位", "完成时限"}, {1, "甲", "乙", "2023-06-30"}}}
	ts, err := ParseTasks(reader(makeBook(t, without)), TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Rows) != 1 || ts.Rows[0].HasNodeColumns || len(ts.Rows[0].Milestones) != 0 {
		t.Errorf("without month columns: %+v", ts.Rows)
	}
	ts, err = ParseTasks(reader(makeBook(t, simpleSheet([]any{1, "甲", "", "乙", "", "2023-06-30"}))), TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Rows) != 1 || !ts.Rows[0].HasNodeColumns {
		t.Errorf("with blank month columns: %+v", ts.Rows)
	}
}
