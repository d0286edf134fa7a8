package service

import (
	"context"
	"slices"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// Every account reads only its own inbox: the account comes from the
// session, never from the request, and every query is keyed by it.

// inboxOwner returns the account whose inbox p may read: its own. The
// command-line operator has none.
func inboxOwner(ctx context.Context, p *Principal) (domain.ID, error) {
	if p == nil {
		return 0, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if p.System || p.Account.ID == 0 {
		return 0, &domain.Error{Kind: domain.KindInvalid, Message: printer(ctx).T("err.notify.no_inbox")}
	}
	return p.Account.ID, nil
}

// InboxPage is a page of the caller's inbox.
type InboxPage struct {
	Items  []domain.Notification `json:"items"`
	Total  int                   `json:"total"`
	Unread int                   `json:"unread"`
}

// Inbox lists the caller's notifications, newest first.
func (s *Service) Inbox(ctx context.Context, p *Principal, f store.NotificationFilter) (*InboxPage, error) {
	id, err := inboxOwner(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	out := &InboxPage{}
	if out.Items, err = r.Notifications(ctx, id, f); err != nil {
		return nil, err
	}
	if out.Items == nil {
		out.Items = []domain.Notification{}
	}
	if out.Total, err = r.CountNotifications(ctx, id, f.UnreadOnly); err != nil {
		return nil, err
	}
	if out.Unread, err = r.CountNotifications(ctx, id, true); err != nil {
		return nil, err
	}
	return out, nil
}

// UnreadCount is how many of the caller's notifications are unread: one
// count on a partial index, cheap enough for every page's menu.
func (s *Service) UnreadCount(ctx context.Context, p *Principal) (int, error) {
	if p == nil || p.System || p.Account.ID == 0 {
		return 0, nil
	}
	n, gen, ok := s.unread.get(p.Account.ID)
	if ok {
		return n, nil
	}
	n, err := s.db.Read().CountNotifications(ctx, p.Account.ID, true)
	if err == nil {
		s.unread.put(p.Account.ID, n, gen)
	}
	return n, err
}

// Notification returns one of the caller's notifications.
func (s *Service) Notification(ctx context.Context, p *Principal, id domain.ID) (domain.Notification, error) {
	owner, err := inboxOwner(ctx, p)
	if err != nil {
		return domain.Notification{}, err
	}
	n, err := s.db.Read().Notification(ctx, owner, id)
	return n, fromStore(ctx, err, "thing.notification")
}

// MarkRead marks one of the caller's notifications read; another's is not
// found. Read marks are the reader's own bookkeeping, not a record anyone
// answers for, so they are not audited (the time stays on the row).
func (s *Service) MarkRead(ctx context.Context, p *Principal, id domain.ID) (domain.Notification, error) {
	owner, err := inboxOwner(ctx, p)
	if err != nil {
		return domain.Notification{}, err
	}
	err = s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
		return fromStore(ctx, tx.MarkNotificationRead(ctx, owner, id, s.Now()), "thing.notification")
	})
	s.unread.changed()
	if err != nil {
		return domain.Notification{}, err
	}
	return s.Notification(ctx, p, id)
}

// MarkAllRead marks all the caller's notifications read and returns how
// many were unread.
func (s *Service) MarkAllRead(ctx context.Context, p *Principal) (int, error) {
	owner, err := inboxOwner(ctx, p)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
		n, err = tx.MarkAllNotificationsRead(ctx, owner, s.Now())
		return err
	})
	s.unread.changed()
	return int(n), err
}

// PrefsView is the caller's notification choices with what they can choose from.
type PrefsView struct {
	domain.NotifyPrefs
	// Saved is false while the caller has made no choice: then every
	// enabled channel is used, each notification at once.
	Saved bool `json:"saved"`
	// Available are the channels the sysadmin enabled.
	Available []domain.Channel `json:"available"`
	// HasEmail tells whether the caller's person record has an address.
	HasEmail   bool `json:"has_email"`
	DigestHour int  `json:"digest_hour"`
}

// NotifyPrefs returns the caller's choices.
func (s *Service) NotifyPrefs(ctx context.Context, p *Principal) (*PrefsView, error) {
	owner, err := inboxOwner(ctx, p)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	prefs, saved, err := r.NotifyPrefs(ctx, owner)
	if err != nil {
		return nil, err
	}
	enabled, err := enabledChannels(ctx, r)
	if err != nil {
		return nil, err
	}
	c, err := r.Contact(ctx, owner)
	if err != nil {
		return nil, err
	}
	set, err := s.notifySettings(ctx)
	if err != nil {
		return nil, err
	}
	v := &PrefsView{NotifyPrefs: prefs, Saved: saved, Available: []domain.Channel{}, HasEmail: c.Email != "", DigestHour: set.DigestHour}
	for _, ch := range domain.Channels {
		if _, on := enabled[ch]; on {
			v.Available = append(v.Available, ch)
		}
	}
	if !saved {
		// Show what applies: every enabled channel the caller can receive.
		v.Channels = []domain.Channel{}
		for _, ch := range v.Available {
			if ch != domain.ChannelEmail || v.HasEmail {
				v.Channels = append(v.Channels, ch)
			}
		}
	}
	return v, nil
}

// SetNotifyPrefs saves the caller's choices: channels among those enabled
// (e-mail only with an address on record), at once or as a daily digest.
func (s *Service) SetNotifyPrefs(ctx context.Context, p *Principal, in domain.NotifyPrefs) (*PrefsView, error) {
	owner, err := inboxOwner(ctx, p)
	if err != nil {
		return nil, err
	}
	cur, err := s.NotifyPrefs(ctx, p)
	if err != nil {
		return nil, err
	}
	clean := domain.NotifyPrefs{Channels: []domain.Channel{}, Digest: in.Digest}
	for _, ch := range in.Channels {
		if !slices.Contains(cur.Available, ch) {
			return nil, invalid(ctx, "channels", "err.notify.channel_off", channelName(ctx, ch))
		}
		if ch == domain.ChannelEmail && !cur.HasEmail {
			return nil, invalid(ctx, "channels", "err.notify.no_email")
		}
		if !slices.Contains(clean.Channels, ch) {
			clean.Channels = append(clean.Channels, ch)
		}
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.PutNotifyPrefs(ctx, owner, clean, s.Now()); err != nil {
			return err
		}
		var before any
		if cur.Saved {
			before = cur.NotifyPrefs
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "notify.prefs", Entity: "account", EntityID: owner, Before: before, After: clean})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.NotifyPrefs(ctx, p)
}

// channelName is a channel's name in the caller's language.
func channelName(ctx context.Context, ch domain.Channel) string {
	if key := "channel." + string(ch); printer(ctx).Has(key) {
		return printer(ctx).T(key)
	}
	return string(ch)
}
