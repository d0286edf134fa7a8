package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// A unit liaison signs a case and reports back from the browser; the
// office returns the result once, then closes the case.
func TestBrowserCaseSignReportReview(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		c := raise(t, env, service.CaseInput{Title: "老旧小区加装电梯进度缓慢", Source: domain.CaseSourceInstruction, LeaderID: env.Fix.People["王建新"],
			LeadUnitID: env.Fix.Units["区住建局"], LimitDays: 10, Assign: true})
		ctx := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		row := `#todo-table tr[data-case="` + itoa(c.ID) + `"]`
		do(t, ctx, browsertest.Login(env.URL, "zjj_lly", apptest.Password),
			chromedp.Navigate(env.URL+"/cases/inbox"), chromedp.WaitVisible(chromedp.CSS(row)))
		if got := text(t, ctx, row); !strings.Contains(got, "待签收") || !strings.Contains(got, "督〔2023〕1号") {
			t.Fatalf("inbox row: %q", got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(row+" a")), chromedp.WaitVisible(chromedp.ID("sign-button")))
		submit(t, ctx, "sign-button")
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已签收") {
			t.Fatalf("after signing: %q", got)
		}
		if got := text(t, ctx, "#signed-by"); !strings.Contains(got, "张联络") {
			t.Errorf("first responsible: %q", got)
		}
		feedback := func(result string) {
			t.Helper()
			do(t, ctx, chromedp.WaitVisible(chromedp.ID("feedback-text")), chromedp.SendKeys(chromedp.ID("feedback-text"), result))
			submit(t, ctx, "feedback-submit")
			if got := text(t, ctx, ".flash"); !strings.Contains(got, "已反馈") {
				t.Fatalf("after feedback: %q", got)
			}
		}
		feedback("已完成12部电梯加装")
		review := func(sel, reason string) {
			t.Helper()
			do(t, ctx, logout(env.URL), browsertest.Login(env.URL, "office", apptest.Password), chromedp.Navigate(env.URL+"/cases/inbox"),
				chromedp.WaitVisible(chromedp.CSS(row)))
			if got := text(t, ctx, row); !strings.Contains(got, "待审核") {
				t.Fatalf("office inbox: %q", got)
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(row+" a")), chromedp.WaitVisible(chromedp.ID("review")))
			if reason != "" {
				do(t, ctx, chromedp.SendKeys(chromedp.ID("return-text"), reason))
			}
			submit(t, ctx, sel)
		}
		review("return-submit", "未附验收记录，请补充")
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已退回") {
			t.Fatalf("after return: %q", got)
		}
		do(t, ctx, logout(env.URL), browsertest.Login(env.URL, "zjj_lly", apptest.Password), chromedp.Navigate(env.URL+"/cases/"+itoa(c.ID)),
			chromedp.WaitVisible(chromedp.ID("light-reason")))
		if got := text(t, ctx, "#light-reason"); !strings.Contains(got, "黄灯（滞后）") || !strings.Contains(got, "办理质量不高被退回") {
			t.Errorf("a returned case: %q", got)
		}
		feedback("已补充验收记录")
		review("close-submit", "")
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已办结") {
			t.Fatalf("after closing: %q", got)
		}
		if got := text(t, ctx, "#case-state"); got != "已办结" {
			t.Errorf("state: %q", got)
		}
		timeline := text(t, ctx, "#timeline")
		for _, s := range []string{"审核通过，办结", "退回", "未附验收记录，请补充", "已完成12部电梯加装", "已补充验收记录", "签收", "张联络（区住建局）", "2023-07-17 09:00"} {
			if !strings.Contains(timeline, s) {
				t.Errorf("timeline lacks %q", s)
			}
		}
		if n := strings.Count(timeline, "反馈"); n != 2 {
			t.Errorf("%d feedbacks on the timeline", n)
		}
	})
}

// submit clicks a form's button and waits for the page it leads to: the
// flash of the page before is removed first, so that waiting for a flash
// waits for the new one.
func submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll(".flash").forEach(e => e.remove()), true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Click(chromedp.ID(button)), chromedp.WaitVisible(chromedp.CSS(".flash")))
}

// The inbox shows the three colours as the clock moves: a case overdue is
// red, one behind its time is yellow, one due soon and on time is blue,
// each light named in words and counted.
func TestBrowserCaseLights(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		ctx := context.Background()
		svc, dh := env.App.Service, principal(t, env, "dh_lly")
		mk := func(title, due string, progress float64) domain.ID {
			t.Helper()
			c := raise(t, env, service.CaseInput{Title: title, Source: domain.CaseSourcePublic, LeadUnitID: env.Fix.Units["东湖街道"],
				LimitDate: domain.MustDate(due), Assign: true})
			if progress > 0 {
				if _, err := svc.SignCase(ctx, dh, c.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := svc.ReportCaseProgress(ctx, dh, c.ID, service.CaseProgressInput{Progress: progress, Text: "按计划推进"}); err != nil {
					t.Fatal(err)
				}
			}
			return c.ID
		}
		red := mk("背街小巷积水", "2023-07-18", 0)
		yellow := mk("农贸市场整治", "2023-07-31", 0)
		behind := mk("老旧小区雨污分流", "2023-07-31", 10)
		blue := mk("湖滨社区路灯不亮", "2023-07-24", 80)
		none := mk("社区养老助餐点", "2023-08-14", 50)
		// Three working days later.
		clock.set("2023-07-20 10:00")
		b := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		do(t, b, browsertest.Login(env.URL, "dh_lly", apptest.Password), chromedp.Navigate(env.URL+"/cases/inbox"),
			chromedp.WaitVisible(chromedp.ID("light-counts")))
		counts := map[string]string{}
		for _, l := range []string{"red", "yellow", "blue", "none"} {
			counts[l] = text(t, b, `#light-counts a[data-light="`+l+`"]`)
		}
		for l, want := range map[string]string{"red": "1红灯（逾期）", "yellow": "2黄灯（滞后）", "blue": "1蓝灯（临期）", "none": "1正常"} {
			if got := strings.Join(strings.Fields(counts[l]), ""); got != want {
				t.Errorf("%s tile: %q, want %q", l, got, want)
			}
		}
		for id, want := range map[domain.ID][]string{red: {"红灯（逾期）", "已逾期 2 个工作日"}, yellow: {"黄灯（滞后）", "未在时限内签收"}, behind: {"黄灯（滞后）", "进展落后于时间进度"},
			blue: {"蓝灯（临期）", "剩余 2 个工作日"}, none: {"正常"}} {
			got := text(t, b, `tr[data-case="`+itoa(id)+`"]`)
			for _, s := range want {
				if !strings.Contains(got, s) {
					t.Errorf("case %d row %q lacks %q", id, got, s)
				}
			}
		}
		// The red tile narrows the inbox to the red case.
		do(t, b, chromedp.Click(chromedp.CSS(`#light-counts a[data-light="red"]`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/cases/inbox"]`)))
		rows, err := chromedp.Run(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("tr[data-case]")).map(r => r.dataset.light)`))
		if err != nil || len(rows) != 1 || rows[0] != "red" {
			t.Errorf("red filter: %v %v", rows, err)
		}
		// On a phone the inbox fits and its rows become cards.
		phone := browsertest.New(t, browsertest.PhoneWidth, browsertest.PhoneHeight)
		do(t, phone, browsertest.Login(env.URL, "dh_lly", apptest.Password))
		for _, path := range []string{"/cases/inbox", "/cases/" + itoa(red), "/cases", "/cases/board"} {
			do(t, phone, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(phone, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a phone (%v)", path, width, err)
			}
		}
		do(t, phone, logout(env.URL), browsertest.Login(env.URL, "office", apptest.Password))
		for _, path := range []string{"/cases/new", "/cases/settings", "/cases/import", "/cases/board", "/cases/" + itoa(yellow)} {
			do(t, phone, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(phone, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("office %s is %v px wide on a phone (%v)", path, width, err)
			}
		}
	})
}
