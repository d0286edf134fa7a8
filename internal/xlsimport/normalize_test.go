package xlsimport

import (
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSplitNames(t *testing.T) {
	cases := map[string][]string{
		"区住建局、区财政局\n区城管局":                              {"区住建局", "区财政局", "区城管局"},
		"区住建局，区财政局；区城管局/区水务局":                          {"区住建局", "区财政局", "区城管局", "区水务局"},
		" 区住建局 、、区住建局 ":                                {"区住建局"},
		"区 住建局":                                        {"区住建局"},
		"District Finance Bureau, District Tax Bureau": {"District Finance Bureau", "District Tax Bureau"},
		"":  nil,
		"、": nil,
	}
	for in, want := range cases {
		if got := splitNames(normCell(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("splitNames(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextNormalisation(t *testing.T) {
	for in, want := range map[string]string{
		"招商引资  \n项目落地":   "招商引资项目落地",
		"ＡＢＣ　１２３％":       "ABC 123%",
		"Phase 1\nworks": "Phase 1 works",
		"1 号楼":           "1号楼",
		"\u200b甲\ufeff":  "甲",
	} {
		if got := squash(normCell(in)); got != want {
			t.Errorf("squash(%q) = %q, want %q", in, got, want)
		}
	}
	if got := multiline(normCell(" 第一行 \r\n\r\n  第二行  ")); got != "第一行\n第二行" {
		t.Errorf("multiline = %q", got)
	}
	for in, want := range map[string]string{
		"12": "12", "12.0": "12", "12.00": "12", "1.1": "1.1", "1.10": "1.10",
		"1.1000000000000001": "1.1", "３": "3", "(一)": "(一)", "A-1": "A-1",
	} {
		if got := normNumber(normCell(in)); got != want {
			t.Errorf("normNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaderRecognition(t *testing.T) {
	idx := newHeaderIndex(kindTask)
	for in, want := range map[string]field{
		"序 号": fNumber, "*序号": fNumber, "编号": fNumber, "工作事项": fTitle, "任务名称\n": fTitle,
		"完成时限（年月日）": fDue, "完成时限(年月日)": fDue, "截止时间": fDue, "牵头单位（部门）": fLeadUnits,
		"协办单位": fCoUnits, "区级领导": fLeaders, "报送频率": fCadence, "所属口": fSector,
		"任務名稱": fTitle, "Lead units": fLeadUnits, "No.": fNumber, "备注": fNone, "完成进度": fNone,
	} {
		if got := idx.field(in); got != want {
			t.Errorf("field(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]int{
		"1月": 1, "一月": 1, "1月份": 1, "十二月": 12, "12月份": 12, "2023年6月": 6, "6月节点": 6,
		"Month 6": 6, "Jun": 6, "june": 6, "13月": 0, "6月底前": 0, "6": 0,
	} {
		if got := idx.month(in, false); got != want {
			t.Errorf("month(%q) = %d, want %d", in, got, want)
		}
	}
	if idx.month("6", true) != 6 || idx.month("13", true) != 0 {
		t.Error("bare month numbers under a group")
	}
	pidx := newHeaderIndex(kindProgress)
	for in, want := range map[string]field{"累计进度": fProgress, "完成率": fProgress, "存在的问题": fProblems,
		"下一步工作": fNextSteps, "报送日期": fDate, "工作进展": fDone, "牵头单位": fNone} {
		if got := pidx.field(in); got != want {
			t.Errorf("progress field(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMergeCellsStart(t *testing.T) {
	for in, want := range map[string]int{
		`<sheetData/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`:         12,
		`<x:sheetData/><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells>`: 14,
		`<c><is><t>&lt;mergeCells</t></is></c>`:                                           -1,
		`<mergeCellsX/>`:                                                                  -1,
		``:                                                                                -1,
	} {
		if got := mergeCellsStart([]byte(in)); got != want {
			t.Errorf("mergeCellsStart(%q) = %d, want %d", in, got, want)
		}
	}
}

// The merged ranges read from the package are those excelize reports,
// and the slow path through excelize gives the same grid.
func TestReadMerges(t *testing.T) {
	data := makeBook(t, realSheet(), sheetSpec{name: "空表", rows: [][]any{{"x"}}})
	wb, err := openWorkbook(reader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.f.Close()
	got, ok, err := wb.parts.merges("任务分解")
	if err != nil || !ok {
		t.Fatalf("merges: %v, %v", ok, err)
	}
	want, _ := wb.f.GetMergeCells("任务分解", true)
	if len(got) != len(want) {
		t.Fatalf("merges %v, excelize has %d", got, len(want))
	}
	for i, m := range want {
		if got[i] != m[0] {
			t.Errorf("merge %d = %s, want %s", i, got[i], m[0])
		}
	}
	if none, ok, err := wb.parts.merges("空表"); len(none) != 0 || !ok || err != nil {
		t.Errorf("empty sheet: %v, %v, %v", none, ok, err)
	}
	fast, err := loadGrid(wb, "任务分解", false)
	if err != nil {
		t.Fatal(err)
	}
	wb.parts = nil
	slow, err := loadGrid(wb, "任务分解", false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast.rows, slow.rows) || !reflect.DeepEqual(fast.copyOf, slow.copyOf) {
		t.Error("grids differ between the two ways of reading merges")
	}
}

// Serials of a workbook in the 1904 date system are moved to 1900's.
func TestDate1904(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]any{"A1": "2023年任务", "A2": "序号", "B2": "任务名称", "C2": "完成时限",
		"A3": 1, "B3": "甲", "C3": 45107 - 1462, "A4": 2, "B4": "乙", "C4": "6月底"} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := ParseTasks(reader(buf.Bytes()), TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ts.Rows[0].Due != d("2023-06-30") || ts.Rows[1].Due != d("2023-06-30") {
		t.Errorf("dues %s, %s", ts.Rows[0].Due, ts.Rows[1].Due)
	}
}
