package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/notify"
)

// On a phone the unread count shows without opening the menu; a liaison
// marks a message read in the inbox and the count drops; the inbox, the
// preferences and the admins' notification and job pages fit the screen.
func TestBrowserInboxOnPhone(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		acct := env.Fix.Accounts
		notifyFixture(t, env,
			notify.Message{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：老旧小区改造提升，请于7月20日前反馈办理情况并上传佐证材料", Body: "督查室：请于7月20日前反馈。",
				Link: "/tasks/" + itoa(env.Fix.Tasks["1"]), Key: "k1"},
			notify.Message{To: acct["zjj_lly"], Kind: "test.urge", Subject: "催办：智慧停车试点", Key: "k2"},
		)
		ctx := browsertest.New(t, browsertest.PhoneWidth, browsertest.PhoneHeight)
		do(t, ctx, browsertest.Login(env.URL, "zjj_lly", apptest.Password), chromedp.Navigate(env.URL+"/tasks"), chromedp.WaitVisible(chromedp.ID("unread-count")))
		if got := text(t, ctx, "#unread-count"); got != "2" {
			t.Fatalf("unread count %q", got)
		}
		fits := func(path string) {
			t.Helper()
			do(t, ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a %d px phone (%v)", path, width, browsertest.PhoneWidth, err)
			}
		}
		fits("/inbox")
		fits("/me/notify")
		do(t, ctx, chromedp.Click(chromedp.CSS(`#inbox-link`)), chromedp.WaitVisible(chromedp.ID("inbox")),
			chromedp.Click(chromedp.CSS(`#inbox button[data-read]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
		if got := text(t, ctx, ".flash"); got != "已标为已读。" {
			t.Errorf("flash %q", got)
		}
		if got := text(t, ctx, "#unread-count"); got != "1" {
			t.Errorf("unread count after marking one read: %q", got)
		}
		if got := text(t, ctx, "#inbox-unread"); got != "1 条未读" {
			t.Errorf("inbox heading: %q", got)
		}
		do(t, ctx, logout(env.URL), browsertest.Login(env.URL, "sysadmin", apptest.Password))
		fits("/admin/notifications")
		fits("/admin/jobs")
	})
}
