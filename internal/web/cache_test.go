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
