// 申诉 and adjustments during 公示, and 定榜. Every change of a score goes
// through applyAdjustment: recorded with who, why, before and after, then
// the whole result is reranked and saved in the same transaction.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// AppealInput is a unit's appeal: Criterion is a criterion code, or empty
// for the whole result; Files is optional evidence.
type AppealInput struct {
	UnitID    domain.ID `json:"unit_id"`
	Criterion string    `json:"criterion"`
	Reasons   string    `json:"reasons"`
	Files     []Upload  `json:"-"`
}

// AdjustInput sets a unit's criterion score by hand, with the reason.
type AdjustInput struct {
	UnitID    domain.ID `json:"unit_id"`
	Criterion string    `json:"criterion"`
	Score     float64   `json:"score"`
	Reason    string    `json:"reason"`
}

// AppealDecision decides an appeal: upheld or partial with the new score
// of the appealed criterion (Criterion when the appeal was on the whole
// result), rejected with the reason.
type AppealDecision struct {
	State     domain.AppealState `json:"state"`
	Reason    string             `json:"reason"`
	Criterion string             `json:"criterion"`
	Score     *float64           `json:"score"`
}

// maxTextLen bounds reasons and decisions, in characters.
const maxTextLen = 2000

func (s *Service) checkText(ctx context.Context, field, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", invalid(ctx, field, "assesspub.err.reason_required")
	}
	if utf8.RuneCountInString(text) > maxTextLen {
		return "", invalid(ctx, field, "assesspub.err.text_long", maxTextLen)
	}
	return text, nil
}

// openRun loads and locks a run for a change: a final run is refused.
// With unit set only that unit's criteria are loaded (the rest of the
// result is the list); with allUnits the whole result, with listOnly none.
func (s *Service) openRun(ctx context.Context, tx *store.Tx, id, unit domain.ID) (domain.AssessRun, error) {
	st, err := tx.LockAssessRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return domain.AssessRun{}, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.run"))
	}
	if err != nil {
		return domain.AssessRun{}, err
	}
	if st != domain.RunNotice {
		return domain.AssessRun{}, conflict(ctx, "assesspub.err.final")
	}
	switch unit {
	case allUnits:
		return tx.AssessRun(ctx, id)
	case listOnly:
		return tx.AssessRunSummary(ctx, id)
	}
	return loadRunUnit(ctx, &tx.Reader, id, unit)
}

// What openRun loads besides one unit's criteria.
const (
	allUnits domain.ID = 0
	listOnly domain.ID = -1
)

// loadRunUnit reads a run's list with one unit's criteria.
func loadRunUnit(ctx context.Context, r *store.Reader, id, unit domain.ID) (domain.AssessRun, error) {
	run, err := r.AssessRunSummary(ctx, id)
	if err != nil {
		return run, err
	}
	if u := domain.FindUnitResult(&run.Result, unit); u != nil {
		if u.Criteria, err = r.AssessRunUnitCriteria(ctx, id, unit); err != nil {
			return run, err
		}
	}
	return run, nil
}

// FileAppeal files an appeal for one of the caller's units (its liaison or
// head) while the 公示 window is open.
func (s *Service) FileAppeal(ctx context.Context, p *Principal, runID domain.ID, in AppealInput) (domain.ID, error) {
	if err := requireAny(ctx, p, domain.RoleLiaison, domain.RoleUnitHead); err != nil {
		return 0, err
	}
	if p.System {
		return 0, forbidden(ctx)
	}
	m, err := s.Model(ctx)
	if err != nil {
		return 0, err
	}
	acting := unitsActing(m, p)
	if in.UnitID == 0 && len(acting) == 1 {
		for id := range acting {
			in.UnitID = id
		}
	}
	if !acting[in.UnitID] {
		return 0, &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: printer(ctx).T("assesspub.err.not_your_unit", m.UnitName(in.UnitID))}
	}
	reasons, err := s.checkText(ctx, "reasons", in.Reasons)
	if err != nil {
		return 0, err
	}
	if err := s.checkUploads(ctx, in.Files); err != nil {
		return 0, err
	}
	var id domain.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		run, err := s.openRun(ctx, tx, runID, in.UnitID)
		if err != nil {
			return err
		}
		if err := s.windowOpen(ctx, run); err != nil {
			return err
		}
		u := domain.FindUnitResult(&run.Result, in.UnitID)
		if u == nil {
			return invalid(ctx, "unit_id", "assesspub.err.unit_not_in_run", m.UnitName(in.UnitID))
		}
		if in.Criterion != "" && domain.FindCriterionScore(u, in.Criterion) == nil {
			return invalid(ctx, "criterion", "assesspub.err.no_criterion", u.Unit, in.Criterion)
		}
		a := domain.AssessAppeal{RunID: run.ID, UnitID: in.UnitID, Criterion: in.Criterion, Reasons: reasons, State: domain.AppealPending,
			FiledByID: p.Account.ID, FiledBy: actorName(p), FiledAt: s.Now(), Files: []domain.FileRef{}}
		if err := tx.InsertAssessAppeal(ctx, &a); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "assesspub.err.appeal_pending", criterionLabel(ctx, u, in.Criterion))
			}
			return err
		}
		id = a.ID
		for _, up := range in.Files {
			ct, _ := allowedType(up)
			sum := sha256.Sum256(up.Data)
			f := domain.FileRef{Name: cleanFileName(up.Name), ContentType: ct, Size: int64(len(up.Data)), SHA256: hex.EncodeToString(sum[:])}
			if err := tx.InsertAssessAppealFile(ctx, a.ID, &f, up.Data, s.Now()); err != nil {
				return err
			}
			a.Files = append(a.Files, f)
		}
		if err := s.notifyAppeal(ctx, tx, m, run, a); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.appeal.file", Entity: "assess_appeal", EntityID: a.ID, After: a})
		return err
	})
	return id, err
}

// windowOpen refuses an appeal outside the 公示 window, naming its dates.
func (s *Service) windowOpen(ctx context.Context, run domain.AssessRun) error {
	today := s.Today()
	if today > run.NoticeEnd {
		return conflict(ctx, "assesspub.err.window_closed", run.NoticeEnd.String())
	}
	if today < run.NoticeStart {
		return conflict(ctx, "assesspub.err.window_not_open", run.NoticeStart.String())
	}
	return nil
}

// criterionLabel names a criterion in messages ("A1 重点项目"), or the
// whole result.
func criterionLabel(ctx context.Context, u *domain.UnitResult, code string) string {
	if code == "" {
		return printer(ctx).T("assesspub.whole_result")
	}
	if c := domain.FindCriterionScore(u, code); c != nil {
		return c.Code + " " + c.Name
	}
	return code
}

// DecideAppeal decides a pending appeal (office covering the unit):
// upheld or partial with an adjustment, rejected with the reason; the filer
// is told.
func (s *Service) DecideAppeal(ctx context.Context, p *Principal, appealID domain.ID, in AppealDecision) error {
	if err := requireOffice(ctx, p); err != nil {
		return err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return err
	}
	if in.State != domain.AppealUpheld && in.State != domain.AppealPartial && in.State != domain.AppealRejected {
		return invalid(ctx, "state", "assesspub.err.decision_state")
	}
	reason, err := s.checkText(ctx, "reason", in.Reason)
	if err != nil {
		return err
	}
	if in.State != domain.AppealRejected && in.Score == nil {
		return invalid(ctx, "score", "assesspub.err.score_required")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		a, err := tx.AssessAppeal(ctx, appealID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.appeal"))
		}
		if err != nil {
			return err
		}
		if err := officeOver(ctx, m, p, a.UnitID); err != nil {
			return err
		}
		run, err := s.openRun(ctx, tx, a.RunID, allUnits)
		if err != nil {
			return err
		}
		if a.State != domain.AppealPending {
			return conflict(ctx, "assesspub.err.appeal_decided")
		}
		before := a
		var adj *domain.AssessAdjustment
		if in.State != domain.AppealRejected {
			code := a.Criterion
			if code == "" {
				code = strings.TrimSpace(in.Criterion)
			}
			if code == "" {
				return invalid(ctx, "criterion", "assesspub.err.criterion_required")
			}
			x, err := s.applyAdjustment(ctx, tx, p, &run, AdjustInput{UnitID: a.UnitID, Criterion: code, Score: *in.Score, Reason: reason}, a.ID)
			if err != nil {
				return err
			}
			adj = &x
		}
		a.State, a.Decision, a.DecidedBy, a.DecidedAt = in.State, reason, actorName(p), s.Now()
		if err := tx.DecideAssessAppeal(ctx, a); err != nil {
			return err
		}
		if err := s.notifyAppeal(ctx, tx, m, run, a); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.appeal." + string(in.State), Entity: "assess_appeal", EntityID: a.ID,
			Before: before, After: struct {
				domain.AssessAppeal
				Adjustment *domain.AssessAdjustment `json:"adjustment,omitempty"`
			}{a, adj}})
		return err
	})
}

// AdjustAssessment sets a unit's criterion score without an appeal (office
// covering the unit, reason required).
func (s *Service) AdjustAssessment(ctx context.Context, p *Principal, runID domain.ID, in AdjustInput) (domain.AssessAdjustment, error) {
	if err := requireOffice(ctx, p); err != nil {
		return domain.AssessAdjustment{}, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return domain.AssessAdjustment{}, err
	}
	if in.Reason, err = s.checkText(ctx, "reason", in.Reason); err != nil {
		return domain.AssessAdjustment{}, err
	}
	if err := officeOver(ctx, m, p, in.UnitID); err != nil {
		return domain.AssessAdjustment{}, err
	}
	var adj domain.AssessAdjustment
	err = s.update(ctx, func(tx *store.Tx) error {
		run, err := s.openRun(ctx, tx, runID, allUnits)
		if err != nil {
			return err
		}
		if adj, err = s.applyAdjustment(ctx, tx, p, &run, in, 0); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.adjust", Entity: "assess_adjustment", EntityID: adj.ID, After: adj})
		return err
	})
	return adj, err
}

// applyAdjustment sets the score, reranks the whole result, records the
// adjustment with the unit's total, rank and grade before and after, and
// saves the result.
func (s *Service) applyAdjustment(ctx context.Context, tx *store.Tx, p *Principal, run *domain.AssessRun, in AdjustInput, appeal domain.ID) (domain.AssessAdjustment, error) {
	u := domain.FindUnitResult(&run.Result, in.UnitID)
	if u == nil {
		return domain.AssessAdjustment{}, invalid(ctx, "unit_id", "assesspub.err.unit_not_in_run", fmt.Sprint(in.UnitID))
	}
	adj := domain.AssessAdjustment{RunID: run.ID, UnitID: in.UnitID, Criterion: in.Criterion, After: in.Score, Reason: in.Reason, AppealID: appeal,
		BeforeTotal: u.Total, BeforeRank: u.Rank, BeforeGrade: u.Grade, By: actorName(p), At: s.Now()}
	if !p.System {
		adj.ByID = p.Account.ID
	}
	before, refusal := domain.SetCriterionScore(&run.Result, in.UnitID, in.Criterion, in.Score)
	switch refusal {
	case "":
	case domain.AdjustNoCriterion:
		return adj, invalid(ctx, "criterion", "assesspub.err.no_criterion", u.Unit, in.Criterion)
	case domain.AdjustRange:
		c := domain.FindCriterionScore(u, in.Criterion)
		max := c.Max
		if c.Kind == domain.CriterionVeto {
			max = 1
		}
		return adj, invalid(ctx, "score", "assesspub.err.score_range", domain.PubScore(in.Score), c.Code+" "+c.Name, domain.PubScore(max))
	default:
		return adj, invalid(ctx, "score", "assesspub.err.adjust_"+string(refusal), criterionLabel(ctx, u, in.Criterion))
	}
	adj.Before = before
	rerankAssessment(run.Body, &run.Result)
	u = domain.FindUnitResult(&run.Result, in.UnitID)
	adj.AfterTotal, adj.AfterRank, adj.AfterGrade = u.Total, u.Rank, u.Grade
	if err := tx.InsertAssessAdjustment(ctx, &adj); err != nil {
		return adj, err
	}
	return adj, tx.UpdateAssessRunResult(ctx, run.ID, run.Result, []domain.ID{in.UnitID}, s.Now())
}

// notifyAppeal tells the office of a new appeal, and the filer of the
// decision.
func (s *Service) notifyAppeal(ctx context.Context, tx *store.Tx, m *readmodel.Model, run domain.AssessRun, a domain.AssessAppeal) error {
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return err
	}
	to := rc.office(a.UnitID)
	if a.State != domain.AppealPending {
		to = nil
		if a.FiledByID != 0 {
			to = []domain.ID{a.FiledByID}
		}
	}
	var msgs []notify.Message
	for _, acct := range to {
		pr := rc.printer(acct)
		msgs = append(msgs, notify.Message{To: acct, Kind: "assess.appeal." + string(a.State), Key: fmt.Sprintf("assess_appeal:%d:%s", a.ID, a.State),
			Link:    fmt.Sprintf("/assess/runs/%d/units/%d", run.ID, a.UnitID),
			Subject: pr.T("assesspub.subject.appeal_"+string(a.State), m.UnitName(a.UnitID), run.SchemeName),
			Body:    pr.T("assesspub.body.appeal_"+string(a.State), clipText(a.Reasons, 300), clipText(a.Decision, 500))})
	}
	return s.Notify(ctx, tx, msgs...)
}
