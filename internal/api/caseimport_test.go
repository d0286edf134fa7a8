package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
)

// ledgerBytes builds a workbook from rows and merged ranges.
func ledgerBytes(t *testing.T, rows [][]any, merges ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetSheetName(sh, "督办台账")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("督办台账", cell, &r)
	}
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		f.MergeCell("督办台账", a, b)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var xlsxHeader = map[string]string{"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

// An office imports its ledger: title row, two-row header, merged cells,
// full-width digits, traditional characters, "年底前" on a Sunday, limits in
// working days. Malformed sheets are refused whole, every problem named
// with its row, column and reason; the export reads back.
func TestCaseLedgerImportExport(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		addOffice(t, env, "dh_office", env.Fix.Units["东湖街道"])
		h := newHarness(env)
		header := [][]any{
			{"2023年区政府督办事项台账"},
			{"序号", "督辦事項", "来源", "交办领导", "承办单位", nil, "办理时限", "紧急程度", "具体要求", "备注"},
			{nil, nil, nil, nil, "牵头单位", "配合单位"},
		}
		merges := []string{"A1:J1", "E2:F2", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "G2:G3", "H2:H3", "I2:I3", "J2:J3"}
		good := ledgerBytes(t, append(header,
			[]any{1, "老旧小区加装电梯进度缓慢", "領導批示", "王建新", "区住建局", "区财政局", "１５个工作日", "紧急", "加快推进", "第一批"},
			[]any{2, "湖滨社区路灯不亮", "12345热线", nil, "东湖街道（牵头）", nil, "年底前", nil, nil, nil},
			[]any{3, "预算公开", "人大建议", "李经发", "區財政局", nil, "2023-08-15", "一般", nil, nil},
		), merges...)
		parseErrors := ledgerBytes(t, append(header,
			[]any{1, nil, "领导批示", "王建新", "区住建局", nil, "8月底前"},
			[]any{2, "路灯维修", "小道消息", nil, "区城管局", nil, "10个工作日"},
			[]any{3, "河道保洁", "督查发现", nil, "区住建局", nil, "长期坚持"},
		), merges...)
		rowErrors := ledgerBytes(t, append(header,
			[]any{1, "环境整治", "督查发现", nil, "区环保局", nil, "10个工作日"},
			[]any{2, "国庆安保", "上级交办", nil, "区城管局", "区公安局", "2023-10-01"},
			[]any{3, "预算公开", "人大建议", "张三", "区财政局", nil, "2023-08-15"},
			[]any{4, "背街小巷积水", "群众反映", nil, "东湖街道", nil, "2023-07-14"},
		), merges...)
		imp := func(name, as, query string, body []byte, status int, json map[string]any, contains ...string) scenario {
			return scenario{name: name, as: as, method: "POST", path: "/api/v1/imports/cases" + query, body: body, header: xlsxHeader,
				status: status, json: json, contains: contains, unchanged: status != 200}
		}
		h.run(t, []scenario{
			imp("a liaison may not import", "zjj_lly", "", good, 403, nil),
			imp("not a workbook", "office", "", []byte("序号,督办事项"), 422, map[string]any{"error.message": "无法读取上传的文件，请确认它是 Excel 工作簿（.xlsx）。"}),
			imp("cells the sheet cannot hold", "office", "", parseErrors, 422, map[string]any{"error.details.#": 3},
				"工作表「督办台账」第4行 B列（督辦事項）：有序号「1」但没有督办事项",
				"工作表「督办台账」第5行 C列（来源）：无法识别的来源「小道消息」，可填写：领导批示、会议议定、上级交办、人大建议、政协提案、群众反映、督查发现、任务滞后",
				"工作表「督办台账」第6行 G列（办理时限）：办理时限不能是「长期坚持」"),
			imp("names and dates the system refuses", "office", "", rowErrors, 422,
				map[string]any{"error.message": "导入失败：发现 5 处问题，未导入任何数据。", "error.details.#": 5},
				"工作表「督办台账」第4行 E列（牵头单位）：系统中没有单位「区环保局」",
				"工作表「督办台账」第5行 F列（配合单位）：系统中没有单位「区公安局」",
				"工作表「督办台账」第5行 G列（办理时限）：2023-10-01（国庆节假期）不是工作日，办理时限须为工作日（最近的工作日是 2023-10-07）。",
				"工作表「督办台账」第6行 D列（交办领导）：系统中没有名为「张三」的领导。",
				"工作表「督办台账」第7行 G列（办理时限）：办理时限 2023-07-14 早于今天（2023-07-17）。"),
			imp("a street office cannot import a department's cases", "dh_office", "", good, 422, nil,
				"第4行 E列（牵头单位）：区住建局不在您的督查范围内。"),
			imp("the ledger imports and is assigned", "office", "?assign=1&file_name=台账.xlsx", good, 200,
				map[string]any{"rows": 3, "created": 3, "assigned": true, "cases.0.number": "督〔2023〕1号", "cases.0.row": 4,
					"cases.0.deadline": "2023-08-07", "cases.1.lead_unit": "东湖街道", "cases.1.deadline": "2023-12-29",
					"cases.2.lead_unit": "区财政局", "cases.2.deadline": "2023-08-15"},
			),
			{name: "the cases are there", as: "office", method: "GET", path: "/api/v1/cases?source=instruction", status: 200,
				json: map[string]any{"total": 1, "items.0.title": "老旧小区加装电梯进度缓慢", "items.0.state": "assigned", "items.0.urgency": "urgent",
					"items.0.leader": "王建新", "items.0.co_units": []string{"区财政局"}, "items.0.content": "加快推进\n备注：第一批"}},
			{name: "with their origin on the timeline", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 1, "items.0.todo": "sign"}},
			imp("not twice", "office", "", good, 422, map[string]any{"error.details.#": 3},
				"工作表「督办台账」第4行 B列（督辦事項）：已有未办结的督办件 督〔2023〕1号，督办事项和承办单位都相同。"),
			{name: "the template", as: "dh_lly", method: "GET", path: "/api/v1/imports/templates/cases.xlsx", status: 200,
				headers: map[string]string{"Content-Disposition": "cases.xlsx"}},
		})
		if n := auditCount(t, h, "action=import.cases"); n != 1 {
			t.Errorf("%d import audit entries", n)
		}
		if n := auditCount(t, h, "action=case.import_create"); n != 3 {
			t.Errorf("%d case audit entries", n)
		}

		// The export has the office's columns, one row per case in the listing.
		rows := exportRows(t, h, "office", "")
		if len(rows) != 5 {
			t.Fatalf("export rows: %q", rows)
		}
		if got := strings.Join(rows[1], "|"); got != "序号|督办事项|来源|承办单位|办理时限|办理情况|办结情况|备注" {
			t.Errorf("header: %s", got)
		}
		byTitle := map[string][]string{}
		for _, r := range rows[2:] {
			byTitle[r[1]] = r
		}
		lift := byTitle["老旧小区加装电梯进度缓慢"]
		if len(lift) < 8 || lift[2] != "领导批示（王建新）" || lift[3] != "区住建局（牵头）、区财政局（配合）" || lift[4] != "2023-08-07" ||
			lift[5] != "待签收" || lift[6] != "未办结，剩余 15 个工作日" || !strings.Contains(lift[7], "编号：督〔2023〕1号") || !strings.Contains(lift[7], "紧急") {
			t.Errorf("exported case 1: %q", lift)
		}
		// It follows the listing's filters and the caller's scope.
		if rows := exportRows(t, h, "office", "?unit="+id(env.Fix.Units["东湖街道"])); len(rows) != 3 || rows[2][1] != "湖滨社区路灯不亮" {
			t.Errorf("filtered export: %q", rows)
		}
		if rows := exportRows(t, h, "czj_lly", ""); len(rows) != 4 {
			t.Errorf("the finance bureau's export: %q", rows)
		}
		if res := h.call(t, "office", "GET", "/api/v1/cases/export.xlsx?light=purple", nil); res.status != 422 {
			t.Errorf("bad filter: %d", res.status)
		}
	})
}

// exportRows downloads the ledger and reads its cells back.
func exportRows(t *testing.T, h *harness, as, query string) [][]string {
	t.Helper()
	res := h.call(t, as, http.MethodGet, "/api/v1/cases/export.xlsx"+query, nil)
	if res.status != 200 || !strings.Contains(res.header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("export: %d %s", res.status, res.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
