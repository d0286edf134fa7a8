package api_test

import (
	"encoding/json"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
)

// 公示 over the API: the office publishes, a liaison appeals, the office
// decides and adjusts, 定榜 after the window; the public reads without a
// token and never sees the appeals. Refusals change nothing.
func TestAssessPublicationAPI(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2026-09-30 09:00")
		f := env.Fix
		h := newHarness(env)
		unit := func(name string, a float64, rank int) domain.UnitResult {
			return domain.UnitResult{UnitID: f.Units[name], Unit: name, Category: "区直部门", Total: 70 + a, Rank: rank, Grade: "良好",
				Criteria: []domain.CriterionScore{{Code: "A1", Name: "重点项目推进", Kind: domain.CriterionBase, Max: 20, Score: a, Formula: domain.Formula{Expr: "x"}}}}
		}
		body, _ := json.Marshal(map[string]any{"scheme_id": 41, "year": 2026, "scheme_name": "2026年半年考核",
			"result": domain.AssessResult{Units: []domain.UnitResult{unit("区住建局", 18, 1), unit("区财政局", 16, 2)}}})
		zjj := id(f.Units["区住建局"])
		h.run(t, []scenario{
			{name: "a liaison cannot publish", as: "zjj_lly", method: "POST", path: "/api/v1/assess/runs", body: string(body), status: 403, unchanged: true},
			{name: "the office publishes", as: "office", method: "POST", path: "/api/v1/assess/runs", body: string(body), status: 201,
				json: map[string]any{"notice_end": "2026-10-12", "state": "notice", "open": true}, capture: map[string]string{"run": "id"}},
			{name: "twice", as: "office", method: "POST", path: "/api/v1/assess/runs", body: string(body), status: 409, unchanged: true},
			{name: "no reasons", as: "zjj_lly", method: "POST", path: "/api/v1/assess/runs/{{run}}/appeals", body: `{"criterion":"A1","reasons":""}`,
				status: 422, unchanged: true, json: map[string]any{"error.message": "请填写理由。"}},
			{name: "an appeal with a file", as: "zjj_lly", method: "POST", path: "/api/v1/assess/runs/{{run}}/appeals",
				form:   &form{fields: [][2]string{{"criterion", "A1"}, {"reasons", "保密理由"}}, files: []formFile{{field: "files", name: "证明.pdf", contentType: "application/pdf", data: []byte("%PDF-1.4 x")}}},
				status: 201, json: map[string]any{"appeals.#": 1, "appeals.0.files.#": 1}, capture: map[string]string{"appeal": "appeals.0.id"}},
			{name: "another unit does not see it", as: "czj_lly", method: "GET", path: "/api/v1/assess/runs/{{run}}", status: 200,
				json: map[string]any{"appeals.#": 0}, absent: []string{"保密理由"}},
			{name: "the public reads without a token", method: "GET", path: "/api/v1/public/assess/{{run}}", status: 200,
				json: map[string]any{"state": "notice", "result.units.0.unit": "区住建局"}, absent: []string{"保密理由"}},
			{name: "the public list", method: "GET", path: "/api/v1/public/assess", status: 200, json: map[string]any{"total": 1}},
			{name: "out of range", as: "office", method: "POST", path: "/api/v1/assess/appeals/{{appeal}}/decide",
				body: `{"state":"upheld","reason":"核实","score":21}`, status: 422, unchanged: true},
			{name: "upheld", as: "office", method: "POST", path: "/api/v1/assess/appeals/{{appeal}}/decide", body: `{"state":"upheld","reason":"核实","score":19}`, status: 204},
			{name: "adjusted without an appeal", as: "office", method: "POST", path: "/api/v1/assess/runs/{{run}}/adjustments",
				body: `{"unit_id":` + id(f.Units["区财政局"]) + `,"criterion":"A1","score":17,"reason":"复核"}`, status: 201, json: map[string]any{"before": 16.0, "after": 17.0}},
			{name: "the history", as: "office", method: "GET", path: "/api/v1/assess/runs/{{run}}", status: 200,
				json: map[string]any{"adjustments.#": 2, "adjustments.0.before": 18.0, "adjustments.0.after": 19.0, "appeals.0.state": "upheld"}},
			{name: "not final yet", as: "office", method: "POST", path: "/api/v1/assess/runs/{{run}}/finalize", status: 409, unchanged: true,
				json: map[string]any{"error.message": "公示期至 2026-10-12 结束，结束后方可定榜。"}},
		})
		clock.set("2026-10-13 09:00")
		h.run(t, []scenario{
			{name: "an appeal after the window", as: "zjj_lly", method: "POST", path: "/api/v1/assess/runs/{{run}}/appeals", body: `{"reasons":"x","unit_id":` + zjj + `}`,
				status: 409, unchanged: true, json: map[string]any{"error.message": "公示期已于 2026-10-12 结束，不能再提出申诉。"}},
			{name: "定榜", as: "office", method: "POST", path: "/api/v1/assess/runs/{{run}}/finalize", status: 200, json: map[string]any{"state": "final"}},
			{name: "a final run does not change", as: "office", method: "POST", path: "/api/v1/assess/runs/{{run}}/adjustments",
				body: `{"unit_id":` + zjj + `,"criterion":"A1","score":1,"reason":"x"}`, status: 409, unchanged: true},
		})
	})
}
