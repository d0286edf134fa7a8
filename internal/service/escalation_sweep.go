// The escalation sweep: every open case whose next rung of the ladder is
// due gets every rung it has reached recorded in its timeline, in order,
// attributed to the system and audited, and the people concerned are
// notified once per rung; cases not signed in time remind their unit, then
// tell the office. The selection reads only the cases with something due
// (indexed ranges by rung and deadline), the rules run in memory, and the
// writes go in batches of many rows per statement.

package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// Job kinds of the case workflow.
const (
	JobEscalate = "case.escalate"
)

// EscalationEvery is how often the sweep runs.
const EscalationEvery = 15 * time.Minute

// sweepBatch is how many cases one write transaction of the sweep takes.
const sweepBatch = 500

// keepEmptyRuns is how long sweeps that recorded nothing stay listed.
const keepEmptyRuns = 7 * 24 * time.Hour

// sweepActor is who the timeline and the audit log name for the sweep.
const sweepActor = "escalation"

// registerCaseJobs registers the escalation sweep (which also sends the
// signing reminders) to run every EscalationEvery.
func (s *Service) registerCaseJobs(reg *jobs.Registry) {
	reg.Recurring(JobEscalate, jobs.Every(EscalationEvery), func(ctx context.Context, j *store.Job, now time.Time) error {
		_, err := s.SweepEscalations(ctx, now, j.Key)
		return err
	})
}

// SweepEscalations records every rung of the escalation ladder and every
// signing reminder due at now, notifies, and returns the run it recorded.
// It is idempotent: a rung already recorded is never recorded or notified
// again, whoever swept first (each batch re-reads its cases after taking
// the write lock that every audited change takes).
func (s *Service) SweepEscalations(ctx context.Context, now time.Time, trigger string) (*store.EscalationRun, error) {
	started := time.Now()
	local := now.In(s.cfg.Location)
	today := domain.DateOf(local)
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	st, err := s.caseSettings(ctx, r)
	if err != nil {
		return nil, err
	}
	oh, err := domain.ParseOfficeHours(st.OfficeHours)
	if err != nil {
		return nil, err
	}
	toEscalate, err := r.CasesToEscalate(ctx, domain.EscalationThresholds(today, cal, st))
	if err != nil {
		return nil, err
	}
	unsigned, err := r.UnsignedCases(ctx, now)
	if err != nil {
		return nil, err
	}
	ids := make([]domain.ID, 0, len(toEscalate)+len(unsigned))
	for _, c := range toEscalate {
		ids = append(ids, c.ID)
	}
	for _, c := range unsigned {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	run := &store.EscalationRun{AsOf: today, StartedAt: now, TriggeredBy: trigger}
	if len(ids) > 0 {
		sw, err := s.newSweeper(ctx, now, today, cal, st, oh)
		if err != nil {
			return nil, err
		}
		for start := 0; start < len(ids); start += sweepBatch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			chunk := ids[start:min(start+sweepBatch, len(ids))]
			if err := s.update(ctx, func(tx *store.Tx) error { return sw.batch(ctx, tx, run, chunk) }); err != nil {
				return nil, fmt.Errorf("escalation sweep: %w", err)
			}
		}
	}
	run.FinishedAt = now.Add(time.Since(started))
	run.DurationMS = time.Since(started).Milliseconds()
	err = s.db.UpdateUnaudited(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		if run.ID == 0 {
			if err := tx.InsertEscalationRun(ctx, run); err != nil {
				return err
			}
		} else if err := tx.FinishEscalationRun(ctx, *run); err != nil {
			return err
		}
		_, err := tx.PruneEscalationRuns(ctx, now.Add(-keepEmptyRuns))
		return err
	})
	if err != nil {
		return nil, err
	}
	if run.Cases > 0 || run.SignReminds > 0 || run.SignOverdues > 0 {
		s.cfg.Logger.Info("escalation sweep", "as_of", today, "cases", run.Cases, "remind", run.Reminds, "urge", run.Urges, "notice", run.Notices,
			"talk", run.Talks, "sign_remind", run.SignReminds, "sign_overdue", run.SignOverdues, "notifications", run.Notifications, "ms", run.DurationMS)
	}
	return run, nil
}

// sweeper holds what one sweep works out once: the clock, calendar and
// settings, who to notify and in which language.
type sweeper struct {
	s     *Service
	p     *Principal
	now   time.Time
	today domain.Date
	cal   domain.WorkdayCalendar
	st    domain.CaseSettings
	oh    domain.OfficeHours
	rc    *recipients
	zh    *i18n.Printer
}

func (s *Service) newSweeper(ctx context.Context, now time.Time, today domain.Date, cal domain.WorkdayCalendar, st domain.CaseSettings,
	oh domain.OfficeHours) (*sweeper, error) {
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return nil, err
	}
	return &sweeper{s: s, p: SystemPrincipal(sweepActor), now: now, today: today, cal: cal, st: st, oh: oh, rc: rc,
		zh: i18n.Default().Printer(i18n.ZhHans)}, nil
}

// sweepChange is what the audit log records of one case the sweep moved.
type sweepChange struct {
	Escalation domain.Escalation  `json:"escalation"`
	SignAlert  domain.SignAlert   `json:"sign_alert"`
	Deadline   domain.Date        `json:"deadline"`
	Events     []domain.CaseEvent `json:"events,omitempty"`
}

// batch sweeps some cases inside one write transaction.
func (sw *sweeper) batch(ctx context.Context, tx *store.Tx, run *store.EscalationRun, ids []domain.ID) error {
	cases, err := tx.SweepCasesByID(ctx, ids)
	if err != nil {
		return err
	}
	leaders := make([]domain.ID, 0, len(cases))
	for _, c := range cases {
		leaders = append(leaders, c.LeaderID)
	}
	if err := sw.rc.loadPeople(ctx, leaders); err != nil {
		return err
	}
	by := caseActor(sw.p, 0)
	levels := map[domain.ID]domain.Escalation{}
	alerts := map[domain.ID]domain.SignAlert{}
	var events []domain.CaseEvent
	var changes []store.Change
	var msgs []notify.Message
	owner := map[int]int{} // event index → case index, to fill run items
	counts := map[domain.CaseEventKind]int{}
	for i := range cases {
		sc := &cases[i]
		c := &sc.Case
		// Office hours are read on the deployment's clock.
		c.SignDue = c.SignDue.In(sw.s.cfg.Location)
		before := sweepChange{Escalation: c.Escalation, SignAlert: sc.SignAlert, Deadline: c.Deadline}
		first := len(events)
		var top domain.CaseEventKind
		for _, a := range c.SignAlertsDue(sw.now, sc.SignAlert, sw.cal, sw.oh, sw.st) {
			ev := domain.CaseEvent{CaseID: c.ID, Kind: a.Event(), At: sw.now, ActorID: by.ID, Actor: by.Name, FromState: c.State, ToState: c.State,
				Text: sw.text(sw.zh, a.Event(), c), Round: c.Round, Files: []domain.CaseFile{}}
			events = append(events, ev)
			alerts[c.ID], sc.SignAlert = a, a
			// Each alert has its own people (the unit, then the office).
			msgs = append(msgs, sw.messages(c, ev.Kind)...)
		}
		firstRung := len(events)
		for _, r := range c.EscalationsDue(sw.today, sw.cal, sw.st) {
			ev, err := c.Escalate(by, sw.now, r, sw.text(sw.zh, r.Event(), c))
			if err != nil {
				return fmt.Errorf("case %d: %w", c.ID, err)
			}
			events = append(events, ev)
			levels[c.ID], top = r, ev.Kind
		}
		if len(events) > firstRung {
			msgs = append(msgs, sw.messages(c, top)...)
			run.Cases++
		}
		if len(events) == first {
			continue
		}
		for j := first; j < len(events); j++ {
			owner[j] = i
			counts[events[j].Kind]++
		}
		changes = append(changes, store.Change{Action: "case.escalate", Entity: "case", EntityID: c.ID, Before: before,
			After: sweepChange{Escalation: c.Escalation, SignAlert: sc.SignAlert, Deadline: c.Deadline, Events: events[first:]}})
	}
	if len(events) == 0 {
		return nil
	}
	if err := tx.SetEscalations(ctx, levels, sw.now); err != nil {
		return err
	}
	if err := tx.SetSignAlerts(ctx, alerts, sw.now); err != nil {
		return err
	}
	if err := tx.InsertCaseEvents(ctx, events); err != nil {
		return err
	}
	if err := tx.AuditAll(ctx, sw.p.actor(), sw.s.Now(), changes); err != nil {
		return err
	}
	n, err := sw.s.notifyMany(ctx, tx, sw.rc.plans, msgs)
	if err != nil {
		return err
	}
	if run.ID == 0 {
		if err := tx.InsertEscalationRun(ctx, run); err != nil {
			return err
		}
	}
	items := make([]store.RunItem, len(events))
	for j, ev := range events {
		items[j] = store.RunItem{RunID: run.ID, CaseID: cases[owner[j]].ID, EventID: ev.ID, Kind: ev.Kind}
	}
	if err := tx.InsertRunItems(ctx, items); err != nil {
		return err
	}
	run.Reminds += counts[domain.EventRemind]
	run.Urges += counts[domain.EventUrge]
	run.Notices += counts[domain.EventNotice]
	run.Talks += counts[domain.EventTalkProposal]
	run.SignReminds += counts[domain.EventSignRemind]
	run.SignOverdues += counts[domain.EventSignOverdue]
	run.Notifications += n
	return nil
}

// text is a rung's or alert's timeline text (and message body): the
// deadline and how many working days are left or gone.
func (sw *sweeper) text(pr *i18n.Printer, kind domain.CaseEventKind, c *domain.Case) string {
	switch kind {
	case domain.EventRemind:
		return pr.T("esc.text.remind", c.Deadline.String(), domain.WorkdaysBetween(sw.cal, sw.today, c.Deadline))
	case domain.EventUrge:
		if over := domain.WorkdaysBetween(sw.cal, c.Deadline, sw.today); over > 0 {
			return pr.T("esc.text.urge_over", c.Deadline.String(), over)
		}
		return pr.T("esc.text.urge", c.Deadline.String())
	case domain.EventNotice:
		return pr.T("esc.text.notice", c.Deadline.String(), domain.WorkdaysBetween(sw.cal, c.Deadline, sw.today))
	case domain.EventTalkProposal:
		return pr.T("esc.text.talk_proposal", c.Deadline.String(), domain.WorkdaysBetween(sw.cal, c.Deadline, sw.today))
	case domain.EventSignRemind:
		return pr.T("esc.text.sign_remind", c.SignDue.In(sw.s.cfg.Location).Format("2006-01-02 15:04"))
	case domain.EventSignOverdue:
		return pr.T("esc.text.sign_overdue", c.SignDue.In(sw.s.cfg.Location).Format("2006-01-02 15:04"))
	}
	return ""
}

// messages tells the people concerned that a case reached a rung or an
// alert: the lead unit's liaisons and heads, the office for notices, 约谈
// proposals and cases left unsigned, and the case's leader for 约谈
// proposals. The key names the rung and the deadline it counts from, so
// that a rung notifies once (again only after an extension restarts the
// ladder from a new deadline).
func (sw *sweeper) messages(c *domain.Case, kind domain.CaseEventKind) []notify.Message {
	var to []domain.ID
	switch kind {
	case domain.EventRemind, domain.EventUrge, domain.EventSignRemind:
		to = sw.rc.unit(c.LeadUnitID)
	case domain.EventNotice:
		to = append(sw.rc.unit(c.LeadUnitID), sw.rc.office(c.LeadUnitID)...)
	case domain.EventTalkProposal:
		to = append(append(sw.rc.unit(c.LeadUnitID), sw.rc.office(c.LeadUnitID)...), sw.rc.person(c.LeaderID)...)
	case domain.EventSignOverdue:
		to = sw.rc.office(c.LeadUnitID)
	}
	key := fmt.Sprintf("case:%d:%s:%s", c.ID, kind, c.Deadline)
	if kind == domain.EventSignRemind || kind == domain.EventSignOverdue {
		key = fmt.Sprintf("case:%d:%s", c.ID, kind)
	}
	out := make([]notify.Message, 0, len(to))
	for _, acct := range dedupeIDs(to) {
		pr := sw.rc.printer(acct)
		out = append(out, notify.Message{To: acct, Kind: "case." + string(kind), Key: key, Link: fmt.Sprintf("/cases/%d", c.ID),
			Subject: pr.T("esc.subject."+string(kind), c.Number, clipTitle(c.Title)), Body: sw.text(pr, kind, c)})
	}
	return out
}
