// The rectification workflow: the unit writes its measures, progress and
// evidence and applies for closing; the office verifies, closes (销号, only
// after verification) and re-checks (回头看), which may reopen the item.
// Every step is an event of the item's timeline and an audit record.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// RectStepInput is what the office gives with a verification, a closing
// or a re-check.
type RectStepInput struct {
	// Result is "passed" or "failed" (verification and re-check).
	Result string `json:"result"`
	// Note is the comment, or the reasons when failing.
	Note string `json:"note"`
	// Deadline or DeadlineWorkdays is the new deadline when an item goes
	// back to the unit (required after a failed re-check).
	Deadline         domain.Date `json:"deadline"`
	DeadlineWorkdays int         `json:"deadline_workdays"`
	// RecheckOn schedules the 回头看 (closing or scheduling).
	RecheckOn domain.Date `json:"recheck_on"`
}

// Results of a verification or a re-check.
const (
	ResultPassed = "passed"
	ResultFailed = "failed"
)

const maxNote = 2000

// rectStep is one step on an item: apply changes r (already moved to its
// next state) and the event; files are attached to the event.
type rectStep struct {
	action domain.RectAction
	apply  func(r *domain.Rectification, ev *domain.RectEvent) error
	files  []Upload
}

// stepRect checks that p may take the step on the item in its current
// state and records it.
func (s *Service) stepRect(ctx context.Context, p *Principal, id domain.ID, st rectStep) (*RectDetail, error) {
	rc, m, err := s.rectFor(ctx, s.db.Read(), p, id)
	if err != nil {
		return nil, err
	}
	if err := s.mayStep(ctx, m, p, rc, st.action); err != nil {
		return nil, err
	}
	if err := s.checkUploads(ctx, st.files); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		// Re-read inside the transaction: the state checked is the state changed.
		before, err := tx.Rectification(ctx, id)
		if err != nil {
			return fromStore(ctx, err, "thing.rectification")
		}
		next, ok := domain.NextRectState(before.State, st.action)
		if !ok {
			return stateConflict(ctx, before, st.action)
		}
		r := before
		r.State = next
		now := s.Now()
		ev := domain.RectEvent{RectificationID: id, Action: st.action, At: now, ActorID: p.Account.ID, Actor: actorName(p)}
		if err := st.apply(&r, &ev); err != nil {
			return err
		}
		ev.State = r.State
		if err := tx.UpdateRectification(ctx, r, before.State, now); err != nil {
			return fromStore(ctx, err, "thing.rectification")
		}
		if err := tx.InsertRectEvent(ctx, &ev); err != nil {
			return err
		}
		var names []string
		for _, f := range st.files {
			ct, _ := allowedType(f)
			sum := sha256.Sum256(f.Data)
			rf := domain.RectFile{RectificationID: id, EventID: ev.ID, Name: cleanFileName(f.Name), ContentType: ct, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])}
			if err := tx.InsertRectFile(ctx, &rf, f.Data, now); err != nil {
				return err
			}
			names = append(names, rf.Name)
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "rectification." + string(st.action), Entity: "rectification", EntityID: id,
			ClaimedDate: s.Today(), Before: before, After: rectAudit{r, ev.Note, names}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Rectification(ctx, p, id)
}

// rectAudit is an item after a step, as the audit log records it.
type rectAudit struct {
	domain.Rectification
	StepNote string   `json:"step_note,omitempty"`
	Files    []string `json:"files,omitempty"`
}

// mayStep says whether p may take action on rc: the unit's steps are the
// unit's, the others the office's; and the item must be in a state the
// step starts from.
func (s *Service) mayStep(ctx context.Context, m *readmodel.Model, p *Principal, rc domain.Rectification, a domain.RectAction) error {
	roles := s.rolesOf(m, p)
	if a.ByUnit() && !roles.actsFor(rc.UnitID) || !a.ByUnit() && !roles.officeFor(rc.UnitID) {
		return forbidden(ctx)
	}
	if _, ok := domain.NextRectState(rc.State, a); !ok {
		return stateConflict(ctx, rc, a)
	}
	return nil
}

// stateConflict explains why a step is not possible in the item's state.
func stateConflict(ctx context.Context, rc domain.Rectification, a domain.RectAction) error {
	pr := printer(ctx)
	state := pr.T("rect.state." + string(rc.State))
	switch {
	case a == domain.RectClose && !rc.State.Closed():
		return conflict(ctx, "err.rect.close_unverified", state)
	case a == domain.RectApply && rc.State == domain.RectIssued:
		return invalid(ctx, "measures", "err.rect.measures_first")
	}
	return conflict(ctx, "err.rect.state", state, pr.T("rect.step."+string(a)))
}

// SetRectMeasures records the unit's rectification measures (整改措施).
func (s *Service) SetRectMeasures(ctx context.Context, p *Principal, id domain.ID, measures string) (*RectDetail, error) {
	measures, err := cleanText(ctx, "measures", "field.rect.measures", measures, maxText)
	if err != nil {
		return nil, err
	}
	if measures == "" {
		return nil, invalid(ctx, "measures", "err.required", printer(ctx).T("field.rect.measures"))
	}
	return s.stepRect(ctx, p, id, rectStep{action: domain.RectMeasures, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		r.Measures, ev.Note = measures, measures
		return nil
	}})
}

// AddRectProgress records what the unit has done so far, with evidence
// files; files alone are an evidence step.
func (s *Service) AddRectProgress(ctx context.Context, p *Principal, id domain.ID, note string, files []Upload) (*RectDetail, error) {
	note, err := cleanText(ctx, "note", "field.rect.progress", note, maxNote)
	if err != nil {
		return nil, err
	}
	action := domain.RectProgress
	if note == "" {
		if len(files) == 0 {
			return nil, invalid(ctx, "note", "err.rect.progress_empty")
		}
		action = domain.RectEvidence
	}
	return s.stepRect(ctx, p, id, rectStep{action: action, files: files, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		if note != "" {
			r.Progress = note
		}
		ev.Note = note
		return nil
	}})
}

// ApplyRectClosing is the unit's application for closing (申请销号): what
// was done, with evidence. The measures must have been written.
func (s *Service) ApplyRectClosing(ctx context.Context, p *Principal, id domain.ID, note string, files []Upload) (*RectDetail, error) {
	note, err := cleanText(ctx, "note", "field.rect.progress", note, maxNote)
	if err != nil {
		return nil, err
	}
	if note == "" {
		return nil, invalid(ctx, "note", "err.rect.apply_note")
	}
	return s.stepRect(ctx, p, id, rectStep{action: domain.RectApply, files: files, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		if r.Measures == "" {
			return invalid(ctx, "measures", "err.rect.measures_first")
		}
		r.Progress, r.AppliedOn, ev.Note = note, s.Today(), note
		return nil
	}})
}

// rectVerdict is the office's finding in a verification or a re-check.
type rectVerdict struct {
	passed   bool
	note     string // reasons; required on failure
	deadline domain.Date
	workdays int
}

// rectVerdict reads a verification's or re-check's finding: passed, or
// failed with reasons and a new deadline (optional unless deadlineRequired).
func (s *Service) rectVerdict(ctx context.Context, in RectStepInput, deadlineRequired bool) (rectVerdict, error) {
	var v rectVerdict
	switch in.Result {
	case ResultPassed:
		v.passed = true
	case ResultFailed:
	default:
		return v, invalid(ctx, "result", "err.rect.result")
	}
	var err error
	if v.note, err = cleanText(ctx, "note", "field.rect.reason", in.Note, maxNote); err != nil || v.passed {
		return v, err
	}
	if v.note == "" {
		return v, invalid(ctx, "note", "err.rect.reason_required")
	}
	v.deadline, v.workdays, err = s.inspectDeadline(ctx, "deadline", "field.rect.new_deadline", in.Deadline, in.DeadlineWorkdays, deadlineRequired)
	return v, err
}

// VerifyRect is the office's verification (验收) of an application: passed
// (the item may be closed) or failed with reasons (back to 整改中, with a
// new deadline if one is given).
func (s *Service) VerifyRect(ctx context.Context, p *Principal, id domain.ID, in RectStepInput) (*RectDetail, error) {
	v, err := s.rectVerdict(ctx, in, false)
	if err != nil {
		return nil, err
	}
	action := domain.RectVerifyPass
	if !v.passed {
		action = domain.RectVerifyFail
	}
	return s.stepRect(ctx, p, id, rectStep{action: action, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		ev.Note = v.note
		if v.passed {
			r.VerifiedOn = s.Today()
			return nil
		}
		if !v.deadline.IsZero() {
			r.Deadline, r.DeadlineWorkdays, ev.Deadline = v.deadline, v.workdays, v.deadline
		}
		return nil
	}})
}

// CloseRect closes (销号) a verified item, optionally scheduling its
// 回头看. An item that has not passed verification is refused.
func (s *Service) CloseRect(ctx context.Context, p *Principal, id domain.ID, in RectStepInput) (*RectDetail, error) {
	note, err := cleanText(ctx, "note", "field.rect.comment", in.Note, maxNote)
	if err != nil {
		return nil, err
	}
	recheck, err := s.recheckDate(ctx, in.RecheckOn, false)
	if err != nil {
		return nil, err
	}
	return s.stepRect(ctx, p, id, rectStep{action: domain.RectClose, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		r.ClosedOn, r.RecheckOn, ev.Note, ev.Date = s.Today(), recheck, note, recheck
		return nil
	}})
}

// ScheduleRecheck sets (or moves) the 回头看 date of a closed item.
func (s *Service) ScheduleRecheck(ctx context.Context, p *Principal, id domain.ID, in RectStepInput) (*RectDetail, error) {
	recheck, err := s.recheckDate(ctx, in.RecheckOn, true)
	if err != nil {
		return nil, err
	}
	note, err := cleanText(ctx, "note", "field.rect.comment", in.Note, maxNote)
	if err != nil {
		return nil, err
	}
	return s.stepRect(ctx, p, id, rectStep{action: domain.RectScheduleRecheck, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		r.RecheckOn, ev.Date, ev.Note = recheck, recheck, note
		return nil
	}})
}

// RecordRecheck records the result of the 回头看: passed confirms the item;
// failed reopens it (back to 整改中) with reasons and a new deadline.
func (s *Service) RecordRecheck(ctx context.Context, p *Principal, id domain.ID, in RectStepInput) (*RectDetail, error) {
	v, err := s.rectVerdict(ctx, in, true)
	if err != nil {
		return nil, err
	}
	action := domain.RectRecheckPass
	if !v.passed {
		action = domain.RectRecheckFail
	}
	return s.stepRect(ctx, p, id, rectStep{action: action, apply: func(r *domain.Rectification, ev *domain.RectEvent) error {
		if r.RecheckOn.IsZero() {
			return conflict(ctx, "err.rect.recheck_unscheduled")
		}
		ev.Note, ev.Date = v.note, r.RecheckOn
		if v.passed {
			return nil
		}
		// Reopened: the unit works on it again; it must be verified and
		// closed again before it counts as closed.
		r.Reopened++
		r.Deadline, r.DeadlineWorkdays, ev.Deadline = v.deadline, v.workdays, v.deadline
		r.AppliedOn, r.VerifiedOn, r.ClosedOn, r.RecheckOn = 0, 0, 0, 0
		return nil
	}})
}

// recheckDate checks a 回头看 date: a working day, not in the past.
func (s *Service) recheckDate(ctx context.Context, on domain.Date, required bool) (domain.Date, error) {
	d, _, err := s.inspectDeadline(ctx, "recheck_on", "field.rect.recheck_on", on, 0, required)
	return d, err
}
