// 约谈: the office confirms or declines the sweep's proposals, starts talks
// directly, and records them held (who talked to whom, when, why, what was
// promised). Offices write for the units they cover; the unit itself and
// the leaders over it read.

package service

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

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
	if err := recordLoaded(ctx, err, m, scope, p, t.UnitID, "esc.thing.talk"); err != nil {
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
