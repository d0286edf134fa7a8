package store_test

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// A code is used only while its evaluation is open, and only once: the
// vote's one statement checks both.
func TestUseEvalCodeOnlyWhileOpen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		write := func(fn func(tx *store.Tx) error) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				if err := fn(tx); err != nil {
					return err
				}
				_, err := tx.Audit(ctx, store.Actor{Login: "test"}, now, store.Change{Action: "x", Entity: "test"})
				return err
			})
		}
		e := domain.Evaluation{Year: 2023, Code: "E1", Name: "测评", Kind: domain.EvalSurvey, State: domain.EvalDraft, Tag: "ABC"}
		if err := write(func(tx *store.Tx) error {
			if err := tx.InsertEvaluation(ctx, &e, "00", now); err != nil {
				return err
			}
			return tx.InsertEvalCodes(ctx, e.ID, "leaders", 0, []string{"h1", "h2"})
		}); err != nil {
			t.Fatal(err)
		}
		use := func(hash string) bool {
			t.Helper()
			var ok bool
			if err := write(func(tx *store.Tx) (err error) {
				ok, err = tx.UseEvalCode(ctx, e.ID, hash)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		setState := func(st domain.EvalState) {
			t.Helper()
			e.State = st
			if err := write(func(tx *store.Tx) error { return tx.UpdateEvaluation(ctx, e, now) }); err != nil {
				t.Fatal(err)
			}
		}
		if use("h1") {
			t.Error("a code of a draft evaluation was used")
		}
		setState(domain.EvalOpen)
		if !use("h1") {
			t.Error("a fresh code of an open evaluation was refused")
		}
		if use("h1") {
			t.Error("a code was used twice")
		}
		if use("nope") {
			t.Error("an unknown code was used")
		}
		setState(domain.EvalClosed)
		if use("h2") {
			t.Error("a code of a closed evaluation was used")
		}
		turnout, err := db.Read().EvalTurnouts(ctx, e.ID)
		if err != nil || turnout["leaders"] != (store.EvalTurnout{Issued: 2, Used: 1}) {
			t.Errorf("turnout: %+v %v", turnout, err)
		}
	})
}
