package web

import (
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// escView gives the escalation pages' templates times in the deployment's
// zone and the badge colours of states and rungs (the status colours the
// stylesheet has).
type escView struct{ loc *time.Location }

func (h *handler) escView() escView { return escView{loc: h.svc.Location()} }

// Time formats an instant, "" when unset.
func (v escView) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(v.loc).Format("2006-01-02 15:04")
}

// TalkClass is the badge class of a talk's state.
func (escView) TalkClass(s domain.TalkState) string {
	switch s {
	case domain.TalkPlanned:
		return "st-due_soon"
	case domain.TalkHeld:
		return "st-done"
	}
	return "st-not_started"
}

// ExemptionClass is the badge class of an application's state.
func (escView) ExemptionClass(s domain.ExemptionState) string {
	switch s {
	case domain.ExemptionApproved:
		return "rs-approved"
	case domain.ExemptionRefused:
		return "rs-returned"
	}
	return "rs-submitted"
}

// RungClass is the badge class of a rung of the ladder.
func (escView) RungClass(k domain.CaseEventKind) string {
	switch k {
	case domain.EventRemind, domain.EventSignRemind:
		return "st-due_soon"
	case domain.EventUrge:
		return "st-lagging"
	case domain.EventNotice, domain.EventSignOverdue:
		return "st-severe"
	}
	return "st-overdue"
}
