package audit

import (
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

func chain(n int) []domain.AuditEntry {
	var out []domain.AuditEntry
	prev := ""
	for i := 1; i <= n; i++ {
		e := domain.AuditEntry{Seq: int64(i), At: time.Date(2023, 7, 1, 9, i, 0, 0, time.UTC), Actor: "office", Action: "task.update",
			Entity: "task", EntityID: "12", Before: `{"progress":40}`, After: `{"progress":49}`, PrevHash: prev}
		e.Hash = Hash(e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestChainVerifies(t *testing.T) {
	var v Verifier
	for _, e := range chain(5) {
		if b := v.Next(e); b != nil {
			t.Fatalf("intact chain broke at %d: %s", b.Seq, b.Reason)
		}
	}
	if v.Count != 5 {
		t.Fatalf("count = %d", v.Count)
	}
}

func TestChainDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		mutate func([]domain.AuditEntry) []domain.AuditEntry
		at     int64
	}{
		{"changed after value", func(c []domain.AuditEntry) []domain.AuditEntry { c[2].After = `{"progress":50}`; return c }, 3},
		{"changed actor", func(c []domain.AuditEntry) []domain.AuditEntry { c[1].Actor = "someone"; return c }, 2},
		{"deleted entry", func(c []domain.AuditEntry) []domain.AuditEntry { return append(c[:2], c[3:]...) }, 4},
		{"rehashed entry breaks the next", func(c []domain.AuditEntry) []domain.AuditEntry {
			c[1].After = "{}"
			c[1].Hash = Hash(c[1])
			return c
		}, 3},
		{"back-dated claim", func(c []domain.AuditEntry) []domain.AuditEntry {
			c[0].ClaimedDate = domain.MustDate("2023-06-30")
			return c
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v Verifier
			var got *Break
			for _, e := range c.mutate(chain(5)) {
				if got = v.Next(e); got != nil {
					break
				}
			}
			if got == nil || got.Seq != c.at {
				t.Fatalf("break = %+v, want at seq %d", got, c.at)
			}
		})
	}
}
