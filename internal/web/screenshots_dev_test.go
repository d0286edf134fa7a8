//go:build dev

package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// TestShots saves screenshots of the main pages at desk and phone widths,
// for looking at the UI: go test -tags dev -run TestShots ./internal/web
// with SHOTS=dir, and optionally SHOTS_URL, SHOTS_LOGIN, SHOTS_PASSWORD and
// SHOTS_PATHS (comma-separated) to shoot a running server instead.
func TestShots(t *testing.T) {
	dir := os.Getenv("SHOTS")
	base, login, password := os.Getenv("SHOTS_URL"), os.Getenv("SHOTS_LOGIN"), os.Getenv("SHOTS_PASSWORD")
	if base == "" {
		env := apptest.Start(t, storetest.Engines(t)[0], apptest.Options{})
		base, login, password = env.URL, "office", apptest.Password
	}
	paths := []string{"/", "/tasks", "/tasks/1", "/units", "/import", "/reports"}
	if p := os.Getenv("SHOTS_PATHS"); p != "" {
		paths = strings.Split(p, ",")
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"desk", 1280, 900}, {"phone", 375, 812}} {
		ctx := browsertest.New(t, size.w, size.h)
		if err := chromedp.Do(ctx, browsertest.Login(base, login, password)); err != nil {
			t.Fatal(err)
		}
		for i, p := range paths {
			name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(p)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("footer.foot")),
				browsertest.Screenshot(dir+"/"+size.name+"-"+string(rune('a'+i))+name+".png")); err != nil {
				t.Fatal(err)
			}
		}
	}
}
