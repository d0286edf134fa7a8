package schemefile

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

func readExample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/district-2026.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseExample(t *testing.T) {
	f, err := Parse(readExample(t))
	if err != nil {
		t.Fatalf("%v %v", err, domain.ErrorDetails(err))
	}
	if f.Year != 2026 || f.Kind != domain.SchemeAnnual || f.CheckDate != domain.NewDate(2026, 12, 31) || len(f.Categories) != 2 {
		t.Fatalf("%+v", f)
	}
	town := f.Categories[0]
	if town.Name != "乡镇街道" || len(town.Sections) != 4 || town.BonusCap != 3 {
		t.Errorf("category %+v", town)
	}
	b1 := town.Sections[1].Criteria[0]
	if b1.Code != "B1" || b1.Method != domain.MethodSum || len(b1.Children) != 2 || b1.Children[0].Params.Step != 0.5 {
		t.Errorf("B1 %+v", b1)
	}
	if got := town.Sections[0].Criteria[0].Params.TaskCategories; !reflect.DeepEqual(got, []domain.Category{domain.CategoryRoutine}) {
		t.Errorf("task categories %v", got)
	}
	// Every method is used.
	used := map[domain.ScoreMethod]bool{}
	var walk func([]domain.Criterion)
	walk = func(cs []domain.Criterion) {
		for _, c := range cs {
			used[c.Method] = true
			walk(c.Children)
		}
	}
	for _, c := range f.Categories {
		for _, s := range c.Sections {
			walk(s.Criteria)
		}
	}
	for _, m := range domain.ScoreMethods {
		if !used[m] {
			t.Errorf("method %s unused in the example", m)
		}
	}
	r := f.Rules
	if len(r.Grades) != 4 || r.Grades[0].QuotaPercent != 20 || !r.Grades[0].NoVeto || !r.Grades[3].ForVeto ||
		!reflect.DeepEqual(r.Awards[0].Criteria, []string{"B1", "B2"}) || !r.Awards[1].Worst || r.Talks.BottomN != 2 || r.Talks.Below != 60 {
		t.Errorf("rules %+v", r)
	}
}

func TestRoundTrip(t *testing.T) {
	f, err := Parse(readExample(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse(out)
	if err != nil {
		t.Fatalf("%v %v\n%s", err, domain.ErrorDetails(err), out)
	}
	if !reflect.DeepEqual(f, g) {
		t.Errorf("round trip differs:\n%+v\n%+v", f, g)
	}
	again, _ := Marshal(g)
	if string(again) != string(out) {
		t.Error("marshal is not stable")
	}
	s := string(out)
	for _, want := range []string{"# 考核方案：2026年度目标管理综合考核方案（2026年）", "check_date: \"2026-12-31\"", "task_categories: [routine]",
		"- code: B1.1", "quota_percent: 20", "tie_break: ['section:key', penalty, 'criterion:B1']"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Index(s, "year:") > strings.Index(s, "categories:") || strings.Index(s, "categories:") > strings.Index(s, "rules:") {
		t.Error("keys out of order")
	}
	if t.Failed() {
		t.Log(s)
	}
}

func TestParseProblems(t *testing.T) {
	cases := []struct {
		name string
		file string
		want []string
	}{
		{"unknown key names its line", "year: 2026\nkind: annual\nname: x\ncheck_date: 2026-12-31\ncategories:\n  - name: 乡镇街道\n    sections:\n      - key: k\n        name: n\n        maxx: 10\n",
			[]string{"第10行：未知字段 “maxx”。"}},
		{"wrong types", "year: 二〇二六\nkind: annual\nname: x\ncheck_date: 31/12/2026\ncategories:\n  - name: a\n    bonus_cap: 三分\n    sections: routine\nrules:\n  grades:\n    - name: 优秀\n      no_veto: 是\n",
			[]string{"第1行：字段 “year” 应为整数，现为“二〇二六”。", "第4行：字段 “check_date” 应为日期（如 2026-06-30），现为“31/12/2026”。",
				"第7行：字段 “bonus_cap” 应为数字，现为“三分”。", "第8行：字段 “sections” 应为列表（每项以“- ”开头）。", "第12行：字段 “no_veto” 应为 true 或 false，现为“是”。"}},
		{"repeated key", "year: 2026\nyear: 2027\n", []string{"第2行：字段 “year” 重复（第1行已有）。"}},
		{"alias", "year: &y 2026\nkind: annual\n", []string{"第1行：方案文件不支持锚点和别名"}},
		{"not a mapping", "- 1\n- 2\n", []string{"第1行：方案文件应由“字段: 值”组成。"}},
		{"header", "year: 1999\nkind: yearly\ncheck_date: 2026-12-31\n", []string{"第1行：年度 year 应在 2000 到 2100 之间，现为 1999。",
			"第2行：未知的考核类型 kind “yearly”", "第0行：缺少方案名称 name。"}},
		{"scheme rules", "year: 2026\nkind: annual\nname: x\ncheck_date: 2026-12-31\ncategories:\n  - name: 乡镇街道\n    sections:\n      - key: k\n        name: 重点工作\n        max: 10\n        criteria:\n          - code: B1\n            name: 招商\n            kind: score\n            max: 20\n            method: rank\nrules:\n  grades:\n    - name: 合格\n",
			[]string{"乡镇街道 / 重点工作 / B1：指标满分 20 超过所在板块满分 10。", "乡镇街道 / 重点工作 / B1：按排名计分的指标须设置每名次扣分 step（大于0）。"}},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(tc.file))
		if domain.ErrorKind(err) != domain.KindInvalid {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		d := strings.Join(domain.ErrorDetails(err), "\n")
		for _, w := range tc.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: lacks %q in\n%s", tc.name, w, d)
			}
		}
	}
	for _, bad := range []string{"year: [2026\n", "a:\n\tb: 1\n"} {
		_, err := Parse([]byte(bad))
		if msg := domain.ErrorMessage(err); !strings.Contains(msg, "不是有效的 YAML 格式") || !strings.HasPrefix(msg, "第") {
			t.Errorf("%q: %q", bad, msg)
		}
	}
	if _, err := Parse(nil); domain.ErrorMessage(err) != "方案文件为空。" {
		t.Errorf("empty: %v", err)
	}
}

// Another language renders both the file's and the scheme's problems.
func TestParseEnglish(t *testing.T) {
	en := i18n.Default().Printer(i18n.En)
	_, err := ParseLang([]byte("year: 2026\nmaxx: 1\n"), en)
	if d := domain.ErrorDetails(err); len(d) != 1 || d[0] != "Line 2: unknown key “maxx”." {
		t.Errorf("%v", d)
	}
	_, err = ParseLang([]byte("year: 2026\nkind: annual\nname: x\ncheck_date: 2026-12-31\n"), en)
	if d := strings.Join(domain.ErrorDetails(err), "\n"); !strings.Contains(d, "No assessment category is set.") {
		t.Errorf("%v", d)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readExample(f))
	f.Add([]byte("year: 2026\nkind: annual\n"))
	f.Add([]byte("categories:\n  - sections:\n      - criteria:\n          - children: [{code: a}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			if k := domain.ErrorKind(err); k != domain.KindInvalid && k != domain.KindTooLarge {
				t.Fatalf("kind %v: %v", k, err)
			}
			return
		}
		out, err := Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("a parsed file does not read back: %v %v\n%s", err, domain.ErrorDetails(err), out)
		}
		if !reflect.DeepEqual(file, back) {
			t.Fatalf("round trip differs\n%s", out)
		}
	})
}
