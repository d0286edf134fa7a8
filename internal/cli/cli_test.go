package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/cli"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// run executes the luoshi command line against dsn with the fixture's clock.
func run(t *testing.T, dsn string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"LUOSHI_DB": dsn, "LUOSHI_NOW": "2023-07-15", "LUOSHI_LOG_LEVEL": "error", "LUOSHI_LANG": "zh-Hans"}
	code := cli.Run(context.Background(), args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

// eachEnv runs fn on every engine with a seeded App whose database the
// command line then opens too.
func eachEnv(t *testing.T, fn func(t *testing.T, env *apptest.Env)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, apptest.Start(t, e, apptest.Options{})) })
	}
}

type statusJSON struct {
	AsOf  string `json:"as_of"`
	Tasks []struct {
		Number    string   `json:"number"`
		Title     string   `json:"title"`
		LeadUnits []string `json:"lead_units"`
		CoUnits   []string `json:"co_units"`
		Sector    string   `json:"sector"`
		Fronts    []string `json:"fronts"`
		Leaders   []string `json:"leaders"`
		Start     string   `json:"start"`
		Due       *string  `json:"due"`
		Weight    float64  `json:"weight"`
		Progress  float64  `json:"progress"`
		Expected  *float64 `json:"expected"`
		Status    string   `json:"status"`
	} `json:"tasks"`
	Units []struct {
		Name     string         `json:"name"`
		Tasks    int            `json:"tasks"`
		Progress float64        `json:"progress"`
		Expected float64        `json:"expected"`
		Behind   bool           `json:"behind"`
		Counts   map[string]int `json:"counts"`
	} `json:"units"`
	Sectors []json.RawMessage `json:"sectors"`
	Fronts  []json.RawMessage `json:"fronts"`
	Leaders []json.RawMessage `json:"leaders"`
}

// progressSheet writes a progress workbook for the fixture plan.
func progressSheet(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetSheetRow(sh, "A1", &[]any{"2023年重点工作进度表（截至2023年7月14日）"})
	f.SetSheetRow(sh, "A2", &[]any{"序号", "任务名称", "完成进度", "本期进展", "存在问题", "下步打算", "填报日期"})
	for i, r := range rows {
		f.SetSheetRow(sh, "A"+itoa(i+3), &r)
	}
	path := filepath.Join(t.TempDir(), "progress.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestStatusJSONContract(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		sheet := progressSheet(t, [][]any{
			{"2", "财政收入稳增长", "49%", "完成全年目标的49%", "", "加强征管", "2023-07-14"},
			{"3", "背街小巷环境整治", "0.9", "整治36条", "雨季影响", "抓紧收尾", "2023-06-28"},
		})
		out, errs, code := run(t, env.DSN, "import", "progress", sheet, "--plan", env.Fix.Plan.Name)
		if code != 0 {
			t.Fatalf("import progress: %d %s %s", code, out, errs)
		}
		out, errs, code = run(t, env.DSN, "status", "--as-of", "2023-07-15", "--json")
		if code != 0 {
			t.Fatalf("status: %d %s", code, errs)
		}
		var st statusJSON
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("status JSON: %v\n%s", err, out)
		}
		if st.AsOf != "2023-07-15" || len(st.Tasks) != 5 || st.Sectors == nil || st.Fronts == nil || st.Leaders == nil {
			t.Fatalf("status: %+v", st)
		}
		byNum := map[string]int{}
		for i, tk := range st.Tasks {
			byNum[tk.Number] = i
		}
		two := st.Tasks[byNum["2"]]
		if two.Progress != 49 || two.Expected == nil || *two.Expected != 53.7 || two.Status != "lagging" || two.Start != "2023-01-01" ||
			two.Due == nil || *two.Due != "2023-12-31" || two.Sector != "经济发展口" || strings.Join(two.LeadUnits, ",") != "区财政局" ||
			strings.Join(two.Fronts, ",") != "招商税源战线" || strings.Join(two.Leaders, ",") != "李经发" || two.Weight != 1 || two.CoUnits == nil {
			t.Errorf("task 2: %+v (expected %v)", two, deref(two.Expected))
		}
		if three := st.Tasks[byNum["3"]]; three.Status != "overdue" || three.Progress != 90 {
			t.Errorf("task 3: %+v", three)
		}
		if four := st.Tasks[byNum["4"]]; four.Status != "ongoing" || four.Due != nil {
			t.Errorf("task 4: %+v", four)
		}
		if five := st.Tasks[byNum["5"]]; five.Status != "not_started" {
			t.Errorf("task 5: %+v", five)
		}
		// Task 1 is milestone-based: 50% planned by June 30, its nodes missed.
		if one := st.Tasks[byNum["1"]]; one.Expected == nil || *one.Expected != 50 || one.Status != "severe" {
			t.Errorf("task 1: %+v", one)
		}
		var czj, zjj *struct {
			Name     string         `json:"name"`
			Tasks    int            `json:"tasks"`
			Progress float64        `json:"progress"`
			Expected float64        `json:"expected"`
			Behind   bool           `json:"behind"`
			Counts   map[string]int `json:"counts"`
		}
		for i := range st.Units {
			switch st.Units[i].Name {
			case "区财政局":
				czj = &st.Units[i]
			case "区住建局":
				zjj = &st.Units[i]
			}
		}
		if czj == nil || czj.Tasks != 1 || czj.Progress != 49 || czj.Expected != 53.7 || !czj.Behind || czj.Counts["lagging"] != 1 {
			t.Errorf("区财政局: %+v", czj)
		}
		// 区住建局 leads task 1 (weight 2, measured) and task 5 (not started,
		// 0 expected): (2·0 + 1·0)/3 progress against (2·50 + 0)/3 expected.
		if zjj == nil || zjj.Tasks != 2 || zjj.Expected != 33.3 || !zjj.Behind || zjj.Counts["not_started"] != 1 {
			t.Errorf("区住建局: %+v", zjj)
		}
	})
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func TestStatusHumanOutputAndBadDate(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		out, _, code := run(t, env.DSN, "status", "--as-of", "2023-07-15")
		if code != 0 || !strings.Contains(out, "共 5 项任务") || !strings.Contains(out, "背街小巷环境整治") {
			t.Errorf("status text: %d\n%s", code, out)
		}
		_, errs, code := run(t, env.DSN, "status", "--as-of", "2023-13-45")
		if code != 2 || !strings.Contains(errs, "2023-13-45") {
			t.Errorf("bad date: %d %s", code, errs)
		}
	})
}
