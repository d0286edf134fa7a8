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

// issueItem has the office plan and run an inspection of the housing
// bureau and issue one rectification item from its finding.
func issueItem(t *testing.T, env *apptest.Env) *domain.Rectification {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Service
	office := principal(t, env, "office")
	insp, err := svc.CreateInspection(ctx, office, service.InspectionInput{Kind: domain.InspectionVisit, Title: "建筑工地扬尘治理暗访",
		TargetUnitIDs: []domain.ID{env.Fix.Units["区住建局"]}, LeaderID: env.Fix.People["吴督查"]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.StartInspection(ctx, office, insp.ID, service.InspectionStepInput{}); err != nil {
		t.Fatal(err)
	}
	f, err := svc.AddFinding(ctx, office, insp.ID, service.FindingInput{UnitID: env.Fix.Units["区住建局"], Problem: "工地围挡破损，裸土未覆盖"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.IssueRectification(ctx, office, f.ID, service.RectInput{DeadlineWorkdays: 10})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// loaded waits until the page a form led to has finished loading, so that
// what is read next belongs to it.
func loaded() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.readyState === "complete"`)
}

// A unit applies for closing with a note; the office verifies and closes
// the item; the board shows it closed. On a phone the pages fit.
func TestBrowserRectificationClosing(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		item := "/rectifications/" + itoa(issueItem(t, env).ID)
		ctx := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		do(t, ctx,
			browsertest.Login(env.URL, "zjj_lly", apptest.Password),
			chromedp.Navigate(env.URL+"/rectifications/mine"),
			chromedp.WaitVisible(chromedp.CSS(`#my-items a[href="`+item+`"]`)),
			// Every form is filled on a page loaded by navigation and each
			// submission waits for its own trace on the next page.
			chromedp.Navigate(env.URL+item),
			chromedp.WaitVisible(chromedp.ID("measures")),
			chromedp.SendKeys(chromedp.ID("measures"), "更换破损围挡，裸土全部覆盖防尘网"),
			chromedp.Click(chromedp.ID("save-measures")),
			chromedp.WaitVisible(chromedp.CSS("#rect-timeline li.rx-measures")),
			chromedp.Navigate(env.URL+item),
			chromedp.Click(chromedp.CSS("#apply-box summary")),
			chromedp.WaitVisible(chromedp.ID("apply-note")),
			chromedp.SendKeys(chromedp.ID("apply-note"), "围挡已全部更换，裸土覆盖到位"),
			chromedp.Click(chromedp.ID("apply")),
			chromedp.WaitVisible(chromedp.CSS("#rect-timeline li.rx-apply")),
			loaded(),
		)
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已申请销号") {
			t.Fatalf("after applying: %q", got)
		}
		if got := text(t, ctx, "#rect-state"); got != "已申请销号" {
			t.Errorf("state after applying: %q", got)
		}
		if got := text(t, ctx, "#rect-timeline"); !strings.Contains(got, "围挡已全部更换，裸土覆盖到位") || !strings.Contains(got, "张联络") {
			t.Errorf("timeline after applying: %q", got)
		}
		do(t, ctx, logout(env.URL),
			browsertest.Login(env.URL, "office", apptest.Password),
			chromedp.Navigate(env.URL+item),
			chromedp.WaitVisible(chromedp.ID("verify-form")),
			chromedp.SendKeys(chromedp.ID("verify-note"), "现场核查合格"),
			chromedp.Click(chromedp.ID("verify-pass")),
			chromedp.WaitVisible(chromedp.CSS("#rect-timeline li.rx-verify_pass")),
			loaded(),
		)
		if got := text(t, ctx, "#rect-state"); got != "验收通过" {
			t.Fatalf("state after verifying: %q", got)
		}
		do(t, ctx,
			chromedp.Navigate(env.URL+item),
			chromedp.Click(chromedp.ID("close")),
			chromedp.WaitVisible(chromedp.CSS("#rect-timeline li.rx-close")),
			loaded(),
		)
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已销号") {
			t.Fatalf("after closing: %q", got)
		}
		do(t, ctx, chromedp.Navigate(env.URL+"/rectifications"), chromedp.WaitVisible(chromedp.ID("rect-list")))
		if got := text(t, ctx, "#rect-list"); !strings.Contains(got, "工地围挡破损，裸土未覆盖") || !strings.Contains(got, "已销号") {
			t.Errorf("board list: %q", got)
		}
		if got := text(t, ctx, `#rect-tiles a[href="/rectifications?state=closed"] b`); got != "1" {
			t.Errorf("closed tile: %q", got)
		}

		// The pages fit a phone.
		phone := browsertest.New(t, browsertest.PhoneWidth, browsertest.PhoneHeight)
		do(t, phone, browsertest.Login(env.URL, "office", apptest.Password))
		for _, path := range []string{"/rectifications", item, "/inspections", "/inspections/new"} {
			do(t, phone, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(phone, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a phone (%v)", path, width, err)
			}
		}
	})
}
