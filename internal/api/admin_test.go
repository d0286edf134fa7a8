package api_test

import (
	"fmt"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The three admins (三员) cannot do each other's jobs, and no one else can
// do theirs.
func TestSeparationOfDuties(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		acct := func(login string) string { return id(env.Fix.Accounts[login]) }
		czj := env.Fix.Units["区财政局"]
		grants := fmt.Sprintf(`{"grants":[{"role":"liaison","unit_id":%d}]}`, czj)
		newcomer := `{"login":"newcomer","display_name":"新同事"}`
		h.run(t, []scenario{
			{name: "the system admin cannot set grants", as: "sysadmin", method: "PUT", path: "/api/v1/accounts/" + acct("czj_lly") + "/grants",
				body: `{"grants":[{"role":"office"}]}`, status: 403, unchanged: true, contains: []string{"没有权限"}},
			{name: "the auditor cannot set grants", as: "auditor", method: "PUT", path: "/api/v1/accounts/" + acct("czj_lly") + "/grants",
				body: `{"grants":[{"role":"office"}]}`, status: 403, unchanged: true},
			{name: "an office cannot set grants", as: "office", method: "PUT", path: "/api/v1/accounts/" + acct("czj_lly") + "/grants",
				body: `{"grants":[{"role":"office"}]}`, status: 403, unchanged: true},
			{name: "the security admin cannot create accounts", as: "secadmin", method: "POST", path: "/api/v1/accounts",
				body: newcomer, status: 403, unchanged: true},
			{name: "the auditor cannot create accounts", as: "auditor", method: "POST", path: "/api/v1/accounts",
				body: newcomer, status: 403, unchanged: true},
			{name: "the security admin cannot reset passwords", as: "secadmin", method: "POST", path: "/api/v1/accounts/" + acct("czj_lly") + "/password-reset",
				status: 403, unchanged: true},
			{name: "the security admin cannot disable accounts", as: "secadmin", method: "PUT", path: "/api/v1/accounts/" + acct("czj_lly") + "/status",
				body: `{"status":"disabled"}`, status: 403, unchanged: true},
			{name: "the system admin cannot read the audit log", as: "sysadmin", method: "GET", path: "/api/v1/audit", status: 403},
			{name: "the security admin cannot read the audit log", as: "secadmin", method: "GET", path: "/api/v1/audit", status: 403},
			{name: "an office cannot read the audit log", as: "office", method: "GET", path: "/api/v1/audit", status: 403},
			{name: "nor verify it", as: "sysadmin", method: "GET", path: "/api/v1/audit/verify", status: 403},
			{name: "the auditor cannot list accounts", as: "auditor", method: "GET", path: "/api/v1/accounts", status: 403},
			{name: "a liaison cannot list accounts", as: "czj_lly", method: "GET", path: "/api/v1/accounts", status: 403},
			{name: "admin roles are never granted", as: "secadmin", method: "PUT", path: "/api/v1/accounts/" + acct("czj_lly") + "/grants",
				body: `{"grants":[{"role":"auditor"}]}`, status: 422, unchanged: true, json: map[string]any{"error.field": "role"}},
			{name: "an admin account's roles stay", as: "secadmin", method: "PUT", path: "/api/v1/accounts/" + acct("sysadmin") + "/grants",
				body: `{"grants":[{"role":"office"}]}`, status: 422, unchanged: true, contains: []string{"三员账号"}},

			{name: "the system admin creates an account", as: "sysadmin", method: "POST", path: "/api/v1/accounts", body: newcomer, status: 201,
				json:    map[string]any{"account.login": "newcomer", "account.grants": []any{}, "account.must_change_password": true},
				capture: map[string]string{"newcomer": "account.id"},
				check: func(t *testing.T, h *harness, res *result) {
					if pw, _ := res.get(t, "one_time_password").(string); len(pw) < 12 {
						t.Errorf("one-time password %q", pw)
					}
					if n := auditCount(t, h, "entity=account&action=account.create&entity_id="+h.vars["newcomer"]); n != 1 {
						t.Errorf("%d account.create entries", n)
					}
				}},
			{name: "logins are unique", as: "sysadmin", method: "POST", path: "/api/v1/accounts", body: newcomer, status: 409, unchanged: true,
				contains: []string{"已被使用"}},
			{name: "a bad login is named", as: "sysadmin", method: "POST", path: "/api/v1/accounts", body: `{"login":"新"}`, status: 422,
				json: map[string]any{"error.field": "login"}},
			{name: "the security admin grants", as: "secadmin", method: "PUT", path: "/api/v1/accounts/{{newcomer}}/grants", body: grants, status: 200,
				json: map[string]any{"grants.0.role": "liaison", "grants.0.unit_id": czj}},
			{name: "a unit-scoped role needs a unit", as: "secadmin", method: "PUT", path: "/api/v1/accounts/{{newcomer}}/grants",
				body: `{"grants":[{"role":"liaison"}]}`, status: 422, unchanged: true, json: map[string]any{"error.field": "unit_id"}},
			{name: "the system admin disables", as: "sysadmin", method: "PUT", path: "/api/v1/accounts/{{newcomer}}/status",
				body: `{"status":"disabled"}`, status: 200, json: map[string]any{"status": "disabled"}},
			{name: "an unknown status", as: "sysadmin", method: "PUT", path: "/api/v1/accounts/{{newcomer}}/status",
				body: `{"status":"gone"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "status"}},
			{name: "not oneself", as: "sysadmin", method: "PUT", path: "/api/v1/accounts/" + acct("sysadmin") + "/status",
				body: `{"status":"disabled"}`, status: 422, unchanged: true, contains: []string{"不能停用自己的账号"}},
			{name: "the system admin lists accounts", as: "sysadmin", method: "GET", path: "/api/v1/accounts", status: 200,
				json: map[string]any{"total": 12, "items[login=newcomer].status": "disabled"}, absent: []string{"password_hash"}},
			{name: "the security admin reads one", as: "secadmin", method: "GET", path: "/api/v1/accounts/{{newcomer}}", status: 200,
				json: map[string]any{"login": "newcomer"}},
			{name: "anyone reads their own", as: "czj_lly", method: "GET", path: "/api/v1/accounts/" + acct("czj_lly"), status: 200},
			{name: "but not another's", as: "czj_lly", method: "GET", path: "/api/v1/accounts/" + acct("zjj_lly"), status: 403},
			{name: "the auditor reads the log", as: "auditor", method: "GET", path: "/api/v1/audit?entity=account&limit=3", status: 200,
				json: map[string]any{"items.#": 3, "total": 3, "items.0.entity": "account"}, capture: map[string]string{"next": "next_before"}},
			{name: "and pages back", as: "auditor", method: "GET", path: "/api/v1/audit?entity=account&limit=3&before={{next}}", status: 200,
				json: map[string]any{"items.#": 3},
				check: func(t *testing.T, h *harness, res *result) {
					if seq := res.get(t, "items.0.seq").(float64); seq >= mustFloat(h.vars["next"]) {
						t.Errorf("page starts at %v, not before %s", seq, h.vars["next"])
					}
				}},
			{name: "the auditor verifies the chain", as: "auditor", method: "GET", path: "/api/v1/audit/verify", status: 200,
				json: map[string]any{"ok": true, "break": nil}},
		})
	})
}

func mustFloat(s string) float64 {
	var f float64
	fmt.Sscan(s, &f)
	return f
}
