package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
)

func TestCSRFAndCrossOrigin(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		b := login(t, env, "office")
		// Without the form token a logged-in POST is refused and nothing changes.
		resp, body := b.postBody("/org/groups", url.Values{"kind": {"sector"}, "name": {"伪造口"}, "csrf": {"wrong"}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "页面已过期") {
			t.Errorf("bad token: %d", resp.StatusCode)
		}
		// A cross-site POST is refused before it reaches the page.
		req, _ := http.NewRequest("POST", env.URL+"/org/groups", strings.NewReader(url.Values{"kind": {"sector"}, "name": {"伪造口"}, "csrf": {b.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		r2, _ := b.do(req)
		if r2.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site: %d", r2.StatusCode)
		}
		if _, body := b.get("/org"); strings.Contains(body, "伪造口") {
			t.Error("a refused request created a sector")
		}
		// With the token it works.
		if r := b.post("/org/groups", url.Values{"kind": {"sector"}, "name": {"党群工作口"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("good token: %d", r.StatusCode)
		}
	})
}

func TestLoginLockoutAndMessages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		c := &browser{t: t, env: env, c: env.Client()}
		for i := 1; i <= 5; i++ {
			resp, body := c.postBody("/login", url.Values{"login": {"zjj_lly"}, "password": {"wrong"}})
			want := "用户名或密码错误"
			if i == 5 {
				want = "账号已锁定"
			}
			if !strings.Contains(body, want) || resp.StatusCode == http.StatusSeeOther {
				t.Fatalf("attempt %d: %d, want %q", i, resp.StatusCode, want)
			}
		}
		// Locked: even the right password is refused, with the time it lifts.
		if _, body := c.postBody("/login", url.Values{"login": {"zjj_lly"}, "password": {apptest.Password}}); !strings.Contains(body, "锁定至") {
			t.Error("right password accepted while locked")
		}
		// An unknown login gets the same message as a wrong password.
		if _, body := c.postBody("/login", url.Values{"login": {"nobody"}, "password": {"x"}}); !strings.Contains(body, "用户名或密码错误") {
			t.Error("unknown login message")
		}
		// The security admin unlocks it.
		sec := login(t, env, "secadmin")
		if r := sec.post("/admin/accounts/"+itoa(env.Fix.Accounts["zjj_lly"])+"/unlock", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("unlock: %d", r.StatusCode)
		}
		login(t, env, "zjj_lly")
	})
}

// Thirty idle minutes end a session; activity keeps it alive.
func TestIdleTimeout(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return apptest.DefaultNow.Add(time.Duration(offset.Load())) }
	apptest.Each(t, apptest.Options{Clock: clock}, func(t *testing.T, env *apptest.Env) {
		offset.Store(0)
		b := login(t, env, "office")
		for _, step := range []time.Duration{20 * time.Minute, 20 * time.Minute} {
			offset.Add(int64(step))
			if resp, _ := b.get("/tasks"); resp.StatusCode != http.StatusOK {
				t.Fatalf("active session ended after %v: %d", time.Duration(offset.Load()), resp.StatusCode)
			}
		}
		offset.Add(int64(31 * time.Minute))
		resp, _ := b.get("/tasks")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("idle session still valid: %d", resp.StatusCode)
		}
		if _, body := b.get("/login"); !strings.Contains(body, "超过 30 分钟未操作") {
			t.Error("the login page does not say why")
		}
	})
}

// The first login with a bootstrap or reset password must change it.
func TestMustChangePassword(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		sys := login(t, env, "sysadmin")
		resp, body := sys.postBody("/admin/accounts/"+itoa(env.Fix.Accounts["dh_lly"])+"/reset", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d", resp.StatusCode)
		}
		pw := between(body, `id="generated-password">`, "<")
		c := &browser{t: t, env: env, c: env.Client()}
		if r := c.post("/login", url.Values{"login": {"dh_lly"}, "password": {pw}}); r.Header.Get("Location") != "/password" {
			t.Fatalf("first login goes to %q", r.Header.Get("Location"))
		}
		if r, _ := c.get("/tasks"); r.Header.Get("Location") != "/password" {
			t.Errorf("pages open before the change: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		c.get("/password")
		if _, body := c.postBody("/password", url.Values{"current": {pw}, "new": {"short"}, "again": {"short"}}); !strings.Contains(body, "至少 8 位") {
			t.Error("weak password accepted")
		}
		if r := c.post("/password", url.Values{"current": {pw}, "new": {"Dong-Hu-2023"}, "again": {"Dong-Hu-2023"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", r.StatusCode)
		}
		if r, _ := c.get("/tasks"); r.StatusCode != http.StatusOK {
			t.Errorf("after the change: %d", r.StatusCode)
		}
	})
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

// Pages keep to the viewer's part of the org tree and the three admins to
// their own duties.
func TestPageScopes(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		czj := login(t, env, "czj_lly")
		if r, _ := czj.get("/tasks/" + itoa(env.Fix.Tasks["3"])); r.StatusCode != http.StatusNotFound {
			t.Errorf("another unit's task: %d", r.StatusCode)
		}
		if r, _ := czj.get("/tasks/" + itoa(env.Fix.Tasks["1"])); r.StatusCode != http.StatusOK {
			t.Errorf("a task the unit co-operates on: %d", r.StatusCode)
		}
		if _, body := czj.get("/tasks"); strings.Contains(body, "背街小巷环境整治") || !strings.Contains(body, "财政收入稳增长") {
			t.Error("task list outside the unit's scope")
		}
		if r, _ := czj.get("/tasks/" + itoa(env.Fix.Tasks["1"]) + "/report"); r.StatusCode != http.StatusForbidden {
			t.Errorf("a co-unit may not report on the lead's behalf: %d", r.StatusCode)
		}
		for _, path := range []string{"/import", "/tasks/new", "/admin/accounts", "/audit"} {
			if r, _ := czj.get(path); r.StatusCode != http.StatusForbidden {
				t.Errorf("liaison GET %s: %d", path, r.StatusCode)
			}
		}
		sys := login(t, env, "sysadmin")
		if r, _ := sys.get("/audit"); r.StatusCode != http.StatusForbidden {
			t.Errorf("sysadmin reads the audit log: %d", r.StatusCode)
		}
		if r, _ := sys.get("/"); r.Header.Get("Location") != "/admin/accounts" {
			t.Errorf("sysadmin lands on %q", r.Header.Get("Location"))
		}
		if r := sys.post("/admin/accounts/"+itoa(env.Fix.Accounts["zjj_lly"])+"/grants", url.Values{"new_role": {"office"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("sysadmin grants a role: %d", r.StatusCode)
		}
		aud := login(t, env, "auditor")
		resp, body := aud.postBody("/audit/verify", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "核验通过") {
			t.Errorf("audit verify: %d", resp.StatusCode)
		}
		if r, _ := aud.get("/admin/accounts"); r.StatusCode != http.StatusForbidden {
			t.Errorf("auditor manages accounts: %d", r.StatusCode)
		}
	})
}
