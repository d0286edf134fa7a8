package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Concurrent writes are committed together on SQLite; a write that fails
// must leave no trace and must not disturb the others or the audit chain.
func TestConcurrentWritesCommitOrRollBackAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		errBoom := errors.New("boom")
		const n = 60
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = db.Update(ctx, func(tx *store.Tx) error {
					u := domain.Unit{Name: fmt.Sprintf("单位%02d", i), Kind: domain.UnitDepartment, Active: true}
					if err := tx.InsertUnit(ctx, &u, now); err != nil {
						return err
					}
					if _, err := tx.Audit(ctx, store.Actor{Login: "t"}, now, store.Change{Action: "unit.create", Entity: "unit", EntityID: u.ID}); err != nil {
						return err
					}
					if i%5 == 0 {
						return errBoom // after writing: all of it must be undone
					}
					return nil
				})
			}(i)
		}
		wg.Wait()
		want := 0
		for i, err := range errs {
			if i%5 == 0 {
				if !errors.Is(err, errBoom) {
					t.Errorf("write %d: %v, want boom", i, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("write %d: %v", i, err)
			}
			want++
		}
		units, err := db.Read().Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(units) != want {
			t.Fatalf("%d units stored, want %d", len(units), want)
		}
		for _, u := range units {
			var i int
			fmt.Sscanf(u.Name, "单位%02d", &i)
			if i%5 == 0 {
				t.Errorf("failed write %s was stored", u.Name)
			}
		}
		var v audit.Verifier
		if err := db.Read().WalkAudit(ctx, func(e domain.AuditEntry) error {
			if b := v.Next(e); b != nil {
				t.Fatalf("chain break at %d: %s", b.Seq, b.Reason)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		seq, hash, _ := db.Read().AuditTip(ctx)
		if lastSeq, lastHash := v.Tip(); seq != int64(want) || lastSeq != seq || lastHash != hash {
			t.Fatalf("head %d %s, chain ends %d %s, want %d entries", seq, hash, lastSeq, lastHash, want)
		}
	})
}

// A canceled caller's write is not made.
func TestCanceledWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := db.Update(ctx, func(tx *store.Tx) error {
			u := domain.Unit{Name: "不应写入", Kind: domain.UnitDepartment}
			return tx.InsertUnit(ctx, &u, now)
		})
		if err == nil {
			t.Fatal("canceled write succeeded")
		}
		if units, _ := db.Read().Units(context.Background()); len(units) != 0 {
			t.Fatalf("canceled write stored %d units", len(units))
		}
	})
}
