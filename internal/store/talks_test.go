package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

func TestTalksAndAccountability(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		ids := insertCases(t, db, f.lead, []domain.Case{{State: domain.CaseWorking, Deadline: domain.MustDate("2023-06-01")},
			{State: domain.CaseWorking, Deadline: domain.MustDate("2023-06-01")}})
		at := now.Add(time.Hour)
		// Both cases reach the top of the ladder.
		err := db.Update(ctx, func(tx *store.Tx) error {
			evs := []domain.CaseEvent{{CaseID: ids[0], Kind: domain.EventTalkProposal, At: now, Text: "逾期10个工作日", Round: 1},
				{CaseID: ids[1], Kind: domain.EventTalkProposal, At: now, Round: 1}}
			if err := tx.InsertCaseEvents(ctx, evs); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		cases, events, err := db.Read().ProposedCases(ctx)
		if err != nil || len(cases) != 2 || events[ids[0]].Text != "逾期10个工作日" {
			t.Fatalf("proposals: %+v %v %v", cases, events, err)
		}
		talk := domain.Talk{UnitID: f.lead, State: domain.TalkPlanned, Proposal: true, CaseIDs: []domain.ID{ids[0]}, TaskIDs: []domain.ID{f.task},
			PlannedOn: domain.MustDate("2023-07-20"), Reasons: "督办件逾期", CreatedBy: "吴督查"}
		var acc domain.Accountability
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.InsertTalk(ctx, &talk, at); err != nil {
				return err
			}
			talk.State, talk.HeldOn, talk.TalkerID, talk.Talkee, talk.Commitments = domain.TalkHeld, domain.MustDate("2023-07-20"), f.leader, "赵局长", "月底前完成"
			talk.RecordedBy, talk.RecordedAt = "吴督查", at
			if err := tx.UpdateTalk(ctx, talk, at); err != nil {
				return err
			}
			acc = domain.Accountability{Decision: "诫勉谈话", Person: "赵局长", UnitID: f.lead, Measure: "诫勉谈话", Date: domain.MustDate("2023-07-21"),
				CaseID: ids[0], TalkID: talk.ID, CreatedBy: "吴督查"}
			if err := tx.InsertAccountability(ctx, &acc, at); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, at, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Read().Talk(ctx, talk.ID)
		if err != nil || got.State != domain.TalkHeld || got.TalkerID != f.leader || got.Talkee != "赵局长" || len(got.CaseIDs) != 1 ||
			got.CaseIDs[0] != ids[0] || len(got.TaskIDs) != 1 || got.PlannedOn != domain.MustDate("2023-07-20") || !got.RecordedAt.Equal(at) || !got.Proposal {
			t.Errorf("talk: %+v %v", got, err)
		}
		if _, err := db.Read().Talk(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing talk: %v", err)
		}
		for _, tf := range []store.TalkFilter{{UnitIDs: []domain.ID{f.lead}}, {CaseID: ids[0]}, {States: []domain.TalkState{domain.TalkHeld}}, {Year: 2023}} {
			if ts, err := db.Read().Talks(ctx, tf); err != nil || len(ts) != 1 {
				t.Errorf("talks %+v: %d %v", tf, len(ts), err)
			}
		}
		if ts, _ := db.Read().Talks(ctx, store.TalkFilter{UnitIDs: []domain.ID{f.other}}); len(ts) != 0 {
			t.Errorf("another unit's talks: %+v", ts)
		}
		// The first case's proposal is answered; the second waits.
		cases, _, _ = db.Read().ProposedCases(ctx)
		if len(cases) != 1 || cases[0].ID != ids[1] {
			t.Errorf("proposals after the talk: %+v", cases)
		}
		talked, _ := db.Read().TalkedCases(ctx, ids)
		if !talked[ids[0]] || talked[ids[1]] {
			t.Errorf("talked: %v", talked)
		}
		recs, err := db.Read().AccountabilityRecords(ctx, store.AccountabilityFilter{UnitIDs: []domain.ID{f.lead}, Year: 2023})
		if err != nil || len(recs) != 1 || recs[0].TalkID != talk.ID || recs[0].Date != domain.MustDate("2023-07-21") || recs[0].Measure != "诫勉谈话" {
			t.Errorf("accountability: %+v %v", recs, err)
		}
		if recs, _ := db.Read().AccountabilityRecords(ctx, store.AccountabilityFilter{Year: 2022}); len(recs) != 0 {
			t.Errorf("2022: %+v", recs)
		}
	})
}

// A failure has one application waiting or approved at a time; a refused
// one may be applied for again. Approved ones are found by failure.
func TestExemptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		ids := insertCases(t, db, f.lead, []domain.Case{{State: domain.CaseWorking, Deadline: domain.MustDate("2023-06-01")}})
		apply := func(grounds string) (domain.Exemption, error) {
			e := domain.Exemption{UnitID: f.lead, Kind: domain.FailureCase, TargetID: ids[0], CaseID: ids[0], Failure: "督〔2023〕1号 逾期",
				FailureDate: domain.MustDate("2023-06-01"), Year: 2023, Grounds: grounds, State: domain.ExemptionPending, AppliedBy: "张联络", AppliedAt: now}
			err := db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.InsertExemption(ctx, &e); err != nil {
					return err
				}
				file := domain.ExemptionFile{ExemptionID: e.ID, Name: "说明.pdf", ContentType: "application/pdf", Size: 3, SHA256: "abc"}
				if err := tx.InsertExemptionFile(ctx, &file, []byte("pdf"), now); err != nil {
					return err
				}
				_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
				return err
			})
			return e, err
		}
		decide := func(e domain.Exemption, st domain.ExemptionState) {
			e.State, e.DecidedBy, e.DecidedAt, e.Decision = st, "吴督查", now, "理由"
			if err := db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.DecideExemption(ctx, e); err != nil {
					return err
				}
				_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		first, err := apply("台风停工")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := apply("再次申请"); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("a second application while one waits: %v", err)
		}
		decide(first, domain.ExemptionRefused)
		second, err := apply("补充材料后再次申请")
		if err != nil {
			t.Fatalf("applying again after a refusal: %v", err)
		}
		active, err := db.Read().ActiveExemption(ctx, domain.FailureCase, ids[0])
		if err != nil || active == nil || active.ID != second.ID {
			t.Fatalf("active: %+v %v", active, err)
		}
		decide(second, domain.ExemptionApproved)
		refs, err := db.Read().ApprovedExemptionRefs(ctx, domain.FailureCase, nil)
		if err != nil || len(refs) != 1 || refs[ids[0]].ID != second.ID || refs[ids[0]].DecidedBy != "吴督查" {
			t.Errorf("approved: %+v %v", refs, err)
		}
		if refs, _ := db.Read().ApprovedExemptionRefs(ctx, domain.FailureTask, []domain.ID{ids[0]}); len(refs) != 0 {
			t.Errorf("another kind: %+v", refs)
		}
		got, err := db.Read().Exemption(ctx, second.ID)
		if err != nil || got.State != domain.ExemptionApproved || len(got.Files) != 1 || got.Files[0].Name != "说明.pdf" || got.Year != 2023 {
			t.Fatalf("exemption: %+v %v", got, err)
		}
		fi, data, err := db.Read().ExemptionFileData(ctx, got.Files[0].ID)
		if err != nil || string(data) != "pdf" || fi.ExemptionID != second.ID {
			t.Errorf("file: %+v %q %v", fi, data, err)
		}
		list, _ := db.Read().Exemptions(ctx, store.ExemptionFilter{UnitIDs: []domain.ID{f.lead}, Year: 2023, CaseID: ids[0]})
		if len(list) != 2 || list[0].ID != second.ID {
			t.Errorf("list: %+v", list)
		}
	})
}
