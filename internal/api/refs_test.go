package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// A missing row is missing (404) whoever asks, before any permission check.
func TestMissingRowsAndReferences(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "the office edits a missing unit", as: "office", method: "PUT", path: "/api/v1/units/99999", status: 404, unchanged: true,
				body: `{"name":"区教育局","kind":"department"}`, json: map[string]any{"error.code": "not_found"}},
			{name: "a liaison edits a missing unit", as: "czj_lly", method: "PUT", path: "/api/v1/units/99999", status: 404, unchanged: true,
				body: `{"name":"区教育局","kind":"department"}`},
			{name: "a liaison edits an existing unit", as: "czj_lly", method: "PUT", path: "/api/v1/units/" + id(env.Fix.Units["区财政局"]),
				status: 403, unchanged: true, body: `{"name":"区财政局","kind":"department"}`},
		})
	})
}
