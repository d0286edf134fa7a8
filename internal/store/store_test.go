package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/audit"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

var now = time.Date(2023, 7, 15, 9, 0, 0, 0, time.UTC)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, %v", applied, err)
		}
		v, _ := db.SchemaVersion(context.Background())
		if v < 4 {
			t.Fatalf("schema version %d", v)
		}
	})
}

func TestTaskRoundTripAndAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actor := store.Actor{Login: "office"}
		var task domain.Task
		err := db.Update(ctx, func(tx *store.Tx) error {
			sid, err := tx.InsertGroup(ctx, domain.GroupSector, "城市建设口", 1)
			if err != nil {
				return err
			}
			fid, err := tx.InsertGroup(ctx, domain.GroupFront, "重大项目战线", 1)
			if err != nil {
				return err
			}
			u := domain.Unit{Name: "区住建局", Kind: domain.UnitDepartment, Active: true, SectorID: sid}
			if err := tx.InsertUnit(ctx, &u, now); err != nil {
				return err
			}
			co := domain.Unit{Name: "区财政局", Kind: domain.UnitDepartment, Active: true}
			if err := tx.InsertUnit(ctx, &co, now); err != nil {
				return err
			}
			p := domain.Plan{Name: "2023年重点工作", Year: 2023, Kind: domain.PlanAnnual, Cadence: domain.CadenceMonthly, SevereGap: 20, DueSoonDays: 5}
			if err := tx.InsertPlan(ctx, &p, now); err != nil {
				return err
			}
			task = domain.Task{PlanID: p.ID, Number: "12", Title: "老旧小区改造", Category: domain.CategoryKey, SectorID: sid,
				FrontIDs: []domain.ID{fid}, LeadUnitIDs: []domain.ID{u.ID}, CoUnitIDs: []domain.ID{co.ID}, LeaderIDs: []domain.ID{},
				Start: domain.MustDate("2023-01-01"), Due: domain.MustDate("2023-12-31"), Weight: 1.5}
			if err := tx.InsertTask(ctx, &task, "12 老旧小区改造", now); err != nil {
				return err
			}
			if err := tx.ReplaceMilestones(ctx, task.ID, []domain.Milestone{{Due: domain.MustDate("2023-06-30"), PlannedPct: 50}}); err != nil {
				return err
			}
			_, err = tx.Audit(ctx, actor, now, store.Change{Action: "task.create", Entity: "task", EntityID: task.ID, After: task})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Read().Task(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != task.Title || got.Due != task.Due || got.Weight != 1.5 || len(got.LeadUnitIDs) != 1 || len(got.CoUnitIDs) != 1 || len(got.FrontIDs) != 1 {
			t.Fatalf("round trip: %+v", got)
		}
		if _, err := db.Read().Task(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing task: %v", err)
		}
		// A duplicate number in the same plan is refused and nothing is written.
		err = db.Update(ctx, func(tx *store.Tx) error {
			dup := task
			dup.ID = 0
			if _, err := tx.Audit(ctx, actor, now, store.Change{Action: "task.create", Entity: "task"}); err != nil {
				return err
			}
			return tx.InsertTask(ctx, &dup, "", now)
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate: %v", err)
		}
		seq, structural, _ := db.Read().Head(ctx)
		if seq != 1 || structural != 1 {
			t.Fatalf("head after rollback = %d/%d", seq, structural)
		}
		// The chain verifies, and the log refuses to be rewritten.
		var v audit.Verifier
		if err := db.Read().WalkAudit(ctx, func(e domain.AuditEntry) error {
			if b := v.Next(e); b != nil {
				t.Fatalf("chain break: %+v", b)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, "UPDATE audit_log SET actor = 'x'")
		})
		if err == nil {
			t.Fatal("audit log accepted an update")
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, "DELETE FROM audit_log")
		})
		if err == nil {
			t.Fatal("audit log accepted a delete")
		}
	})
}
