package api_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The 时间过半、任务过半 review over the API: scoped to the caller, a bad
// date refused in Chinese, reading changes nothing.
func TestReviewAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "the office sees every group", as: "office", method: "GET", path: "/api/v1/review?date=2023-07-02", status: 200, unchanged: true,
				json: map[string]any{"date": "2023-07-02", "time_progress": 50.13, "units.#": 4, "units.0.name": "区住建局", "units.0.pass": false,
					"units.0.behind.0.number": "1", "units[name=东湖街道].pass": true, "sectors.#": 4, "fronts.#": 2, "leaders.#": 2}},
			{name: "a liaison sees their unit only", as: "zjj_lly", method: "GET", path: "/api/v1/review?date=2023-07-02", status: 200,
				json: map[string]any{"units.#": 1, "units.0.name": "区住建局", "sectors.#": 0, "fronts.#": 0, "leaders.#": 0}, absent: []string{"区财政局\",\"tasks"}},
			{name: "a leader sees what they lead", as: "leader_li", method: "GET", path: "/api/v1/review?date=2023-07-02", status: 200,
				json: map[string]any{"units.#": 1, "units.0.name": "区财政局", "sectors.0.name": "经济发展口", "fronts.0.name": "招商税源战线", "leaders.0.name": "李经发"}},
			{name: "a date that is not a date", as: "office", method: "GET", path: "/api/v1/review?date=2023-02-30", status: 422, unchanged: true,
				json: map[string]any{"error.field": "date", "error.message": "检查日期“2023-02-30”不是有效日期，请按“2024-06-30”的格式填写。"}},
			{name: "a plan that is not there", as: "office", method: "GET", path: "/api/v1/review?plan=999", status: 422, unchanged: true,
				json: map[string]any{"error.field": "plan"}},
			{name: "no token", method: "GET", path: "/api/v1/review", status: 401},
		})
	})
}
