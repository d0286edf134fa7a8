package cli_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/service"
)

// An archived plan drops out of the overall status but is reported when
// named.
func TestStatusOfAnArchivedPlan(t *testing.T) {
	eachEnv(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Fix.Plan
		if _, err := env.App.Service.UpdatePlan(context.Background(), service.SystemPrincipal("test"), pl.ID, service.PlanInput{
			Name: pl.Name, Year: pl.Year, Kind: pl.Kind, Start: pl.Start, End: pl.End, OwnerUnitID: pl.OwnerUnitID, Cadence: pl.Cadence,
			DueDay: pl.DueDay, SevereGap: pl.SevereGap, DueSoonDays: pl.DueSoonDays, Archived: true}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			args []string
			want int
		}{
			{[]string{"status", "--json"}, 0},
			{[]string{"status", "--json", "--plan", pl.Name}, 5},
		} {
			out, errs, code := run(t, env.DSN, c.args...)
			var st statusJSON
			if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
				t.Fatalf("%v: %d %s", c.args, code, errs)
			}
			if len(st.Tasks) != c.want {
				t.Errorf("%v: %d tasks, want %d", c.args, len(st.Tasks), c.want)
			}
		}
	})
}
