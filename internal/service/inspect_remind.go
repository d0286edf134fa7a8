// The daily rectification reminders: what the read-only sweeps in
// inspect_jobs.go find is sent to the people who must act, once per event.

package service

import (
	"context"
	"fmt"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// JobRectRemind is the daily rectification reminder job.
const JobRectRemind = "rect.remind"

// rectRemindDays is how many working days before its deadline a unit is
// reminded of an open rectification item (提醒).
const rectRemindDays = 3

// RectReminders counts what one run of the reminders sent, by event.
type RectReminders struct {
	DueSoon    int `json:"due_soon"`
	Overdue    int `json:"overdue"`
	Rechecks   int `json:"rechecks"`
	SelfChecks int `json:"self_checks"`
	// Messages is the number of notifications enqueued (one event reaches
	// several people; repeats of an event already sent are not counted).
	Messages int `json:"messages"`
}

// RegisterRectJobs registers the daily rectification reminders.
func (s *Service) RegisterRectJobs(reg *jobs.Registry) {
	reg.Recurring(JobRectRemind, jobs.Daily(8, 30), func(ctx context.Context, _ *store.Job, now time.Time) error {
		_, err := s.RemindRectifications(ctx, now)
		return err
	})
}

// RemindRectifications reminds units of items due within a few working
// days, urges them (and tells the office) about overdue items, reminds
// the office of 回头看 re-checks that are due and urges units that have
// not answered a 举一反三 request past its deadline. Every event carries a
// key with the date it is about, so running it twice, or on two instances,
// notifies nobody twice. The run is audited when it sent anything.
func (s *Service) RemindRectifications(ctx context.Context, now time.Time) (RectReminders, error) {
	var out RectReminders
	asOf := domain.DateOf(now.In(s.cfg.Location))
	pr := printer(ctx)
	var msgs []notify.Message
	add := func(to []domain.ID, kind, key, subject, link string) {
		for _, id := range to {
			msgs = append(msgs, notify.Message{To: id, Kind: kind, Subject: subject, Link: link, Key: key})
		}
	}
	soon, err := s.RectificationsDueSoon(ctx, asOf, rectRemindDays)
	if err != nil {
		return out, err
	}
	for _, r := range soon {
		to, err := s.UnitRecipients(ctx, r.UnitID)
		if err != nil {
			return out, err
		}
		out.DueSoon++
		add(to, "rect.due_soon", fmt.Sprintf("rect:%d:due_soon:%s", r.ID, r.Deadline),
			pr.T("rect.remind.due_soon", clip(r.Problem, 60), r.Deadline.String()), fmt.Sprintf("/rectifications/%d", r.ID))
	}
	overdue, err := s.OverdueRectifications(ctx, asOf)
	if err != nil {
		return out, err
	}
	for _, r := range overdue {
		unit, err := s.UnitRecipients(ctx, r.UnitID)
		if err != nil {
			return out, err
		}
		office, err := s.OfficeRecipients(ctx, r.UnitID)
		if err != nil {
			return out, err
		}
		out.Overdue++
		subject := pr.T("rect.remind.overdue", clip(r.Problem, 60), r.Deadline.String())
		key := fmt.Sprintf("rect:%d:overdue:%s", r.ID, r.Deadline)
		add(unit, "rect.overdue", key, subject, fmt.Sprintf("/rectifications/%d", r.ID))
		add(office, "rect.overdue", key, subject, fmt.Sprintf("/rectifications/%d", r.ID))
	}
	rechecks, err := s.DueRechecks(ctx, asOf)
	if err != nil {
		return out, err
	}
	for _, r := range rechecks {
		office, err := s.OfficeRecipients(ctx, r.UnitID)
		if err != nil {
			return out, err
		}
		out.Rechecks++
		add(office, "rect.recheck", fmt.Sprintf("rect:%d:recheck:%s", r.ID, r.RecheckOn),
			pr.T("rect.remind.recheck", clip(r.Problem, 60), r.RecheckOn.String()), fmt.Sprintf("/rectifications/%d", r.ID))
	}
	unanswered, err := s.UnansweredSelfChecks(ctx, asOf)
	if err != nil {
		return out, err
	}
	for _, c := range unanswered {
		out.SelfChecks++
		for _, u := range c.UnitIDs {
			to, err := s.UnitRecipients(ctx, u)
			if err != nil {
				return out, err
			}
			add(to, "selfcheck.urge", fmt.Sprintf("selfcheck:%d:unit:%d:urge", c.Check.ID, u),
				pr.T("rect.remind.selfcheck", clip(c.Check.Problem, 60), c.Check.Deadline.String()), fmt.Sprintf("/self-checks/%d", c.Check.ID))
		}
	}
	if len(msgs) == 0 {
		return out, nil
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		n, err := s.notifyFresh(ctx, tx, msgs...)
		if err != nil {
			return err
		}
		if out.Messages = n; n == 0 {
			return nil
		}
		_, err = s.audit(ctx, tx, SystemPrincipal("jobs"), store.Change{Action: "rect.remind", Entity: "rectification", After: out})
		return err
	})
	return out, err
}

// clip shortens s to n characters for a one-line subject.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
