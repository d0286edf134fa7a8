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
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// BenchmarkCaseInboxDistrict reads the case inbox of the busiest unit's
// liaison in the district demo's year of supervision (about 2,600 cases)
// as of 2026-12-13 18:00 (read, and read again), and one of its cases with
// the whole timeline: what the inbox page, the API inbox and the case page
// ask of the service.
func BenchmarkCaseInboxDistrict(b *testing.B) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 13, 18, 0, 0, 0, cst)
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			a, err := app.Open(ctx, app.Config{DB: e.DSN(b), PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			res, err := demo.Generate(ctx, a.DB, a.Service.Normalizer(), demo.Options{Scale: demo.District, AsOf: domain.DateOf(now), Seed: 1,
				Password: "bench-Pass-1", PasswordParams: auth.FastParams, Now: now, TasksPerUnit: 2})
			if err != nil {
				b.Fatal(err)
			}
			p, caseID := busiestLiaison(b, a.DB)
			l, err := a.Service.CaseInbox(ctx, p, service.CaseFilter{})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%d cases in the district; %s's inbox holds %d (%d waiting for it)", res.Cases, p.Account.Login, l.Total, l.Counts.Todo)
			// Read: a service with nothing kept yet (sharing the loaded read
			// model), as after any change; again: the listing kept.
			b.Run("inbox", func(b *testing.B) {
				for b.Loop() {
					fresh := service.New(a.DB, a.Models, a.Service.Normalizer(), a.Service.Config())
					if _, err := fresh.CaseInbox(ctx, p, service.CaseFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("inbox-again", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Service.CaseInbox(ctx, p, service.CaseFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("case", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Service.Case(ctx, p, caseID); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// busiestLiaison returns the liaison of the unit in the most cases and
// the unit's latest open case.
func busiestLiaison(b *testing.B, db *store.DB) (*service.Principal, domain.ID) {
	ctx := context.Background()
	cases, err := db.Read().Cases(ctx, store.CaseFilter{})
	if err != nil {
		b.Fatal(err)
	}
	count := map[domain.ID]int{}
	for _, c := range cases {
		for _, u := range c.Units() {
			count[u]++
		}
	}
	accts, err := db.Read().Accounts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var best domain.Account
	for _, ac := range accts {
		if len(ac.Grants) == 1 && ac.Grants[0].Role == domain.RoleLiaison && count[ac.Grants[0].UnitID] > count[bestUnit(best)] {
			best = ac
		}
	}
	var caseID domain.ID
	for _, c := range cases {
		if c.LeadUnitID == bestUnit(best) && c.State.Open() && caseID == 0 {
			caseID = c.ID
		}
	}
	return &service.Principal{Account: best}, caseID
}

func bestUnit(a domain.Account) domain.ID {
	if len(a.Grants) == 0 {
		return 0
	}
	return a.Grants[0].UnitID
}
