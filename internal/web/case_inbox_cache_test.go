package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// The inbox page is kept between visits, yet shows every change at once
// and turns yellow when a signing limit passes with nothing else changed.
func TestCaseInboxCacheFollowsChangesAndClock(t *testing.T) {
	clock := &caseClock{}
	apptest.Each(t, apptest.Options{Clock: clock.now}, func(t *testing.T, env *apptest.Env) {
		clock.set("2023-07-17 09:00")
		f := env.Fix
		st := domain.DefaultCaseSettings()
		st.SignHours = 2
		if _, err := env.App.Service.SaveCaseSettings(context.Background(), principal(t, env, "office"), st); err != nil {
			t.Fatal(err)
		}
		c := raise(t, env, service.CaseInput{Title: "湖滨社区路灯不亮", Source: domain.CaseSourcePublic, LeadUnitID: f.Units["区住建局"],
			LimitDays: 10, Assign: true})
		row := func(body string) string {
			i := strings.Index(body, fmt.Sprintf(`data-case="%d"`, c.ID))
			if i < 0 {
				return ""
			}
			return body[i : i+60]
		}
		// The signing limit is two working hours: 11:00.
		clock.set("2023-07-17 10:50")
		zjj := login(t, env, "zjj_lly")
		_, first := zjj.get("/cases/inbox")
		_, again := zjj.get("/cases/inbox")
		if !strings.Contains(row(first), `data-light="none"`) || row(again) != row(first) {
			t.Fatalf("before the signing limit: %q then %q", row(first), row(again))
		}
		clock.set("2023-07-17 11:01")
		resp, body := zjj.get("/cases/inbox")
		has(t, "past the signing limit", resp, body, 200, "未在时限内签收")
		if !strings.Contains(row(body), `data-light="yellow"`) {
			t.Errorf("past the signing limit: %q", row(body))
		}
		// Signing shows at once: the case leaves the signing to-do.
		if _, err := env.App.Service.SignCase(context.Background(), principal(t, env, "zjj_lly"), c.ID); err != nil {
			t.Fatal(err)
		}
		_, body = zjj.get("/cases/inbox")
		if strings.Contains(row(body), `data-light="yellow"`) || !strings.Contains(body, "办理中") {
			t.Errorf("after signing: %q", row(body))
		}
	})
}
