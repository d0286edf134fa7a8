package store_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Deleting or inserting a node must not move another node's completion.
func TestReplaceMilestonesKeepsEachNodesCompletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := domain.MustDate
		var taskID domain.ID
		write := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		write(func(tx *store.Tx) error {
			var err error
			if _, taskID, err = insertOneTask(ctx, tx, d("2023-01-01"), d("2023-12-31")); err != nil {
				return err
			}
			return tx.ReplaceMilestones(ctx, taskID, []domain.Milestone{
				{Due: d("2023-03-31"), PlannedPct: 25, CompletedOn: d("2023-03-30"), Evidence: "一季度验收单"},
				{Due: d("2023-06-30"), PlannedPct: 50, CompletedOn: d("2023-06-28"), Evidence: "半年验收单"},
				{Due: d("2023-09-30"), PlannedPct: 75},
			})
		})
		type node struct {
			due, done, evidence string
		}
		check := func(want ...node) {
			t.Helper()
			got, err := db.Read().Milestones(ctx, taskID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d nodes, want %d: %+v", len(got), len(want), got)
			}
			for i, m := range got {
				done := ""
				if !m.CompletedOn.IsZero() {
					done = m.CompletedOn.String()
				}
				if m.Seq != i+1 || m.Due.String() != want[i].due || done != want[i].done || m.Evidence != want[i].evidence {
					t.Fatalf("node %d = seq %d due %s done %q evidence %q, want %+v", i+1, m.Seq, m.Due, done, m.Evidence, want[i])
				}
			}
		}
		// The middle node goes: the September node stays not completed.
		write(func(tx *store.Tx) error {
			return tx.ReplaceMilestones(ctx, taskID, []domain.Milestone{
				{Due: d("2023-03-31"), PlannedPct: 25}, {Due: d("2023-09-30"), PlannedPct: 75},
			})
		})
		check(node{"2023-03-31", "2023-03-30", "一季度验收单"}, node{"2023-09-30", "", ""})
		// A node is inserted in front: the others keep what they had.
		write(func(tx *store.Tx) error {
			return tx.ReplaceMilestones(ctx, taskID, []domain.Milestone{
				{Due: d("2023-02-28"), PlannedPct: 10}, {Due: d("2023-03-31"), PlannedPct: 25}, {Due: d("2023-09-30"), PlannedPct: 75},
			})
		})
		check(node{"2023-02-28", "", ""}, node{"2023-03-31", "2023-03-30", "一季度验收单"}, node{"2023-09-30", "", ""})
		// Same number of nodes, one date corrected: the node keeps its completion.
		write(func(tx *store.Tx) error {
			return tx.ReplaceMilestones(ctx, taskID, []domain.Milestone{
				{Due: d("2023-02-28"), PlannedPct: 10}, {Due: d("2023-04-04"), PlannedPct: 25}, {Due: d("2023-09-30"), PlannedPct: 75},
			})
		})
		check(node{"2023-02-28", "", ""}, node{"2023-04-04", "2023-03-30", "一季度验收单"}, node{"2023-09-30", "", ""})
	})
}

// insertOneTask stores 区住建局 with one task of a monthly 2023 plan.
func insertOneTask(ctx context.Context, tx *store.Tx, start, due domain.Date) (unitID, taskID domain.ID, err error) {
	u := domain.Unit{Name: "区住建局", Kind: domain.UnitDepartment, Active: true}
	if err := tx.InsertUnit(ctx, &u, now); err != nil {
		return 0, 0, err
	}
	p := domain.Plan{Name: "2023年重点工作", Year: 2023, Kind: domain.PlanAnnual, Cadence: domain.CadenceMonthly, SevereGap: 20, DueSoonDays: 5}
	if err := tx.InsertPlan(ctx, &p, now); err != nil {
		return 0, 0, err
	}
	task := domain.Task{PlanID: p.ID, Number: "1", Title: "老旧小区改造", Category: domain.CategoryKey,
		LeadUnitIDs: []domain.ID{u.ID}, CoUnitIDs: []domain.ID{}, FrontIDs: []domain.ID{}, LeaderIDs: []domain.ID{},
		Start: start, Due: due, Weight: 1}
	if err := tx.InsertTask(ctx, &task, "1 老旧小区改造", now); err != nil {
		return 0, 0, err
	}
	return u.ID, task.ID, nil
}
