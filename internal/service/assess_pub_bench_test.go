package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// BenchmarkAssessAdjust500x100 measures one adjustment of a published run
// of 500 units × 100 criteria: the run read and locked, the score set, the
// whole result reranked, the adjustment recorded and audited, the result
// (about 9 MB of JSON) written back, in one transaction.
func BenchmarkAssessAdjust500x100(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			env := apptest.Start(b, e, apptest.Options{Now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)})
			id, units := apptest.BigAssessRun(b, env)
			ctx := context.Background()
			op := service.SystemPrincipal("bench")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, err := env.App.Service.AdjustAssessment(ctx, op, id, service.AdjustInput{UnitID: units[i%len(units)], Criterion: "c5",
					Score: float64(i%2) * 0.5, Reason: "基准测试"})
				if err != nil && domain.ErrorKind(err) != domain.KindInvalid {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAssessRunRead500x100 measures reading that run as the office
// (the run page's data): the result parsed, the appeals and adjustments.
func BenchmarkAssessRunRead500x100(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			env := apptest.Start(b, e, apptest.Options{Now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)})
			id, _ := apptest.BigAssessRun(b, env)
			ctx := context.Background()
			op := service.SystemPrincipal("bench")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := env.App.Service.AssessRun(ctx, op, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
