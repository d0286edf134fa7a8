package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/store"
)

func TestAuthentication(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		czjHead := id(env.Fix.Accounts["czj_fzr"])
		wrong := map[string]string{"login": "czj_fzr", "password": "Wrong-Password-1", "name": "x"}
		right := map[string]string{"login": "czj_fzr", "password": apptest.Password, "name": "x"}
		h.run(t, []scenario{
			{name: "the API description needs no token", method: "GET", path: "/api/v1/openapi.json", status: 200,
				contains: []string{`"openapi":"3.1.0"`, `"/tasks/{id}"`}},
			{name: "no token is 401 with a challenge", method: "GET", path: "/api/v1/tasks", status: 401, unchanged: true,
				json:     map[string]any{"error.code": "unauthorized"},
				contains: []string{"API 令牌"}, headers: map[string]string{"WWW-Authenticate": "Bearer", "Content-Type": "application/json; charset=utf-8"}},
			{name: "a bad token is 401", auth: "Bearer lst_nope", method: "GET", path: "/api/v1/me", status: 401, unchanged: true,
				contains: []string{"API 令牌无效或已撤销"}, headers: map[string]string{"WWW-Authenticate": `error="invalid_token"`}},
			{name: "errors follow Accept-Language", auth: "Bearer lst_nope", method: "GET", path: "/api/v1/me", status: 401,
				header: map[string]string{"Accept-Language": "en-US,en;q=0.9"}, contains: []string{"The API token is invalid"},
				headers: map[string]string{"Content-Language": "en"}},
			{name: "traditional Chinese too", auth: "Bearer lst_nope", method: "GET", path: "/api/v1/me", status: 401,
				header: map[string]string{"Accept-Language": "zh-TW"}, contains: []string{"API 令牌無效"}},
			{name: "a session cookie is no credential", method: "GET", path: "/api/v1/me", status: 401,
				header: map[string]string{"Cookie": "luoshi_session=abc; csrf=def"}},
			{name: "basic auth is no credential", auth: "Basic enpqX2xseTpMdW9zaGk=", method: "GET", path: "/api/v1/me", status: 401},

			{name: "a token by password", method: "POST", path: "/api/v1/tokens", status: 201,
				body:    map[string]string{"login": "zjj_lly", "password": apptest.Password, "name": "数据大屏"},
				json:    map[string]any{"name": "数据大屏", "account_id": env.Fix.Accounts["zjj_lly"]},
				headers: map[string]string{"Location": "/api/v1/tokens/"}, capture: map[string]string{"tok": "token", "tokid": "id"},
				check: func(t *testing.T, h *harness, res *result) {
					if tok := res.get(t, "token").(string); !strings.HasPrefix(tok, "lst_") {
						t.Errorf("token %q", tok)
					}
					if n := auditCount(t, h, "entity=api_token&action=token.create&entity_id="+h.vars["tokid"]); n != 1 {
						t.Errorf("%d token.create entries", n)
					}
				}},
			{name: "the token works", auth: "Bearer {{tok}}", method: "GET", path: "/api/v1/me", status: 200,
				json: map[string]any{"account.login": "zjj_lly", "scope.all": false, "scope.units.0.name": "区住建局", "scope.tasks": 2,
					"grants.0.role": "liaison", "grants.0.role_name": "联络员", "grants.0.unit_name": "区住建局",
					"permissions.write_reports": true, "permissions.create_tasks": false, "permissions.read_audit": false},
				absent: []string{"password_hash", "PasswordHash"}},
			{name: "the caller's tokens", auth: "Bearer {{tok}}", method: "GET", path: "/api/v1/tokens", status: 200,
				json: map[string]any{"items[name=数据大屏].id": "{{tokid}}"}, absent: []string{"token_hash", "lst_"}},
			{name: "revoking a token", auth: "Bearer {{tok}}", method: "DELETE", path: "/api/v1/tokens/{{tokid}}", status: 204},
			{name: "a revoked token is 401", auth: "Bearer {{tok}}", method: "GET", path: "/api/v1/me", status: 401},
			{name: "an unknown field is named", method: "POST", path: "/api/v1/tokens", status: 422, unchanged: true,
				body: `{"login":"zjj_lly","passwd":"x"}`, json: map[string]any{"error.code": "invalid", "error.field": "passwd"},
				contains: []string{"不认识的字段「passwd」"}},

			// Five failures in a row lock the account, and then even the
			// right password is refused until the security admin unlocks it.
			{name: "failure 1", method: "POST", path: "/api/v1/tokens", body: wrong, status: 401, contains: []string{"用户名或密码错误"}},
			{name: "failure 2", method: "POST", path: "/api/v1/tokens", body: wrong, status: 401},
			{name: "failure 3", method: "POST", path: "/api/v1/tokens", body: wrong, status: 401},
			{name: "failure 4", method: "POST", path: "/api/v1/tokens", body: wrong, status: 401},
			{name: "failure 5 locks", method: "POST", path: "/api/v1/tokens", body: wrong, status: 423,
				json: map[string]any{"error.code": "locked"}, contains: []string{"账号已锁定至", "安全管理员解锁"},
				check: func(t *testing.T, h *harness, _ *result) {
					if n := auditCount(t, h, "entity=account&action=auth.locked&entity_id="+czjHead); n != 1 {
						t.Errorf("%d auth.locked entries", n)
					}
				}},
			{name: "locked even with the right password", method: "POST", path: "/api/v1/tokens", body: right, status: 423, unchanged: true,
				contains: []string{"锁定"}},
			{name: "the system admin cannot unlock", as: "sysadmin", method: "POST", path: "/api/v1/accounts/" + czjHead + "/unlock", status: 403, unchanged: true},
			{name: "the security admin unlocks", as: "secadmin", method: "POST", path: "/api/v1/accounts/" + czjHead + "/unlock", status: 200,
				json: map[string]any{"login": "czj_fzr"}, absent: []string{"locked_until"}},
			{name: "unlocked", method: "POST", path: "/api/v1/tokens", body: right, status: 201},
		})
	})
}

func TestMustChangePassword(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		acct := id(env.Fix.Accounts["zjj_fzr"])
		h.run(t, []scenario{
			{name: "before the reset", as: "zjj_fzr", method: "GET", path: "/api/v1/me", status: 200, json: map[string]any{"account.must_change_password": false}},
			{name: "the system admin resets the password", as: "sysadmin", method: "POST", path: "/api/v1/accounts/" + acct + "/password-reset", status: 200,
				capture: map[string]string{"otp": "one_time_password"}},
			{name: "the old token may only change the password", as: "zjj_fzr", method: "GET", path: "/api/v1/me", status: 403,
				contains: []string{"请先修改初始密码"}},
			{name: "nor read tasks", as: "zjj_fzr", method: "GET", path: "/api/v1/tasks", status: 403},
			{name: "no new token before the change", method: "POST", path: "/api/v1/tokens", status: 403, unchanged: true,
				body: `{"login":"zjj_fzr","password":"{{otp}}","name":"x"}`},
			{name: "a weak new password", as: "zjj_fzr", method: "POST", path: "/api/v1/me/password", status: 422, unchanged: true,
				body: `{"current":"{{otp}}","new":"short"}`, json: map[string]any{"error.field": "new"}, contains: []string{"密码至少 8 位"}},
			{name: "the wrong current password", as: "zjj_fzr", method: "POST", path: "/api/v1/me/password", status: 422, unchanged: true,
				body: `{"current":"nope","new":"Luoshi-Neu-2023!"}`, json: map[string]any{"error.field": "current"}},
			{name: "the change", as: "zjj_fzr", method: "POST", path: "/api/v1/me/password", status: 204,
				body: `{"current":"{{otp}}","new":"Luoshi-Neu-2023!"}`},
			{name: "back to work", as: "zjj_fzr", method: "GET", path: "/api/v1/me", status: 200,
				json: map[string]any{"account.must_change_password": false, "permissions.review_reports": true}},
		})
	})
}

func TestProtocol(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		h := newHarness(env)
		big := `{"title":"` + strings.Repeat("长", 400_000) + `"}`
		h.run(t, []scenario{
			{name: "no such endpoint", as: "office", method: "GET", path: "/api/v1/nope", status: 404,
				json: map[string]any{"error.code": "not_found"}, contains: []string{"没有这个接口"}},
			{name: "wrong method", as: "office", method: "PATCH", path: "/api/v1/tasks", status: 405,
				json: map[string]any{"error.code": "method_not_allowed"}, headers: map[string]string{"Allow": "GET, POST"}},
			{name: "a non-numeric ID names nothing", as: "office", method: "GET", path: "/api/v1/tasks/abc", status: 404},
			{name: "request IDs are echoed", as: "office", method: "GET", path: "/api/v1/tasks/999999", status: 404,
				header: map[string]string{"X-Request-Id": "trace-42"}, headers: map[string]string{"X-Request-Id": "trace-42"},
				json: map[string]any{"error.request_id": "trace-42"}},
			{name: "responses are not cached or sniffed", as: "office", method: "GET", path: "/api/v1/me", status: 200,
				headers: map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Type": "application/json; charset=utf-8"}},
			{name: "a body over 1 MiB", as: "office", method: "POST", path: "/api/v1/tasks", body: big, status: 413, unchanged: true,
				json: map[string]any{"error.code": "too_large"}},
			{name: "not JSON", as: "office", method: "POST", path: "/api/v1/tasks", body: "title=x", status: 422, unchanged: true,
				contains: []string{"不是有效的 JSON"}},
			{name: "not an object", as: "office", method: "POST", path: "/api/v1/tasks", body: `[1,2]`, status: 422, contains: []string{"JSON 对象"}},
			{name: "an empty body", as: "office", method: "POST", path: "/api/v1/tasks", body: " ", status: 422, contains: []string{"不能为空"}},
			{name: "a form is not JSON", as: "office", method: "POST", path: "/api/v1/units", status: 422, unchanged: true,
				form: &form{fields: [][2]string{{"name", "区教育局"}}}, contains: []string{"application/json"}},
			{name: "bad query parameters are named", as: "office", method: "GET", path: "/api/v1/tasks?unit=abc", status: 422,
				json: map[string]any{"error.field": "unit"}, contains: []string{"查询参数「unit」"}},
			{name: "limits are bounded", as: "office", method: "GET", path: "/api/v1/tasks?limit=5000", status: 422,
				json: map[string]any{"error.field": "limit"}},
			{name: "metrics label API calls by route pattern", method: "GET", path: "/metrics", status: 200,
				contains: []string{`route="GET /api/v1/tasks/{id}"`, `route="GET /api/v1/me"`, `route="/api/v1/"`}},
		})
	})
}

// An account's own language beats the caller's Accept-Language.
func TestAccountLanguage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		// No operation sets the preference yet; write it as a profile edit would.
		err := env.App.DB.Update(ctx, func(tx *store.Tx) error {
			a, err := tx.Account(ctx, env.Fix.Accounts["leader_li"])
			if err != nil {
				return err
			}
			a.Lang = "en"
			return tx.UpdateAccount(ctx, a, apptest.DefaultNow)
		})
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "the account's language wins", as: "leader_li", method: "GET", path: "/api/v1/tasks/" + id(env.Fix.Tasks["3"]), status: 404,
				header: map[string]string{"Accept-Language": "zh-CN"}, contains: []string{"This task was not found"},
				headers: map[string]string{"Content-Language": "en"}},
			{name: "and shows in /me", as: "leader_li", method: "GET", path: "/api/v1/me", status: 200,
				json: map[string]any{"lang": "en", "account.lang": "en", "grants.0.role_name": "District leader"}},
			{name: "others keep theirs", as: "leader_wang", method: "GET", path: "/api/v1/tasks/" + id(env.Fix.Tasks["3"]), status: 404,
				header: map[string]string{"Accept-Language": "zh-CN"}, contains: []string{"未找到该任务"}},
		})
	})
}
