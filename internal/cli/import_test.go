package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/readmodel"
)

// officeSheet builds a 任务分解表 the way offices fill them in: a merged
// title with the year, a two-row header with 月度节点 merged over the months,
// header synonyms, several units per cell, full-width digits and relative dates.
func officeSheet(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	sh := "任务分解"
	f.SetSheetName(f.GetSheetName(0), sh)
	f.SetCellValue(sh, "A1", "２０２３年全区重点工作任务分解表")
	f.MergeCell(sh, "A1", "T1")
	head := []any{"编号", "重点任务", "目标要求", "所属口", "所属战线", "责任单位", "协办单位", "分管领导", "完成时间", "权重", "报送频次"}
	for i, h := range head {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(sh, col+"2", h)
		f.MergeCell(sh, col+"2", col+"3")
	}
	f.SetCellValue(sh, "L2", "月度节点")
	f.MergeCell(sh, "L2", "W2")
	for m := 1; m <= 12; m++ {
		col, _ := excelize.ColumnNumberToName(11 + m)
		f.SetCellValue(sh, col+"3", itoa(m)+"月")
	}
	for i, r := range rows {
		f.SetSheetRow(sh, "A"+itoa(4+i), &r)
	}
	path := filepath.Join(t.TempDir(), "分解表.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func goodRows() [][]any {
	return [][]any{
		{"１", "义务教育优质均衡", "新建学校３所", "社会事业口", "重大项目", "东湖街道、区住建局", "区财政局\n区城管局", "王建新", "年底前", "２", "月报",
			"", "", "完成选址", "", "", "主体开工，累计50%", "", "", "主体完工", "", "", "竣工"},
		{"2", "招商引资签约", "签约亿元项目10个", "经济发展", "招商税源", "财政局", "", "李经发", "三季度末", "", "", "", "", "签约3个", "", "", "签约6个", "", "", "全部签约"},
		{"3", "河长制常态化", "巡河全覆盖", "城市管理口", "", "区城管局", "", "", "长期坚持", "", "每周"},
	}
}

func TestImportTasks(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		path := officeSheet(t, goodRows())
		out, errs, code := run(t, env.DSN, "import", "tasks", path)
		if code != 0 {
			t.Fatalf("import: %d\n%s\n%s", code, out, errs)
		}
		if !strings.Contains(out, "新增 3 项") || !strings.Contains(out, "2023年全区重点工作任务分解表") {
			t.Errorf("summary: %s", out)
		}
		m := model(t, env)
		var plan *readmodel.Task
		for _, tk := range m.Tasks {
			if tk.Plan != nil && tk.Plan.Name == "2023年全区重点工作任务分解表" && tk.Number == "1" {
				plan = tk
			}
		}
		if plan == nil {
			t.Fatal("task 1 of the new plan not found")
		}
		if plan.Title != "义务教育优质均衡" || plan.Due.String() != "2023-12-31" || plan.Weight != 2 || len(plan.LeadUnitIDs) != 2 || len(plan.CoUnitIDs) != 2 ||
			m.SectorName(plan.SectorID) != "社会事业口" || len(plan.Milestones) != 4 || plan.Milestones[1].PlannedPct != 50 || plan.Milestones[1].Due.String() != "2023-06-30" ||
			plan.Milestones[3].PlannedPct != 100 || plan.Milestones[0].PlannedPct != 25 || plan.Milestones[0].Due.String() != "2023-03-31" || string(plan.Cadence()) != "monthly" {
			t.Errorf("task 1: %+v milestones %+v", plan.Task, plan.Milestones)
		}
		// Importing the same sheet again changes nothing and duplicates nothing.
		out, _, code = run(t, env.DSN, "import", "tasks", path)
		if code != 0 || !strings.Contains(out, "新增 0 项，更新 0 项，未变化 3 项") {
			t.Errorf("second import: %d %s", code, out)
		}
		if n := countPlanTasks(model(t, env), "2023年全区重点工作任务分解表"); n != 3 {
			t.Errorf("tasks after re-import: %d", n)
		}
		// Search finds the imported task by a two-character word.
		q := env.App.Service.Normalizer().ParseQuery("教育")
		if got := model(t, env).Find(nil, readmodel.Scope{All: true}, readmodel.Filter{Query: q}); len(got) != 1 || got[0].Title != "义务教育优质均衡" {
			t.Errorf("search 教育: %d results", len(got))
		}
	})
}

func TestImportTasksRefusesUnknownNamesAndBadRows(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		seq0 := headSeq(t, env)
		rows := goodRows()
		rows[0][5] = "区教育局、区住建局"
		rows[1][7] = "赵六"
		rows = append(rows, []any{"4", "智慧社区", "", "数字口", "", "区数据局", "", "", "6月底签"})
		out, errs, code := run(t, env.DSN, "import", "tasks", officeSheet(t, rows))
		if code != 1 {
			t.Fatalf("bad sheet accepted: %d %s", code, out)
		}
		for _, want := range []string{"导入失败", "第7行", "I列", "6月底签"} {
			if !strings.Contains(errs, want) {
				t.Errorf("message lacks %q:\n%s", want, errs)
			}
		}
		if headSeq(t, env) != seq0 {
			t.Error("a refused import changed the database")
		}
		// Fix the date: now only unknown names remain, all listed at once.
		rows[3][8] = "6月底前"
		path := officeSheet(t, rows)
		_, errs, code = run(t, env.DSN, "import", "tasks", path)
		for _, want := range []string{"区教育局", "区数据局", "数字口", "赵六"} {
			if !strings.Contains(errs, want) {
				t.Errorf("unknown names message lacks %q:\n%s", want, errs)
			}
		}
		if code != 1 || headSeq(t, env) != seq0 {
			t.Errorf("unknown names: code %d, database changed: %v", code, headSeq(t, env) != seq0)
		}
		out, errs, code = run(t, env.DSN, "import", "tasks", path, "--create-units")
		if code != 0 || !strings.Contains(out, "区教育局") || !strings.Contains(out, "区数据局") || !strings.Contains(out, "数字口") || !strings.Contains(out, "赵六") {
			t.Errorf("--create-units: %d\n%s\n%s", code, out, errs)
		}
		if m := model(t, env); m.UnitByName("区教育局") == nil || m.UnitByName("区教育局").Parent == nil || m.UnitByName("区教育局").Parent.Name != "示范区" {
			t.Error("created unit not under the district")
		}
	})
}

func TestImportNeedsYear(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		f := excelize.NewFile()
		sh := f.GetSheetName(0)
		f.SetSheetRow(sh, "A1", &[]any{"序号", "任务名称", "牵头单位", "完成时限"})
		f.SetSheetRow(sh, "A2", &[]any{"1", "某项工作", "区住建局", "6月底前"})
		path := filepath.Join(t.TempDir(), "noyear.xlsx")
		f.SaveAs(path)
		_, errs, code := run(t, env.DSN, "import", "tasks", path)
		if code != 1 || !strings.Contains(errs, "--year") {
			t.Errorf("no year: %d %s", code, errs)
		}
		out, errs, code := run(t, env.DSN, "import", "tasks", path, "--year", "2023", "--plan", "测试计划")
		if code != 0 || !strings.Contains(out, "新增 1 项") {
			t.Errorf("with --year: %d %s %s", code, out, errs)
		}
	})
}

func model(t *testing.T, env *apptest.Env) *readmodel.Model {
	t.Helper()
	m, err := env.App.Models.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func countPlanTasks(m *readmodel.Model, plan string) int {
	n := 0
	for _, tk := range m.Tasks {
		if tk.Plan != nil && tk.Plan.Name == plan {
			n++
		}
	}
	return n
}

func headSeq(t *testing.T, env *apptest.Env) int64 {
	t.Helper()
	seq, _, err := env.App.DB.Read().Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}
