package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// A voter in the hall scans a peer code on a phone (375×667): the ballot
// marks their own unit and leaves it out, they tap an answer for each of
// the others, submit and are thanked; opening the link again says the code
// is used. The office, watching the evaluation's page on a desktop, sees the
// vote in the turnout without reloading.
func TestBrowserVoteOnPhone(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		bg := context.Background()
		svc, f := env.App.Service, env.Fix
		office := service.SystemPrincipal("test")
		zjj, czj, cgj := f.Units["区住建局"], f.Units["区财政局"], f.Units["区城管局"]
		e, err := svc.CreateEvaluation(bg, office, service.EvaluationInput{Year: 2023, Code: "PHONE", Name: "2023年度部门互评", UnitIDs: []domain.ID{zjj, czj, cgj},
			Options: domain.DefaultEvalOptions(), Groups: []domain.RaterGroup{{Key: "peers", Name: "同级单位", Weight: 1, Quorum: 1, PerUnit: true}}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := svc.IssueCodes(bg, office, e.ID, service.CodeRequest{Group: "peers", Count: 1, RaterUnitID: zjj})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.OpenEvaluation(bg, office, e.ID); err != nil {
			t.Fatal(err)
		}
		desk := browsertest.New(t, 1280, 800)
		do(t, desk, browsertest.Login(env.URL, "office", apptest.Password), chromedp.Navigate(env.URL+"/evaluations/"+itoa(e.ID)),
			chromedp.WaitVisible(chromedp.ID("turnout-peers")))
		used := `#turnout-peers td:nth-child(2)`
		if got := text(t, desk, used); got != "0" {
			t.Fatalf("turnout before the vote: %q", got)
		}
		link := env.URL + "/v/" + b.Codes[0].Code
		ctx := browsertest.New(t, 375, 667)
		do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("ballot")))
		if got := text(t, ctx, "#unit-"+itoa(zjj)); !strings.Contains(got, "本单位，不参与评价") {
			t.Errorf("own unit: %q", got)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Error("the ballot scrolls sideways on a phone")
		}
		tall, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector(".opt span").getBoundingClientRect().height`))
		if err != nil || tall < 44 {
			t.Errorf("tap targets %.0f px high", tall)
		}
		// Submitting with an answer missing names the unit.
		do(t, ctx, chromedp.Click(chromedp.CSS("#unit-"+itoa(czj)+" .opt:nth-child(1) span")), chromedp.Click(chromedp.ID("submit")),
			chromedp.WaitVisible(chromedp.ID("vote-error")))
		if got := text(t, ctx, "#vote-error"); got != "请对“区城管局”作出评价或选择弃权。" {
			t.Errorf("missing answer: %q", got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#unit-"+itoa(cgj)+" .opt:nth-child(2) span")), chromedp.Click(chromedp.ID("submit")),
			chromedp.WaitVisible(chromedp.ID("thanks")))
		if got := text(t, ctx, "#thanks"); !strings.Contains(got, "投票成功") {
			t.Errorf("thanks: %q", got)
		}
		// The office's page fetches its turnout every five seconds.
		wait, cancel := context.WithTimeout(desk, 15*time.Second)
		defer cancel()
		if _, err := chromedp.Run(wait, chromedp.Poll[chromedp.Void](`document.querySelector("`+used+`").textContent.trim() === "1"`)); err != nil {
			t.Errorf("the office's turnout did not show the vote without a reload: %v (shows %q)", err, text(t, desk, used))
		}
		do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("vote-error")))
		if got := text(t, ctx, "#vote-error"); got != "该票码已使用。" {
			t.Errorf("second visit: %q", got)
		}
		if _, err := svc.CloseEvaluation(bg, office, e.ID); err != nil {
			t.Fatal(err)
		}
		res, err := svc.EvaluationScores(bg, office, e.ID)
		if err != nil || res.Units[0].Scored || res.Units[1].Score != 100 || res.Units[2].Score != 80 {
			t.Errorf("the phone's ballot: %+v %v", res, err)
		}
	})
}
