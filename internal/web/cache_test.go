package web

import (
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// A rendering that panics must not leave its key locked: the next request
// for the page renders it again instead of waiting forever.
func TestPageCachePanicUnlocksKey(t *testing.T) {
	c := newPageCache(1 << 20)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		c.getOrBuild("k", func() ([]byte, error) { panic("template bug") })
	}()
	done := make(chan []byte)
	go func() {
		body, _ := c.getOrBuild("k", func() ([]byte, error) { return []byte("ok"), nil })
		done <- body
	}()
	select {
	case body := <-done:
		if string(body) != "ok" {
			t.Errorf("body %q after a panicked rendering", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the key stays locked after a panic")
	}
}

// Viewers with the same scope but different roles do not share pages: the
// roles decide which actions a page offers.
func TestScopeKeyHasRoles(t *testing.T) {
	office := &service.Principal{Account: domain.Account{PersonID: 3, Grants: []domain.Grant{{Role: domain.RoleOffice}}}}
	leader := &service.Principal{Account: domain.Account{PersonID: 3, Grants: []domain.Grant{{Role: domain.RoleLeader}}}}
	both := &service.Principal{Account: domain.Account{PersonID: 3, Grants: []domain.Grant{{Role: domain.RoleLeader}, {Role: domain.RoleOffice}}}}
	if scopeKey(office) == scopeKey(leader) || scopeKey(office) == scopeKey(both) {
		t.Errorf("keys %q %q %q", scopeKey(office), scopeKey(leader), scopeKey(both))
	}
}

// A body that goes stale at an instant is served until then and built
// again from then on; a body without one stays.
func TestPageCacheUntil(t *testing.T) {
	c := newPageCache(1 << 20)
	t0 := time.Date(2023, 7, 17, 9, 0, 0, 0, time.UTC)
	builds := 0
	get := func(now time.Time) string {
		body, err := c.getOrBuildUntil("inbox", now, func() ([]byte, time.Time, error) {
			builds++
			return []byte{byte('0' + builds)}, t0.Add(time.Hour), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return string(body)
	}
	if a, b := get(t0), get(t0.Add(59*time.Minute)); a != "1" || b != "1" {
		t.Errorf("before the instant: %q then %q, want the first body twice", a, b)
	}
	if a := get(t0.Add(time.Hour)); a != "2" || builds != 2 {
		t.Errorf("at the instant: %q after %d builds, want a new body", a, builds)
	}
	body, _ := c.getOrBuild("dash", func() ([]byte, error) { return []byte("d"), nil })
	again, _ := c.getOrBuildUntil("dash", t0.AddDate(1, 0, 0), func() ([]byte, time.Time, error) { return []byte("x"), time.Time{}, nil })
	if string(body) != "d" || string(again) != "d" {
		t.Errorf("a body without an instant: %q then %q", body, again)
	}
}
