package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// An evaluation over the API: the office sets it up, issues codes, opens
// it; a voter with no token reads the ballot and votes once; the results
// wait for the close. Refusals change nothing.
func TestEvaluationAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		f := env.Fix
		h := newHarness(env)
		zjj, czj := id(f.Units["区住建局"]), id(f.Units["区财政局"])
		e := "/api/v1/evaluations/{{e}}"
		h.run(t, []scenario{
			{name: "a liaison cannot set up", as: "zjj_lly", method: "POST", path: "/api/v1/evaluations", body: `{}`, status: 403, unchanged: true},
			{name: "bad weight", as: "office", method: "POST", path: "/api/v1/evaluations",
				body:   `{"year":2023,"code":"API1","name":"测评","unit_ids":[` + zjj + `,` + czj + `],"options":[{"label":"好","points":100},{"label":"差","points":0}],"groups":[{"key":"public","name":"群众","weight":0,"quorum":1}]}`,
				status: 422, contains: []string{"评议群体“群众”的权重须大于 0。"}, unchanged: true},
			{name: "set up", as: "office", method: "POST", path: "/api/v1/evaluations",
				body:   `{"year":2023,"code":"API1","name":"测评","unit_ids":[` + zjj + `,` + czj + `],"options":[{"label":"好","points":100},{"label":"差","points":0}],"groups":[{"key":"public","name":"群众","weight":1,"quorum":1}]}`,
				status: 201, json: map[string]any{"state": "draft", "units.#": 2.0}, capture: map[string]string{"e": "id"}},
			{name: "codes", as: "office", method: "POST", path: e + "/codes", body: `{"group":"public","count":2}`, status: 201,
				json: map[string]any{"codes.#": 2.0}, capture: map[string]string{"c1": "codes.0.code", "c2": "codes.1.code"}},
			{name: "open", as: "office", method: "POST", path: e + "/open", status: 200, json: map[string]any{"state": "open"}},
			{name: "ballot without a token", method: "GET", path: "/api/v1/vote/{{c1}}", status: 200, json: map[string]any{"group": "群众", "units.#": 2.0}},
			{name: "missing answer", method: "POST", path: "/api/v1/vote", body: `{"code":"{{c1}}","answers":{"` + zjj + `":{"o":1}}}`, status: 422,
				contains: []string{"请对“区财政局”作出评价或选择弃权。"}, unchanged: true},
			{name: "vote", method: "POST", path: "/api/v1/vote", body: `{"code":"{{c1}}","answers":{"` + zjj + `":{"o":1},"` + czj + `":{"a":true}}}`, status: 201},
			{name: "vote again", method: "POST", path: "/api/v1/vote", body: `{"code":"{{c1}}","answers":{"` + zjj + `":{"o":2},"` + czj + `":{"o":2}}}`, status: 409,
				contains: []string{"该票码已使用。"}, unchanged: true},
			{name: "results before closing", as: "office", method: "GET", path: e + "/results", status: 409, contains: []string{"测评尚未结束，结果在结束后公布。"}},
			{name: "turnout", as: "office", method: "GET", path: e, status: 200, json: map[string]any{"turnout.0.used": 1.0, "turnout.0.issued": 2.0}},
			{name: "a liaison does not see it", as: "zjj_lly", method: "GET", path: e, status: 404},
			{name: "close", as: "office", method: "POST", path: e + "/close", status: 200, json: map[string]any{"state": "closed"}},
			{name: "vote after closing", method: "POST", path: "/api/v1/vote", body: `{"code":"{{c2}}","answers":{"` + zjj + `":{"o":1},"` + czj + `":{"o":1}}}`, status: 409,
				contains: []string{"测评已结束。"}, unchanged: true},
			{name: "results", as: "office", method: "GET", path: e + "/results", status: 200,
				json: map[string]any{"units.0.score": 100.0, "units.1.scored": false, "units.0.formula.expr": "(1 × 100.00) ÷ (1) = 100.00"}},
			{name: "the liaison's unit only", as: "zjj_lly", method: "GET", path: e + "/results", status: 200, json: map[string]any{"units.#": 1.0}},
		})
	})
}
