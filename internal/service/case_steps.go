// The steps of a case after it is raised: assignment, signing, progress,
// co-units' parts, feedback, review, extensions, ratings and escalation.
// Each runs in one transaction that reloads the case, checks the caller's
// right to take the step, lets the case rules decide, and records the
// timeline and the audit entry.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// CaseTextInput is a step with a text and optional evidence files: a
// co-unit's part, the feedback, a review comment or a return's reasons.
type CaseTextInput struct {
	Text  string   `json:"text"`
	Files []Upload `json:"-"`
}

// CaseProgressInput is interim progress (阶段性进展).
type CaseProgressInput struct {
	Progress float64  `json:"progress"`
	Text     string   `json:"text"`
	Files    []Upload `json:"-"`
}

// ExtensionInput asks to move the deadline to ToDate, or by Days working
// days (one of the two).
type ExtensionInput struct {
	ToDate domain.Date `json:"to_date"`
	Days   int         `json:"days"`
	Reason string      `json:"reason"`
}

// ExtensionDecision approves or refuses a request; a refusal needs a note.
type ExtensionDecision struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

// RatingInput is whoever raised a case judging its result; 不满意 needs a
// comment.
type RatingInput struct {
	Rating  domain.CaseRating `json:"rating"`
	Comment string            `json:"comment"`
}

// stepFunc takes a step on c acting as by and returns the timeline events
// it adds; it may write what else the step stores (parts, requests).
type stepFunc func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error)

// actingUnit says whether access a may take step, and for which unit.
func actingUnit(a caseAccess, step domain.CaseEventKind) (domain.ID, bool) {
	switch step {
	case domain.EventSign, domain.EventProgress, domain.EventFeedback, domain.EventExtensionRequest:
		return a.lead, a.lead != 0
	case domain.EventPart:
		return a.co, a.co != 0
	case domain.EventRate:
		return 0, a.rater
	}
	return 0, a.office
}

// caseStep runs one step of case id for p; files are evidence of the
// step's first event.
func (s *Service) caseStep(ctx context.Context, p *Principal, id domain.ID, step domain.CaseEventKind, files []Upload, fn stepFunc) (*CaseDetail, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := s.checkUploads(ctx, files); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		c, err := s.caseFor(ctx, tx, m, scope, p, id)
		if err != nil {
			return err
		}
		unit, ok := actingUnit(s.accessTo(m, scope, p, &c), step)
		if !ok {
			return refuseRole(ctx, m, &c, step)
		}
		before := c
		events, err := fn(tx, &c, caseActor(p, unit))
		if err != nil {
			return s.caseError(ctx, m, err)
		}
		now := s.caseNow()
		if err := tx.UpdateCase(ctx, c, now); err != nil {
			return err
		}
		for i := range events {
			if err := tx.InsertCaseEvent(ctx, &events[i]); err != nil {
				return err
			}
		}
		if len(events) > 0 && len(files) > 0 {
			if events[0].Files, err = s.attachCaseFiles(ctx, tx, c.ID, events[0].ID, files); err != nil {
				return err
			}
		}
		if err := s.notifyCaseEvents(ctx, tx, &c, events); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "case." + string(step), Entity: "case", EntityID: c.ID,
			Before: before, After: caseState{c, events}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Case(ctx, p, id)
}

func one(ev domain.CaseEvent, err error) ([]domain.CaseEvent, error) {
	if err != nil {
		return nil, err
	}
	return []domain.CaseEvent{ev}, nil
}

// AssignCase hands a draft to its units (交办; office): the deadline and the
// signing limit are fixed now.
func (s *Service) AssignCase(ctx context.Context, p *Principal, id domain.ID) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventAssign, nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		cal, err := s.caseCalendar(ctx)
		if err != nil {
			return nil, err
		}
		st, err := s.caseSettings(ctx, &tx.Reader)
		if err != nil {
			return nil, err
		}
		return one(c.Assign(by, s.caseNow(), cal, st))
	})
}

// SignCase signs for the lead unit (签收; its liaison or head). The signer
// is the case's first responsible (首问负责); a second signature is refused.
func (s *Service) SignCase(ctx context.Context, p *Principal, id domain.ID) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventSign, nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		return one(c.Sign(by, s.caseNow()))
	})
}

// ReportCaseProgress records interim progress (the lead unit).
func (s *Service) ReportCaseProgress(ctx context.Context, p *Principal, id domain.ID, in CaseProgressInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventProgress, in.Files, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		return one(c.ReportProgress(by, s.caseNow(), in.Progress, in.Text))
	})
}

// GiveCasePart records a co-unit's part for the current round (its liaison
// or head); giving it again in the same round replaces it.
func (s *Service) GiveCasePart(ctx context.Context, p *Principal, id domain.ID, in CaseTextInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventPart, in.Files, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		ev, part, err := c.GivePart(by, s.caseNow(), in.Text)
		if err != nil {
			return nil, err
		}
		if err := tx.SaveCasePart(ctx, &part); err != nil {
			return nil, err
		}
		return []domain.CaseEvent{ev}, nil
	})
}

// CaseFeedback is the lead unit's final report (反馈), once every co-unit
// has given its part in this round.
func (s *Service) CaseFeedback(ctx context.Context, p *Principal, id domain.ID, in CaseTextInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventFeedback, in.Files, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		parts, err := tx.CaseParts(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		var given []domain.ID
		for _, pt := range parts {
			if pt.Round == c.Round {
				given = append(given, pt.UnitID)
			}
		}
		return one(c.Feedback(by, s.caseNow(), in.Text, given))
	})
}

// CloseCase approves the feedback and closes the case (审核通过，办结;
// office). A request for extension still waiting lapses.
func (s *Service) CloseCase(ctx context.Context, p *Principal, id domain.ID, in CaseTextInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventClose, in.Files, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		now := s.caseNow()
		ev, err := c.Close(by, now, in.Text)
		if err != nil {
			return nil, err
		}
		exts, err := tx.CaseExtensions(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range exts {
			if e.State == domain.ExtensionPending {
				e.Lapse(now)
				if err := tx.UpdateCaseExtension(ctx, e); err != nil {
					return nil, err
				}
			}
		}
		return []domain.CaseEvent{ev}, nil
	})
}

// ReturnCase sends the feedback back with reasons (退回; office).
func (s *Service) ReturnCase(ctx context.Context, p *Principal, id domain.ID, in CaseTextInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventReturn, in.Files, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		return one(c.Return(by, s.caseNow(), in.Text))
	})
}

// RequestCaseExtension asks the office to move the deadline (延期申请; the
// lead unit).
func (s *Service) RequestCaseExtension(ctx context.Context, p *Principal, id domain.ID, in ExtensionInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventExtensionRequest, nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		cal, err := s.caseCalendar(ctx)
		if err != nil {
			return nil, err
		}
		to := in.ToDate
		switch {
		case in.Days != 0 && !to.IsZero():
			return nil, &domain.CaseRefusal{Kind: domain.KindInvalid, Field: "days", Code: "extension_both"}
		case in.Days < 0 || in.Days > 365:
			return nil, &domain.CaseRefusal{Kind: domain.KindInvalid, Field: "days", Code: "extension_days", Args: []any{1, 365}}
		case in.Days > 0:
			to = domain.AddWorkdays(cal, c.Deadline, in.Days)
		}
		exts, err := tx.CaseExtensions(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		pending := false
		for _, e := range exts {
			pending = pending || e.State == domain.ExtensionPending
		}
		ev, ext, err := c.RequestExtension(by, s.caseNow(), cal, to, in.Reason, pending)
		if err != nil {
			return nil, err
		}
		if err := tx.InsertCaseExtension(ctx, &ext); err != nil {
			return nil, err
		}
		return []domain.CaseEvent{ev}, nil
	})
}

// DecideCaseExtension approves (moving the deadline, the old one kept in
// the request and the timeline) or refuses a request (office).
func (s *Service) DecideCaseExtension(ctx context.Context, p *Principal, id, extID domain.ID, in ExtensionDecision) (*CaseDetail, error) {
	step := domain.EventExtensionRefuse
	if in.Approve {
		step = domain.EventExtensionApprove
	}
	return s.caseStep(ctx, p, id, step, nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		exts, err := tx.CaseExtensions(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range exts {
			if e.ID != extID {
				continue
			}
			ev, err := c.DecideExtension(by, s.caseNow(), &e, in.Approve, in.Note)
			if err != nil {
				return nil, err
			}
			if err := tx.UpdateCaseExtension(ctx, e); err != nil {
				return nil, err
			}
			return []domain.CaseEvent{ev}, nil
		}
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.case_extension"))
	})
}

// RateCase records the judgement of whoever raised the case or the leader
// whose instruction it is; the first 不满意 reopens the case.
func (s *Service) RateCase(ctx context.Context, p *Principal, id domain.ID, in RatingInput) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, domain.EventRate, nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		cal, err := s.caseCalendar(ctx)
		if err != nil {
			return nil, err
		}
		st, err := s.caseSettings(ctx, &tx.Reader)
		if err != nil {
			return nil, err
		}
		events, err := c.Rate(by, s.caseNow(), cal, st, in.Rating, in.Comment)
		if err != nil {
			return nil, err
		}
		rate := events[0]
		err = tx.InsertCaseRating(ctx, &domain.CaseRatingEntry{CaseID: c.ID, Round: rate.Round, Rating: rate.Rating, Comment: rate.Text,
			ByID: rate.ActorID, By: rate.Actor, At: rate.At})
		return events, err
	})
}

// EscalateCase records a rung of the escalation ladder on a case (office,
// or the operator's scheduled sweep): 提醒, 催办, 督办通知 or a 约谈 proposal.
func (s *Service) EscalateCase(ctx context.Context, p *Principal, id domain.ID, level domain.Escalation, text string) (*CaseDetail, error) {
	return s.caseStep(ctx, p, id, level.Event(), nil, func(tx *store.Tx, c *domain.Case, by domain.CaseActor) ([]domain.CaseEvent, error) {
		return one(c.Escalate(by, s.caseNow(), level, text))
	})
}
