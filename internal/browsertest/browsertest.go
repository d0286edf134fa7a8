// Package browsertest drives a real headless Chromium (chromedp) against an
// App. Without a browser a test skips with a clear message; under CI (or
// with LUOSHI_REQUIRE_BROWSER=1) a missing browser fails it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Find returns the Chromium executable, or "" when there is none.
func Find() string {
	if p := os.Getenv("LUOSHI_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// required reports whether a missing browser must fail the run.
func required() bool {
	return os.Getenv("CI") != "" || os.Getenv("LUOSHI_REQUIRE_BROWSER") == "1"
}

// Viewport sizes used by the tests.
const (
	DesktopWidth, DesktopHeight = 1280, 900
	PhoneWidth, PhoneHeight     = 375, 812
)

// New starts a headless browser with a fresh profile at the given window
// size and returns a context for chromedp actions. It is closed with the test.
func New(t testing.TB, width, height int) context.Context {
	t.Helper()
	exe := Find()
	if exe == "" {
		if required() {
			t.Fatal("no Chromium found: browser tests are required here (install Debian's chromium package)")
		}
		t.Skip("no Chromium found: skipping browser test (apt-get install chromium, or set LUOSHI_CHROME)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "zh-CN"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return ctx
}

// Login opens the login page and logs in.
func Login(base, user, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), user),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("login-form")),
		// The user menu exists only once logged in; waiting for anything the
		// login page also has would let the next step abort the submission.
		chromedp.WaitReady(chromedp.CSS("details.usermenu")),
	)
}

// Screenshot saves a full-page PNG to path.
func Screenshot(path string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(path, buf, 0o644)
	})
}
