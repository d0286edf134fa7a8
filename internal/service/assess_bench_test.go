package service_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/demo"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// BenchmarkComputeAssessmentDistrict computes the results (试算) of the
// example scheme (schemefile/testdata/district-2026.yaml) over the district
// demo's year as of 2026-12-13: gathering every unit's tasks, reports,
// indicators, cases and rectification items at the check date, then
// scoring — what the results page asks of the service.
func BenchmarkComputeAssessmentDistrict(b *testing.B) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 13, 18, 0, 0, 0, cst)
	file, err := os.ReadFile("../schemefile/testdata/district-2026.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			a, err := app.Open(ctx, app.Config{DB: e.DSN(b), PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			if _, err := demo.Generate(ctx, a.DB, a.Service.Normalizer(), demo.Options{Scale: demo.District, AsOf: domain.DateOf(now), Seed: 1,
				Password: "bench-Pass-1", PasswordParams: auth.FastParams, Now: now, TasksPerUnit: 2}); err != nil {
				b.Fatal(err)
			}
			op := service.SystemPrincipal("bench")
			sc, err := a.Service.ImportScheme(ctx, op, file)
			if err != nil {
				b.Fatal(err)
			}
			res, err := a.Service.ComputeAssessment(ctx, op, sc.ID)
			if err != nil {
				b.Fatal(err)
			}
			in, _ := a.Service.AssessmentInputs(ctx, op, sc.ID)
			tasks := 0
			for _, ts := range in.Tasks {
				tasks += len(ts)
			}
			b.Logf("%d units scored, %d unit tasks gathered", len(res.Units), tasks)
			for b.Loop() {
				if _, err := a.Service.ComputeAssessment(ctx, op, sc.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
