package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// insertCases stores open cases of the lead unit with the given deadlines,
// rungs and states.
func insertCases(t *testing.T, db *store.DB, lead domain.ID, cs []domain.Case) []domain.ID {
	t.Helper()
	ctx := context.Background()
	var ids []domain.ID
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range cs {
			c := cs[i]
			c.Number, c.Year, c.Seq, c.Title, c.Source, c.Urgency = fmt.Sprintf("督〔2023〕%d号", i+1), 2023, i+1, "件", domain.CaseSourcePublic, domain.UrgencyNormal
			c.LeadUnitID, c.Round = lead, 1
			if err := tx.InsertCase(ctx, &c, now); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		_, err := tx.Audit(ctx, store.Actor{Login: "seed"}, now, store.Change{Action: "seed", Entity: "test"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// The sweep's selection takes, for each rung reached, the open cases due on
// or before the next rung's threshold, skipping rungs the settings leave
// out; reported, closed and draft cases are never selected.
func TestCasesToEscalate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		d := domain.MustDate
		mk := func(st domain.CaseState, deadline string, e domain.Escalation) domain.Case {
			return domain.Case{State: st, Deadline: d(deadline), Escalation: e}
		}
		ids := insertCases(t, db, f.lead, []domain.Case{
			mk(domain.CaseWorking, "2023-07-20", 0),                     // 0: remind threshold 07-20 → due
			mk(domain.CaseWorking, "2023-07-21", 0),                     // 1: after it → not
			mk(domain.CaseAssigned, "2023-07-10", 1),                    // 2: reminded, urge threshold 07-15 → due
			mk(domain.CaseWorking, "2023-07-17", 1),                     // 3: reminded, deadline to come → not
			mk(domain.CaseWorking, "2023-07-01", 3),                     // 4: noticed, talk threshold 07-01 → due
			mk(domain.CaseWorking, "2023-07-05", 3),                     // 5: noticed, talk not yet → not
			mk(domain.CaseWorking, "2023-06-01", domain.EscalationTalk), // 6: top of the ladder → not
			mk(domain.CaseReported, "2023-06-01", 0),                    // 7: reported → not
			mk(domain.CaseClosed, "2023-06-01", 0),                      // 8: closed → not
		})
		th := [domain.EscalationTalk + 1]domain.Date{0, d("2023-07-20"), d("2023-07-15"), d("2023-07-10"), d("2023-07-01")}
		got, err := db.Read().CasesToEscalate(ctx, th)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []domain.ID
		for _, c := range got {
			gotIDs = append(gotIDs, c.ID)
		}
		slices.Sort(gotIDs)
		if want := []domain.ID{ids[0], ids[2], ids[4]}; !slices.Equal(gotIDs, want) {
			t.Errorf("selected %v, want %v", gotIDs, want)
		}
		// Without reminders and urging, a case not yet escalated waits for the notice.
		th[domain.EscalationRemind], th[domain.EscalationUrge] = 0, 0
		got, err = db.Read().CasesToEscalate(ctx, th)
		if err != nil {
			t.Fatal(err)
		}
		gotIDs = gotIDs[:0]
		for _, c := range got {
			gotIDs = append(gotIDs, c.ID)
		}
		slices.Sort(gotIDs)
		if want := []domain.ID{ids[2], ids[4]}; !slices.Equal(gotIDs, want) {
			t.Errorf("without remind and urge: %v, want %v", gotIDs, want)
		}

		// Batched writes: rungs, sign alerts, events with IDs, audit records.
		at := now.Add(time.Hour)
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SetEscalations(ctx, map[domain.ID]domain.Escalation{ids[0]: domain.EscalationUrge, ids[2]: domain.EscalationUrge}, at); err != nil {
				return err
			}
			if err := tx.SetSignAlerts(ctx, map[domain.ID]domain.SignAlert{ids[2]: domain.SignAlertUnit}, at); err != nil {
				return err
			}
			evs := []domain.CaseEvent{{CaseID: ids[0], Kind: domain.EventRemind, At: at, Actor: "system:escalation", Text: "提醒", Round: 1},
				{CaseID: ids[0], Kind: domain.EventUrge, At: at, Actor: "system:escalation", Round: 1}}
			if err := tx.InsertCaseEvents(ctx, evs); err != nil {
				return err
			}
			if evs[0].ID == 0 || evs[1].ID <= evs[0].ID {
				return fmt.Errorf("event ids %d %d", evs[0].ID, evs[1].ID)
			}
			run := store.EscalationRun{AsOf: d("2023-07-15"), StartedAt: at, FinishedAt: at.Add(time.Second), DurationMS: 1000, TriggeredBy: "test",
				Cases: 1, Reminds: 1, Urges: 1}
			if err := tx.InsertEscalationRun(ctx, &run); err != nil {
				return err
			}
			if err := tx.InsertRunItems(ctx, []store.RunItem{{RunID: run.ID, CaseID: ids[0], EventID: evs[0].ID, Kind: domain.EventRemind},
				{RunID: run.ID, CaseID: ids[0], EventID: evs[1].ID, Kind: domain.EventUrge}}); err != nil {
				return err
			}
			run.Notices = 5
			if err := tx.FinishEscalationRun(ctx, run); err != nil {
				return err
			}
			return tx.AuditAll(ctx, store.Actor{Login: "system:escalation"}, at, []store.Change{{Action: "case.escalate", Entity: "case", EntityID: ids[0]}})
		})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := db.Read().SweepCasesByID(ctx, []domain.ID{ids[2], ids[0]})
		if err != nil || len(sc) != 2 {
			t.Fatalf("reload: %v %v", sc, err)
		}
		if sc[0].ID != ids[0] || sc[0].Escalation != domain.EscalationUrge || sc[1].Escalation != domain.EscalationUrge || sc[1].SignAlert != domain.SignAlertUnit {
			t.Errorf("after writes: %+v", sc)
		}
		events, _ := db.Read().CaseEvents(ctx, ids[0])
		if len(events) != 2 || events[0].Kind != domain.EventRemind || events[0].Actor != "system:escalation" || !events[1].At.Equal(at) {
			t.Errorf("timeline: %+v", events)
		}
		runs, err := db.Read().EscalationRuns(ctx, 10, false)
		if err != nil || len(runs) != 1 || runs[0].Urges != 1 || runs[0].Notices != 5 || runs[0].AsOf != d("2023-07-15") {
			t.Fatalf("runs: %+v %v", runs, err)
		}
		run, items, err := db.Read().EscalationRun(ctx, runs[0].ID)
		if err != nil || run.TriggeredBy != "test" || len(items) != 2 || items[1].Kind != domain.EventUrge {
			t.Errorf("run: %+v %+v %v", run, items, err)
		}
		if _, _, err := db.Read().EscalationRun(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing run: %v", err)
		}
	})
}

// Cases waiting to be signed past their limit, until both alerts went out.
func TestUnsignedCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		due := now.Add(-time.Hour)
		ids := insertCases(t, db, f.lead, []domain.Case{
			{State: domain.CaseAssigned, SignDue: due},
			{State: domain.CaseAssigned, SignDue: now.Add(time.Hour)},
			{State: domain.CaseWorking, SignDue: due},
			{State: domain.CaseAssigned, SignDue: due},
		})
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SetSignAlerts(ctx, map[domain.ID]domain.SignAlert{ids[3]: domain.SignAlertOffice}, now); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Read().UnsignedCases(ctx, now)
		if err != nil || len(got) != 1 || got[0].ID != ids[0] || !got[0].SignDue.Equal(due) {
			t.Errorf("unsigned: %+v %v", got, err)
		}
	})
}

// Notifications in bulk: a key a recipient already has is skipped (also
// within one batch), the others get IDs.
func TestInsertNotificationsInBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var acct domain.ID
		err := db.Update(ctx, func(tx *store.Tx) error {
			a := domain.Account{Login: "zjj_lly", PasswordHash: "x", Status: domain.AccountActive}
			if err := tx.InsertAccount(ctx, &a, now); err != nil {
				return err
			}
			acct = a.ID
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		mk := func(key string) store.NewNotification {
			return store.NewNotification{Notification: domain.Notification{AccountID: acct, Kind: "case.urge", Subject: "催办", Key: key, CreatedAt: now}}
		}
		first := []store.NewNotification{mk("a"), mk("b")}
		second := []store.NewNotification{mk("b"), mk("c")}
		err = db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			if err := tx.InsertNotifications(ctx, first); err != nil {
				return err
			}
			if err := tx.InsertNotifications(ctx, second); err != nil {
				return err
			}
			return tx.InsertDeliveries(ctx, []store.Delivery{{AccountID: acct, NotificationID: first[0].ID, Channel: domain.ChannelLog, Key: "n:1",
				Subject: "催办", RunAt: now, CreatedAt: now}, {AccountID: acct, NotificationID: first[0].ID, Channel: domain.ChannelLog, Key: "n:1",
				Subject: "催办", RunAt: now, CreatedAt: now}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if !first[0].Fresh || !first[1].Fresh || second[0].Fresh || !second[1].Fresh || first[0].ID == 0 || second[1].ID == 0 {
			t.Errorf("fresh: %+v %+v", first, second)
		}
		n, _ := db.Read().CountNotifications(ctx, acct, false)
		ds, _ := db.Read().Deliveries(ctx, store.DeliveryFilter{})
		if n != 3 || len(ds) != 1 {
			t.Errorf("%d notifications, %d deliveries", n, len(ds))
		}
	})
}
