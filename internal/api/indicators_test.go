package api_test

import (
	"fmt"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// Indicator values count when the office records them or when the report
// that carries them is approved, never before.
func TestIndicatorValues(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		f := env.Fix
		plan := fmt.Sprintf("/api/v1/plans/%d", f.Plan.ID)
		res := h.call(t, "office", "POST", plan+"/indicators", map[string]any{"name": "改造小区数", "measure": "个", "baseline": 0, "target": 32,
			"direction": "up", "task_id": f.Tasks["1"]})
		if res.status != 201 {
			t.Fatalf("create indicator: %d %s", res.status, res.body)
		}
		ind := int64(res.get(t, "id").(float64))
		if res := h.call(t, "office", "POST", fmt.Sprintf("%s/indicators/%d/values", plan, ind), map[string]any{"date": "2023-06-30", "value": 8}); res.status != 201 {
			t.Fatalf("record value: %d %s", res.status, res.body)
		}
		if res := h.call(t, "zjj_lly", "POST", fmt.Sprintf("%s/indicators/%d/values", plan, ind), map[string]any{"date": "2023-06-30", "value": 30}); res.status != 403 {
			t.Errorf("a liaison records a value directly: %d", res.status)
		}
		latest := func() (float64, float64) {
			res := h.call(t, "office", "GET", plan+"/indicators", nil)
			return res.get(t, "items.0.latest.value").(float64), res.get(t, "items.0.attainment").(float64)
		}
		if v, a := latest(); v != 8 || a != 25 {
			t.Fatalf("after the office's value: %v, %v%%", v, a)
		}
		rep := h.call(t, "zjj_lly", "POST", fmt.Sprintf("/api/v1/tasks/%d/reports", f.Tasks["1"]), map[string]any{"date": "2023-07-14", "progress": 55,
			"done": "完成16个小区", "submit": true, "indicators": map[string]any{fmt.Sprint(ind): 16}})
		if rep.status != 200 && rep.status != 201 {
			t.Fatalf("report with an indicator value: %d %s", rep.status, rep.body)
		}
		if v, _ := latest(); v != 8 {
			t.Errorf("a submitted report's value counted before approval: %v", v)
		}
		if res := h.call(t, "zjj_fzr", "POST", fmt.Sprintf("/api/v1/reports/%v/approve", rep.get(t, "id")), nil); res.status != 200 {
			t.Fatalf("approve: %d %s", res.status, res.body)
		}
		if v, a := latest(); v != 16 || a != 50 {
			t.Errorf("after approval: %v, %v%%", v, a)
		}
		// A value for an indicator of another task is refused.
		other := h.call(t, "office", "POST", plan+"/indicators", map[string]any{"name": "收入增幅", "measure": "%", "target": 6, "task_id": f.Tasks["2"]})
		bad := h.call(t, "zjj_lly", "POST", fmt.Sprintf("/api/v1/tasks/%d/reports", f.Tasks["1"]), map[string]any{"date": "2023-07-14", "progress": 56,
			"done": "x", "indicators": map[string]any{fmt.Sprint(other.get(t, "id")): 3}})
		if bad.status != 422 {
			t.Errorf("foreign indicator: %d %s", bad.status, bad.body)
		}
	})
}
