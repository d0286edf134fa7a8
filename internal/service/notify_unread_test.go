package service_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/store"
)

// The unread count every page's menu shows is kept between pages, yet a
// new notification and a read mark on this instance show at once.
func TestUnreadCountFollowsThisInstance(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		p := as(t, env, "zjj_lly")
		count := func() int {
			n, err := env.App.Service.UnreadCount(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(); n != 0 {
			t.Fatalf("%d unread at first", n)
		}
		enqueue(t, env, msg(env, "zjj_lly", "k1", "请签收督办件"), msg(env, "zjj_lly", "k2", "请反馈"))
		if n := count(); n != 2 {
			t.Fatalf("%d unread after two notifications, want 2 at once", n)
		}
		box, err := env.App.Service.Inbox(ctx, p, store.NotificationFilter{Limit: 10})
		if err != nil || len(box.Items) != 2 {
			t.Fatalf("inbox %+v %v", box, err)
		}
		if _, err := env.App.Service.MarkRead(ctx, p, box.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Errorf("%d unread after reading one, want 1 at once", n)
		}
		if _, err := env.App.Service.MarkAllRead(ctx, p); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 0 {
			t.Errorf("%d unread after reading all, want 0 at once", n)
		}
	})
}
