// 约谈: the office confirms or declines the sweep's proposals, starts talks
// directly, and records them held (who talked to whom, when, why, what was
// promised). Offices write for the units they cover; the unit itself and
// the leaders over it read.

package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// escError puts a refusal of the escalation records' rules into the
// user's language.
func (s *Service) escError(ctx context.Context, err error) error {
	var r *domain.CaseRefusal
	if !errors.As(err, &r) {
		return err
	}
	pr := printer(ctx)
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		switch v := a.(type) {
		case domain.FieldName:
			if k := "esc.field." + string(v); pr.Has(k) {
				args[i] = pr.T(k)
			} else {
				args[i] = pr.T("cases.field." + string(v))
			}
		case domain.TalkState:
			args[i] = pr.T("esc.talk_state." + string(v))
		case domain.ExemptionState:
			args[i] = pr.T("esc.exemption_state." + string(v))
		case domain.Date:
			args[i] = v.String()
		case time.Time:
			args[i] = v.In(s.cfg.Location).Format("2006-01-02 15:04")
		default:
			args[i] = a
		}
	}
	return &domain.Error{Kind: r.Kind, Field: r.Field, Message: pr.T("esc.err."+r.Code, args...), Err: err}
}

// RecordRef names a case or a task in a record.
type RecordRef struct {
	ID     domain.ID `json:"id"`
	Number string    `json:"number"`
	Title  string    `json:"title"`
}

// TalkItem is a talk with the names a page shows and what the caller may do.
type TalkItem struct {
	domain.Talk
	Unit  string      `json:"unit"`
	Cases []RecordRef `json:"cases"`
	Tasks []RecordRef `json:"tasks"`
	// Accountability lists the records that followed from the talk.
	Accountability []domain.Accountability `json:"accountability"`
	// Exemption is the approved exemption from the talk, when there is one.
	Exemption *domain.ExemptionRef `json:"exemption,omitempty"`
	Can       TalkActions          `json:"can"`
}

// TalkActions say what the caller may do with a talk.
type TalkActions struct {
	Record bool `json:"record"`
	Cancel bool `json:"cancel"`
	// Exempt: the unit may apply for exemption from it.
	Exempt bool `json:"exempt"`
}

// TalkInput starts a talk, or confirms a proposal. Held, when set, records
// it as held at once.
type TalkInput struct {
	UnitID    domain.ID          `json:"unit_id"`
	CaseIDs   []domain.ID        `json:"case_ids"`
	TaskIDs   []domain.ID        `json:"task_ids"`
	PlannedOn domain.Date        `json:"planned_on"`
	Reasons   string             `json:"reasons"`
	Note      string             `json:"note"`
	Held      *domain.TalkRecord `json:"held,omitempty"`
}

// TalkFilter narrows a listing of talks.
type TalkFilter struct {
	UnitID domain.ID
	State  domain.TalkState
	CaseID domain.ID
	Year   int
}

// recordReader says whether p may read the records of a unit: offices
// covering it, the unit's own people, leaders over it.
func recordReader(m *readmodel.Model, scope readmodel.Scope, p *Principal, unit domain.ID) bool {
	return p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, unit)) || unitsActing(m, p)[unit] || scope.SeesUnit(m.Unit(unit))
}

// Talks lists the talks p may read, newest first.
func (s *Service) Talks(ctx context.Context, p *Principal, f TalkFilter) ([]TalkItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	sf := store.TalkFilter{CaseID: f.CaseID, Year: f.Year}
	if f.UnitID != 0 {
		sf.UnitIDs = []domain.ID{f.UnitID}
	}
	if f.State != "" {
		sf.States = []domain.TalkState{f.State}
	}
	talks, err := s.db.Read().Talks(ctx, sf)
	if err != nil {
		return nil, err
	}
	var ids []domain.ID
	for _, t := range talks {
		ids = append(ids, t.ID)
	}
	refs, err := s.db.Read().ApprovedExemptionRefs(ctx, domain.FailureTalk, ids)
	if err != nil {
		return nil, err
	}
	out := []TalkItem{}
	for _, t := range talks {
		if !recordReader(m, scope, p, t.UnitID) {
			continue
		}
		v := s.talkItem(ctx, m, p, t)
		if ref, ok := refs[t.ID]; ok {
			v.Exemption = &ref
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Service) talkItem(ctx context.Context, m *readmodel.Model, p *Principal, t domain.Talk) TalkItem {
	v := TalkItem{Talk: t, Unit: m.UnitName(t.UnitID), Cases: []RecordRef{}, Tasks: []RecordRef{}, Accountability: []domain.Accountability{}}
	if per := m.Person(t.TalkerID); per != nil && v.Talker == "" {
		v.Talker = per.Name
	}
	if per := m.Person(t.TalkeeID); per != nil && v.Talkee == "" {
		v.Talkee = per.Name
	}
	if len(t.CaseIDs) > 0 {
		if cs, err := s.db.Read().Cases(ctx, store.CaseFilter{IDs: t.CaseIDs}); err == nil {
			for _, c := range cs {
				v.Cases = append(v.Cases, RecordRef{ID: c.ID, Number: c.Number, Title: c.Title})
			}
		}
	}
	for _, id := range t.TaskIDs {
		if tk := m.Task(id); tk != nil {
			v.Tasks = append(v.Tasks, RecordRef{ID: id, Number: tk.Number, Title: tk.Title})
		}
	}
	office := p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, t.UnitID))
	v.Can = TalkActions{Record: office && t.State == domain.TalkPlanned, Cancel: office && t.State == domain.TalkPlanned,
		Exempt: !p.System && unitsActing(m, p)[t.UnitID] && (t.State == domain.TalkHeld || t.State == domain.TalkPlanned)}
	return v
}

// Talk returns one talk p may read, with the accountability records that
// followed from it.
func (s *Service) Talk(ctx context.Context, p *Principal, id domain.ID) (*TalkItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	t, err := r.Talk(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !recordReader(m, scope, p, t.UnitID)) {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("esc.thing.talk"))
	}
	if err != nil {
		return nil, err
	}
	v := s.talkItem(ctx, m, p, t)
	if v.Accountability, err = r.AccountabilityRecords(ctx, store.AccountabilityFilter{TalkID: id}); err != nil {
		return nil, err
	}
	if v.Accountability == nil {
		v.Accountability = []domain.Accountability{}
	}
	refs, err := r.ApprovedExemptionRefs(ctx, domain.FailureTalk, []domain.ID{id})
	if err != nil {
		return nil, err
	}
	if ref, ok := refs[id]; ok {
		v.Exemption = &ref
		v.Can.Exempt = false
	}
	return &v, nil
}

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
		if errors.Is(err, store.ErrNotFound) || (err == nil && !recordReader(m, scope, p, t.UnitID)) {
			return notFound(ctx, "err.not_found", printer(ctx).T("esc.thing.talk"))
		}
		if err != nil {
			return err
		}
		if !officeCovers(m, p, t.UnitID) {
			return &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("esc.err.office_scope", m.UnitName(t.UnitID))}
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

// TalkProposal is a case with a 约谈 proposal the office has not answered.
type TalkProposal struct {
	Case       RecordRef        `json:"case"`
	LeadUnitID domain.ID        `json:"lead_unit_id"`
	LeadUnit   string           `json:"lead_unit"`
	Leader     string           `json:"leader"`
	Deadline   domain.Date      `json:"deadline"`
	State      domain.CaseState `json:"state"`
	ProposedAt time.Time        `json:"proposed_at"`
	Text       string           `json:"text"`
}

// TalkProposals lists the 约谈 proposals waiting for the office's decision
// on cases whose lead unit p's office covers, newest first.
func (s *Service) TalkProposals(ctx context.Context, p *Principal) ([]TalkProposal, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	cases, events, err := s.db.Read().ProposedCases(ctx)
	if err != nil {
		return nil, err
	}
	out := []TalkProposal{}
	for _, c := range cases {
		if !officeCovers(m, p, c.LeadUnitID) {
			continue
		}
		ev := events[c.ID]
		tp := TalkProposal{Case: RecordRef{ID: c.ID, Number: c.Number, Title: c.Title}, LeadUnitID: c.LeadUnitID, LeadUnit: m.UnitName(c.LeadUnitID),
			Deadline: c.Deadline, State: c.State, ProposedAt: ev.At, Text: ev.Text}
		if per := m.Person(c.LeaderID); per != nil {
			tp.Leader = per.Name
		}
		out = append(out, tp)
	}
	return out, nil
}

// RecordUnits lists the units p's office covers, in tree order: the units
// it may record talks and accountability for (none for other callers).
func (s *Service) RecordUnits(ctx context.Context, p *Principal) ([]*readmodel.Unit, error) {
	if p == nil || (!p.System && !p.Has(domain.RoleOffice)) {
		return nil, nil
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	var out []*readmodel.Unit
	for _, u := range m.Units {
		if officeCovers(m, p, u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}
