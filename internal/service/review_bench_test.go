package service_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/demo"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// BenchmarkHalfTimeReviewDistrict checks the whole district demo (about
// 3,000 tasks) as the office on 2025-07-01: the review with the day's
// evaluation already made (as after the first request of the day), the
// review on a new date each time (the evaluation included), and the review
// written as its workbook.
func BenchmarkHalfTimeReviewDistrict(b *testing.B) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2025, 12, 14, 20, 0, 0, 0, cst)
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			a, err := app.Open(ctx, app.Config{DB: e.DSN(b), PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			res, err := demo.Generate(ctx, a.DB, a.Service.Normalizer(), demo.Options{Scale: demo.District, AsOf: domain.DateOf(now), Seed: 1,
				Password: "bench-Pass-1", PasswordParams: auth.FastParams, Now: now})
			if err != nil {
				b.Fatal(err)
			}
			p := service.SystemPrincipal("bench")
			date := domain.MustDate("2025-07-01")
			rev, err := a.Service.HalfTimeReview(ctx, p, date, service.ReviewFilter{})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%d tasks, %d reports: %d units (%d failing), %d sectors, %d fronts, %d leaders, %d lagging tasks", res.Tasks, res.Reports,
				len(rev.Units), service.Failing(rev.Units), len(rev.Sectors), len(rev.Fronts), len(rev.Leaders), len(rev.LaggingTasks()))
			b.Run("review", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Service.HalfTimeReview(ctx, p, date, service.ReviewFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			// 40 dates: more than the model keeps evaluations of.
			i := 0
			b.Run("review-new-date", func(b *testing.B) {
				for b.Loop() {
					i++
					if _, err := a.Service.HalfTimeReview(ctx, p, date.AddDays(i%40), service.ReviewFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			pr := i18n.Default().Printer(i18n.ZhHans)
			b.Run("xlsx", func(b *testing.B) {
				for b.Loop() {
					if _, err := xlsexport.HalfTimeReview(rev, pr); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
