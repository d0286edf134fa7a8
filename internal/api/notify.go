package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// The caller's inbox: every route reads the caller's own notifications
// only (the service keys every query by the authenticated account).

func (s *server) listNotifications(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := store.NotificationFilter{UnreadOnly: q.flag("unread"), Limit: q.intIn("limit", 50, 1, 500), Offset: q.intIn("offset", 0, 0, 1<<30)}
	if q.err != nil {
		return q.err
	}
	pg, err := s.svc.Inbox(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pg)
}

// unreadView is the caller's unread count.
type unreadView struct {
	Unread int `json:"unread"`
}

func (s *server) unreadCount(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	n, err := s.svc.UnreadCount(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unreadView{Unread: n})
}

func (s *server) markRead(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.svc.MarkRead(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, n)
}

// markedView says how many notifications a call marked read.
type markedView struct {
	Marked int `json:"marked"`
}

func (s *server) markAllRead(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	n, err := s.svc.MarkAllRead(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, markedView{Marked: n})
}

func (s *server) getNotifyPrefs(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	v, err := s.svc.NotifyPrefs(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// prefsInput replaces the caller's choices.
type prefsInput struct {
	// Channels besides the inbox (which always gets everything), among
	// those the system admin enabled; an empty list means the inbox only.
	Channels []domain.Channel `json:"channels"`
	// Digest gathers each day's notifications into one message at the
	// configured hour instead of sending each at once.
	Digest bool `json:"digest"`
}

func (s *server) putNotifyPrefs(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in prefsInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.SetNotifyPrefs(r.Context(), p, domain.NotifyPrefs{Channels: in.Channels, Digest: in.Digest})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// The system admin's notification settings, deliveries and jobs.

func (s *server) getNotifySettings(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	v, err := s.svc.NotifyAdmin(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *server) putNotifySettings(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.NotifySettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.SetNotifySettings(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *server) putChannel(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.ChannelInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.SetChannel(r.Context(), p, domain.Channel(r.PathValue("channel")), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// testInput says where a test e-mail goes (robots post to their group).
type testInput struct {
	// To is the address for an e-mail test (default: the caller's own).
	To string `json:"to,omitempty"`
}

// testView reports a test message that went out.
type testView struct {
	Sent bool `json:"sent"`
}

func (s *server) testChannel(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in testInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if err := s.svc.TestChannel(r.Context(), p, domain.Channel(r.PathValue("channel")), in.To); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, testView{Sent: true})
}

func (s *server) listDeliveries(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	pg := q.page()
	f := store.DeliveryFilter{State: store.DeliveryState(q.str("state")), AccountID: q.id("account"), Limit: pg.Limit, Offset: pg.Offset}
	if q.err != nil {
		return q.err
	}
	ds, err := s.svc.Deliveries(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ds))
}

func (s *server) retryDelivery(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.RetryDelivery(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// jobsPage is the job table with the recurring schedules.
type jobsPage struct {
	Items     []store.Job         `json:"items"`
	Total     int                 `json:"total"`
	Recurring []jobs.RecurringJob `json:"recurring"`
}

func (s *server) listJobs(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	pg := q.page()
	f := store.JobFilter{State: store.JobState(q.str("state")), Kind: q.str("kind"), Limit: pg.Limit, Offset: pg.Offset}
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Jobs(r.Context(), p, f)
	if err != nil {
		return err
	}
	out := jobsPage{Items: append([]store.Job{}, list...), Total: len(list), Recurring: s.svc.RecurringJobs()}
	return writeJSON(w, http.StatusOK, out)
}

func (s *server) retryJob(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.svc.RetryJob(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, j)
}
