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

// Scheme versions round-trip with their body; a version number repeats
// only across (year, kind, name); entries replace the same examiner's
// earlier score and carry over to a new version by code.
func TestAssessSchemesAndEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedCaseFixture(t, db)
		body := domain.SchemeBody{CheckDate: domain.MustDate("2023-12-31"), Categories: []domain.AssessCategory{{Name: "区直部门", BonusCap: 3,
			Sections: []domain.AssessSection{{Key: "routine", Name: "常规工作", Max: 30, Criteria: []domain.Criterion{
				{Code: "A1", Name: "重点任务", Kind: domain.CriterionBase, Max: 20, Method: domain.MethodTasks, Params: domain.MethodParams{PerOverdue: 1}},
				{Code: "A2", Name: "工作作风", Kind: domain.CriterionBase, Max: 10, Method: domain.MethodManual}}}}}},
			Rules: domain.AssessRules{Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20}, {Name: "良好"}}}}
		s := domain.Scheme{Year: 2023, Kind: domain.SchemeAnnual, Name: "2023年度综合考核", Version: 1, State: domain.SchemeDraft, SchemeBody: body,
			CreatedBy: "吴督查"}
		var acct domain.Account
		at := now.Add(time.Hour)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.InsertScheme(ctx, &s, 0, now); err != nil {
				return err
			}
			acct = domain.Account{Login: "kh1", DisplayName: "考核员甲", Status: domain.AccountActive}
			if err := tx.InsertAccount(ctx, &acct, now); err != nil {
				return err
			}
			if err := tx.SetSchemeExaminers(ctx, s.ID, []domain.SchemeExaminer{{AccountID: acct.ID, Criteria: []string{"A2"}}}); err != nil {
				return err
			}
			file := domain.FileRef{Name: "证明.pdf", ContentType: "application/pdf", Size: 3, SHA256: "abc"}
			if err := tx.InsertAssessFile(ctx, &file, []byte("pdf"), now); err != nil {
				return err
			}
			e := domain.AssessEntry{SchemeID: s.ID, Code: "A2", UnitID: f.lead, ExaminerID: acct.ID, Examiner: "考核员甲", Score: 8, Reason: "作风扎实",
				EvidenceID: file.ID, At: now}
			if err := tx.SaveAssessEntry(ctx, &e); err != nil {
				return err
			}
			// The same examiner again: the row is replaced, the evidence kept.
			e2 := domain.AssessEntry{SchemeID: s.ID, Code: "A2", UnitID: f.lead, ExaminerID: acct.ID, Examiner: "考核员甲", Score: 9.5, Reason: "复核后调整", At: at}
			if err := tx.SaveAssessEntry(ctx, &e2); err != nil {
				return err
			}
			if e2.ID != e.ID {
				t.Errorf("replaced entry has a new ID: %d != %d", e2.ID, e.ID)
			}
			e3 := domain.AssessEntry{SchemeID: s.ID, Code: "A2", UnitID: f.co, ExaminerID: 0, Examiner: "system:cli", Score: 7, Reason: "导入", At: at}
			if err := tx.SaveAssessEntry(ctx, &e3); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.Read()
		got, err := r.Scheme(ctx, s.ID)
		if err != nil || got.Name != s.Name || got.State != domain.SchemeDraft || got.CheckDate != body.CheckDate || len(got.Categories) != 1 ||
			got.Categories[0].Sections[0].Criteria[0].Params.PerOverdue != 1 || got.Rules.Grades[0].QuotaPercent != 20 || got.CreatedBy != "吴督查" {
			t.Fatalf("scheme: %+v %v", got, err)
		}
		if _, err := r.Scheme(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing scheme: %v", err)
		}
		if v, err := r.NextSchemeVersion(ctx, 2023, domain.SchemeAnnual, s.Name); err != nil || v != 2 {
			t.Errorf("next version: %d %v", v, err)
		}
		// The same version twice is refused.
		dup := s
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.InsertScheme(ctx, &dup, 0, now) })
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("duplicate version: %v", err)
		}
		ex, err := r.SchemeExaminers(ctx, s.ID)
		if err != nil || len(ex) != 1 || ex[0].Login != "kh1" || len(ex[0].Criteria) != 1 || !ex[0].Covers("A2") || ex[0].Covers("A1") {
			t.Errorf("examiners: %+v %v", ex, err)
		}
		entries, err := r.AssessEntries(ctx, store.EntryFilter{SchemeID: s.ID, UnitIDs: []domain.ID{f.lead}})
		if err != nil || len(entries) != 1 || entries[0].Score != 9.5 || entries[0].Reason != "复核后调整" || entries[0].EvidenceName != "证明.pdf" ||
			!entries[0].At.Equal(at) {
			t.Fatalf("entries: %+v %v", entries, err)
		}
		if _, data, err := r.AssessFileData(ctx, entries[0].EvidenceID); err != nil || string(data) != "pdf" {
			t.Errorf("evidence: %q %v", data, err)
		}
		if all, _ := r.AssessEntries(ctx, store.EntryFilter{SchemeID: s.ID, Codes: []string{"A2"}}); len(all) != 2 {
			t.Errorf("by code: %+v", all)
		}
		if mine, _ := r.AssessEntries(ctx, store.EntryFilter{SchemeID: s.ID, ExaminerID: acct.ID}); len(mine) != 1 {
			t.Errorf("by examiner: %+v", mine)
		}
		// Freeze, then a new version: entries of codes still there carry over.
		got.State, got.FrozenAt = domain.SchemeScoring, at
		next := got
		next.ID, next.Version, next.PrevID, next.ChangeReason = 0, 2, got.ID, "调整分值"
		got.State = domain.SchemeSuperseded
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.UpdateScheme(ctx, got, at); err != nil {
				return err
			}
			if err := tx.InsertScheme(ctx, &next, acct.ID, at); err != nil {
				return err
			}
			if err := tx.CopySchemeExaminers(ctx, got.ID, next.ID); err != nil {
				return err
			}
			n, err := tx.CopyAssessEntries(ctx, got.ID, next.ID, []string{"A2"})
			if n != 2 {
				t.Errorf("copied %d entries", n)
			}
			if err != nil {
				return err
			}
			_, err = tx.Audit(ctx, store.Actor{Login: "test"}, at, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if list, err := r.Schemes(ctx, store.SchemeFilter{Year: 2023, Name: s.Name}); err != nil || len(list) != 2 || list[1].PrevID != got.ID ||
			list[1].ChangeReason != "调整分值" || list[0].State != domain.SchemeSuperseded || !list[0].FrozenAt.Equal(at) {
			t.Errorf("versions: %+v %v", list, err)
		}
		if list, _ := r.Schemes(ctx, store.SchemeFilter{States: []domain.SchemeState{domain.SchemeScoring}}); len(list) != 1 {
			t.Errorf("by state: %+v", list)
		}
		if list, _ := r.Schemes(ctx, store.SchemeFilter{Year: 2022}); len(list) != 0 {
			t.Errorf("2022: %+v", list)
		}
		if moved, _ := r.AssessEntries(ctx, store.EntryFilter{SchemeID: next.ID}); len(moved) != 2 || moved[0].EvidenceName == "" && moved[1].EvidenceName == "" {
			t.Errorf("carried entries: %+v", moved)
		}
		if ex, _ := r.SchemeExaminers(ctx, next.ID); len(ex) != 1 {
			t.Errorf("carried examiners: %+v", ex)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteAssessEntry(ctx, entries[0].ID); err != nil {
				return err
			}
			_, err := tx.Audit(ctx, store.Actor{Login: "test"}, at, store.Change{Action: "x", Entity: "test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if left, _ := r.AssessEntries(ctx, store.EntryFilter{SchemeID: s.ID}); len(left) != 1 {
			t.Errorf("after delete: %+v", left)
		}
	})
}
