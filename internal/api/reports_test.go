package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
)

// pngBytes is the smallest PNG header http.DetectContentType recognises.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

func TestReportWorkflow(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		t1 := "/api/v1/tasks/" + id(f.Tasks["1"])
		t4 := "/api/v1/tasks/" + id(f.Tasks["4"])
		t5 := "/api/v1/tasks/" + id(f.Tasks["5"])
		report := `{"progress":55,"done":"主体工程已开工，完成设计招标","problems":"","next_steps":"推进主体施工","milestone_ids":[{{m1}},{{m2}}]%s}`
		h.run(t, []scenario{
			{name: "the liaison reads the task's nodes", as: "zjj_lly", method: "GET", path: t1, status: 200,
				json: map[string]any{"can_report": true}, capture: map[string]string{"m1": "milestones.0.id", "m2": "milestones.1.id"}},
			{name: "a progress of 120", as: "zjj_lly", method: "POST", path: t1 + "/reports", body: `{"progress":120,"done":"x"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "progress", "error.message": "完成进度须在 0–100 之间。"}},
			{name: "a report dated tomorrow", as: "zjj_lly", method: "POST", path: t1 + "/reports", body: `{"progress":10,"date":"2023-07-16"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "date"}},
			{name: "a node of another task", as: "zjj_lly", method: "POST", path: t1 + "/reports", body: `{"progress":10,"milestone_ids":[999]}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "milestone_ids"}},
			{name: "a co-unit cannot report", as: "czj_lly", method: "POST", path: t1 + "/reports", body: `{"progress":10}`, status: 403, unchanged: true},
			{name: "an unrelated unit cannot see the task", as: "dh_lly", method: "POST", path: t1 + "/reports", body: `{"progress":10}`, status: 404, unchanged: true},

			{name: "the liaison saves a draft", as: "zjj_lly", method: "POST", path: t1 + "/reports", body: fmt.Sprintf(report, ""), status: 200,
				json:    map[string]any{"status": "draft", "version": 1, "period": "2023-07", "date": "2023-07-15", "progress": 55, "unit_name": "区住建局", "source": "api"},
				capture: map[string]string{"r1": "id"}},
			{name: "another unit does not see the draft in the list", as: "czj_lly", method: "GET", path: t1 + "/reports", status: 200,
				json: map[string]any{"total": 0, "items": []any{}}},
			{name: "nor by its ID", as: "czj_lly", method: "GET", path: "/api/v1/reports/{{r1}}", status: 404, absent: []string{"主体工程"}},
			{name: "nor does the office", as: "office", method: "GET", path: "/api/v1/reports/{{r1}}", status: 404},
			{name: "the unit head sees the unit's open draft", as: "zjj_fzr", method: "GET", path: "/api/v1/reports/open", status: 200,
				json: map[string]any{"items[id={{r1}}].status": "draft"}},
			{name: "a draft is not in the queue", as: "zjj_fzr", method: "GET", path: "/api/v1/reports/queue", status: 200, json: map[string]any{"total": 0}},
			{name: "a draft cannot be approved", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r1}}/approve", status: 409, unchanged: true},

			{name: "the liaison submits", as: "zjj_lly", method: "POST", path: t1 + "/reports", body: fmt.Sprintf(report, `,"submit":true`), status: 200,
				json: map[string]any{"id": "{{r1}}", "status": "submitted", "version": 1}},
			{name: "submitted reports are visible to the co-unit", as: "czj_lly", method: "GET", path: t1 + "/reports", status: 200,
				json: map[string]any{"total": 1, "items.0.can_review": false}},
			{name: "another unit's head has nothing to review", as: "czj_fzr", method: "GET", path: "/api/v1/reports/queue", status: 200, json: map[string]any{"total": 0}},
			{name: "nor may approve it", as: "czj_fzr", method: "POST", path: "/api/v1/reports/{{r1}}/approve", status: 403, unchanged: true},
			{name: "a liaison may not approve", as: "zjj_lly", method: "POST", path: "/api/v1/reports/{{r1}}/approve", status: 403, unchanged: true},
			{name: "it waits in the unit head's queue", as: "zjj_fzr", method: "GET", path: "/api/v1/reports/queue", status: 200,
				json: map[string]any{"total": 1, "items.0.id": "{{r1}}", "items.0.task_number": "1", "items.0.task_title": "老旧小区改造提升", "items.0.can_review": true}},
			{name: "unapproved progress does not count", as: "office", method: "GET", path: t1, status: 200,
				json: map[string]any{"progress": 0, "status": "severe"}},
			{name: "the unit head approves", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r1}}/approve", body: `{"comment":"同意"}`, status: 200,
				json: map[string]any{"status": "approved", "review_comment": "同意", "reviewer_id": f.Accounts["zjj_fzr"]},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=report&action=report.approve&entity_id="+h.vars["r1"]); n != 1 {
						t.Errorf("%d report.approve entries", n)
					}
					if n := auditCount(t, h, "entity=milestone&action=milestone.complete"); n != 2 {
						t.Errorf("%d milestone.complete entries", n)
					}
				}},
			{name: "not twice", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r1}}/approve", status: 409, unchanged: true,
				contains: []string{"不在待审核状态"}},
			{name: "the task's progress and status change", as: "office", method: "GET", path: t1 + "?as_of=2023-07-15", status: 200,
				json: map[string]any{"progress": 55, "expected": 50, "gap": -5, "status": "on_track", "missed_milestones": 0,
					"milestones.0.completed_on": "2023-07-15", "milestones.1.completed_on": "2023-07-15", "milestones.2.completed_on": nil}},
			{name: "and in the status report", as: "office", method: "GET", path: "/api/v1/status?as_of=2023-07-15", status: 200,
				json: map[string]any{"tasks[number=1].progress": 55, "tasks[number=1].status": "on_track", "tasks[number=1].expected": 50}},

			// A change after approval is a new version; the approved one stays.
			{name: "a correction after approval", as: "zjj_lly", method: "POST", path: t1 + "/reports",
				body: `{"progress":60,"done":"主体施工过半","next_steps":"主体完工","submit":true}`, status: 200,
				json: map[string]any{"version": 2, "supersedes": "{{r1}}", "status": "submitted", "period": "2023-07"}, capture: map[string]string{"r2": "id"}},
			{name: "version 1 is kept as approved", as: "zjj_lly", method: "GET", path: "/api/v1/reports/{{r1}}", status: 200,
				json: map[string]any{"version": 1, "status": "approved", "progress": 55, "done": "主体工程已开工，完成设计招标"}},
			{name: "both versions are listed", as: "zjj_lly", method: "GET", path: t1 + "/reports", status: 200,
				json: map[string]any{"total": 2, "items[version=2].id": "{{r2}}", "items[version=1].id": "{{r1}}"}},
			{name: "version 1 counts until version 2 is approved", as: "office", method: "GET", path: t1, status: 200, json: map[string]any{"progress": 55}},
			{name: "version 2 is approved", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r2}}/approve", status: 200},
			{name: "version 2 counts", as: "office", method: "GET", path: t1, status: 200, json: map[string]any{"progress": 60}},

			// Return with a reason.
			{name: "a report on task 5", as: "zjj_lly", method: "POST", path: t5 + "/reports", body: `{"progress":5,"done":"完成选址","submit":true}`, status: 200,
				capture: map[string]string{"r5": "id"}},
			{name: "returning needs a reason", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r5}}/return", body: `{"comment":"  "}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "comment"}, contains: []string{"退回理由"}},
			{name: "an unknown field in a review", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r5}}/return", body: `{"reason":"x"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "reason"}},
			{name: "the unit head returns it", as: "zjj_fzr", method: "POST", path: "/api/v1/reports/{{r5}}/return", body: `{"comment":"请补充选址依据"}`, status: 200,
				json: map[string]any{"status": "returned", "review_comment": "请补充选址依据"}},
			{name: "the liaison finds it among open reports", as: "zjj_lly", method: "GET", path: "/api/v1/reports/open", status: 200,
				json: map[string]any{"items[id={{r5}}].status": "returned", "items[id={{r5}}].review_comment": "请补充选址依据"}},
			{name: "and resubmits it", as: "zjj_lly", method: "POST", path: t5 + "/reports", body: `{"progress":5,"done":"完成选址，附选址论证","submit":true}`, status: 200,
				json: map[string]any{"id": "{{r5}}", "status": "submitted", "version": 1}},

			// Evidence files, as multipart.
			{name: "a report with a photo", as: "dh_lly", method: "POST", path: t4 + "/reports", status: 200,
				form: &form{fields: [][2]string{{"progress", "30"}, {"done", "建成服务站2个"}, {"submit", "true"}, {"date", "2023-07-10"}},
					files: []formFile{{"files", "现场照片.png", "image/png", pngBytes}}},
				json:    map[string]any{"files.0.name": "现场照片.png", "files.0.content_type": "image/png", "status": "submitted", "date": "2023-07-10", "progress": 30},
				capture: map[string]string{"f1": "files.0.id", "r4": "id"},
				check: func(t *testing.T, h *harness, res *result) {
					if url := res.get(t, "files.0.url").(string); url != "/api/v1/files/"+h.vars["f1"] {
						t.Errorf("file url %s", url)
					}
				}},
			{name: "downloading it", as: "dh_lly", method: "GET", path: "/api/v1/files/{{f1}}", status: 200,
				headers: map[string]string{"Content-Disposition": "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png", "X-Content-Type-Options": "nosniff",
					"Content-Type": "image/png"},
				check: func(t *testing.T, _ *harness, res *result) {
					if !bytes.Equal(res.body, pngBytes) {
						t.Errorf("downloaded %d bytes, want the upload", len(res.body))
					}
				}},
			{name: "another unit cannot download it", as: "czj_lly", method: "GET", path: "/api/v1/files/{{f1}}", status: 404},
			{name: "a script is not evidence", as: "dh_lly", method: "POST", path: t4 + "/reports", status: 422, unchanged: true,
				form: &form{fields: [][2]string{{"progress", "30"}}, files: []formFile{{"files", "x.html", "text/html", []byte("<html><script>alert(1)</script>")}}},
				json: map[string]any{"error.field": "files"}, contains: []string{"类型不允许"}},
			{name: "an unknown form field", as: "dh_lly", method: "POST", path: t4 + "/reports", status: 422, unchanged: true,
				form: &form{fields: [][2]string{{"progres", "30"}}}, json: map[string]any{"error.field": "progres"}},
			{name: "a bad form date", as: "dh_lly", method: "POST", path: t4 + "/reports", status: 422, unchanged: true,
				form: &form{fields: [][2]string{{"date", "7月10日"}}}, json: map[string]any{"error.field": "date"}},
		})
	})
}

// A report's JSON is the domain's, plus names.
func TestReportShape(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		res := h.call(t, "dh_lly", "POST", "/api/v1/tasks/"+id(env.Fix.Tasks["4"])+"/reports", map[string]any{"progress": 12.34, "done": "起步"})
		if res.status != 200 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		var r domain.Report
		if err := json.Unmarshal(res.body, &r); err != nil {
			t.Fatal(err)
		}
		if r.Progress != 12.3 || r.Status != domain.ReportDraft || r.TaskID != env.Fix.Tasks["4"] || r.UnitID != env.Fix.Units["东湖街道"] {
			t.Errorf("report %+v", r)
		}
	})
}
