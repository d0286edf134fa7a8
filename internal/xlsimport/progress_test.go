package xlsimport

import (
	"reflect"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

func progressSheet(subtitle string, rows ...[]any) sheetSpec {
	all := [][]any{
		{"2023年重点工作进展情况表"},
		{subtitle},
		{"序号", "任务名称", "累计进度", "进展情况", "存在的问题", "下一步打算", "报送日期"},
	}
	return sheetSpec{name: "进展", rows: append(all, rows...), merges: []string{"A1:G1", "A2:G2"}}
}

func TestParseProgress(t *testing.T) {
	s := progressSheet("填报单位：区住建局　截至７月１５日",
		[]any{1, "老旧小区改造", "60%", "完成8个小区\n 主体施工", "雨季影响", "8月底前完工"},
		[]any{2, "垃圾分类", 0.45, "覆盖80个社区"},
		[]any{"一、社会事业口"},
		[]any{3, "学校建设", "已完成", "已交付", nil, nil, "2023-07-20"},
		[]any{nil, "河道整治", "４５％"},
		[]any{4, "未填报的任务"},
		[]any{5, "比例格式", 1},
		nil,
		[]any{"备注：进度为累计数。"},
	)
	s.formats = map[string]int{"C10": 9} // 100%, raw 1
	ps, err := ParseProgress(reader(makeBook(t, s)), ProgressOptions{})
	if err != nil {
		t.Fatalf("%v %q", err, domain.ErrorDetails(err))
	}
	if ps.Title != "2023年重点工作进展情况表" {
		t.Errorf("title %q", ps.Title)
	}
	july15 := d("2023-07-15")
	want := []ProgressRow{
		{Sheet: "进展", Row: 4, Number: "1", Title: "老旧小区改造", Progress: 60, Done: "完成8个小区\n主体施工",
			Problems: "雨季影响", NextSteps: "8月底前完工", Date: july15, DateFrom: DateFromTitle},
		{Sheet: "进展", Row: 5, Number: "2", Title: "垃圾分类", Progress: 45, Done: "覆盖80个社区", Date: july15, DateFrom: DateFromTitle},
		{Sheet: "进展", Row: 7, Number: "3", Title: "学校建设", Progress: 100, Done: "已交付", Date: d("2023-07-20"), DateFrom: DateFromRow},
		{Sheet: "进展", Row: 8, Title: "河道整治", Progress: 45, Date: july15, DateFrom: DateFromTitle},
		{Sheet: "进展", Row: 10, Number: "5", Title: "比例格式", Progress: 100, Date: july15, DateFrom: DateFromTitle},
	}
	if len(ps.Rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(ps.Rows), ps.Rows)
	}
	for i := range want {
		got := ps.Rows[i]
		if got.Cells["progress"] != ref(got.Row-1, 2) || got.Cells["date"] != ref(got.Row-1, 6) {
			t.Errorf("cells %v", got.Cells)
		}
		got.Cells = nil
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
}

func TestParseProgressDate(t *testing.T) {
	row := []any{1, "甲", "50%"}
	cases := []struct {
		name     string
		subtitle string
		opt      ProgressOptions
		want     domain.Date
		from     string
		problem  string
	}{
		{"title with year", "截至2024年3月31日", ProgressOptions{}, d("2024-03-31"), DateFromTitle, ""},
		{"title month end", "数据截止到6月底", ProgressOptions{}, d("2023-06-30"), DateFromTitle, ""},
		{"title wins over option", "截至7月15日", ProgressOptions{Date: d("2023-08-01")}, d("2023-07-15"), DateFromTitle, ""},
		{"full date without 截至", "2023年7月10日报", ProgressOptions{}, d("2023-07-10"), DateFromTitle, ""},
		{"year only is no date", "截至2023年", ProgressOptions{Date: d("2023-08-01")}, d("2023-08-01"), DateFromOption, ""},
		{"option", "填报单位：区住建局", ProgressOptions{Date: d("2023-08-01")}, d("2023-08-01"), DateFromOption, ""},
		{"none", "填报单位：区住建局", ProgressOptions{}, 0, "", "第4行 G列（报送日期）：没有填报日期"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, err := ParseProgress(reader(makeBook(t, progressSheet(c.subtitle, row))), c.opt)
			if c.problem != "" {
				if de := invalid(t, err); !hasLine(de.Details, c.problem) {
					t.Errorf("details %q lack %q", de.Details, c.problem)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v %q", err, domain.ErrorDetails(err))
			}
			if r := ps.Rows[0]; r.Date != c.want || r.DateFrom != c.from {
				t.Errorf("date %s from %q, want %s from %q", r.Date, r.DateFrom, c.want, c.from)
			}
		})
	}
}

func TestParseProgressErrors(t *testing.T) {
	cases := []struct {
		name  string
		rows  [][]any
		opt   ProgressOptions
		parts []string
	}{
		{"vague percent", [][]any{{1, "甲", "49%左右"}}, ProgressOptions{},
			[]string{"工作表「进展」第4行 C列（累计进度）：无法识别的进度「49%左右」"}},
		{"over 100", [][]any{{1, "甲", "120%"}}, ProgressOptions{}, []string{"C列（累计进度）", "超出 0% 至 100% 的范围"}},
		{"texts without percent", [][]any{{1, "甲", nil, "做了很多"}}, ProgressOptions{},
			[]string{"第4行 C列（累计进度）：填写了进展情况，但没有填写完成进度"}},
		{"no key", [][]any{{nil, nil, "50%", "做了很多"}}, ProgressOptions{}, []string{"第4行：本行有内容，但序号和任务名称都是空的"}},
		{"ongoing date", [][]any{{1, "甲", "50%", nil, nil, nil, "长期"}}, ProgressOptions{}, []string{"G列（报送日期）", "填报日期不能是「长期」"}},
		{"bad date", [][]any{{1, "甲", "50%", nil, nil, nil, "昨天"}}, ProgressOptions{}, []string{"G列（报送日期）", "无法识别的日期「昨天」"}},
		{"twice", [][]any{{1, "甲", "50%"}, {1, "甲", "60%"}}, ProgressOptions{},
			[]string{"第5行 A列（序号）", "任务「1」在同一填报日期重复填报，与工作表「进展」第4行相同"}},
		{"twice by title", [][]any{{nil, "甲", "50%"}, {nil, "甲", "60%"}}, ProgressOptions{},
			[]string{"第5行 B列（任务名称）", "任务「甲」"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseProgress(reader(makeBook(t, progressSheet("截至2023年7月15日", c.rows...))), c.opt)
			if de := invalid(t, err); !hasLine(de.Details, c.parts...) {
				t.Errorf("details %q lack %q", de.Details, c.parts)
			}
		})
	}
	// The same task on two dates is two reports.
	s := progressSheet("", []any{1, "甲", "50%", nil, nil, nil, "2023-06-30"}, []any{1, "甲", "60%", nil, nil, nil, "2023-07-31"})
	s.rows[0][0] = "2023年进展"
	if ps, err := ParseProgress(reader(makeBook(t, s)), ProgressOptions{}); err != nil || len(ps.Rows) != 2 {
		t.Errorf("two dates: %+v, %v", ps, err)
	}
}

// A relative report date needs a year: from --year, the title, or --date.
func TestParseProgressYear(t *testing.T) {
	s := progressSheet("", []any{1, "甲", "50%", nil, nil, nil, "7月15日"})
	s.rows[0][0] = "重点工作进展情况表"
	_, err := ParseProgress(reader(makeBook(t, s)), ProgressOptions{})
	if de := invalid(t, err); !hasLine(de.Details, "G列（报送日期）", "日期「7月15日」没有写年份，请用 --year 指定年度") {
		t.Errorf("details %q", de.Details)
	}
	for _, opt := range []ProgressOptions{{Year: 2023}, {Date: d("2023-08-01")}} {
		ps, err := ParseProgress(reader(makeBook(t, s)), opt)
		if err != nil || ps.Rows[0].Date != d("2023-07-15") {
			t.Errorf("%+v: %+v, %v", opt, ps, err)
		}
	}
}

func TestParseProgressMissingColumn(t *testing.T) {
	s := sheetSpec{name: "进展", rows: [][]any{{"2023年"}, {"序号", "任务名称", "牵头单位"}, {1, "甲", "乙"}}}
	_, err := ParseProgress(reader(makeBook(t, s)), ProgressOptions{})
	if de := invalid(t, err); !hasLine(de.Details, "缺少“完成进度”列", "完成进度、进度、完成比例、完成率、累计进度") {
		t.Errorf("details %q", de.Details)
	}
	// No number column: rows are keyed by title.
	s = sheetSpec{name: "进展", rows: [][]any{{"2023年"}, {"重点任务", "进度", "日期"}, {"甲", "30%", "2023-05-31"}}}
	ps, err := ParseProgress(reader(makeBook(t, s)), ProgressOptions{})
	if err != nil || len(ps.Rows) != 1 || ps.Rows[0].Title != "甲" || ps.Rows[0].Number != "" || ps.Rows[0].Progress != 30 {
		t.Errorf("by title: %+v, %v", ps, err)
	}
	if _, ok := ps.Rows[0].Cells["number"]; ok {
		t.Errorf("cells name a number column: %v", ps.Rows[0].Cells)
	}
}

func TestTitleDateHelpers(t *testing.T) {
	if got := dateRun("2023年7月15日报送"); got != "2023年7月15日" {
		t.Errorf("dateRun = %q", got)
	}
	for s, want := range map[string]bool{"2023年": true, "2023年底": true, "2023年7月": false, "7月15日": false} {
		if isYearOnly(s) != want {
			t.Errorf("isYearOnly(%q) = %v", s, !want)
		}
	}
	if firstYear("第12345号 2023—2025年") != 2023 || firstYear("１２") != 0 {
		t.Error("firstYear")
	}
}
