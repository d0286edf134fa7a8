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

// slowUpdate touches nothing but takes a while on both engines.
const slowUpdate = `UPDATE units SET sort = sort WHERE id IN (
	WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 20000) SELECT -i FROM c)`

// A caller whose context ends while its write runs (a client hanging up
// mid-request) must not take the writes grouped with it down: every other
// write commits on its own merits, and the canceled one is either made
// whole or not at all.
func TestWriteCanceledMidwayLeavesGroupAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n, perWrite = 48, 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				errs[i] = db.Update(ctx, func(tx *store.Tx) error {
					for k := 0; k < perWrite; k++ {
						if i%3 == 0 && k == 1 {
							// Cancel while a statement runs: long enough
							// that the cancel lands inside it.
							go cancel()
							if err := tx.ExecForTest(ctx, slowUpdate); err != nil {
								return err
							}
						}
						u := domain.Unit{Name: fmt.Sprintf("单位%02d-%d", i, k), Kind: domain.UnitDepartment, Active: true}
						if err := tx.InsertUnit(ctx, &u, now); err != nil {
							return err
						}
					}
					_, err := tx.Audit(ctx, store.Actor{Login: "t"}, now, store.Change{Action: "unit.create", Entity: "unit", EntityID: int64(i)})
					return err
				})
			}(i)
		}
		wg.Wait()
		ctx := context.Background()
		units, err := db.Read().Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[int]int{}
		for _, u := range units {
			var i, k int
			fmt.Sscanf(u.Name, "单位%02d-%d", &i, &k)
			stored[i]++
		}
		want := 0
		for i, err := range errs {
			switch {
			case i%3 != 0 && err != nil:
				t.Errorf("write %d failed with a canceled neighbour: %v", i, err)
			case err == nil && stored[i] != perWrite:
				t.Errorf("write %d succeeded but stored %d of %d units", i, stored[i], perWrite)
			case err != nil && stored[i] != 0:
				t.Errorf("write %d failed (%v) but stored %d units", i, err, stored[i])
			}
			if err == nil {
				want++
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
		if seq, _, _ := db.Read().AuditTip(ctx); seq != int64(want) {
			t.Fatalf("audit head at %d, want %d successful writes", seq, want)
		}
	})
}
