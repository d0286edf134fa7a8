package web_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/browsertest"
	"github.com/luoshi/luoshi/internal/service"
)

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// logout clears the session by posting the menu's logout form.
func logout(base string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/password"),
		chromedp.Submit(chromedp.CSS(`form[action="/logout"]`)),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
}

// A liaison submits a report from the task page; the unit head approves it
// from the review queue; the office sees the task's new progress.
func TestBrowserReportAndApprove(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		task := itoa(env.Fix.Tasks["1"])
		do(t, ctx,
			browsertest.Login(env.URL, "zjj_lly", apptest.Password),
			chromedp.Navigate(env.URL+"/tasks/"+task),
			chromedp.Click(chromedp.ID("report-button")),
			chromedp.WaitVisible(chromedp.ID("report-form")),
			chromedp.SetValue(chromedp.ID("progress"), "55"),
			chromedp.SendKeys(chromedp.ID("done"), "完成12个小区主体施工，累计55%"),
			chromedp.Click(chromedp.ID("submit-report")),
			chromedp.WaitVisible(chromedp.CSS(".flash")),
		)
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已提交") {
			t.Fatalf("after submit: %q", got)
		}
		// Not approved yet: progress still counts as 0.
		if got := text(t, ctx, "#task-progress"); got != "0.0%" {
			t.Errorf("progress before approval: %q", got)
		}
		do(t, ctx, logout(env.URL),
			browsertest.Login(env.URL, "zjj_fzr", apptest.Password),
			chromedp.Navigate(env.URL+"/reports"),
			chromedp.WaitVisible(chromedp.ID("queue")),
		)
		if got := text(t, ctx, "#queue"); !strings.Contains(got, "老旧小区改造提升") || !strings.Contains(got, "55.0%") {
			t.Fatalf("queue: %q", got)
		}
		do(t, ctx,
			chromedp.Click(chromedp.CSS("#queue button[data-approve]")),
			chromedp.WaitVisible(chromedp.CSS(".flash")),
		)
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "审核通过") {
			t.Fatalf("after approve: %q", got)
		}
		do(t, ctx, logout(env.URL), browsertest.Login(env.URL, "office", apptest.Password), chromedp.Navigate(env.URL+"/tasks/"+task),
			chromedp.WaitVisible(chromedp.ID("task-progress")))
		if got := text(t, ctx, "#task-progress"); got != "55.0%" {
			t.Errorf("progress after approval: %q", got)
		}
		if got := text(t, ctx, "#reports"); !strings.Contains(got, "已通过") || !strings.Contains(got, "完成12个小区主体施工") {
			t.Errorf("report history: %q", got)
		}
	})
}

// The office finds a lagging task on the dashboard and opens it.
func TestBrowserDashboardShowsLagging(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		approveProgress(t, env, "zjj_lly", "zjj_fzr", env.Fix.Tasks["1"], 45, true)
		ctx := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		do(t, ctx, browsertest.Login(env.URL, "office", apptest.Password), chromedp.WaitVisible(chromedp.ID("behind")))
		behind := text(t, ctx, "#behind")
		if !strings.Contains(behind, "老旧小区改造提升") || !strings.Contains(behind, "滞后") || !strings.Contains(behind, "背街小巷环境整治") || !strings.Contains(behind, "逾期") {
			t.Fatalf("dashboard behind list: %q", behind)
		}
		if half := text(t, ctx, "#half"); !strings.Contains(half, "时间进度") || !strings.Contains(half, "落后") {
			t.Errorf("half panel: %q", half)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`#behind a[href="/tasks/`+itoa(env.Fix.Tasks["1"])+`"]`)), chromedp.WaitVisible(chromedp.ID("task-status")))
		if st := text(t, ctx, "#task-status"); st != "滞后" {
			t.Errorf("task status: %q", st)
		}
	})
}

// approveProgress has a liaison submit and a unit head approve a report
// through the services, marking every node up to the percent completed.
func approveProgress(t *testing.T, env *apptest.Env, liaison, head string, taskID int64, pct float64, nodes bool) {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Service
	lp := principal(t, env, liaison)
	tk, _, err := svc.Task(ctx, lp, taskID)
	if err != nil {
		t.Fatal(err)
	}
	var ms []int64
	for _, m := range tk.Milestones {
		if nodes && m.PlannedPct <= pct {
			ms = append(ms, m.ID)
		}
	}
	rep, err := svc.SaveReport(ctx, lp, taskID, service.ReportInput{Progress: pct, Done: "按计划推进", MilestoneIDs: ms, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveReport(ctx, principal(t, env, head), rep.ID, ""); err != nil {
		t.Fatal(err)
	}
}

func principal(t *testing.T, env *apptest.Env, login string) *service.Principal {
	t.Helper()
	a, err := env.App.DB.Read().AccountByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return &service.Principal{Account: a}
}

// The office uploads a task sheet on the import page.
func TestBrowserUploadSheet(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		f := excelize.NewFile()
		sh := f.GetSheetName(0)
		f.SetSheetRow(sh, "A1", &[]any{"2023年专项攻坚任务清单"})
		f.SetSheetRow(sh, "A2", &[]any{"序号", "工作任务", "牵头单位", "配合单位", "完成时限", "所属口"})
		f.SetSheetRow(sh, "A3", &[]any{"1", "道路白改黑", "区住建局", "区城管局", "9月底前", "城市建设口"})
		f.SetSheetRow(sh, "A4", &[]any{"2", "农贸市场提升", "区城管局", "", "四季度", "城市管理口"})
		path := filepath.Join(t.TempDir(), "攻坚.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		ctx := browsertest.New(t, browsertest.DesktopWidth, browsertest.DesktopHeight)
		do(t, ctx, browsertest.Login(env.URL, "office", apptest.Password), chromedp.Navigate(env.URL+"/import"),
			chromedp.WaitVisible(chromedp.ID("import-form")),
			chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{path}),
			chromedp.Click(chromedp.CSS(`input[name="year_from_title"]`)),
			chromedp.Click(chromedp.ID("import-submit")),
			chromedp.WaitVisible(chromedp.ID("import-summary")),
		)
		if got := text(t, ctx, "#import-summary"); !strings.Contains(got, "新增 2 项") || !strings.Contains(got, "2023年专项攻坚任务清单") {
			t.Fatalf("summary: %q", got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#import-summary a.btn")), chromedp.WaitVisible(chromedp.ID("task-table")))
		if got := text(t, ctx, "#task-table"); !strings.Contains(got, "道路白改黑") || !strings.Contains(got, "2023-09-30") || !strings.Contains(got, "2023-12-31") {
			t.Errorf("imported tasks: %q", got)
		}
	})
}

// On a 375-pixel phone nothing scrolls sideways, the menu folds away and
// tables turn into cards.
func TestBrowserPhoneLayout(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		approveProgress(t, env, "czj_lly", "czj_fzr", env.Fix.Tasks["2"], 49, false)
		ctx := browsertest.New(t, browsertest.PhoneWidth, browsertest.PhoneHeight)
		do(t, ctx, browsertest.Login(env.URL, "office", apptest.Password))
		for _, path := range []string{"/", "/tasks", "/tasks/" + itoa(env.Fix.Tasks["1"]), "/units", "/reports", "/import", "/org", "/plans",
			"/tasks/" + itoa(env.Fix.Tasks["1"]) + "/edit", "/units/" + itoa(env.Fix.Units["区住建局"]), "/gantt", "/heatmap", "/people",
			"/people/" + itoa(env.Fix.People["王建新"]), "/plans/" + itoa(env.Fix.Plan.ID), "/units/new", "/tasks/new", "/me/tokens", "/password", "/calendar"} {
			do(t, ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a %d px phone", path, width, browsertest.PhoneWidth)
			}
		}
		do(t, ctx, chromedp.Navigate(env.URL+"/tasks"), chromedp.WaitVisible(chromedp.ID("task-table")))
		navShown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.nav')).display !== 'none'`))
		if err != nil || navShown {
			t.Errorf("menu open on a phone before tapping: %v %v", navShown, err)
		}
		headHidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('#task-table thead')).display === 'none'`))
		if err != nil || !headHidden {
			t.Errorf("task table not shown as cards: %v %v", headHidden, err)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(".navbutton")))
		navShown, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.nav')).display !== 'none'`))
		if !navShown {
			t.Error("menu does not open on tap")
		}
		// The admins' pages fit too.
		for _, admin := range []struct{ login, path string }{{"sysadmin", "/admin/accounts"}, {"sysadmin", "/calendar"}, {"auditor", "/audit"}} {
			do(t, ctx, logout(env.URL), browsertest.Login(env.URL, admin.login, apptest.Password), chromedp.Navigate(env.URL+admin.path),
				chromedp.WaitVisible(chromedp.CSS("footer.foot")))
			width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil || width > browsertest.PhoneWidth {
				t.Errorf("%s is %v px wide on a phone (%v)", admin.path, width, err)
			}
		}
		// The filter, the cards and the report form fit: the report form's
		// submit button is reachable without sideways scrolling.
		do(t, ctx, logout(env.URL), browsertest.Login(env.URL, "zjj_lly", apptest.Password),
			chromedp.Navigate(env.URL+"/tasks/"+itoa(env.Fix.Tasks["1"])+"/report"), chromedp.WaitVisible(chromedp.ID("submit-report")))
		right, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById('submit-report').getBoundingClientRect().right`))
		if err != nil || right > browsertest.PhoneWidth {
			t.Errorf("submit button at x=%v", right)
		}
	})
}
