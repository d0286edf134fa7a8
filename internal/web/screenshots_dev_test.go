//go:build dev

package web_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

func TestShots(t *testing.T) {
	env := apptest.Start(t, storetest.Engines(t)[0], apptest.Options{})
	dir := os.Getenv("SHOTS")
	for _, size := range []struct {
		name string
		w, h int
	}{{"desk", 1280, 900}, {"phone", 375, 812}} {
		ctx := browsertest.New(t, size.w, size.h)
		if err := chromedp.Do(ctx, browsertest.Login(env.URL, "office", apptest.Password)); err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct{ name, path string }{{"dash", "/"}, {"tasks", "/tasks"}, {"task", "/tasks/1"}, {"units", "/units"}, {"import", "/import"}, {"reports", "/reports"}} {
			if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS("footer.foot")),
				browsertest.Screenshot(dir+"/"+size.name+"-"+p.name+".png")); err != nil {
				t.Fatal(err)
			}
		}
	}
}
