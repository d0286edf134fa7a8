package xlsimport

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

func TestParseAssessScores(t *testing.T) {
	s := sheetSpec{name: "评分", rows: [][]any{
		{"2026年度考核评分表（区委组织部）"},
		{"序号", "被考核单位", "指标", "", "得分", "评分依据"},
		{"", "", "编码", "名称", "", ""},
		{1, "城关镇", "D1", "党建工作考评", 9.5, "基层组织建设扎实"},
		{2, nil, "C1", "改革创新项目", "８．５分", "两项改革获市级推广\n 一项在全区复制"},
		{3, "东城街道", "D1", "党建工作考评", 8, ""},
		{4, nil, "C1", "改革创新项目", "", ""}, // not scored yet
		{"一、区直部门"},
		{5, "区住建局", "", "党建工作考评", "7", "按细则评分"},
		nil,
		{"填表人：张三"},
	}, merges: []string{"A1:F1", "C2:D2", "A2:A3", "B2:B3", "E2:E3", "F2:F3", "B4:B5", "B6:B7"}}
	rows, err := ParseAssessScores(reader(makeBook(t, s)), AssessScoreOptions{})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	want := []AssessScoreRow{
		{Sheet: "评分", Row: 4, Unit: "城关镇", Code: "D1", Name: "党建工作考评", Score: 9.5, Reason: "基层组织建设扎实"},
		{Sheet: "评分", Row: 5, Unit: "城关镇", Code: "C1", Name: "改革创新项目", Score: 8.5, Reason: "两项改革获市级推广\n一项在全区复制"},
		{Sheet: "评分", Row: 6, Unit: "东城街道", Code: "D1", Name: "党建工作考评", Score: 8},
		{Sheet: "评分", Row: 9, Unit: "区住建局", Name: "党建工作考评", Score: 7, Reason: "按细则评分"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for i := range want {
		got := rows[i]
		if got.Cells["score"] != ref(got.Row-1, 4) || got.Cells["unit"] != ref(got.Row-1, 1) {
			t.Errorf("cells %v", got.Cells)
		}
		got.Cells = nil
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
}

func TestParseAssessScoresProblems(t *testing.T) {
	s := sheetSpec{name: "评分表", rows: [][]any{
		{"单位", "指标编码", "指标名称", "得分", "理由"},
		{"城关镇", "D1", "党建", "九分", "理由"},
		{"城关镇", "C1", "创新", -2, ""},
		{"", "C2", "亮点", 3, ""},
		{"东城街道", "", "", 3, ""},
		{"城关镇", "D1", "党建", 8, ""},
		{"东城街道", "C1", "创新", "", "只写了理由"},
	}}
	_, err := ParseAssessScores(reader(makeBook(t, s)), AssessScoreOptions{})
	if domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("%v", err)
	}
	d := strings.Join(domain.ErrorDetails(err), "\n")
	for _, w := range []string{
		"第2行 D列（得分）：得分应为数字（如 18.5），现为“九分”",
		"第3行", "得分不能为负数（现为 -2）",
		"第4行 A列（单位）：不能为空",
		"第5行 B列（指标编码）：不能为空",
		"第6行", "与第 2 行重复（同一单位、同一指标）",
		"第7行 D列（得分）：得分应为数字（如 18.5），现为“”",
	} {
		if !strings.Contains(d, w) {
			t.Errorf("lacks %q in\n%s", w, d)
		}
	}
	// Nothing to read, and no score column.
	_, err = ParseAssessScores(reader(makeBook(t, sheetSpec{name: "a", rows: [][]any{{"单位", "指标编码", "得分"}, {"城关镇", "D1"}}})), AssessScoreOptions{})
	if domain.ErrorMessage(err) != "表中没有评分行" {
		t.Errorf("empty: %v", err)
	}
	_, err = ParseAssessScores(reader(makeBook(t, sheetSpec{name: "a", rows: [][]any{{"单位", "指标编码", "理由"}, {"城关镇", "D1", "x"}}})), AssessScoreOptions{})
	if !strings.Contains(domain.ErrorMessage(err)+strings.Join(domain.ErrorDetails(err), ""), "得分") {
		t.Errorf("no score column: %v %v", err, domain.ErrorDetails(err))
	}
}

func TestAssessScoreTemplateReadsBack(t *testing.T) {
	for _, l := range i18n.Langs {
		p := i18n.Default().Printer(l)
		data, err := AssessScoreTemplate([]string{"城关镇", "东城街道"}, []AssessCriterionRef{
			{Code: "C1", Name: "改革创新项目", Max: 10}, {Code: "D1", Name: "党建工作考评", Max: 10}, {Code: "1.10", Name: "数字编码", Max: 5}}, p)
		if err != nil {
			t.Fatal(err)
		}
		// Empty, it has nothing to import.
		if _, err := ParseAssessScores(reader(data), AssessScoreOptions{Printer: p}); domain.ErrorKind(err) != domain.KindInvalid {
			t.Errorf("%s: empty template: %v", l, err)
		}
		// Filled in, it reads back with the merged unit cells.
		f, err := excelize.OpenReader(reader(data))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		for r, v := range map[int]float64{3: 8, 6: 9.5} {
			if err := f.SetCellValue(sheet, ref(r-1, 4), v); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetCellValue(sheet, "F6", "好"); err != nil {
			t.Fatal(err)
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := ParseAssessScores(reader(buf.Bytes()), AssessScoreOptions{Printer: p})
		if err != nil {
			t.Fatalf("%s: %v %v", l, err, domain.ErrorDetails(err))
		}
		if len(rows) != 2 || rows[0].Unit != "城关镇" || rows[0].Code != "C1" || rows[0].Score != 8 ||
			rows[1].Unit != "东城街道" || rows[1].Code != "C1" || rows[1].Score != 9.5 || rows[1].Reason != "好" {
			t.Errorf("%s: %+v", l, rows)
		}
	}
}
