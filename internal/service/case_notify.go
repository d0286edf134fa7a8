// Notifications from the case workflow: each step tells whoever has to act
// next, inside the step's own transaction, once per event and recipient.

package service

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// notifyCaseEvents notifies the steps a change recorded on c (their IDs
// set): 交办 the lead unit and the co-units; a co-unit's part, the lead
// unit's 反馈, an extension request and a rating the office; 退回,
// extension decisions, 办结 and reopening the lead unit; a rung of the
// ladder taken by hand the same people as the sweep's.
func (s *Service) notifyCaseEvents(ctx context.Context, tx *store.Tx, c *domain.Case, events []domain.CaseEvent) error {
	needed := false
	for _, ev := range events {
		needed = needed || notifiedKind(ev.Kind)
	}
	if !needed {
		return nil
	}
	rc, err := s.newRecipients(ctx)
	if err != nil {
		return err
	}
	if err := rc.loadPeople(ctx, []domain.ID{c.LeaderID}); err != nil {
		return err
	}
	cal, err := s.caseCalendar(ctx)
	if err != nil {
		return err
	}
	now := s.caseNow()
	sw := &sweeper{s: s, now: now, today: domain.DateOf(now), cal: cal, rc: rc}
	var msgs []notify.Message
	for _, ev := range events {
		msgs = append(msgs, s.caseEventMessages(sw, c, ev)...)
	}
	if len(msgs) == 0 {
		return nil
	}
	return s.Notify(ctx, tx, msgs...)
}

func notifiedKind(k domain.CaseEventKind) bool {
	switch k {
	case domain.EventAssign, domain.EventPart, domain.EventFeedback, domain.EventReturn, domain.EventExtensionRequest,
		domain.EventExtensionApprove, domain.EventExtensionRefuse, domain.EventClose, domain.EventRate, domain.EventReopen:
		return true
	}
	return domain.EscalationOf(k) != domain.EscalationNone
}

// caseEventMessages builds the messages of one step.
func (s *Service) caseEventMessages(sw *sweeper, c *domain.Case, ev domain.CaseEvent) []notify.Message {
	if domain.EscalationOf(ev.Kind) != domain.EscalationNone {
		return sw.messages(c, ev.Kind)
	}
	rc := sw.rc
	link := fmt.Sprintf("/cases/%d", c.ID)
	key := fmt.Sprintf("case:%d:ev:%d", c.ID, ev.ID)
	unit := rc.m.UnitName(ev.UnitID)
	body := func(pr *i18n.Printer, kind string) string {
		text := clipText(ev.Text, 500)
		switch kind {
		case "assign":
			return pr.T("esc.body.assign", c.Deadline.String(), c.SignDue.In(s.cfg.Location).Format("2006-01-02 15:04"))
		case "assign_co":
			return pr.T("esc.body.assign_co", rc.m.UnitName(c.LeadUnitID), c.Deadline.String())
		case "part", "feedback":
			return pr.T("esc.body."+kind, unit, text)
		case "extension_request":
			return pr.T("esc.body.extension_request", unit, ev.ToDate.String(), text)
		case "extension_approve", "extension_refuse":
			return pr.T("esc.body."+kind, ev.FromDate.String(), ev.ToDate.String(), text)
		case "rate":
			return pr.T("esc.body.rate", pr.T("cases.rating."+string(ev.Rating)), text)
		case "reopen":
			return pr.T("esc.body.reopen", ev.ToDate.String(), text)
		}
		return pr.T("esc.body."+kind, text)
	}
	var out []notify.Message
	send := func(to []domain.ID, kind string) {
		for _, acct := range dedupeIDs(to) {
			if acct == ev.ActorID {
				continue // nobody is told of their own step
			}
			pr := rc.printer(acct)
			out = append(out, notify.Message{To: acct, Kind: "case." + kind, Key: key, Link: link,
				Subject: pr.T("esc.subject."+kind, c.Number, clipTitle(c.Title)), Body: body(pr, kind)})
		}
	}
	switch ev.Kind {
	case domain.EventAssign:
		send(rc.unit(c.LeadUnitID), "assign")
		var co []domain.ID
		for _, u := range c.CoUnitIDs {
			co = append(co, rc.unit(u)...)
		}
		send(co, "assign_co")
	case domain.EventPart, domain.EventFeedback, domain.EventExtensionRequest, domain.EventRate:
		send(rc.office(c.LeadUnitID), string(ev.Kind))
	case domain.EventReturn, domain.EventExtensionApprove, domain.EventExtensionRefuse, domain.EventClose, domain.EventReopen:
		send(rc.unit(c.LeadUnitID), string(ev.Kind))
	}
	return out
}

// clipText shortens a step's text quoted in a message.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
