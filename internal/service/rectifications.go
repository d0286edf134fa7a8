// Rectification items (整改): issued from findings, read within scope, and
// counted on the board.

package service

import (
	"context"
	"errors"
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// RectInput is a rectification item as the office issues it. Unit and
// problem default to the finding's; the deadline is a working day, given
// as a date or as a number of working days from today.
type RectInput struct {
	UnitID           domain.ID   `json:"unit_id"`
	Problem          string      `json:"problem"`
	Requirement      string      `json:"requirement"`
	Deadline         domain.Date `json:"deadline"`
	DeadlineWorkdays int         `json:"deadline_workdays"`
	Note             string      `json:"note"`
}

// RectRow is an item as lists show it.
type RectRow struct {
	domain.Rectification
	UnitName        string `json:"unit_name"`
	InspectionTitle string `json:"inspection_title"`
	Overdue         bool   `json:"overdue"`
}

// RectDetail is an item with its timeline, its evidence and what the
// viewer may do with it now.
type RectDetail struct {
	RectRow
	InspectionKind domain.InspectionKind `json:"inspection_kind"`
	FindingSeq     int                   `json:"finding_seq"`
	Events         []domain.RectEvent    `json:"events"`
	Files          []domain.RectFile     `json:"files"`
	Actions        []domain.RectAction   `json:"actions"`
}

// RectQuery filters rectification lists; zero fields match all.
type RectQuery struct {
	UnitID       domain.ID
	InspectionID domain.ID
	State        domain.RectState
	// Overdue keeps overdue items only; Open keeps items not closed.
	Overdue bool
	Open    bool
	// Mine keeps the items of the units the viewer acts for.
	Mine bool
}

// IssueRectification makes a rectification item from a finding and sends
// it to the responsible unit (下发).
func (s *Service) IssueRectification(ctx context.Context, p *Principal, findingID domain.ID, in RectInput) (*domain.Rectification, error) {
	f, insp, m, err := s.issuableFinding(ctx, p, findingID, "insp.step.issue")
	if err != nil {
		return nil, err
	}
	r := domain.Rectification{InspectionID: insp.ID, FindingID: f.ID, UnitID: in.UnitID, State: domain.RectIssued, IssuedOn: s.Today()}
	if r.UnitID == 0 {
		r.UnitID = f.UnitID
	}
	if r.UnitID == 0 {
		return nil, invalid(ctx, "unit_id", "err.rect.unit_required")
	}
	if m.Unit(r.UnitID) == nil {
		return nil, invalid(ctx, "unit_id", "err.insp.unit_unknown", r.UnitID)
	}
	if !officeCovers(m, p, r.UnitID) {
		return nil, forbidden(ctx)
	}
	if r.Problem, err = cleanText(ctx, "problem", "field.insp.problem", in.Problem, maxText); err != nil {
		return nil, err
	}
	if r.Problem == "" {
		r.Problem = f.Problem
	}
	if r.Requirement, err = cleanText(ctx, "requirement", "field.rect.requirement", in.Requirement, maxText); err != nil {
		return nil, err
	}
	if r.Requirement == "" {
		r.Requirement = f.Requirement
	}
	if r.Note, err = cleanText(ctx, "note", "field.rect.note", in.Note, 1000); err != nil {
		return nil, err
	}
	if r.Deadline, r.DeadlineWorkdays, err = s.inspectDeadline(ctx, "deadline", "field.rect.deadline", in.Deadline, in.DeadlineWorkdays, true); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.InsertRectification(ctx, &r, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "err.rect.duplicate", m.UnitName(r.UnitID))
			}
			return err
		}
		ev := domain.RectEvent{RectificationID: r.ID, Action: domain.RectIssue, State: r.State, At: s.Now(), ActorID: p.Account.ID,
			Actor: actorName(p), Note: r.Requirement, Deadline: r.Deadline}
		if err := tx.InsertRectEvent(ctx, &ev); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "rectification.issue", Entity: "rectification", EntityID: r.ID, ClaimedDate: r.IssuedOn, After: r})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// rectFor loads an item p may see; anything else is not found.
func (s *Service) rectFor(ctx context.Context, r *store.Reader, p *Principal, id domain.ID) (domain.Rectification, *readmodel.Model, error) {
	if p == nil {
		return domain.Rectification{}, nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	m, err := s.Model(ctx)
	if err != nil {
		return domain.Rectification{}, nil, err
	}
	rc, err := r.Rectification(ctx, id)
	if err != nil {
		return rc, nil, fromStore(ctx, err, "thing.rectification")
	}
	if !s.rolesOf(m, p).sees(rc.UnitID) {
		return rc, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.rectification"))
	}
	return rc, m, nil
}

// Rectification returns an item with its timeline, evidence and the steps
// p may take now.
func (s *Service) Rectification(ctx context.Context, p *Principal, id domain.ID) (*RectDetail, error) {
	rd := s.db.Read()
	rc, m, err := s.rectFor(ctx, rd, p, id)
	if err != nil {
		return nil, err
	}
	insp, err := rd.Inspection(ctx, rc.InspectionID)
	if err != nil {
		return nil, err
	}
	f, err := rd.Finding(ctx, rc.FindingID)
	if err != nil {
		return nil, err
	}
	d := &RectDetail{RectRow: s.rectRow(m, rc, insp.Title), InspectionKind: insp.Kind, FindingSeq: f.Seq, Actions: s.RectActionsFor(p, m, rc)}
	if d.Events, err = rd.RectEvents(ctx, id); err != nil {
		return nil, err
	}
	if d.Files, err = rd.RectFiles(ctx, id); err != nil {
		return nil, err
	}
	if d.Events == nil {
		d.Events = []domain.RectEvent{}
	}
	if d.Files == nil {
		d.Files = []domain.RectFile{}
	}
	return d, nil
}

func (s *Service) rectRow(m *readmodel.Model, r domain.Rectification, inspection string) RectRow {
	return RectRow{Rectification: r, UnitName: m.UnitName(r.UnitID), InspectionTitle: inspection, Overdue: r.Overdue(s.Today())}
}

// RectActionsFor lists the steps p may take on r now.
func (s *Service) RectActionsFor(p *Principal, m *readmodel.Model, r domain.Rectification) []domain.RectAction {
	roles := s.rolesOf(m, p)
	out := []domain.RectAction{}
	for _, a := range domain.RectActions {
		if _, ok := domain.NextRectState(r.State, a); !ok {
			continue
		}
		if (a == domain.RectRecheckPass || a == domain.RectRecheckFail) && r.RecheckOn.IsZero() {
			continue
		}
		if a.ByUnit() && roles.actsFor(r.UnitID) || !a.ByUnit() && roles.officeFor(r.UnitID) {
			out = append(out, a)
		}
	}
	return out
}

// Rectifications lists the items p may see that match q, by deadline.
func (s *Service) Rectifications(ctx context.Context, p *Principal, q RectQuery) ([]RectRow, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	roles := s.rolesOf(m, p)
	units := roles.units(roles.sees)
	if q.Mine {
		units = roles.units(roles.actsFor)
	}
	if q.UnitID != 0 {
		keep := []domain.ID{}
		for _, id := range units {
			if id == q.UnitID {
				keep = append(keep, id)
			}
		}
		units = keep
	}
	f := store.RectFilter{UnitIDs: units, InspectionID: q.InspectionID}
	if q.State != "" {
		f.States = []domain.RectState{q.State}
	}
	rd := s.db.Read()
	list, err := rd.Rectifications(ctx, f)
	if err != nil {
		return nil, err
	}
	titles := map[domain.ID]string{}
	out := []RectRow{}
	today := s.Today()
	for _, r := range list {
		if q.Overdue && !r.Overdue(today) || q.Open && r.State.Closed() {
			continue
		}
		t, ok := titles[r.InspectionID]
		if !ok {
			insp, err := rd.Inspection(ctx, r.InspectionID)
			if err != nil {
				return nil, err
			}
			t, titles[r.InspectionID] = insp.Title, insp.Title
		}
		out = append(out, s.rectRow(m, r, t))
	}
	return out, nil
}

// RectBoard counts rectification items: by state, overdue, by unit.
type RectBoard struct {
	AsOf    domain.Date              `json:"as_of"`
	Total   int                      `json:"total"`
	ByState map[domain.RectState]int `json:"by_state"`
	Overdue int                      `json:"overdue"`
	// RecheckDue counts closed items whose 回头看 is due.
	RecheckDue int             `json:"recheck_due"`
	ByUnit     []RectUnitCount `json:"by_unit"`
}

// RectUnitCount is one unit's line on the board.
type RectUnitCount struct {
	UnitID  domain.ID `json:"unit_id"`
	Unit    string    `json:"unit"`
	Total   int       `json:"total"`
	Open    int       `json:"open"`
	Overdue int       `json:"overdue"`
	Closed  int       `json:"closed"`
}

// Board counts the items of rows (as listed by Rectifications).
func (s *Service) Board(rows []RectRow) RectBoard {
	b := RectBoard{AsOf: s.Today(), ByState: map[domain.RectState]int{}, ByUnit: []RectUnitCount{}}
	for _, st := range domain.RectStates {
		b.ByState[st] = 0
	}
	idx := map[domain.ID]int{}
	for _, r := range rows {
		b.Total++
		b.ByState[r.State]++
		i, ok := idx[r.UnitID]
		if !ok {
			i = len(b.ByUnit)
			idx[r.UnitID] = i
			b.ByUnit = append(b.ByUnit, RectUnitCount{UnitID: r.UnitID, Unit: r.UnitName})
		}
		u := &b.ByUnit[i]
		u.Total++
		if r.State.Closed() {
			u.Closed++
		} else {
			u.Open++
		}
		if r.Overdue {
			b.Overdue++
			u.Overdue++
		}
		if r.State == domain.RectClosed && !r.RecheckOn.IsZero() && r.RecheckOn <= b.AsOf {
			b.RecheckDue++
		}
	}
	// The units with the most overdue and open items first.
	sort.SliceStable(b.ByUnit, func(i, j int) bool {
		x, y := b.ByUnit[i], b.ByUnit[j]
		if x.Overdue != y.Overdue {
			return x.Overdue > y.Overdue
		}
		if x.Open != y.Open {
			return x.Open > y.Open
		}
		return x.Unit < y.Unit
	})
	return b
}

// RectFile returns an evidence file of an item p may see.
func (s *Service) RectFile(ctx context.Context, p *Principal, id domain.ID) (domain.RectFile, []byte, error) {
	rd := s.db.Read()
	f, data, err := rd.RectFileData(ctx, id)
	if err != nil {
		return f, nil, fromStore(ctx, err, "thing.file")
	}
	if _, _, err := s.rectFor(ctx, rd, p, f.RectificationID); err != nil {
		if domain.IsNotFound(err) {
			return f, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.file"))
		}
		return f, nil, err
	}
	return f, data, nil
}
