package loadtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/loadtest"
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
