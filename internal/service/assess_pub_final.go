// 定榜: the run is frozen after its window, with no appeal pending.

package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// FinalizeAssessment freezes a run (定榜): office covering every unit in
// it, after the window, with no appeal pending.
func (s *Service) FinalizeAssessment(ctx context.Context, p *Principal, runID domain.ID) error {
	if err := requireOffice(ctx, p); err != nil {
		return err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		run, err := s.openRun(ctx, tx, runID, listOnly)
		if err != nil {
			return err
		}
		for _, u := range run.Result.Units {
			if err := officeOver(ctx, m, p, u.UnitID); err != nil {
				return err
			}
		}
		if today := s.Today(); today <= run.NoticeEnd {
			return conflict(ctx, "assesspub.err.window_running", run.NoticeEnd.String())
		}
		pending, err := tx.AssessAppeals(ctx, store.AppealFilter{RunID: run.ID, States: []domain.AppealState{domain.AppealPending}})
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			var names []string
			for _, a := range pending {
				names = append(names, m.UnitName(a.UnitID))
			}
			return conflict(ctx, "assesspub.err.pending", joinNames(dedupeStrings(names)))
		}
		before := runAudit(run)
		if err := tx.FinalizeAssessRun(ctx, run.ID, actorName(p), s.Now()); err != nil {
			return err
		}
		run.State = domain.RunFinal
		if err := s.closeScheme(ctx, tx, p, run.SchemeID); err != nil {
			return err
		}
		if err := s.notifyRunNotice(ctx, tx, m, run); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.run.finalize", Entity: "assess_run", EntityID: run.ID, Before: before, After: runAudit(run)})
		return err
	})
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// closeScheme marks the scheme a final run was computed from as closed, so
// its entries cannot change after 定榜. A scheme stored elsewhere (a run
// published from a body alone) or already superseded is left as it is.
func (s *Service) closeScheme(ctx context.Context, tx *store.Tx, p *Principal, id domain.ID) error {
	sc, err := tx.Scheme(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if sc.State != domain.SchemeScoring {
		return nil
	}
	before := sc
	sc.State = domain.SchemeClosed
	if err := tx.UpdateScheme(ctx, sc, s.Now()); err != nil {
		return err
	}
	_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.scheme.close", Entity: "assess_scheme", EntityID: sc.ID,
		Before: string(before.State), After: string(sc.State)})
	return err
}
