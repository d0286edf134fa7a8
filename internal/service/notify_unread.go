package service

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// unreadCounts keeps each account's unread count, which every page's menu
// shows, for as long as the audit head is trusted (headMaxAge): this
// instance's own changes to notifications (new ones, read marks) move gen
// and show at once, another instance's within headMaxAge, as for
// everything else a page shows.
type unreadCounts struct {
	gen    atomic.Int64
	counts sync.Map // account ID → unreadCount
}

type unreadCount struct {
	n   int
	gen int64
	at  time.Time
}

// changed records a change to notifications by this instance.
func (u *unreadCounts) changed() { u.gen.Add(1) }

// get returns the count kept for an account, if it still holds.
func (u *unreadCounts) get(id domain.ID) (int, int64, bool) {
	gen := u.gen.Load()
	if v, ok := u.counts.Load(id); ok {
		if c := v.(unreadCount); c.gen == gen && time.Since(c.at) <= headMaxAge {
			return c.n, gen, true
		}
	}
	return 0, gen, false
}

// put keeps a count read while gen was current.
func (u *unreadCounts) put(id domain.ID, n int, gen int64) {
	u.counts.Store(id, unreadCount{n: n, gen: gen, at: time.Now()})
}
