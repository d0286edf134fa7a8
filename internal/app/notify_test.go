package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Two instances deliver at once, over and over: every message reaches the
// robot exactly once.
func TestTwoInstancesNeverSendTwice(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a, b := open(t, dsn), open(t, dsn)
			if _, err := a.Bootstrap(ctx); err != nil {
				t.Fatal(err)
			}
			fix, err := apptest.Seed(ctx, a.Service)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			got := map[string]int{}
			robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Markdown struct{ Content string } `json:"markdown"`
				}
				raw, _ := io.ReadAll(r.Body)
				json.Unmarshal(raw, &body)
				subject, _, _ := strings.Cut(strings.TrimPrefix(body.Markdown.Content, "**"), "**")
				mu.Lock()
				got[subject]++
				mu.Unlock()
				io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
			}))
			defer robot.Close()
			sys, err := a.DB.Read().AccountByLogin(ctx, domain.LoginSysAdmin)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Service.SetChannel(ctx, &service.Principal{Account: sys}, domain.ChannelWeCom,
				service.ChannelInput{Enabled: true, Webhook: robot.URL + "/send?key=k"}); err != nil {
				t.Fatal(err)
			}
			const n = 60
			logins := []string{"zjj_lly", "czj_lly", "dh_lly", "office", "zjj_fzr"}
			var msgs []notify.Message
			for i := range n {
				msgs = append(msgs, notify.Message{To: fix.Accounts[logins[i%len(logins)]], Kind: "test.urge", Subject: fmt.Sprintf("催办 %d", i),
					Key: fmt.Sprintf("k%d", i)})
			}
			// Enqueued from both instances, in several transactions.
			for i, x := range []*app.App{a, b, a} {
				err := x.DB.Update(ctx, func(tx *store.Tx) error { return x.Service.Notify(ctx, tx, msgs[i*20:(i+1)*20]...) })
				if err != nil {
					t.Fatal(err)
				}
			}
			now := a.Service.Now()
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for _, x := range []*app.App{a, b} {
				for range 3 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := x.Service.DeliverDue(ctx, now); err != nil {
							errs <- err
						}
					}()
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := x.Jobs.RunDue(ctx, now); err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for i := range n {
				if c := got[fmt.Sprintf("催办 %d", i)]; c != 1 {
					t.Errorf("message %d sent %d times", i, c)
				}
			}
			if len(got) != n {
				t.Errorf("%d distinct messages sent, want %d", len(got), n)
			}
			sent, _ := a.DB.Read().Deliveries(ctx, store.DeliveryFilter{State: store.DeliverySent, Limit: 1000})
			if len(sent) != n {
				t.Errorf("%d deliveries marked sent", len(sent))
			}
		})
	}
}
