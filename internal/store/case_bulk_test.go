package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// Cases stored in bulk read back as if stored one by one: each with its
// units, tasks, timeline, parts, extension requests and ratings, and the
// year's numbers go on from the last one reserved.
func TestInsertCasesBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		const n = 450 // more than one multi-row statement
		news := make([]store.NewCase, n)
		var first int
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.NextCaseSeq(ctx, 2023); err != nil {
				return err
			}
			var err error
			if first, err = tx.ReserveCaseSeqs(ctx, 2023, n); err != nil {
				return err
			}
			for i := range news {
				at := now.Add(time.Duration(i) * time.Minute)
				c := &domain.Case{Number: fmt.Sprintf("督〔2023〕%d号", first+i), Year: 2023, Seq: first + i, Title: fmt.Sprint("件", i),
					Source: domain.CaseSourcePublic, Urgency: domain.UrgencyNormal, LeadUnitID: f.lead, CoUnitIDs: []domain.ID{},
					TaskIDs: []domain.ID{}, TimeLimit: domain.TimeLimit{Days: 5}, State: domain.CaseWorking, Round: 1,
					Deadline: domain.MustDate("2023-07-24"), WindowStart: domain.MustDate("2023-07-17"), SignedByID: 3, SignedBy: "张联络",
					CreatedAt: at, AssignedAt: at, SignedAt: at.Add(time.Hour), UpdatedAt: at.Add(time.Hour)}
				news[i] = store.NewCase{Case: c, Events: []domain.CaseEvent{
					{Kind: domain.EventCreate, At: at, Actor: "督查室", ToState: domain.CaseDraft, Round: 1},
					{Kind: domain.EventAssign, At: at, Actor: "督查室", FromState: domain.CaseDraft, ToState: domain.CaseAssigned, ToDate: c.Deadline, Round: 1},
					{Kind: domain.EventSign, At: at.Add(time.Hour), ActorID: 3, Actor: "张联络", UnitID: f.lead, FromState: domain.CaseAssigned,
						ToState: domain.CaseWorking, Round: 1}}}
				if i == 1 {
					c.CoUnitIDs, c.TaskIDs, c.LeaderID = []domain.ID{f.co}, []domain.ID{f.task}, f.leader
					news[i].Parts = []domain.CasePart{{UnitID: f.co, Round: 1, Text: "已配合", By: "李协办", At: at.Add(2 * time.Hour)}}
					news[i].Extensions = []domain.CaseExtension{{Reason: "审批", FromDate: c.Deadline, ToDate: domain.MustDate("2023-07-31"),
						State: domain.ExtensionPending, RequestedBy: "张联络", RequestedAt: at.Add(3 * time.Hour)}}
					news[i].Ratings = []domain.CaseRatingEntry{{Round: 1, Rating: domain.RatingFair, By: "督查室", At: at.Add(4 * time.Hour)}}
				}
			}
			return tx.InsertCases(ctx, news)
		})
		if err != nil {
			t.Fatal(err)
		}
		if first != 2 {
			t.Errorf("reserved from %d, want 2", first)
		}
		var next int
		if err := db.Update(ctx, func(tx *store.Tx) (err error) { next, err = tx.NextCaseSeq(ctx, 2023); return err }); err != nil || next != n+2 {
			t.Errorf("next number %d %v, want %d", next, err, n+2)
		}
		r := db.Read()
		all, err := r.Cases(ctx, store.CaseFilter{})
		if err != nil || len(all) != n {
			t.Fatalf("%d cases %v", len(all), err)
		}
		c := news[1].Case
		got, err := r.Case(ctx, c.ID)
		if err != nil || got.Number != c.Number || got.LeaderID != f.leader || len(got.CoUnitIDs) != 1 || got.CoUnitIDs[0] != f.co ||
			len(got.TaskIDs) != 1 || got.TaskIDs[0] != f.task || !got.CreatedAt.Equal(c.CreatedAt) || !got.UpdatedAt.Equal(c.UpdatedAt) ||
			got.State != domain.CaseWorking || got.Deadline != c.Deadline || got.SignedBy != "张联络" {
			t.Fatalf("round trip %+v %v", got, err)
		}
		events, err := r.CaseEvents(ctx, c.ID)
		if err != nil || len(events) != 3 || events[2].Kind != domain.EventSign || events[2].UnitID != f.lead || events[1].ToDate != c.Deadline ||
			events[0].ID != news[1].Events[0].ID || events[0].CaseID != c.ID {
			t.Fatalf("events %+v %v", events, err)
		}
		parts, _ := r.CaseParts(ctx, c.ID)
		exts, _ := r.CaseExtensions(ctx, c.ID)
		ratings, _ := r.CaseRatings(ctx, c.ID)
		if len(parts) != 1 || parts[0].UnitID != f.co || parts[0].ID != news[1].Parts[0].ID || len(exts) != 1 || exts[0].State != domain.ExtensionPending ||
			exts[0].ID != news[1].Extensions[0].ID || len(ratings) != 1 || ratings[0].Rating != domain.RatingFair {
			t.Fatalf("parts %+v, requests %+v, ratings %+v", parts, exts, ratings)
		}
		mine, err := r.Cases(ctx, store.CaseFilter{UnitIDs: []domain.ID{f.co}})
		if err != nil || len(mine) != 1 || mine[0].ID != c.ID {
			t.Fatalf("the co-unit's cases: %v %v", mine, err)
		}
		// The listing in two queries reads what Cases and CaseMarks read.
		for _, cf := range []store.CaseFilter{{}, {UnitIDs: []domain.ID{f.co}}, {UnitIDs: []domain.ID{f.lead}, LeadOnly: true},
			{UnitIDs: []domain.ID{f.lead, f.co}, Visible: &store.CaseVisibility{UnitIDs: []domain.ID{f.co}, AccountID: 9}, States: []domain.CaseState{domain.CaseWorking}},
			{TaskID: f.task, LeaderID: f.leader, Year: 2023}, {UnitIDs: []domain.ID{f.other}}} {
			want, err1 := r.Cases(ctx, cf)
			wantMarks, err2 := r.CaseMarks(ctx, cf)
			got, gotMarks, err3 := r.CaseListing(ctx, cf)
			if err1 != nil || err2 != nil || err3 != nil {
				t.Fatal(err1, err2, err3)
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotMarks, wantMarks) {
				t.Errorf("filter %+v: listing of %d cases with %v, want %d with %v", cf, len(got), gotMarks, len(want), wantMarks)
			}
		}
	})
}
