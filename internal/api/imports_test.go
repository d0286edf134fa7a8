package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
)

func sheetBytes(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sh, cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func postSheet(t *testing.T, env *apptest.Env, token, path string, body []byte) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", env.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func TestImportEndpoints(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		office := h.token(t, "office")
		tasks := sheetBytes(t, [][]any{
			{"2023年防汛专项任务"},
			{"序号", "任务名称", "牵头单位", "完成时限"},
			{"1", "排涝泵站检修", "区城管局", "5月底前"},
			{"2", "易涝点整治", "区住建局、东湖街道", "6月底前"},
		})
		code, out := postSheet(t, env, office, "/api/v1/imports/tasks?file_name=防汛.xlsx", tasks)
		if code != 200 || out["created"] != float64(2) || out["plan_created"] != true {
			t.Fatalf("import tasks: %d %v", code, out)
		}
		code, out = postSheet(t, env, office, "/api/v1/imports/tasks", tasks)
		if code != 200 || out["created"] != float64(0) || out["unchanged"] != float64(2) {
			t.Fatalf("second import: %d %v", code, out)
		}
		progress := sheetBytes(t, [][]any{
			{"序号", "完成进度", "本期进展", "填报日期"},
			{"1", "已完成", "全部检修完毕", "2023-05-30"},
			{"2", "60%", "完成12处", "2023-07-10"},
		})
		code, out = postSheet(t, env, office, "/api/v1/imports/progress?plan="+url.QueryEscape("2023年防汛专项任务"), progress)
		if code != 200 || out["reports"] != float64(2) {
			t.Fatalf("import progress: %d %v", code, out)
		}
		// A liaison may not import: imported reports count as approved.
		code, _ = postSheet(t, env, h.token(t, "zjj_lly"), "/api/v1/imports/progress?plan="+url.QueryEscape("2023年防汛专项任务"), progress)
		if code != 403 {
			t.Errorf("liaison import: %d", code)
		}
		bad := sheetBytes(t, [][]any{{"2023年X"}, {"序号", "任务名称", "牵头单位", "完成时限"}, {"1", "甲", "区教育局", "6月底签"}})
		code, out = postSheet(t, env, office, "/api/v1/imports/tasks", bad)
		e, _ := out["error"].(map[string]any)
		details, _ := json.Marshal(e["details"])
		if code != 422 || !strings.Contains(string(details), "第3行") {
			t.Errorf("bad sheet: %d %v", code, out)
		}
		req, _ := http.NewRequest("GET", env.URL+"/api/v1/imports/templates/tasks.xlsx?year=2024", nil)
		req.Header.Set("Authorization", "Bearer "+office)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.HasPrefix(raw, []byte("PK")) {
			t.Errorf("template: %d %d bytes", resp.StatusCode, len(raw))
		}
	})
}
