// Raising a case (立项), editing its draft, and the files attached to it.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// CaseInput is a case as the office raises or edits it. The time limit is
// either LimitDays working days from assignment or a fixed LimitDate.
type CaseInput struct {
	Title      string             `json:"title"`
	Content    string             `json:"content"`
	Source     domain.CaseSource  `json:"source"`
	Urgency    domain.CaseUrgency `json:"urgency"`
	LeaderID   domain.ID          `json:"leader_id"`
	LeadUnitID domain.ID          `json:"lead_unit_id"`
	CoUnitIDs  []domain.ID        `json:"co_unit_ids"`
	TaskIDs    []domain.ID        `json:"task_ids"`
	LimitDays  int                `json:"limit_days"`
	LimitDate  domain.Date        `json:"limit_date"`
	// Assign hands the new case to its units at once (立项并交办).
	Assign bool     `json:"assign"`
	Files  []Upload `json:"-"`
}

const maxCaseTitle = 200

// checkCase validates in and returns the case fields it sets.
func (s *Service) checkCase(ctx context.Context, m *readmodel.Model, scope readmodel.Scope, p *Principal, in CaseInput) (domain.Case, error) {
	pr := printer(ctx)
	c := domain.Case{Title: strings.TrimSpace(in.Title), Content: strings.TrimSpace(in.Content), Source: in.Source, Urgency: in.Urgency,
		LeaderID: in.LeaderID, LeadUnitID: in.LeadUnitID, TimeLimit: domain.TimeLimit{Days: in.LimitDays, Date: in.LimitDate},
		CoUnitIDs: []domain.ID{}, TaskIDs: dedupeIDs(in.TaskIDs)}
	field := func(name string) string { return pr.T("cases.field." + name) }
	if c.Title == "" {
		return c, invalid(ctx, "title", "err.required", field("title"))
	}
	if utf8.RuneCountInString(c.Title) > maxCaseTitle {
		return c, invalid(ctx, "title", "err.too_long", field("title"), maxCaseTitle)
	}
	if utf8.RuneCountInString(c.Content) > maxReportText {
		return c, invalid(ctx, "content", "err.too_long", field("content"), maxReportText)
	}
	if c.Source == "" {
		return c, invalid(ctx, "source", "cases.err.source_required")
	}
	if !c.Source.Valid() {
		return c, invalid(ctx, "source", "err.invalid_value", field("source"))
	}
	if c.Urgency == "" {
		c.Urgency = domain.UrgencyNormal
	}
	if !c.Urgency.Valid() {
		return c, invalid(ctx, "urgency", "err.invalid_value", field("urgency"))
	}
	if c.LeadUnitID == 0 {
		return c, invalid(ctx, "lead_unit_id", "cases.err.lead_unit_required")
	}
	if m.Unit(c.LeadUnitID) == nil {
		return c, invalid(ctx, "lead_unit_id", "cases.err.unit_missing", field("lead_unit"), c.LeadUnitID)
	}
	for _, id := range dedupeIDs(in.CoUnitIDs) {
		if m.Unit(id) == nil {
			return c, invalid(ctx, "co_unit_ids", "cases.err.unit_missing", field("co_unit"), id)
		}
		if id != c.LeadUnitID {
			c.CoUnitIDs = append(c.CoUnitIDs, id)
		}
	}
	for _, u := range c.Units() {
		if !officeCovers(m, p, u) {
			return c, &domain.Error{Kind: domain.KindForbidden, Field: "lead_unit_id", Message: pr.T("cases.err.office_scope", m.UnitName(u))}
		}
	}
	if c.LeaderID != 0 && m.Person(c.LeaderID) == nil {
		return c, invalid(ctx, "leader_id", "cases.err.leader_missing", c.LeaderID)
	}
	for _, id := range c.TaskIDs {
		if t := m.Task(id); t == nil || !scope.Sees(t) {
			return c, invalid(ctx, "task_ids", "cases.err.task_missing", id)
		}
	}
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return c, err
	}
	if err := domain.CheckTimeLimit(cal, c.TimeLimit, s.Today()); err != nil {
		return c, s.caseError(ctx, m, err)
	}
	return c, nil
}

// CreateCase raises a case (立项; office), numbered from the office's
// pattern and the year's sequence, and assigns it at once when in.Assign.
func (s *Service) CreateCase(ctx context.Context, p *Principal, in CaseInput) (*CaseDetail, error) {
	return s.createCase(ctx, p, in, "")
}

// createCase raises a case; origin, when set, is the timeline text of its
// creation (e.g. the task it was raised from).
func (s *Service) createCase(ctx context.Context, p *Principal, in CaseInput, origin string) (*CaseDetail, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	c, err := s.checkCase(ctx, m, scope, p, in)
	if err != nil {
		return nil, err
	}
	if err := s.checkUploads(ctx, in.Files); err != nil {
		return nil, err
	}
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		st, err := s.caseSettings(ctx, &tx.Reader)
		if err != nil {
			return err
		}
		pattern, err := domain.ParseNumberPattern(st.NumberPattern)
		if err != nil {
			return s.caseError(ctx, m, err)
		}
		now := s.caseNow()
		c.Year = now.Year()
		if c.Seq, err = tx.NextCaseSeq(ctx, c.Year); err != nil {
			return err
		}
		c.Number, c.State, c.Round = pattern.Format(c.Year, c.Seq), domain.CaseDraft, 1
		if !p.System {
			c.RaisedByID = p.Account.ID
		}
		c.RaisedBy = actorName(p)
		if err := tx.InsertCase(ctx, &c, now); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "cases.err.number_taken", c.Number)
			}
			return err
		}
		by := caseActor(p, 0)
		events := []domain.CaseEvent{{CaseID: c.ID, Kind: domain.EventCreate, At: now, ActorID: by.ID, Actor: by.Name,
			ToState: domain.CaseDraft, Text: origin, Round: 1}}
		if in.Assign {
			ev, err := c.Assign(by, now, cal, st)
			if err != nil {
				return s.caseError(ctx, m, err)
			}
			events = append(events, ev)
			if err := tx.UpdateCase(ctx, c, now); err != nil {
				return err
			}
		}
		for i := range events {
			if err := tx.InsertCaseEvent(ctx, &events[i]); err != nil {
				return err
			}
		}
		if _, err := s.attachCaseFiles(ctx, tx, c.ID, 0, in.Files); err != nil {
			return err
		}
		if err := s.notifyCaseEvents(ctx, tx, &c, events); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "case.create", Entity: "case", EntityID: c.ID, After: caseState{c, events}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Case(ctx, p, c.ID)
}

// caseState is a case with the steps a change added, as the audit log
// records it.
type caseState struct {
	domain.Case
	Events []domain.CaseEvent `json:"events,omitempty"`
}

// UpdateCase edits a draft (office covering its units before and after).
func (s *Service) UpdateCase(ctx context.Context, p *Principal, id domain.ID, in CaseInput) (*CaseDetail, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := s.checkUploads(ctx, in.Files); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		c, err := s.caseFor(ctx, tx, m, scope, p, id)
		if err != nil {
			return err
		}
		if !s.accessTo(m, scope, p, &c).office {
			return refuseRole(ctx, m, &c, domain.EventEdit)
		}
		if !c.Can(domain.EventEdit) {
			return s.caseError(ctx, m, &domain.CaseRefusal{Kind: domain.KindConflict, Code: "wrong_state", Args: []any{c.State, domain.EventEdit}})
		}
		fields, err := s.checkCase(ctx, m, scope, p, in)
		if err != nil {
			return err
		}
		before := c
		c.Title, c.Content, c.Source, c.Urgency, c.LeaderID = fields.Title, fields.Content, fields.Source, fields.Urgency, fields.LeaderID
		c.LeadUnitID, c.CoUnitIDs, c.TaskIDs, c.TimeLimit = fields.LeadUnitID, fields.CoUnitIDs, fields.TaskIDs, fields.TimeLimit
		now := s.caseNow()
		if err := tx.UpdateCase(ctx, c, now); err != nil {
			return err
		}
		by := caseActor(p, 0)
		ev := domain.CaseEvent{CaseID: c.ID, Kind: domain.EventEdit, At: now, ActorID: by.ID, Actor: by.Name, Round: c.Round}
		if err := tx.InsertCaseEvent(ctx, &ev); err != nil {
			return err
		}
		if _, err := s.attachCaseFiles(ctx, tx, c.ID, 0, in.Files); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "case.update", Entity: "case", EntityID: c.ID, Before: before, After: c})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Case(ctx, p, id)
}

// caseFor loads a case inside a transaction, as not-found when p may not read it.
func (s *Service) caseFor(ctx context.Context, tx *store.Tx, m *readmodel.Model, scope readmodel.Scope, p *Principal, id domain.ID) (domain.Case, error) {
	c, err := tx.Case(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return c, caseNotFound(ctx)
	}
	if err != nil {
		return c, err
	}
	if !s.accessTo(m, scope, p, &c).read {
		return c, caseNotFound(ctx)
	}
	return c, nil
}

// attachCaseFiles stores files of a case, as evidence of event when it is
// not 0.
func (s *Service) attachCaseFiles(ctx context.Context, tx *store.Tx, caseID, event domain.ID, files []Upload) ([]domain.CaseFile, error) {
	out := []domain.CaseFile{}
	for _, f := range files {
		ct, _ := allowedType(f)
		sum := sha256.Sum256(f.Data)
		file := domain.CaseFile{CaseID: caseID, EventID: event, Name: cleanFileName(f.Name), ContentType: ct, Size: int64(len(f.Data)),
			SHA256: hex.EncodeToString(sum[:])}
		if err := tx.InsertCaseFile(ctx, &file, f.Data, s.Now()); err != nil {
			return nil, err
		}
		out = append(out, file)
	}
	return out, nil
}

// CaseFile returns a file of a case p may read.
func (s *Service) CaseFile(ctx context.Context, p *Principal, caseID, fileID domain.ID) (domain.CaseFile, []byte, error) {
	if _, err := s.Case(ctx, p, caseID); err != nil {
		return domain.CaseFile{}, nil, err
	}
	f, data, err := s.db.Read().CaseFileData(ctx, fileID)
	if err != nil || f.CaseID != caseID {
		return f, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.file"))
	}
	return f, data, nil
}

// AttachCaseFiles adds attachments to a case that is not closed (office).
func (s *Service) AttachCaseFiles(ctx context.Context, p *Principal, id domain.ID, files []Upload) (*CaseDetail, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, invalid(ctx, "files", "err.required", printer(ctx).T("thing.file"))
	}
	if err := s.checkUploads(ctx, files); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		c, err := s.caseFor(ctx, tx, m, scope, p, id)
		if err != nil {
			return err
		}
		if !s.accessTo(m, scope, p, &c).office {
			return refuseRole(ctx, m, &c, domain.EventEdit)
		}
		if c.State == domain.CaseClosed {
			return s.caseError(ctx, m, &domain.CaseRefusal{Kind: domain.KindConflict, Code: "wrong_state", Args: []any{c.State, domain.EventEdit}})
		}
		added, err := s.attachCaseFiles(ctx, tx, c.ID, 0, files)
		if err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "case.attach", Entity: "case", EntityID: c.ID, After: map[string]any{"files": added}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Case(ctx, p, id)
}
