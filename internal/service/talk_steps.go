// The office's steps on talks: starting one, confirming or declining a
// proposal, recording it held or calling it off; the unit is told.

package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// checkTalkLinks checks a talk's unit, cases, tasks and people for an
// office p: the office covers the unit, each case is one of the unit's,
// each task one p sees.
func (s *Service) checkTalkLinks(ctx context.Context, m *readmodel.Model, scope readmodel.Scope, p *Principal, t *domain.Talk, rec *domain.TalkRecord) error {
	pr := printer(ctx)
	if t.UnitID != 0 && m.Unit(t.UnitID) == nil {
		return invalid(ctx, "unit_id", "esc.err.unit_missing", t.UnitID)
	}
	if t.UnitID != 0 && !officeCovers(m, p, t.UnitID) {
		return &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: pr.T("esc.err.office_scope", m.UnitName(t.UnitID))}
	}
	t.CaseIDs, t.TaskIDs = dedupeIDs(t.CaseIDs), dedupeIDs(t.TaskIDs)
	if len(t.CaseIDs) > 0 {
		cs, err := s.db.Read().Cases(ctx, store.CaseFilter{IDs: t.CaseIDs})
		if err != nil {
			return err
		}
		found := map[domain.ID]domain.Case{}
		for _, c := range cs {
			found[c.ID] = c
		}
		for _, id := range t.CaseIDs {
			c, ok := found[id]
			if !ok || !s.accessTo(m, scope, p, &c).read {
				return invalid(ctx, "case_ids", "esc.err.case_missing", id)
			}
			if !containsID(c.Units(), t.UnitID) {
				return invalid(ctx, "case_ids", "esc.err.case_unit", c.Number, m.UnitName(t.UnitID))
			}
		}
	}
	for _, id := range t.TaskIDs {
		if tk := m.Task(id); tk == nil || !scope.Sees(tk) {
			return invalid(ctx, "task_ids", "esc.err.task_missing", id)
		}
	}
	if rec != nil {
		for _, x := range []struct {
			field string
			id    domain.ID
		}{{"talker", rec.TalkerID}, {"talkee", rec.TalkeeID}} {
			if x.id != 0 && m.Person(x.id) == nil {
				return invalid(ctx, x.field, "esc.err.person_missing", x.id)
			}
		}
	}
	return nil
}

// StartTalk starts a talk directly (office covering the unit): planned,
// or held at once when in.Held is set.
func (s *Service) StartTalk(ctx context.Context, p *Principal, in TalkInput) (*TalkItem, error) {
	return s.newTalk(ctx, p, in, false, 0)
}

// ConfirmTalkProposal confirms the 约谈 proposal the sweep recorded on a
// case: a talk with the case's lead unit, linked to the case, its reasons
// the proposal's unless given.
func (s *Service) ConfirmTalkProposal(ctx context.Context, p *Principal, caseID domain.ID, in TalkInput) (*TalkItem, error) {
	return s.newTalk(ctx, p, in, true, caseID)
}

func (s *Service) newTalk(ctx context.Context, p *Principal, in TalkInput, proposal bool, caseID domain.ID) (*TalkItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	var id domain.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		t := domain.Talk{UnitID: in.UnitID, CaseIDs: in.CaseIDs, TaskIDs: in.TaskIDs, PlannedOn: in.PlannedOn, Reasons: in.Reasons, Note: in.Note,
			Proposal: proposal}
		if proposal {
			c, ev, err := s.pendingProposal(ctx, tx, m, scope, p, caseID)
			if err != nil {
				return err
			}
			t.UnitID = c.LeadUnitID
			t.CaseIDs = append([]domain.ID{c.ID}, t.CaseIDs...)
			if strings.TrimSpace(t.Reasons) == "" {
				t.Reasons = fmt.Sprintf("%s %s：%s", c.Number, c.Title, ev.Text)
			}
		}
		if err := s.checkTalkLinks(ctx, m, scope, p, &t, in.Held); err != nil {
			return err
		}
		if err := t.CheckNew(s.Today(), in.Held); err != nil {
			return s.escError(ctx, err)
		}
		now := s.Now()
		if !p.System {
			t.CreatedByID = p.Account.ID
		}
		t.CreatedBy = actorName(p)
		if t.State == domain.TalkHeld {
			t.RecordedBy, t.RecordedAt = actorName(p), now
		}
		if err := tx.InsertTalk(ctx, &t, now); err != nil {
			return err
		}
		id = t.ID
		if err := s.notifyTalk(ctx, tx, m, t); err != nil {
			return err
		}
		action := "talk.start"
		if proposal {
			action = "talk.confirm"
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: action, Entity: "talk", EntityID: t.ID, After: t})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Talk(ctx, p, id)
}

// pendingProposal returns a case p's office covers with a 约谈 proposal no
// talk answers yet, and the proposal.
func (s *Service) pendingProposal(ctx context.Context, tx *store.Tx, m *readmodel.Model, scope readmodel.Scope, p *Principal, caseID domain.ID) (domain.Case, domain.CaseEvent, error) {
	c, err := s.caseFor(ctx, tx, m, scope, p, caseID)
	if err != nil {
		return c, domain.CaseEvent{}, err
	}
	if !officeCovers(m, p, c.LeadUnitID) {
		return c, domain.CaseEvent{}, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("esc.err.office_scope", m.UnitName(c.LeadUnitID))}
	}
	_, events, err := tx.ProposedCases(ctx)
	if err != nil {
		return c, domain.CaseEvent{}, err
	}
	ev, ok := events[c.ID]
	if !ok {
		return c, domain.CaseEvent{}, conflict(ctx, "esc.err.no_proposal", c.Number)
	}
	return c, ev, nil
}

// DeclineTalkProposal records the office's decision not to follow a case's
// 约谈 proposal, with its reasons (a talk in the declined state).
func (s *Service) DeclineTalkProposal(ctx context.Context, p *Principal, caseID domain.ID, note string) (*TalkItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	var id domain.ID
	err = s.update(ctx, func(tx *store.Tx) error {
		c, ev, err := s.pendingProposal(ctx, tx, m, scope, p, caseID)
		if err != nil {
			return err
		}
		t := domain.Talk{UnitID: c.LeadUnitID, CaseIDs: []domain.ID{c.ID}, Proposal: true, Reasons: fmt.Sprintf("%s %s：%s", c.Number, c.Title, ev.Text)}
		if err := t.CheckNew(s.Today(), nil); err != nil {
			return s.escError(ctx, err)
		}
		if err := t.Cancel(note); err != nil {
			return s.escError(ctx, err)
		}
		t.State = domain.TalkDeclined
		if !p.System {
			t.CreatedByID = p.Account.ID
		}
		t.CreatedBy = actorName(p)
		if err := tx.InsertTalk(ctx, &t, s.Now()); err != nil {
			return err
		}
		id = t.ID
		_, err = s.audit(ctx, tx, p, store.Change{Action: "talk.decline", Entity: "talk", EntityID: t.ID, After: t})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Talk(ctx, p, id)
}

// talkStep changes a talk an office covers.
func (s *Service) talkStep(ctx context.Context, p *Principal, id domain.ID, action string, fn func(t *domain.Talk) error) (*TalkItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		t, err := tx.Talk(ctx, id)
		if err := recordLoaded(ctx, err, m, scope, p, t.UnitID, "esc.thing.talk"); err != nil {
			return err
		}
		if err := officeOver(ctx, m, p, t.UnitID); err != nil {
			return err
		}
		before := t
		if err := fn(&t); err != nil {
			return err
		}
		if err := tx.UpdateTalk(ctx, t, s.Now()); err != nil {
			return err
		}
		if t.State == domain.TalkCancelled {
			if err := s.notifyTalk(ctx, tx, m, t); err != nil {
				return err
			}
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "talk", EntityID: t.ID, Before: before, After: t})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Talk(ctx, p, id)
}

// RecordTalk records a planned talk as held.
func (s *Service) RecordTalk(ctx context.Context, p *Principal, id domain.ID, rec domain.TalkRecord) (*TalkItem, error) {
	return s.talkStep(ctx, p, id, "talk.record", func(t *domain.Talk) error {
		m, err := s.Model(ctx)
		if err != nil {
			return err
		}
		for _, x := range []struct {
			field string
			id    domain.ID
		}{{"talker", rec.TalkerID}, {"talkee", rec.TalkeeID}} {
			if x.id != 0 && m.Person(x.id) == nil {
				return invalid(ctx, x.field, "esc.err.person_missing", x.id)
			}
		}
		if err := t.Record(rec, s.Today()); err != nil {
			return s.escError(ctx, err)
		}
		t.RecordedBy, t.RecordedAt = actorName(p), s.Now()
		return nil
	})
}

// CancelTalk calls off a planned talk, with the reason.
func (s *Service) CancelTalk(ctx context.Context, p *Principal, id domain.ID, note string) (*TalkItem, error) {
	return s.talkStep(ctx, p, id, "talk.cancel", func(t *domain.Talk) error {
		return s.escError(ctx, t.Cancel(note))
	})
}

// notifyTalk tells the unit's liaisons and heads that a talk with their
// unit is planned, or called off.
func (s *Service) notifyTalk(ctx context.Context, tx *store.Tx, m *readmodel.Model, t domain.Talk) error {
	if t.State != domain.TalkPlanned && t.State != domain.TalkCancelled {
		return nil
	}
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return err
	}
	var msgs []notify.Message
	for _, acct := range rc.unit(t.UnitID) {
		pr := rc.printer(acct)
		when := pr.T("esc.talk.unscheduled")
		if !t.PlannedOn.IsZero() {
			when = t.PlannedOn.String()
		}
		msgs = append(msgs, notify.Message{To: acct, Kind: "talk." + string(t.State), Key: fmt.Sprintf("talk:%d:%s", t.ID, t.State),
			Link: fmt.Sprintf("/talks/%d", t.ID), Subject: pr.T("esc.subject.talk_"+string(t.State), m.UnitName(t.UnitID)),
			Body: pr.T("esc.body.talk_"+string(t.State), when, clipText(t.Reasons, 500), clipText(t.Note, 500))})
	}
	return s.Notify(ctx, tx, msgs...)
}
