package xlsexport

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/schemefile"
)

// exampleResult scores the example district scheme for three towns and
// two departments, with every town scored the same on all but a few
// criteria so that ties, vetoes and talks show.
func exampleResult(t *testing.T) (domain.AssessResult, schemefile.File) {
	t.Helper()
	data, err := os.ReadFile("../schemefile/testdata/district-2026.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schemefile.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	in := domain.AssessInputs{
		Units: []domain.AssessUnit{{ID: 1, Name: "城关镇", Category: "乡镇街道"}, {ID: 2, Name: "东城街道", Category: "乡镇街道"},
			{ID: 3, Name: "西河镇", Category: "乡镇街道"}, {ID: 4, Name: "区住建局", Category: "区直部门"}, {ID: 5, Name: "区商务局", Category: "区直部门"}},
		Manual: map[string]map[domain.ID][]domain.ManualScore{
			"D1": {1: {{Score: 9, Examiner: "组织部", Reason: "扎实"}}, 2: {{Score: 9}}, 3: {{Score: 7}}, 4: {{Score: 8}}, 5: {{Score: 8}}},
			"X1": {3: {{Score: 1, Examiner: "应急局", Reason: "较大事故"}}},
			"E1": {2: {{Score: 1}}},
		},
		Values: map[string]map[domain.ID]float64{"招商引资到位资金": {1: 12, 2: 12, 3: 5, 4: 3, 5: 8}},
	}
	r, err := domain.ScoreAssessment(f.SchemeBody, in)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

func readSheet(t *testing.T, f *excelize.File, name string) []string {
	t.Helper()
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

func TestAssessResults(t *testing.T) {
	r, file := exampleResult(t)
	p := i18n.Default().Printer(i18n.ZhHans)
	data, err := AssessResults(r, file.Name, p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "乡镇街道,区直部门,得分明细" {
		t.Fatalf("sheets %s", got)
	}
	town := readSheet(t, f, "乡镇街道")
	if town[0] != "2026年度目标管理综合考核方案：乡镇街道考核结果" {
		t.Errorf("title %q", town[0])
	}
	if town[1] != "排名|单位|常规工作（30分）|重点工作（40分）|创新工作（15分）|党建工作（15分）|加分|减分|总分|等次|奖项|约谈|备注" {
		t.Errorf("header %q", town[1])
	}
	byUnit := map[string]domain.UnitResult{}
	for _, u := range r.Units {
		byUnit[u.Unit] = u
	}
	// 东城街道 has the 上级表彰 bonus: first. 城关镇 second. 西河镇 vetoed.
	for i, name := range []string{"东城街道", "城关镇", "西河镇"} {
		u := byUnit[name]
		cells := strings.Split(town[2+i], "|")
		if cells[0] != strconv.Itoa(u.Rank) || cells[1] != name || cells[8] != strconv.FormatFloat(u.Total, 'f', -1, 64) || cells[9] != u.Grade {
			t.Errorf("row %d: %q, unit %+v", i, town[2+i], u)
		}
	}
	if u := byUnit["西河镇"]; !u.Vetoed || u.Grade != "较差" || !strings.Contains(town[4], "一票否决") || !strings.Contains(town[4], "|是|") {
		t.Errorf("西河镇: %+v %q", u, town[4])
	}
	if !strings.Contains(town[2], "骏马奖") {
		t.Errorf("骏马奖: %q", town[2])
	}
	dept := readSheet(t, f, "区直部门")
	if len(dept) != 4 || !strings.Contains(dept[1], "常规工作（35分）") {
		t.Errorf("dept %q", dept)
	}
	br := readSheet(t, f, "得分明细")
	n := 0
	for _, u := range r.Units {
		n += len(u.Criteria)
	}
	if len(br) != n+2 || br[1] != "考核类别|单位|考核板块|指标编码|指标名称|类型|满分|得分|计算方法|计算过程|计算依据|备注" {
		t.Fatalf("%d breakdown rows, want %d; header %q", len(br), n+2, br[1])
	}
	found := false
	for _, row := range br {
		if strings.HasPrefix(row, "乡镇街道|城关镇|党建工作|D1|党建工作考评|基本分|10|9|考核员评分的平均值") && strings.Contains(row, "|mean(9) = 9.00|满分：10；考核员评分：9（组织部：扎实）") {
			found = true
		}
	}
	if !found {
		t.Errorf("no D1 row for 城关镇 with its inputs in\n%s", strings.Join(br, "\n"))
	}
	// Shares of one are percents, as in the formula.
	if !strings.Contains(strings.Join(br, "\n"), "|8 × 100.00% = 8.00|满分：8；办结件数：0；按期办结件数：0；按期办结率：100.00%；") {
		t.Errorf("A2's inputs are not shown as in the formula")
	}
	// The shown criterion scores of a unit add up to its section scores.
	for _, u := range r.Units {
		for _, s := range u.Sections {
			sum := 0.0
			for _, row := range br {
				c := strings.Split(row, "|")
				if len(c) > 7 && c[1] == u.Unit && c[2] == s.Name && c[5] == "基本分" && !strings.Contains(c[3], ".") {
					v, _ := strconv.ParseFloat(c[7], 64)
					sum += v
				}
			}
			if got := min(float64(int64(sum*100+0.5))/100, s.Max); got != s.Score {
				t.Errorf("%s %s: rows add to %v, section %v", u.Unit, s.Name, got, s.Score)
			}
		}
	}
}

func TestAssessResultsEnglishAndEmpty(t *testing.T) {
	r, file := exampleResult(t)
	data, err := AssessResults(r, file.Name, i18n.Default().Printer(i18n.En))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "乡镇街道,区直部门,Breakdown" {
		t.Errorf("sheets %s", got)
	}
	if rows := readSheet(t, f, "Breakdown"); !strings.HasPrefix(rows[1], "Category|Unit|Section|Criterion code") {
		t.Errorf("header %q", rows[1])
	}
	if _, err := AssessResults(domain.AssessResult{}, "x", i18n.Default().Printer(i18n.ZhHans)); err != nil {
		t.Errorf("empty result: %v", err)
	}
	used := map[string]bool{}
	if a, b := sheetName("a/b:c", used), sheetName("a/b:c", used); a != "a_b_c" || b != "a_b_c(2)" {
		t.Errorf("sheet names %q %q", a, b)
	}
}

// A criterion adjusted during the notice is worded as such in the
// breakdown; a formula the catalog does not know shows its arithmetic
// alone, never a catalog key.
func TestAssessResultsAdjustedWording(t *testing.T) {
	r, file := exampleResult(t)
	if _, refused := domain.SetCriterionScore(&r, 1, "D1", 8); refused != "" {
		t.Fatalf("adjust refused: %s", refused)
	}
	u := domain.FindUnitResult(&r, 2)
	domain.FindCriterionScore(u, "D1").Formula.Key = "no_such_method"
	for _, tc := range []struct {
		lang  i18n.Lang
		sheet string
		want  string
	}{{i18n.ZhHans, "得分明细", "公示期间经调整"}, {i18n.En, "Breakdown", "Adjusted during the public notice"}} {
		data, err := AssessResults(r, file.Name, i18n.Default().Printer(tc.lang))
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var adjusted, unknown string
		for _, row := range readSheet(t, f, tc.sheet) {
			if strings.Contains(row, "assess.formula.") {
				t.Errorf("%s: catalog key shown: %q", tc.lang, row)
			}
			c := strings.Split(row, "|")
			if len(c) > 9 && c[3] == "D1" && c[1] == "城关镇" {
				adjusted = row
			}
			if len(c) > 9 && c[3] == "D1" && c[1] == "东城街道" {
				unknown = row
			}
		}
		if c := strings.Split(adjusted, "|"); len(c) < 10 || !strings.HasPrefix(c[8], tc.want) || c[9] != "9 → 8" {
			t.Errorf("%s: adjusted row %q", tc.lang, adjusted)
		}
		if c := strings.Split(unknown, "|"); len(c) < 10 || c[8] != "" || c[9] == "" {
			t.Errorf("%s: unknown method row %q", tc.lang, unknown)
		}
	}
}

// A scheme's tie-break rules read in words, not as the file's keys.
func TestTieBreakRules(t *testing.T) {
	_, file := exampleResult(t)
	got := strings.Join(TieBreakRules(file.SchemeBody, i18n.Default().Printer(i18n.ZhHans)), "；")
	if strings.Contains(got, "section:") || strings.Contains(got, "penalty") || !strings.Contains(got, "板块“重点工作”得分") || !strings.Contains(got, "减分较少") {
		t.Errorf("tie-break rules %q", got)
	}
}
