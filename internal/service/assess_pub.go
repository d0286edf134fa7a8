// 考核结果公示: the office publishes a computed result for a window of
// working days; the units read it and appeal (assess_pub_appeals.go); after
// the window the office freezes it (定榜). A scheme has one run: publishing
// again is refused while its run is in 公示 (the office adjusts that run
// instead, every change recorded) and once it is final (the final list is
// frozen). The 初榜/定榜 rounds of the classic 三榜定案 are the run's two
// states: the list as published, then the list as frozen, with every
// adjustment between them on record.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// PublishInput is a computed result to publish. NoticeDays defaults to
// domain.DefaultNoticeDays working days and Start to today.
type PublishInput struct {
	SchemeID   domain.ID           `json:"scheme_id"`
	Year       int                 `json:"year"`
	SchemeName string              `json:"scheme_name"`
	Body       domain.SchemeBody   `json:"body"`
	Result     domain.AssessResult `json:"result"`
	NoticeDays int                 `json:"notice_days"`
	Start      domain.Date         `json:"start"`
}

// maxNoticeDays bounds the window: a 公示 longer than six weeks is a typo.
const maxNoticeDays = 30

// PublishAssessment publishes a result for 公示 (office covering every
// unit in it) and tells each unit's liaisons and head.
func (s *Service) PublishAssessment(ctx context.Context, p *Principal, in PublishInput) (domain.ID, error) {
	if err := requireOffice(ctx, p); err != nil {
		return 0, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return 0, err
	}
	in.SchemeName = strings.TrimSpace(in.SchemeName)
	switch {
	case in.SchemeID == 0:
		return 0, invalid(ctx, "scheme_id", "assesspub.err.scheme_required")
	case in.SchemeName == "":
		return 0, invalid(ctx, "scheme_name", "assesspub.err.name_required")
	case in.Year < 2000 || in.Year > 2100:
		return 0, invalid(ctx, "year", "assesspub.err.year", in.Year)
	case len(in.Result.Units) == 0:
		return 0, invalid(ctx, "result", "assesspub.err.result_empty")
	case in.Result.SchemeID != 0 && in.Result.SchemeID != in.SchemeID:
		return 0, invalid(ctx, "result", "assesspub.err.result_scheme", in.Result.SchemeID, in.SchemeID)
	case in.NoticeDays < 0 || in.NoticeDays > maxNoticeDays:
		return 0, invalid(ctx, "notice_days", "assesspub.err.notice_days", maxNoticeDays)
	}
	var units []domain.ID
	seen := map[domain.ID]bool{}
	for i, u := range in.Result.Units {
		if m.Unit(u.UnitID) == nil {
			return 0, invalid(ctx, "result", "assesspub.err.result_unit", i+1, u.Unit)
		}
		if seen[u.UnitID] {
			return 0, invalid(ctx, "result", "assesspub.err.result_unit_twice", u.Unit)
		}
		seen[u.UnitID] = true
		units = append(units, u.UnitID)
	}
	for _, id := range units {
		if err := officeOver(ctx, m, p, id); err != nil {
			return 0, err
		}
	}
	if in.NoticeDays == 0 {
		in.NoticeDays = domain.DefaultNoticeDays
	}
	today := s.Today()
	if in.Start.IsZero() {
		in.Start = today
	}
	if in.Start < today {
		return 0, invalid(ctx, "start", "assesspub.err.start_past", in.Start.String(), today.String())
	}
	cal, err := s.WorkCalendar(ctx)
	if err != nil {
		return 0, err
	}
	in.Result.SchemeID = in.SchemeID
	run := domain.AssessRun{SchemeID: in.SchemeID, Year: in.Year, SchemeName: in.SchemeName, Body: in.Body, Result: in.Result, State: domain.RunNotice,
		NoticeStart: in.Start, NoticeEnd: domain.NoticeEnd(cal, in.Start, in.NoticeDays), NoticeDays: in.NoticeDays, CreatedBy: actorName(p)}
	if !p.System {
		run.CreatedByID = p.Account.ID
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		prior, err := tx.AssessRuns(ctx, store.RunFilter{SchemeID: in.SchemeID})
		if err != nil {
			return err
		}
		for _, r := range prior {
			if r.State == domain.RunNotice {
				return conflict(ctx, "assesspub.err.open_run", r.SchemeName, r.NoticeEnd.String())
			}
			return conflict(ctx, "assesspub.err.final_run", r.SchemeName)
		}
		if err := tx.InsertAssessRun(ctx, &run, s.Now()); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict(ctx, "assesspub.err.open_run", in.SchemeName, run.NoticeEnd.String())
			}
			return err
		}
		if err := s.notifyRunNotice(ctx, tx, m, run); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.run.publish", Entity: "assess_run", EntityID: run.ID, After: runAudit(run)})
		return err
	})
	if err != nil {
		return 0, err
	}
	return run.ID, nil
}

// runAuditEntry is what the audit log keeps of a run: its bookkeeping and
// a digest of its result (the run row keeps the result itself).
type runAuditEntry struct {
	RunSummary
	Units     int    `json:"units"`
	ResultSHA string `json:"result_sha256"`
}

func runAudit(r domain.AssessRun) runAuditEntry {
	b, _ := json.Marshal(r.Result)
	sum := sha256.Sum256(b)
	return runAuditEntry{RunSummary: Summary(r), Units: len(r.Result.Units), ResultSHA: hex.EncodeToString(sum[:])}
}

// notifyRunNotice tells each unit's liaisons and head that its result is
// in 公示, with its total, rank and grade and the last day to appeal, or
// (a final run) that the list is final.
func (s *Service) notifyRunNotice(ctx context.Context, tx *store.Tx, m *readmodel.Model, run domain.AssessRun) error {
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return err
	}
	var msgs []notify.Message
	for _, u := range run.Result.Units {
		for _, acct := range rc.unit(u.UnitID) {
			pr := rc.printer(acct)
			msg := notify.Message{To: acct, Kind: "assess." + string(run.State), Key: fmt.Sprintf("assess_run:%d:%s:%d", run.ID, run.State, u.UnitID),
				Link:    fmt.Sprintf("/assess/runs/%d/units/%d", run.ID, u.UnitID),
				Subject: pr.T("assesspub.subject.notice", run.SchemeName),
				Body: pr.T("assesspub.body.notice", m.UnitName(u.UnitID), domain.PubScore(u.Total), u.Rank, u.Grade, run.NoticeStart.String(),
					run.NoticeEnd.String())}
			if run.State == domain.RunFinal {
				msg.Subject = pr.T("assesspub.subject.final", run.SchemeName)
				msg.Body = pr.T("assesspub.body.final", m.UnitName(u.UnitID), domain.PubScore(u.Total), u.Rank, u.Grade)
			}
			msgs = append(msgs, msg)
		}
	}
	_, err = s.notifyMany(ctx, tx, rc.plans, msgs)
	return err
}
