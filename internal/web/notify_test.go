package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

func notifyFixture(t *testing.T, env *apptest.Env, msgs ...notify.Message) {
	t.Helper()
	ctx := context.Background()
	if err := env.App.DB.Update(ctx, func(tx *store.Tx) error { return env.App.Service.Notify(ctx, tx, msgs...) }); err != nil {
		t.Fatal(err)
	}
}

// The unread count shows in every page's menu; the inbox lists the
// viewer's own messages, opens them at their link, marks them read; nobody
// touches another's.
func TestInboxPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		acct := env.Fix.Accounts
		notifyFixture(t, env,
			notify.Message{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：老旧小区改造提升", Body: "请于7月20日前反馈。", Link: "/tasks/" + itoa(env.Fix.Tasks["1"]), Key: "k1"},
			notify.Message{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：智慧停车试点<script>", Key: "k2"},
			notify.Message{To: acct["czj_lly"], Kind: "test.urge", Subject: "催办：财政收入稳增长", Key: "k1"},
		)
		b := login(t, env, "zjj_lly")
		for _, path := range []string{"/", "/tasks", "/reports", "/password"} {
			if _, body := b.get(path); !strings.Contains(body, `id="unread-count">2<`) {
				t.Errorf("%s lacks the unread count", path)
			}
		}
		resp, body := b.get("/inbox")
		if resp.StatusCode != 200 || !strings.Contains(body, "催办：老旧小区改造提升") || !strings.Contains(body, "请于7月20日前反馈。") ||
			!strings.Contains(body, "2 条未读") || strings.Contains(body, "财政收入") || strings.Contains(body, "试点<script>") {
			t.Fatalf("inbox: %d\n%s", resp.StatusCode, body)
		}
		m := regexp.MustCompile(`action="/inbox/(\d+)/open"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no message to open")
		}
		mine := m[1]
		// Another liaison cannot open or mark it.
		czj := login(t, env, "czj_lly")
		if r := czj.post("/inbox/"+mine+"/read", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("another's mark read: %d", r.StatusCode)
		}
		if r := czj.post("/inbox/"+mine+"/open", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("another's open: %d", r.StatusCode)
		}
		if _, body := czj.get("/inbox"); strings.Contains(body, "老旧小区") || !strings.Contains(body, "财政收入") {
			t.Errorf("czj inbox:\n%s", body)
		}
		// Opening follows the link and marks it read.
		r := b.post("/inbox/"+mine+"/open", nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/tasks/"+itoa(env.Fix.Tasks["1"]) {
			t.Fatalf("open: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		if _, body := b.get("/tasks"); !strings.Contains(body, `id="unread-count">1<`) {
			t.Error("the count did not drop")
		}
		if _, body := b.get("/inbox?unread=1"); strings.Contains(body, "老旧小区") || !strings.Contains(body, "智慧停车") {
			t.Errorf("unread only:\n%s", body)
		}
		if r := b.post("/inbox/read-all", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("read all: %d", r.StatusCode)
		}
		_, body = b.get("/inbox")
		if strings.Contains(body, `id="unread-count"`) || !strings.Contains(body, "已将 1 条消息标为已读") {
			t.Errorf("after reading all:\n%s", body)
		}
		// Without the CSRF token nothing is marked.
		if _, body := czj.postBody("/inbox/read-all", url.Values{"csrf": {"forged"}}); !strings.Contains(body, "页面已过期") {
			t.Error("a forged post was accepted")
		}
		if _, body := czj.get("/tasks"); !strings.Contains(body, `id="unread-count">1<`) {
			t.Error("the forged post marked messages read")
		}
	})
}

// A person chooses channels among those enabled, and a daily digest.
func TestNotifyPreferencesPage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		b := login(t, env, "zjj_lly")
		if _, body := b.get("/me/notify"); !strings.Contains(body, `id="no-channels"`) || !strings.Contains(body, "还没有保存过选择") {
			t.Fatalf("preferences before any channel:\n%s", body)
		}
		sys := login(t, env, "sysadmin")
		if r := sys.post("/admin/notifications/wecom", url.Values{"enabled": {"1"}, "webhook": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable wecom: %d", r.StatusCode)
		}
		if r := sys.post("/admin/notifications/email", url.Values{"enabled": {"1"}, "host": {"smtp.example.gov.cn"}, "from": {"dc@example.gov.cn"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable email: %d", r.StatusCode)
		}
		_, body := b.get("/me/notify")
		if !strings.Contains(body, `value="wecom" checked`) || !strings.Contains(body, "人员信息中没有电子邮箱") {
			t.Fatalf("preferences:\n%s", body)
		}
		if r := b.post("/me/notify", url.Values{"channel": {"wecom"}, "digest": {"1"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", r.StatusCode)
		}
		_, body = b.get("/me/notify")
		if !strings.Contains(body, `value="wecom" checked`) || !strings.Contains(body, `name="digest" value="1" checked`) || strings.Contains(body, "还没有保存过选择") {
			t.Errorf("after saving:\n%s", body)
		}
		resp, body := b.postBody("/me/notify", url.Values{"channel": {"email"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "没有电子邮箱") || !strings.Contains(body, `class="field error"`) {
			t.Errorf("e-mail without an address: %d", resp.StatusCode)
		}
	})
}

// The system admin's page: secrets never come back, the test button
// reaches the robot, failures are listed; nobody else opens it.
func TestNotifyAdminPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		var mu sync.Mutex
		var got []string
		answer := `{"errcode":0,"errmsg":"ok"}`
		robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Markdown struct{ Content string } `json:"markdown"`
			}
			raw, _ := io.ReadAll(r.Body)
			json.Unmarshal(raw, &body)
			mu.Lock()
			got = append(got, body.Markdown.Content)
			a := answer
			mu.Unlock()
			io.WriteString(w, a)
		}))
		defer robot.Close()
		for _, login_ := range []string{"office", "secadmin", "zjj_lly"} {
			b := login(t, env, login_)
			for _, path := range []string{"/admin/notifications", "/admin/jobs"} {
				if r, _ := b.get(path); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s opens %s: %d", login_, path, r.StatusCode)
				}
			}
			if r := b.post("/admin/notifications/wecom", url.Values{"enabled": {"1"}, "webhook": {"https://evil.example.com/"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s configures a channel: %d", login_, r.StatusCode)
			}
		}
		sys := login(t, env, "sysadmin")
		resp, body := sys.get("/admin/notifications")
		if resp.StatusCode != 200 || !strings.Contains(body, "钉钉群机器人") || !strings.Contains(body, "发送失败的消息") || !strings.Contains(body, `href="/admin/jobs"`) {
			t.Fatalf("admin page: %d\n%.800s", resp.StatusCode, body)
		}
		resp, body = sys.postBody("/admin/notifications/email", url.Values{"enabled": {"1"}, "host": {"smtp.example.gov.cn"}, "from": {"督查室"}, "password": {"Pw-never-shown"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "发件人应为电子邮箱地址") || strings.Contains(body, "Pw-never-shown") {
			t.Errorf("bad sender: %d", resp.StatusCode)
		}
		hook := robot.URL + "/cgi-bin/webhook/send?key=secret-key-5521"
		if r := sys.post("/admin/notifications/wecom", url.Values{"enabled": {"1"}, "webhook": {hook}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save wecom: %d", r.StatusCode)
		}
		_, body = sys.get("/admin/notifications")
		if strings.Contains(body, "secret-key-5521") || !strings.Contains(body, "已设置：http://127.0.0.1") {
			t.Errorf("the webhook is shown or its hint is missing")
		}
		if r := sys.post("/admin/notifications/wecom/test", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("test: %d", r.StatusCode)
		}
		if _, body := sys.get("/admin/notifications"); !strings.Contains(body, "测试消息已发送") {
			t.Error("no flash after the test")
		}
		mu.Lock()
		if len(got) != 1 || !strings.Contains(got[0], "落实系统测试消息") {
			t.Errorf("robot got %q", got)
		}
		answer = `{"errcode":93000,"errmsg":"invalid webhook url"}`
		mu.Unlock()
		resp, body = sys.postBody("/admin/notifications/wecom/test", nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "测试消息发送失败") || !strings.Contains(body, "93000") || strings.Contains(body, "secret-key-5521") {
			t.Errorf("failed test: %d\n%s", resp.StatusCode, between(body, `class="alert"`, "</div>"))
		}
		// A message that keeps failing shows in the list, and can be sent again.
		notifyFixture(t, env, notify.Message{To: env.Fix.Accounts["zjj_lly"], Kind: "test.urge", Subject: "催办：老旧小区改造提升", Key: "k1"})
		now := env.App.Service.Now()
		for i := range 5 {
			if _, err := env.App.Service.DeliverDue(context.Background(), now.Add(backoffs(i))); err != nil {
				t.Fatal(err)
			}
		}
		_, body = sys.get("/admin/notifications")
		failed := between(body, `id="failed"`, "</section>")
		if !strings.Contains(failed, "张联络") || !strings.Contains(failed, "93000") || !strings.Contains(failed, "已尝试 5 次") {
			t.Fatalf("failed list:\n%s", failed)
		}
		id := between(failed, `action="/admin/deliveries/`, `/retry"`)
		if r := sys.post("/admin/deliveries/"+id+"/retry", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("retry: %d", r.StatusCode)
		}
		if _, body := sys.get("/admin/notifications"); !strings.Contains(between(body, `id="failed"`, "</section>"), "没有发送失败的消息") {
			t.Error("the retried message is still listed")
		}
		// The jobs page lists the schedules and what ran.
		if _, err := env.App.Jobs.RunDue(context.Background(), now); err != nil {
			t.Fatal(err)
		}
		resp, body = sys.get("/admin/jobs")
		if resp.StatusCode != 200 || !strings.Contains(body, "notify.deliver:2023-07-15T09:00") || !strings.Contains(body, "每 1 分钟") || !strings.Contains(body, "发送消息") || !strings.Contains(body, "已完成") {
			t.Errorf("jobs page: %d\n%.1500s", resp.StatusCode, body)
		}
		if _, body := sys.get("/admin/jobs?state=failed"); strings.Contains(body, "notify.deliver:2023") {
			t.Error("the state filter does not filter")
		}
		// Each change is on the record, without the secrets.
		auditor := login(t, env, "auditor")
		_, body = auditor.get("/audit?entity=notify_channel")
		if !strings.Contains(body, "notify.channel") || !strings.Contains(body, "notify.channel_test") || strings.Contains(body, "secret-key-5521") {
			t.Errorf("audit:\n%s", between(body, "<table", "</table>"))
		}
	})
}

// backoffs is when the i-th attempt of a delivery is due: the back-offs
// of the attempts before it, added up.
func backoffs(i int) time.Duration {
	var d time.Duration
	for a := 1; a <= i; a++ {
		d += jobs.Backoff(a)
	}
	return d
}
