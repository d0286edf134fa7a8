package api_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The inbox read again is the one kept: a page of it does not shorten the
// next read, a signing limit passing turns it yellow, and a step shows at
// once.
func TestCaseInboxReadAgain(t *testing.T) {
	clock := newTestClock()
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		ctx := context.Background()
		office, err := env.App.DB.Read().AccountByLogin(ctx, "office")
		if err != nil {
			t.Fatal(err)
		}
		p := &service.Principal{Account: office}
		st := domain.DefaultCaseSettings()
		st.SignHours = 2
		if _, err := env.App.Service.SaveCaseSettings(ctx, p, st); err != nil {
			t.Fatal(err)
		}
		for _, title := range []string{"湖滨社区路灯不亮", "老旧小区加装电梯"} {
			if _, err := env.App.Service.CreateCase(ctx, p, service.CaseInput{Title: title, Source: domain.CaseSourcePublic,
				LeadUnitID: env.Fix.Units["区住建局"], LimitDays: 10, Assign: true}); err != nil {
				t.Fatal(err)
			}
		}
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "the inbox", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 2, "items.#": 2, "counts.todo": 2}},
			{name: "a page of it", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox?limit=1", status: 200,
				json: map[string]any{"total": 2, "items.#": 1, "items.0.light": "none"}},
			{name: "the whole inbox again", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"total": 2, "items.#": 2, "counts.todo": 2}, capture: map[string]string{"c": "items.0.id"}},
		})
		clock.set("2023-07-17 11:01")
		h.run(t, []scenario{
			{name: "past the signing limit", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"items.#": 2, "items.0.light": "yellow", "items.0.reason": "sign_overdue", "counts.lights.yellow": 2}},
			{name: "the liaison signs one", as: "zjj_lly", method: "POST", path: "/api/v1/cases/{{c}}/sign", status: 200},
			{name: "the inbox shows it at once", as: "zjj_lly", method: "GET", path: "/api/v1/cases/inbox", status: 200,
				json: map[string]any{"counts.todo": 2, "counts.states.working": 1, "counts.states.assigned": 1}},
		})
	})
}
