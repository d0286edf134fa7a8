package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// The inbox belongs to its owner alone; preferences choose among what the
// system admin enabled; channel secrets are written, never read back, nor
// written to the audit log; jobs and deliveries are the system admin's.
func TestNotificationEndpoints(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		acct := env.Fix.Accounts
		msgs := []notify.Message{
			{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：老旧小区改造提升", Body: "请于7月20日前反馈。", Link: "/tasks/1", Key: "k1"},
			{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：智慧停车试点", Key: "k2"},
			{To: acct["czj_lly"], Kind: "test.urge", Subject: "催办：财政收入稳增长", Key: "k1"},
		}
		if err := env.App.DB.Update(ctx, func(tx *store.Tx) error { return env.App.Service.Notify(ctx, tx, msgs...) }); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var robotTexts []string
		robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Markdown struct{ Content string } `json:"markdown"`
			}
			raw, _ := io.ReadAll(r.Body)
			json.Unmarshal(raw, &body)
			mu.Lock()
			robotTexts = append(robotTexts, body.Markdown.Content)
			mu.Unlock()
			io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
		}))
		defer robot.Close()
		webhook := robot.URL + "/cgi-bin/webhook/send?key=wecom-key-7f3a"
		h := newHarness(env)
		h.run(t, []scenario{
			{name: "my inbox", as: "zjj_lly", method: "GET", path: "/api/v1/me/notifications", status: 200,
				json:    map[string]any{"total": 2, "unread": 2, "items.#": 2, "items.0.subject": "催办：智慧停车试点", "items.1.link": "/tasks/1"},
				capture: map[string]string{"mine": "items.1.id"}, absent: []string{"财政收入"}},
			{name: "unread count", as: "zjj_lly", method: "GET", path: "/api/v1/me/notifications/unread-count", status: 200, json: map[string]any{"unread": 2}},
			{name: "nobody marks another's notification", as: "czj_lly", method: "POST", path: "/api/v1/me/notifications/{{mine}}/read", status: 404, unchanged: true},
			{name: "nor reads it", as: "czj_lly", method: "GET", path: "/api/v1/me/notifications", status: 200,
				json: map[string]any{"total": 1, "items.0.subject": "催办：财政收入稳增长"}, absent: []string{"老旧小区"}},
			{name: "the command-line operator has no inbox, an admin an empty one", as: "sysadmin", method: "GET", path: "/api/v1/me/notifications", status: 200,
				json: map[string]any{"total": 0, "items": []any{}}},
			{name: "mark read", as: "zjj_lly", method: "POST", path: "/api/v1/me/notifications/{{mine}}/read", status: 200,
				json: map[string]any{"subject": "催办：老旧小区改造提升"},
				check: func(t *testing.T, h *harness, res *result) {
					if at, _ := res.get(t, "read_at").(string); !strings.HasPrefix(at, "2023-07-15T01:00:00") {
						t.Errorf("read_at %q", at)
					}
				}},
			{name: "marking again keeps the first reading", as: "zjj_lly", method: "POST", path: "/api/v1/me/notifications/{{mine}}/read", status: 200},
			{name: "unread only", as: "zjj_lly", method: "GET", path: "/api/v1/me/notifications?unread=1", status: 200,
				json: map[string]any{"total": 1, "unread": 1, "items.0.subject": "催办：智慧停车试点"}},
			{name: "a bad flag is named", as: "zjj_lly", method: "GET", path: "/api/v1/me/notifications?unread=maybe", status: 422, json: map[string]any{"error.field": "unread"}},
			{name: "a bad id is not found", as: "zjj_lly", method: "POST", path: "/api/v1/me/notifications/abc/read", status: 404},
			{name: "mark all read", as: "zjj_lly", method: "POST", path: "/api/v1/me/notifications/read-all", status: 200, json: map[string]any{"marked": 1}},
			{name: "none left", as: "zjj_lly", method: "GET", path: "/api/v1/me/notifications/unread-count", status: 200, json: map[string]any{"unread": 0}},
			{name: "the other's stay unread", as: "czj_lly", method: "GET", path: "/api/v1/me/notifications/unread-count", status: 200, json: map[string]any{"unread": 1}},

			{name: "preferences before any choice", as: "zjj_lly", method: "GET", path: "/api/v1/me/notification-preferences", status: 200,
				json: map[string]any{"saved": false, "available": []any{}, "channels": []any{}, "digest": false, "digest_hour": 8, "has_email": false}},
			{name: "a channel not enabled cannot be chosen", as: "zjj_lly", method: "PUT", path: "/api/v1/me/notification-preferences",
				body: `{"channels":["wecom"]}`, status: 422, unchanged: true, json: map[string]any{"error.field": "channels"}, contains: []string{"没有启用「企业微信群机器人」"}},

			{name: "only the system admin reads the settings", as: "office", method: "GET", path: "/api/v1/notification-settings", status: 403},
			{name: "or changes a channel", as: "secadmin", method: "PUT", path: "/api/v1/notification-settings/channels/wecom",
				body: `{"enabled":true,"webhook":"https://qyapi.weixin.qq.com/x"}`, status: 403, unchanged: true},
			{name: "settings", as: "sysadmin", method: "GET", path: "/api/v1/notification-settings", status: 200,
				json: map[string]any{"digest_hour": 8, "base_url": "", "channels.#": 4, "channels[channel=email].enabled": false}},
			{name: "enabling needs working settings", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/email",
				body: `{"enabled":true,"from":"dc@example.gov.cn"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "host"},
				contains: []string{"邮件服务器地址"}},
			{name: "a bad sender is named", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/email",
				body: `{"enabled":true,"host":"smtp.example.gov.cn","from":"督查室"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "from"}},
			{name: "an unknown channel", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/sms", body: `{"enabled":true}`, status: 404, unchanged: true},
			{name: "e-mail with a password", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/email",
				body:   `{"enabled":true,"host":"smtp.example.gov.cn","security":"tls","username":"dc","password":"Pw-secret-9931","from":"区督查室 <dc@example.gov.cn>"}`,
				status: 200, json: map[string]any{"channel": "email", "enabled": true, "port": 465, "password_set": true, "from": "区督查室 <dc@example.gov.cn>"},
				absent: []string{"Pw-secret-9931"}},
			{name: "WeCom", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/wecom",
				body: `{"enabled":true,"webhook":"` + webhook + `"}`, status: 200, json: map[string]any{"webhook_set": true, "secret_set": false},
				absent: []string{"wecom-key-7f3a"}},
			{name: "saving without the secrets keeps them", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/email",
				body: `{"enabled":true,"host":"smtp2.example.gov.cn","security":"tls","username":"dc","from":"dc@example.gov.cn"}`, status: 200,
				json: map[string]any{"password_set": true, "host": "smtp2.example.gov.cn"}},
			{name: "secrets are never read back", as: "sysadmin", method: "GET", path: "/api/v1/notification-settings", status: 200,
				json:   map[string]any{"channels[channel=wecom].webhook_set": true, "channels[channel=email].password_set": true},
				absent: []string{"Pw-secret-9931", "wecom-key-7f3a"}, contains: []string{`"webhook_hint":"http://127.0.0.1`}},
			{name: "nor written to the audit log", as: "auditor", method: "GET", path: "/api/v1/audit?entity=notify_channel", status: 200,
				json: map[string]any{"total": 3}, absent: []string{"Pw-secret-9931", "wecom-key-7f3a"}},
			{name: "clearing a secret", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings/channels/email",
				body: `{"enabled":false,"host":"smtp2.example.gov.cn","clear":["password"]}`, status: 200, json: map[string]any{"password_set": false, "enabled": false}},
			{name: "a test message", as: "sysadmin", method: "POST", path: "/api/v1/notification-settings/channels/wecom/test", status: 200,
				json: map[string]any{"sent": true},
				check: func(t *testing.T, h *harness, res *result) {
					mu.Lock()
					defer mu.Unlock()
					if len(robotTexts) != 1 || !strings.Contains(robotTexts[0], "落实系统测试消息") {
						t.Errorf("robot received %q", robotTexts)
					}
					if n := auditCount(t, h, "action=notify.channel_test"); n != 1 {
						t.Errorf("%d test audits", n)
					}
				}},
			{name: "a test on an unconfigured channel names the field", as: "sysadmin", method: "POST", path: "/api/v1/notification-settings/channels/dingtalk/test",
				status: 422, json: map[string]any{"error.field": "webhook"}},
			{name: "a test mail needs an address", as: "sysadmin", method: "POST", path: "/api/v1/notification-settings/channels/email/test",
				body: `{"to":"nobody"}`, status: 422},
			{name: "general settings", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings",
				body: `{"digest_hour":7,"base_url":"https://luoshi.example.gov.cn/"}`, status: 200,
				json: map[string]any{"digest_hour": 7, "base_url": "https://luoshi.example.gov.cn"}},
			{name: "a digest hour out of range", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings",
				body: `{"digest_hour":24}`, status: 422, unchanged: true, json: map[string]any{"error.field": "digest_hour"}},
			{name: "a site address that is not one", as: "sysadmin", method: "PUT", path: "/api/v1/notification-settings",
				body: `{"digest_hour":8,"base_url":"luoshi.gov.cn"}`, status: 422, unchanged: true, json: map[string]any{"error.field": "base_url"}},

			{name: "now WeCom can be chosen, with a digest", as: "zjj_lly", method: "PUT", path: "/api/v1/me/notification-preferences",
				body: `{"channels":["wecom","wecom"],"digest":true}`, status: 200,
				json: map[string]any{"saved": true, "channels": []any{"wecom"}, "digest": true, "available": []any{"wecom"}, "digest_hour": 7},
				check: func(t *testing.T, h *harness, res *result) {
					if n := auditCount(t, h, "action=notify.prefs"); n != 1 {
						t.Errorf("%d preference audits", n)
					}
				}},
			{name: "e-mail without an address", as: "zjj_lly", method: "PUT", path: "/api/v1/me/notification-preferences",
				body: `{"channels":["email"]}`, status: 422, unchanged: true},

			{name: "deliveries", as: "sysadmin", method: "GET", path: "/api/v1/notification-deliveries", status: 200,
				json: map[string]any{"total": 3, "items.0.channel": "log", "items.0.state": "pending"}},
			{name: "failed deliveries", as: "sysadmin", method: "GET", path: "/api/v1/notification-deliveries?state=failed", status: 200, json: map[string]any{"total": 0}},
			{name: "a bad state", as: "sysadmin", method: "GET", path: "/api/v1/notification-deliveries?state=lost", status: 422, json: map[string]any{"error.field": "state"}},
			{name: "deliveries are the system admin's", as: "office", method: "GET", path: "/api/v1/notification-deliveries", status: 403},
			{name: "a pending delivery is not retried", as: "sysadmin", method: "POST", path: "/api/v1/notification-deliveries/1/retry", status: 409, unchanged: true},
			{name: "nor an unknown one", as: "sysadmin", method: "POST", path: "/api/v1/notification-deliveries/99999/retry", status: 404, unchanged: true},
			{name: "jobs", as: "sysadmin", method: "GET", path: "/api/v1/jobs", status: 200,
				json:     map[string]any{"total": 0},
				contains: []string{`{"kind":"notify.deliver","schedule":"every 1m","every_minutes":1}`, `{"kind":"jobs.prune","schedule":"daily at 03:30","daily_at":"03:30"}`}},
			{name: "jobs are the system admin's", as: "office", method: "GET", path: "/api/v1/jobs", status: 403},
			{name: "a bad job state", as: "sysadmin", method: "GET", path: "/api/v1/jobs?state=x", status: 422},
			{name: "an unknown job", as: "sysadmin", method: "POST", path: "/api/v1/jobs/99999/retry", status: 404, unchanged: true},
		})
		// After the jobs ran, the list shows them.
		if _, err := env.App.Jobs.RunDue(ctx, env.App.Service.Now()); err != nil {
			t.Fatal(err)
		}
		h.run(t, []scenario{
			{name: "jobs after a run", as: "sysadmin", method: "GET", path: "/api/v1/jobs?kind=notify.deliver", status: 200,
				json: map[string]any{"total": 1, "items.0.key": "notify.deliver:2023-07-15T09:00", "items.0.state": "done"}, capture: map[string]string{"job": "items.0.id"}},
			{name: "a done job is not retried", as: "sysadmin", method: "POST", path: "/api/v1/jobs/{{job}}/retry", status: 409, unchanged: true},
		})
	})
}
