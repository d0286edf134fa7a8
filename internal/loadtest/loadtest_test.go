package loadtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/loadtest"
	"github.com/luoshi/luoshi/internal/service"
)

func TestCheckLoopback(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://127.0.0.1:8080": true, "http://localhost:1": true, "http://[::1]:80": true, "http://127.9.9.9": true,
		"http://10.0.0.1:8080": false, "http://192.168.1.1": false, "https://example.com": false, "http://0.0.0.0:80": false,
	} {
		if err := loadtest.CheckLoopback(url); (err == nil) != ok {
			t.Errorf("%s: %v", url, err)
		}
	}
}

// A short run of each scenario against a real App: pages load without
// errors, and every acknowledged report is found again.
func TestScenarios(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		opt := loadtest.Options{URL: env.URL, Clients: 4, Duration: 700 * time.Millisecond, Warmup: 100 * time.Millisecond}
		res, err := loadtest.Pages(ctx, opt, "dashboard", "office", apptest.Password, []string{"/", "/tasks"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Requests == 0 || res.Errors != 0 || res.P99 <= 0 || res.Throughput <= 0 {
			t.Errorf("pages: %s %v", res, res.FirstErrors)
		}
		tasks := []domain.ID{env.Fix.Tasks["1"]}
		dates := []domain.Date{domain.MustDate("2023-01-06"), domain.MustDate("2023-02-03"), domain.MustDate("2023-03-03"), domain.MustDate("2023-04-07")}
		res, err = loadtest.Reports(ctx, opt, []loadtest.Reporter{{Login: "zjj_lly", TaskIDs: tasks}}, apptest.Password, dates)
		if err != nil {
			t.Fatal(err)
		}
		if res.Requests == 0 || res.Errors != 0 || res.Verified == 0 || res.Lost != 0 {
			t.Errorf("reports: %s %v", res, res.FirstErrors)
		}
	})
}

// The cases scenario: each client reads its own unit's inbox, opens its
// cases and reads the API inbox without errors; a case the viewer may not
// read counts as an error.
func TestCaseScenario(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		office, err := env.App.DB.Read().AccountByLogin(ctx, "office")
		if err != nil {
			t.Fatal(err)
		}
		raise := func(title string, lead string, co ...string) domain.ID {
			in := service.CaseInput{Title: title, Source: domain.CaseSourcePublic, LeadUnitID: env.Fix.Units[lead], LimitDays: 10, Assign: true}
			for _, u := range co {
				in.CoUnitIDs = append(in.CoUnitIDs, env.Fix.Units[u])
			}
			d, err := env.App.Service.CreateCase(ctx, &service.Principal{Account: office}, in)
			if err != nil {
				t.Fatal(err)
			}
			return d.ID
		}
		lift := raise("老旧小区加装电梯", "区住建局", "区财政局")
		light := raise("湖滨社区路灯不亮", "东湖街道")
		opt := loadtest.Options{URL: env.URL, Clients: 4, Duration: 700 * time.Millisecond, Warmup: 100 * time.Millisecond}
		viewers := []loadtest.CaseViewer{{Login: "zjj_lly", CaseIDs: []domain.ID{lift}}, {Login: "czj_lly", CaseIDs: []domain.ID{lift}},
			{Login: "dh_lly", CaseIDs: []domain.ID{light}}, {Login: "zjj_fzr", CaseIDs: []domain.ID{lift}}}
		res, err := loadtest.Cases(ctx, opt, viewers, apptest.Password, loadtest.CaseOptions{CasePages: true, APIInbox: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Requests < 12 || res.Errors != 0 || res.P99 <= 0 || res.Throughput <= 0 || res.Bytes == 0 {
			t.Errorf("cases: %s %v", res, res.FirstErrors)
		}
		// 东湖街道 has no part in the lift case: its page is not found.
		opt.Clients = 1
		res, err = loadtest.Cases(ctx, opt, []loadtest.CaseViewer{{Login: "dh_lly", CaseIDs: []domain.ID{lift}}}, apptest.Password,
			loadtest.CaseOptions{CasePages: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors == 0 || res.Errors*2 > res.Requests+1 {
			t.Errorf("a case out of the viewer's units: %s, want every case page to fail and every inbox to load", res)
		}
		if _, err := loadtest.Cases(ctx, opt, nil, apptest.Password, loadtest.CaseOptions{}); err == nil {
			t.Error("no viewers: want an error")
		}
	})
}
