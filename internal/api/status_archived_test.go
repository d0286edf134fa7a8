package api_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/service"
)

// An archived plan drops out of the overall status but is reported when
// named.
func TestStatusOfAnArchivedPlan(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		pl := env.Fix.Plan
		if _, err := env.App.Service.UpdatePlan(context.Background(), service.SystemPrincipal("test"), pl.ID, service.PlanInput{
			Name: pl.Name, Year: pl.Year, Kind: pl.Kind, Start: pl.Start, End: pl.End, OwnerUnitID: pl.OwnerUnitID, Cadence: pl.Cadence,
			DueDay: pl.DueDay, SevereGap: pl.SevereGap, DueSoonDays: pl.DueSoonDays, Archived: true}); err != nil {
			t.Fatal(err)
		}
		newHarness(env).run(t, []scenario{
			{name: "overall", as: "office", method: "GET", path: "/api/v1/status", status: 200, json: map[string]any{"tasks.#": 0}},
			{name: "the plan named", as: "office", method: "GET", path: "/api/v1/status?plan=" + id(pl.ID), status: 200, json: map[string]any{"tasks.#": 5}},
		})
	})
}
