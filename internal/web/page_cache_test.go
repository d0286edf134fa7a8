package web_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
)

// A cached page rendered yesterday is not served today: the dashboard's
// links leave out as_of only when it is today, so the same as_of renders
// differently once the day has turned.
func TestCachedPagesFollowTheDay(t *testing.T) {
	var offset atomic.Int64
	// Ten minutes before midnight, Beijing time.
	base := time.Date(2023, 7, 15, 23, 50, 0, 0, time.FixedZone("CST", 8*3600))
	clock := func() time.Time { return base.Add(time.Duration(offset.Load())) }
	apptest.Each(t, apptest.Options{Now: base, Clock: clock}, func(t *testing.T, env *apptest.Env) {
		offset.Store(0)
		b := login(t, env, "office")
		for _, page := range []string{"/?as_of=2023-07-15", "/tasks?as_of=2023-07-15"} {
			if resp, _ := b.get(page); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", page, resp.StatusCode)
			}
		}
		offset.Store(int64(20 * time.Minute)) // 2023-07-16 00:10
		resp, body := b.get("/?as_of=2023-07-15")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: %d", resp.StatusCode)
		}
		if !strings.Contains(body, "as_of=2023-07-15&amp;status=") {
			t.Errorf("the dashboard's links lost as_of=2023-07-15 the day after: yesterday's page was served")
		}
	})
}
