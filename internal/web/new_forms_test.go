package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Only the office creates units, plans and tasks: accounts that cannot
// create are refused the empty forms too, not only their submission.
func TestNewFormsOnlyForTheOffice(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		for _, user := range []string{"czj_lly", "zjj_fzr", "leader_wang", "auditor"} {
			b := login(t, env, user)
			for _, path := range []string{"/units/new", "/plans/new", "/tasks/new"} {
				if r, _ := b.get(path); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: %d, want 403", user, path, r.StatusCode)
				}
			}
		}
		office := login(t, env, "office")
		for _, path := range []string{"/units/new", "/plans/new", "/tasks/new"} {
			if r, _ := office.get(path); r.StatusCode != http.StatusOK {
				t.Errorf("office GET %s: %d", path, r.StatusCode)
			}
		}
		// A street's office adds units under its street only.
		ctx, op := context.Background(), service.SystemPrincipal("test")
		acct, _, err := env.App.Service.CreateAccount(ctx, op, service.AccountInput{Login: "dh_office", DisplayName: "街道督查", Password: apptest.Password})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.App.Service.SetPasswordAsOperator(ctx, op, "dh_office", apptest.Password, false); err != nil {
			t.Fatal(err)
		}
		if err := env.App.Service.SetGrants(ctx, op, acct.ID, []domain.Grant{{Role: domain.RoleOffice, UnitID: env.Fix.Units["东湖街道"]}}); err != nil {
			t.Fatal(err)
		}
		street := login(t, env, "dh_office")
		if r, _ := street.get("/units/new?parent=" + itoa(env.Fix.Units["东湖街道"])); r.StatusCode != http.StatusOK {
			t.Errorf("street office, new unit under its street: %d", r.StatusCode)
		}
		if r, _ := street.get("/units/new?parent=" + itoa(env.Fix.Units["区住建局"])); r.StatusCode != http.StatusForbidden {
			t.Errorf("street office, new unit under another unit: %d", r.StatusCode)
		}
	})
}
