package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

func TestInspectionRectificationRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := domain.MustDate
		var zjj, czj domain.Unit
		var insp domain.Inspection
		var fin domain.Finding
		var rect domain.Rectification
		var check domain.SelfCheck
		err := db.Update(ctx, func(tx *store.Tx) error {
			zjj = domain.Unit{Name: "区住建局", Kind: domain.UnitDepartment, Active: true}
			czj = domain.Unit{Name: "区财政局", Kind: domain.UnitDepartment, Active: true}
			for _, u := range []*domain.Unit{&zjj, &czj} {
				if err := tx.InsertUnit(ctx, u, now); err != nil {
					return err
				}
			}
			lead := domain.Person{Name: "吴督查", Active: true}
			mem := domain.Person{Name: "郑干事", Active: true}
			for _, p := range []*domain.Person{&lead, &mem} {
				if err := tx.InsertPerson(ctx, p, now); err != nil {
					return err
				}
			}
			insp = domain.Inspection{Kind: domain.InspectionField, Title: "背街小巷整治实地督查", Plan: "随机抽查", State: domain.InspectionPlanned,
				TargetUnitIDs: []domain.ID{czj.ID, zjj.ID}, LeaderID: lead.ID, MemberIDs: []domain.ID{mem.ID}, PlannedStart: d("2023-07-20")}
			if err := tx.InsertInspection(ctx, &insp, now); err != nil {
				return err
			}
			insp.State, insp.StartedOn = domain.InspectionUnderWay, d("2023-07-21")
			if err := tx.UpdateInspection(ctx, insp, now); err != nil {
				return err
			}
			fin = domain.Finding{InspectionID: insp.ID, UnitID: zjj.ID, Problem: "施工围挡破损", FoundOn: d("2023-07-21")}
			if err := tx.InsertFinding(ctx, &fin, now); err != nil {
				return err
			}
			second := domain.Finding{InspectionID: insp.ID, Problem: "台账不全"}
			if err := tx.InsertFinding(ctx, &second, now); err != nil {
				return err
			}
			rect = domain.Rectification{InspectionID: insp.ID, FindingID: fin.ID, UnitID: zjj.ID, Problem: fin.Problem, State: domain.RectIssued,
				Deadline: d("2023-07-31"), DeadlineWorkdays: 10, IssuedOn: d("2023-07-21")}
			if err := tx.InsertRectification(ctx, &rect, now); err != nil {
				return err
			}
			ev := domain.RectEvent{RectificationID: rect.ID, Action: domain.RectIssue, State: domain.RectIssued, At: now, Actor: "office", Deadline: rect.Deadline}
			if err := tx.InsertRectEvent(ctx, &ev); err != nil {
				return err
			}
			f := domain.RectFile{RectificationID: rect.ID, EventID: ev.ID, Name: "照片.png", ContentType: "image/png", Size: 3, SHA256: "x"}
			if err := tx.InsertRectFile(ctx, &f, []byte{1, 2, 3}, now); err != nil {
				return err
			}
			check = domain.SelfCheck{FindingID: fin.ID, InspectionID: insp.ID, Problem: fin.Problem, Deadline: d("2023-08-04"),
				Answers: []domain.SelfCheckAnswer{{UnitID: czj.ID}, {UnitID: zjj.ID}}}
			return tx.InsertSelfCheck(ctx, &check, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.Read()
		got, err := r.Inspection(ctx, insp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != domain.InspectionUnderWay || got.StartedOn != d("2023-07-21") || got.LeaderID != insp.LeaderID ||
			len(got.MemberIDs) != 1 || len(got.TargetUnitIDs) != 2 || got.TargetUnitIDs[0] != czj.ID || got.PlannedEnd != 0 {
			t.Fatalf("inspection round trip: %+v", got)
		}
		list, err := r.Inspections(ctx, store.InspectionFilter{States: []domain.InspectionState{domain.InspectionUnderWay}})
		if err != nil || len(list) != 1 || len(list[0].TargetUnitIDs) != 2 {
			t.Fatalf("inspections: %+v %v", list, err)
		}
		if none, _ := r.Inspections(ctx, store.InspectionFilter{Kind: domain.InspectionVisit}); len(none) != 0 {
			t.Errorf("kind filter: %d", len(none))
		}
		fs, err := r.Findings(ctx, insp.ID)
		if err != nil || len(fs) != 2 || fs[0].Seq != 1 || fs[1].Seq != 2 || fs[1].UnitID != 0 || fs[0].FoundOn != d("2023-07-21") {
			t.Fatalf("findings: %+v %v", fs, err)
		}
		// A second item for the same finding and unit is a duplicate.
		err = db.Update(ctx, func(tx *store.Tx) error {
			dup := rect
			return tx.InsertRectification(ctx, &dup, now)
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate item: %v", err)
		}
		// Updates are guarded by the state they start from.
		err = db.Update(ctx, func(tx *store.Tx) error {
			next := rect
			next.State, next.Measures = domain.RectInProgress, "修复围挡"
			if err := tx.UpdateRectification(ctx, next, domain.RectIssued, now); err != nil {
				return err
			}
			return tx.UpdateRectification(ctx, next, domain.RectIssued, now)
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("stale update: %v", err)
		}
		gr, err := r.Rectification(ctx, rect.ID)
		if err != nil || gr.State != domain.RectIssued || gr.DeadlineWorkdays != 10 || gr.Deadline != d("2023-07-31") || gr.ClosedOn != 0 {
			t.Fatalf("rectification after a refused update: %+v %v", gr, err)
		}
		for _, c := range []struct {
			f    store.RectFilter
			want int
		}{
			{store.RectFilter{}, 1},
			{store.RectFilter{UnitIDs: []domain.ID{zjj.ID}}, 1},
			{store.RectFilter{UnitIDs: []domain.ID{czj.ID}}, 0},
			{store.RectFilter{UnitIDs: []domain.ID{}}, 0},
			{store.RectFilter{States: []domain.RectState{domain.RectClosed}}, 0},
			{store.RectFilter{InspectionID: insp.ID, FindingID: fin.ID, States: []domain.RectState{domain.RectIssued}}, 1},
			{store.RectFilter{RecheckBy: d("2023-12-31")}, 0},
		} {
			if got, err := r.Rectifications(ctx, c.f); err != nil || len(got) != c.want {
				t.Errorf("filter %+v: %d items, %v", c.f, len(got), err)
			}
		}
		evs, err := r.RectEvents(ctx, rect.ID)
		if err != nil || len(evs) != 1 || evs[0].Action != domain.RectIssue || evs[0].Deadline != d("2023-07-31") || !evs[0].At.Equal(now) {
			t.Fatalf("events: %+v %v", evs, err)
		}
		files, err := r.RectFiles(ctx, rect.ID)
		if err != nil || len(files) != 1 || files[0].EventID != evs[0].ID {
			t.Fatalf("files: %+v %v", files, err)
		}
		if _, data, err := r.RectFileData(ctx, files[0].ID); err != nil || !bytes.Equal(data, []byte{1, 2, 3}) {
			t.Fatalf("file data: %v %v", data, err)
		}
		if _, _, err := r.RectFileData(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing file: %v", err)
		}
		// Self-check answers.
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.AnswerSelfCheck(ctx, check.ID, domain.SelfCheckAnswer{UnitID: czj.ID, Found: true, Problems: "同类问题2处", Measures: "立行立改", AnsweredAt: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := r.SelfCheck(ctx, check.ID)
		if err != nil || len(sc.Answers) != 2 || !sc.Answers[0].Answered || !sc.Answers[0].Found || sc.Answers[1].Answered || sc.Deadline != d("2023-08-04") {
			t.Fatalf("self-check: %+v %v", sc, err)
		}
		if l, _ := r.SelfChecks(ctx, store.SelfCheckFilter{UnitIDs: []domain.ID{czj.ID}}); len(l) != 1 {
			t.Errorf("self-checks for a unit: %d", len(l))
		}
		if l, _ := r.SelfChecks(ctx, store.SelfCheckFilter{UnitIDs: []domain.ID{}}); len(l) != 0 {
			t.Errorf("self-checks for no unit: %d", len(l))
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.AnswerSelfCheck(ctx, check.ID, domain.SelfCheckAnswer{UnitID: 999, AnsweredAt: now})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("answer for a unit not asked: %v", err)
		}
	})
}
