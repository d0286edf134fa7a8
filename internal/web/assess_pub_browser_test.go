package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
)

// A liaison reads the unit's result on a phone and files an appeal with a
// file: a missing reason is refused with the form kept, then it is filed
// and listed; the public page fits the phone without a login.
func TestBrowserAppealOnPhone(t *testing.T) {
	clk := &escClock{}
	clk.set(t, "2026-09-30 09:00")
	apptest.Each(t, apptest.Options{Clock: clk.now}, func(t *testing.T, env *apptest.Env) {
		clk.set(t, "2026-09-30 09:00")
		id := publishRun(t, env)
		page := env.URL + "/assess/runs/" + itoa(id) + "/units/" + itoa(env.Fix.Units["区住建局"])
		evidence := filepath.Join(t.TempDir(), "验收记录.pdf")
		if err := os.WriteFile(evidence, []byte("%PDF-1.4 验收"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := browsertest.New(t, browsertest.PhoneWidth, browsertest.PhoneHeight)
		fits := func(what string) {
			t.Helper()
			width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a %d px phone (%v)", what, width, browsertest.PhoneWidth, err)
			}
		}
		// The public page first, without a login.
		do(t, ctx, chromedp.Navigate(env.URL+"/public/assess/"+itoa(id)), chromedp.WaitVisible(chromedp.ID("run-window")))
		if got := text(t, ctx, "#run-window"); !strings.Contains(got, "公示中") || !strings.Contains(got, "2026-10-12") {
			t.Errorf("public window: %q", got)
		}
		fits("the public page")
		do(t, ctx, browsertest.Login(env.URL, "zjj_lly", apptest.Password), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("appeal-form")))
		fits("the unit's page")
		if got := text(t, ctx, "#unit-rank"); !strings.Contains(got, "第 1 名") {
			t.Errorf("rank: %q", got)
		}
		do(t, ctx, chromedp.SetValue(chromedp.ID("appeal-criterion"), "A1"))
		submitTo(t, ctx, "appeal-submit", ".alert")
		if got := text(t, ctx, ".alert"); !strings.Contains(got, "请填写理由。") {
			t.Fatalf("without reasons: %q", got)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.ID("appeal-reasons"), "12月重点项目验收记录未计入"),
			chromedp.SetUploadFiles(chromedp.ID("appeal-files"), []string{evidence}))
		submit(t, ctx, "appeal-submit")
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "申诉已提交") {
			t.Fatalf("after filing: %q", got)
		}
		got := text(t, ctx, "#appeal-list")
		for _, s := range []string{"12月重点项目验收记录未计入", "A1 重点项目推进", "待处理", "验收记录.pdf", "张联络"} {
			if !strings.Contains(got, s) {
				t.Errorf("appeal list lacks %q: %q", s, got)
			}
		}
		fits("the unit's page with the appeal")
	})
}

// submitTo clicks a button and waits for sel on the page it leads to.
func submitTo(t *testing.T, ctx context.Context, button, sel string) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.ID(button)), chromedp.WaitVisible(chromedp.CSS(sel)))
}
