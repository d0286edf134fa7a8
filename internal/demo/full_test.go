package demo

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// TestFullDistrict generates the benchmark data set (the default district
// as of the end of week 50) on every engine and logs time, size and the
// status mix. It is slow, so it runs only with LUOSHI_DEMO_FULL=1.
func TestFullDistrict(t *testing.T) {
	if os.Getenv("LUOSHI_DEMO_FULL") == "" {
		t.Skip("set LUOSHI_DEMO_FULL=1 to generate the full district")
	}
	asOf := domain.MustDate("2025-12-14")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedCalendar(t, ctx, db, asOf.Year()-1)
		seedCalendar(t, ctx, db, asOf.Year())
		start := time.Now()
		stage, began := "", start
		res, err := Generate(ctx, db, nil, Options{Scale: District, AsOf: asOf, Seed: 1, Password: testPassword,
			PasswordParams: auth.FastParams, Now: time.Date(2025, 12, 14, 20, 0, 0, 0, cst),
			Progress: func(s string, done, total int) {
				if s != stage {
					if stage != "" {
						t.Logf("stage %s: %v", stage, time.Since(began).Round(time.Millisecond))
					}
					stage, began = s, time.Now()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("stage %s: %v", stage, time.Since(began).Round(time.Millisecond))
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("generated in %v: %d units, %d people, %d accounts, %d tasks, %d milestones, %d reports, %d cases; heap %d MB",
			time.Since(start).Round(time.Millisecond), res.Units, res.People, res.Accounts, res.Tasks, res.Milestones, res.Reports, res.Cases,
			ms.HeapInuse>>20)
		start = time.Now()
		m, err := readmodel.NewCache(db).Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("read model loaded in %v; status on %s: %v", time.Since(start).Round(time.Millisecond), asOf,
			readmodel.Counts(m.Evaluate(asOf, nil), m.Tasks))
		checkAudit(t, ctx, db)
		checkCases(t, ctx, db, res, asOf)
		checkInspections(t, ctx, db, res, asOf)
		t.Logf("database size %d MB", dbSize(t, db)>>20)
	})
}

// dbSize measures the database (tables and indexes).
func dbSize(t *testing.T, db *store.DB) int64 {
	var n int64
	q := `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
		JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'r'`
	if db.Dialect() == store.SQLite {
		q = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
	}
	if err := db.ReadPool().QueryRow(q).Scan(&n); err != nil {
		t.Logf("database size: %v", err)
	}
	return n
}
