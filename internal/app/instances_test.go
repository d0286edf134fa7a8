package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

func open(t *testing.T, dsn string) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{DB: dsn, Now: apptest.DefaultNow, PasswordParams: auth.FastParams,
		BootstrapPassword: apptest.Password, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Two instances on one database: a change made through one is seen by the
// other (within the head's polling interval), search answers the same on
// both, and their audit writes share one intact chain.
func TestTwoInstancesShareOneDatabase(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			a, b := open(t, dsn), open(t, dsn)
			if _, err := a.Bootstrap(ctx); err != nil {
				t.Fatal(err)
			}
			if res, err := b.Bootstrap(ctx); err != nil || len(res.Created) != 0 {
				t.Fatalf("second bootstrap: %+v %v", res, err)
			}
			fix, err := apptest.Seed(ctx, a.Service)
			if err != nil {
				t.Fatal(err)
			}
			op := service.SystemPrincipal("test")
			find := func(x *app.App, q string) int {
				m, err := x.Service.Model(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return len(m.Find(nil, readmodel.Scope{All: true}, readmodel.Filter{Query: x.Service.Normalizer().ParseQuery(q)}))
			}
			// Created on B, then found on A, by simplified and by traditional spelling.
			_, err = b.Service.CreateTask(ctx, op, service.TaskInput{PlanID: fix.Plan.ID, Number: "6", Title: "義務教育學校新建", Category: domain.CategoryKey,
				LeadUnitIDs: []domain.ID{fix.Units["东湖街道"]}, Due: domain.MustDate("2023-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(2 * time.Second)
			for find(a, "义务教育") == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			for _, q := range []string{"义务教育", "義務教育", "学校", "教育"} {
				if na, nb := find(a, q), find(b, q); na != 1 || nb != 1 {
					t.Errorf("%q: instance A finds %d, B finds %d", q, na, nb)
				}
			}
			// Writes from both instances at once keep one valid chain.
			done := make(chan error, 2)
			for i, x := range []*app.App{a, b} {
				go func(i int, x *app.App) {
					var err error
					for j := 0; j < 10 && err == nil; j++ {
						_, err = x.Service.CreateGroup(ctx, op, domain.GroupFront, service.GroupInput{Name: string(rune('甲'+i)) + string(rune('0'+j))})
					}
					done <- err
				}(i, x)
			}
			for range 2 {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			v, err := a.Service.VerifyAudit(ctx, op)
			if err != nil || !v.OK {
				t.Fatalf("chain after writes from two instances: %+v %v", v, err)
			}
		})
	}
}
