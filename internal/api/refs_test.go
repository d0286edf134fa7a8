package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// A missing row is missing (404) whoever asks, before any permission
// check; a body naming a row that is not there is bad input (422) naming
// the field, not a missing page.
func TestMissingRowsAndReferences(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		plan := "/api/v1/plans/" + id(env.Fix.Plan.ID)
		h.run(t, []scenario{
			{name: "the office edits a missing unit", as: "office", method: "PUT", path: "/api/v1/units/99999", status: 404, unchanged: true,
				body: `{"name":"区教育局","kind":"department"}`, json: map[string]any{"error.code": "not_found"}},
			{name: "a liaison edits a missing unit", as: "czj_lly", method: "PUT", path: "/api/v1/units/99999", status: 404, unchanged: true,
				body: `{"name":"区教育局","kind":"department"}`},
			{name: "a liaison edits an existing unit", as: "czj_lly", method: "PUT", path: "/api/v1/units/" + id(env.Fix.Units["区财政局"]),
				status: 403, unchanged: true, body: `{"name":"区财政局","kind":"department"}`},
			{name: "a goal under a missing goal", as: "office", method: "POST", path: plan + "/goals", status: 422, unchanged: true,
				body: `{"title":"子目标","parent_id":99999}`, json: map[string]any{"error.field": "parent_id"}},
			{name: "an indicator of a missing goal", as: "office", method: "POST", path: plan + "/indicators", status: 422, unchanged: true,
				body: `{"name":"一般公共预算收入","goal_id":99999}`, json: map[string]any{"error.field": "goal_id"}},
			{name: "a missing goal is still missing", as: "office", method: "PUT", path: plan + "/goals/99999", status: 404, unchanged: true,
				body: `{"title":"改"}`},
		})
	})
}
