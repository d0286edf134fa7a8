package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// 亮点 over the API: a unit declares for itself only, a third is refused,
// evaluation before acceptance is refused, the office decides and
// evaluates; refusals change nothing.
func TestHighlightsAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "ambitions", as: "zjj_lly", method: "GET", path: "/api/v1/highlight-ambitions", status: 200, json: map[string]any{"ambitions.2": "全市第一"}},
			{name: "declare", as: "zjj_lly", method: "POST", path: "/api/v1/highlights", body: `{"title":"老旧小区改造","content":"32个小区","ambition":"全市第一","declare":true}`,
				status: 201, json: map[string]any{"state": "declared", "unit": "区住建局", "year": 2023}, capture: map[string]string{"a": "id"}},
			{name: "a second", as: "zjj_fzr", method: "POST", path: "/api/v1/highlights", body: `{"title":"智慧停车","content":"泊位","ambition":"全省前列"}`,
				status: 201, json: map[string]any{"state": "draft"}, capture: map[string]string{"b": "id"}},
			{name: "not a third", as: "zjj_lly", method: "POST", path: "/api/v1/highlights", body: `{"title":"第三","content":"c","ambition":"全市第一"}`,
				status: 409, unchanged: true, json: map[string]any{"error.message": "每个单位每年最多申报2项亮点，本年度已满；可撤回草稿或被退回的亮点后再申报。"}},
			{name: "not for another unit", as: "czj_lly", method: "POST", path: "/api/v1/highlights",
				body: `{"unit_id":` + id(env.Fix.Units["区住建局"]) + `,"title":"t","content":"c","ambition":"全市第一"}`, status: 403, unchanged: true},
			{name: "another unit cannot read it", as: "czj_lly", method: "GET", path: "/api/v1/highlights/{{a}}", status: 404},
			{name: "nor list it", as: "czj_lly", method: "GET", path: "/api/v1/highlights?year=2023", status: 200, json: map[string]any{"total": 0}},
			{name: "no evaluation before acceptance", as: "office", method: "POST", path: "/api/v1/highlights/{{a}}/evaluate",
				body: `{"achieved":"met","score":90,"comment":"好"}`, status: 409, unchanged: true,
				json: map[string]any{"error.message": "该亮点已申报，认定后才能进行年终评价。"}},
			{name: "a liaison cannot accept", as: "zjj_lly", method: "POST", path: "/api/v1/highlights/{{a}}/decide", body: `{"accept":true}`, status: 403, unchanged: true},
			{name: "accepted", as: "office", method: "POST", path: "/api/v1/highlights/{{a}}/decide", body: `{"accept":true}`, status: 200,
				json: map[string]any{"state": "accepted", "can.evaluate": true}},
			{name: "supporting files need a form", as: "zjj_lly", method: "POST", path: "/api/v1/highlights/{{a}}/files", body: `{}`, status: 422, unchanged: true},
			{name: "a supporting file", as: "zjj_lly", method: "POST", path: "/api/v1/highlights/{{a}}/files", form: &form{
				files: []formFile{{field: "files", name: "验收报告.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 验收")}}},
				status: 200, json: map[string]any{"files.#": 1, "files.0.name": "验收报告.pdf", "can.attach": true}, capture: map[string]string{"file": "files.0.id"}},
			{name: "not by another unit", as: "czj_lly", method: "POST", path: "/api/v1/highlights/{{a}}/files", form: &form{
				files: []formFile{{field: "files", name: "x.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 x")}}}, status: 404, unchanged: true},
			{name: "the office downloads it", as: "office", method: "GET", path: "/api/v1/highlight-files/{{file}}", status: 200, contains: []string{"%PDF-1.4 验收"}},
			{name: "another unit cannot", as: "czj_lly", method: "GET", path: "/api/v1/highlight-files/{{file}}", status: 404},
			{name: "a score out of range", as: "office", method: "POST", path: "/api/v1/highlights/{{a}}/evaluate",
				body: `{"achieved":"met","score":120,"comment":"好"}`, status: 422, unchanged: true,
				json: map[string]any{"error.field": "score", "error.message": "评分120超出范围：须在0至100之间。"}},
			{name: "evaluated", as: "office", method: "POST", path: "/api/v1/highlights/{{a}}/evaluate",
				body: `{"achieved":"met","grade":"优秀","comment":"获全市第一"}`, status: 200, json: map[string]any{"evaluation.achieved": "met", "evaluation.grade": "优秀"}},
			{name: "no file after the evaluation", as: "zjj_lly", method: "POST", path: "/api/v1/highlights/{{a}}/files", form: &form{
				files: []formFile{{field: "files", name: "y.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 y")}}},
				status: 409, unchanged: true, json: map[string]any{"error.message": "该亮点已完成年终评价，不能再补充佐证材料。"}},
			{name: "the office lists both", as: "office", method: "GET", path: "/api/v1/highlights?year=2023", status: 200, json: map[string]any{"total": 2}},
			{name: "the draft withdrawn", as: "zjj_lly", method: "DELETE", path: "/api/v1/highlights/{{b}}", status: 204},
			{name: "an accepted one cannot be", as: "zjj_lly", method: "DELETE", path: "/api/v1/highlights/{{a}}", status: 409, unchanged: true},
		})
	})
}
