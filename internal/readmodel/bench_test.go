package readmodel_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/demo"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store/storetest"
	"github.com/luoshi/luoshi/internal/workday"
)

// BenchmarkStatusEngineDistrict evaluates every task of the district demo
// (about 3,000 tasks and 150,000 reports) on one date, and rolls them up by
// unit, sector, front and leader (target: ≤ 20 ms).
func BenchmarkStatusEngineDistrict(b *testing.B) {
	asOf := domain.MustDate("2025-12-14")
	for _, e := range storetest.Engines(b)[:1] {
		db := storetest.Open(b, e)
		ctx := context.Background()
		res, err := demo.Generate(ctx, db, nil, demo.Options{Scale: demo.District, AsOf: asOf, Seed: 1, Password: "bench-Pass-1",
			PasswordParams: auth.FastParams, Now: time.Date(2025, 12, 14, 20, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		m, err := readmodel.NewCache(db).Get(ctx)
		if err != nil {
			b.Fatal(err)
		}
		index := map[domain.ID]int{}
		for i, t := range m.Tasks {
			index[t.ID] = i
		}
		b.Logf("%d tasks, %d reports", res.Tasks, res.Reports)
		b.Run("evaluate", func(b *testing.B) {
			for b.Loop() {
				readmodel.EvaluateTasks(m.Tasks, index, asOf, nil)
			}
		})
		// With the official calendar, as the product counts due_soon.
		official := workday.OfficialTable()
		b.Run("evaluate-official-calendar", func(b *testing.B) {
			for b.Loop() {
				readmodel.EvaluateTasks(m.Tasks, index, asOf, official)
			}
		})
		b.Run("evaluate+rollups", func(b *testing.B) {
			for b.Loop() {
				ev := readmodel.EvaluateTasks(m.Tasks, index, asOf, nil)
				for _, by := range []readmodel.GroupBy{readmodel.ByUnit, readmodel.BySector, readmodel.ByFront, readmodel.ByLeader, readmodel.ByPlan} {
					m.Rollup(ev, m.Tasks, by)
				}
			}
		})
	}
}
