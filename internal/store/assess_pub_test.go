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

func TestAssessRunsAppealsAdjustments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		write := func(fn func(tx *store.Tx) error) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				if err := fn(tx); err != nil {
					return err
				}
				_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
				return err
			})
		}
		result := domain.AssessResult{SchemeID: 7, CheckDate: domain.MustDate("2023-12-31"), Units: []domain.UnitResult{
			{UnitID: f.lead, Unit: "区住建局", Category: "区直部门", Total: 91.5, Rank: 1, Grade: "优秀",
				Criteria: []domain.CriterionScore{{Code: "A1", Name: "重点项目", Max: 20, Score: 18, Formula: domain.Formula{Key: "tasks", Expr: "20 × 90% = 18"}}}},
			{UnitID: f.other, Unit: "区城管局", Category: "区直部门", Total: 80, Rank: 2, Grade: "良好"}}}
		run := domain.AssessRun{SchemeID: 7, Year: 2023, SchemeName: "2023年度综合考核", State: domain.RunNotice, Result: result,
			Body:        domain.SchemeBody{CheckDate: domain.MustDate("2023-12-31"), Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀"}}}},
			NoticeStart: domain.MustDate("2023-07-17"), NoticeEnd: domain.MustDate("2023-07-21"), NoticeDays: 5, CreatedBy: "吴督查"}
		if err := write(func(tx *store.Tx) error { return tx.InsertAssessRun(ctx, &run, now) }); err != nil {
			t.Fatal(err)
		}
		// A second open run of the scheme is refused.
		again := run
		if err := write(func(tx *store.Tx) error { return tx.InsertAssessRun(ctx, &again, now) }); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second open run: %v", err)
		}
		got, err := db.Read().AssessRun(ctx, run.ID)
		if err != nil || got.State != domain.RunNotice || got.NoticeEnd != domain.MustDate("2023-07-21") || len(got.Result.Units) != 2 ||
			got.Result.Units[0].Criteria[0].Formula.Expr != "20 × 90% = 18" || got.Body.Rules.Grades[0].Name != "优秀" || got.SchemeName != "2023年度综合考核" {
			t.Fatalf("run: %+v %v", got, err)
		}
		// The list without criteria; one unit's criteria alone.
		sum, err := db.Read().AssessRunSummary(ctx, run.ID)
		if err != nil || len(sum.Result.Units) != 2 || sum.Result.Units[0].Criteria != nil || sum.Result.Units[0].Total != 91.5 {
			t.Errorf("summary: %+v %v", sum.Result.Units, err)
		}
		if cs, err := db.Read().AssessRunUnitCriteria(ctx, run.ID, f.lead); err != nil || len(cs) != 1 || cs[0].Formula.Expr != "20 × 90% = 18" {
			t.Errorf("unit criteria: %+v %v", cs, err)
		}
		if cs, err := db.Read().AssessRunUnitCriteria(ctx, run.ID, f.co); err != nil || cs != nil {
			t.Errorf("a unit not in the run: %+v %v", cs, err)
		}
		if _, err := db.Read().AssessRun(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing run: %v", err)
		}
		// Appeals: one pending per unit and criterion.
		ap := domain.AssessAppeal{RunID: run.ID, UnitID: f.lead, Criterion: "A1", Reasons: "进度数据未计入12月报告", State: domain.AppealPending,
			FiledBy: "李联络", FiledAt: now}
		err = write(func(tx *store.Tx) error {
			if err := tx.InsertAssessAppeal(ctx, &ap); err != nil {
				return err
			}
			fr := domain.FileRef{Name: "证明.pdf", ContentType: "application/pdf", Size: 3, SHA256: "abc"}
			return tx.InsertAssessAppealFile(ctx, ap.ID, &fr, []byte("pdf"), now)
		})
		if err != nil {
			t.Fatal(err)
		}
		dup := ap
		if err := write(func(tx *store.Tx) error { return tx.InsertAssessAppeal(ctx, &dup) }); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second pending appeal: %v", err)
		}
		whole := domain.AssessAppeal{RunID: run.ID, UnitID: f.lead, Reasons: "总分有误", State: domain.AppealPending, FiledAt: now}
		if err := write(func(tx *store.Tx) error { return tx.InsertAssessAppeal(ctx, &whole) }); err != nil {
			t.Errorf("appeal on the whole result: %v", err)
		}
		as, err := db.Read().AssessAppeals(ctx, store.AppealFilter{RunID: run.ID, UnitIDs: []domain.ID{f.lead}, States: []domain.AppealState{domain.AppealPending}})
		if err != nil || len(as) != 2 || len(as[0].Files) != 1 || as[0].Files[0].Name != "证明.pdf" || len(as[1].Files) != 0 {
			t.Fatalf("appeals: %+v %v", as, err)
		}
		if as, _ := db.Read().AssessAppeals(ctx, store.AppealFilter{RunID: run.ID, UnitIDs: []domain.ID{f.other}}); len(as) != 0 {
			t.Errorf("another unit's appeals: %+v", as)
		}
		fr, appealID, data, err := db.Read().AssessAppealFile(ctx, as[0].Files[0].ID)
		if err != nil || appealID != ap.ID || string(data) != "pdf" || fr.Size != 3 {
			t.Errorf("file: %+v %d %q %v", fr, appealID, data, err)
		}
		// Deciding and adjusting.
		ap.State, ap.Decision, ap.DecidedBy, ap.DecidedAt = domain.AppealUpheld, "核实后调整", "吴督查", now.Add(time.Hour)
		adj := domain.AssessAdjustment{RunID: run.ID, UnitID: f.lead, Criterion: "A1", Before: 18, After: 19.5, BeforeTotal: 91.5, AfterTotal: 93,
			BeforeRank: 1, AfterRank: 1, BeforeGrade: "优秀", AfterGrade: "优秀", Reason: "补计12月报告", AppealID: ap.ID, By: "吴督查", At: now.Add(time.Hour)}
		result.Units[0].Criteria[0].Score = 19.5
		err = write(func(tx *store.Tx) error {
			if st, err := tx.LockAssessRun(ctx, run.ID); err != nil || st != domain.RunNotice {
				t.Errorf("lock: %s %v", st, err)
			}
			if err := tx.DecideAssessAppeal(ctx, ap); err != nil {
				return err
			}
			if err := tx.InsertAssessAdjustment(ctx, &adj); err != nil {
				return err
			}
			return tx.UpdateAssessRunResult(ctx, run.ID, result, []domain.ID{f.lead}, now.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := write(func(tx *store.Tx) error { return tx.DecideAssessAppeal(ctx, ap) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deciding twice: %v", err)
		}
		adjs, err := db.Read().AssessAdjustments(ctx, run.ID, f.lead)
		if err != nil || len(adjs) != 1 || adjs[0].Before != 18 || adjs[0].After != 19.5 || adjs[0].AppealID != ap.ID || adjs[0].AfterTotal != 93 ||
			!adjs[0].At.Equal(now.Add(time.Hour)) {
			t.Errorf("adjustments: %+v %v", adjs, err)
		}
		if adjs, _ := db.Read().AssessAdjustments(ctx, run.ID, f.other); len(adjs) != 0 {
			t.Errorf("another unit's adjustments: %+v", adjs)
		}
		got, _ = db.Read().AssessRun(ctx, run.ID)
		if got.Result.Units[0].Criteria[0].Score != 19.5 {
			t.Errorf("result not saved: %+v", got.Result.Units[0])
		}
		// 定榜: the run is frozen.
		if err := write(func(tx *store.Tx) error { return tx.FinalizeAssessRun(ctx, run.ID, "吴督查", now.Add(2*time.Hour)) }); err != nil {
			t.Fatal(err)
		}
		if err := write(func(tx *store.Tx) error {
			return tx.UpdateAssessRunResult(ctx, run.ID, domain.AssessResult{}, nil, now)
		}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("final run updated: %v", err)
		}
		if err := write(func(tx *store.Tx) error { return tx.FinalizeAssessRun(ctx, run.ID, "x", now) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("finalised twice: %v", err)
		}
		runs, err := db.Read().AssessRuns(ctx, store.RunFilter{Year: 2023, States: []domain.RunState{domain.RunFinal}})
		if err != nil || len(runs) != 1 || runs[0].FinalizedBy != "吴督查" || runs[0].FinalizedAt.IsZero() || len(runs[0].Result.Units) != 0 {
			t.Errorf("final runs: %+v %v", runs, err)
		}
		// The scheme may be published again once its run is final.
		again = run
		if err := write(func(tx *store.Tx) error { return tx.InsertAssessRun(ctx, &again, now) }); err != nil {
			t.Errorf("new run after the final: %v", err)
		}
		if runs, _ := db.Read().AssessRuns(ctx, store.RunFilter{SchemeID: 7}); len(runs) != 2 || runs[0].ID != again.ID {
			t.Errorf("runs of the scheme: %+v", runs)
		}
	})
}
