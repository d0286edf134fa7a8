package service

import (
	"context"
	"encoding/json"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// The system admin configures the channels. Secrets (the SMTP password, a
// robot's webhook with its token, a signing secret) are written, never
// read back: views and audit records say only whether each is set.

// ChannelView is a channel's settings as the sysadmin sees them.
type ChannelView struct {
	Channel  domain.Channel `json:"channel"`
	Enabled  bool           `json:"enabled"`
	Host     string         `json:"host,omitempty"`
	Port     int            `json:"port,omitempty"`
	Security string         `json:"security,omitempty"`
	Username string         `json:"username,omitempty"`
	From     string         `json:"from,omitempty"`
	// WebhookHint names the webhook's host only.
	WebhookHint string    `json:"webhook_hint,omitempty"`
	PasswordSet bool      `json:"password_set"`
	WebhookSet  bool      `json:"webhook_set"`
	SecretSet   bool      `json:"secret_set"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// ChannelInput changes a channel's settings. A secret left empty keeps
// the stored one; Clear names secrets to remove ("password", "secret").
type ChannelInput struct {
	Enabled  bool     `json:"enabled"`
	Host     string   `json:"host,omitempty"`
	Port     int      `json:"port,omitempty"`
	Security string   `json:"security,omitempty"`
	Username string   `json:"username,omitempty"`
	Password string   `json:"password,omitempty"`
	From     string   `json:"from,omitempty"`
	Webhook  string   `json:"webhook,omitempty"`
	Secret   string   `json:"secret,omitempty"`
	Clear    []string `json:"clear,omitempty"`
}

// NotifyAdminView is everything on the sysadmin's notification page.
type NotifyAdminView struct {
	NotifySettings
	Channels []ChannelView `json:"channels"`
}

func channelView(ch domain.Channel, row *store.ChannelRow, c notify.Config) ChannelView {
	pub, sec := c.Public(), c.Secrets()
	v := ChannelView{Channel: ch, Host: pub.Host, Port: pub.Port, Security: pub.Security, Username: pub.Username, From: pub.From,
		WebhookHint: pub.Webhook, PasswordSet: sec["password"], WebhookSet: sec["webhook"], SecretSet: sec["secret"]}
	if row != nil {
		v.Enabled, v.UpdatedAt = row.Enabled, row.UpdatedAt
	}
	return v
}

// storedChannels returns every configurable channel's stored settings
// (zero for those never saved).
func storedChannels(ctx context.Context, r *store.Reader) (map[domain.Channel]*store.ChannelRow, map[domain.Channel]notify.Config, error) {
	rows, err := r.NotifyChannels(ctx)
	if err != nil {
		return nil, nil, err
	}
	byCh, cfgs := map[domain.Channel]*store.ChannelRow{}, map[domain.Channel]notify.Config{}
	for i := range rows {
		var c notify.Config
		if err := json.Unmarshal([]byte(rows[i].Config), &c); err != nil {
			return nil, nil, err
		}
		byCh[rows[i].Channel], cfgs[rows[i].Channel] = &rows[i], c
	}
	return byCh, cfgs, nil
}

// NotifyAdmin returns the notification settings (system admin).
func (s *Service) NotifyAdmin(ctx context.Context, p *Principal) (*NotifyAdminView, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	set, err := s.notifySettings(ctx)
	if err != nil {
		return nil, err
	}
	rows, cfgs, err := storedChannels(ctx, s.db.Read())
	if err != nil {
		return nil, err
	}
	v := &NotifyAdminView{NotifySettings: set}
	for _, ch := range domain.Channels {
		v.Channels = append(v.Channels, channelView(ch, rows[ch], cfgs[ch]))
	}
	return v, nil
}

// SetNotifySettings changes the digest hour and the site address (system admin).
func (s *Service) SetNotifySettings(ctx context.Context, p *Principal, in NotifySettings) (*NotifyAdminView, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	if in.DigestHour < 0 || in.DigestHour > 23 {
		return nil, invalid(ctx, "digest_hour", "err.notify.digest_hour")
	}
	in.BaseURL = strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	if in.BaseURL != "" {
		u, err := url.Parse(in.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, invalid(ctx, "base_url", "err.notify.base_url")
		}
	}
	before, err := s.notifySettings(ctx)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if err := tx.PutSetting(ctx, settingDigestHour, strconv.Itoa(in.DigestHour)); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, settingBaseURL, in.BaseURL); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "notify.settings", Entity: "settings", EntityID: "notify", Before: before, After: in})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.NotifyAdmin(ctx, p)
}

// SetChannel saves a channel's settings (system admin). Enabling checks
// that they can work; disabled settings may be incomplete.
func (s *Service) SetChannel(ctx context.Context, p *Principal, ch domain.Channel, in ChannelInput) (*ChannelView, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	if !ch.Valid() {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.channel"))
	}
	for _, name := range in.Clear {
		if name != "password" && name != "secret" && name != "webhook" {
			return nil, invalid(ctx, "clear", "err.invalid_value", "clear")
		}
	}
	var view ChannelView
	err := s.update(ctx, func(tx *store.Tx) error {
		rows, cfgs, err := storedChannels(ctx, &tx.Reader)
		if err != nil {
			return err
		}
		old := cfgs[ch]
		for _, name := range in.Clear {
			switch name {
			case "password":
				old.Password = ""
			case "secret":
				old.Secret = ""
			case "webhook":
				old.Webhook = ""
			}
		}
		c := notify.Config{Host: in.Host, Port: in.Port, Security: in.Security, Username: in.Username, Password: in.Password,
			From: in.From, Webhook: in.Webhook, Secret: in.Secret}.Merge(old).Normalize(ch)
		if in.Enabled {
			if pr := c.Check(ch); pr != nil {
				return invalid(ctx, pr.Field, pr.Key)
			}
		}
		raw, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if err := tx.PutNotifyChannel(ctx, store.ChannelRow{Channel: ch, Enabled: in.Enabled, Config: string(raw)}, s.Now()); err != nil {
			return err
		}
		var before any
		if rows[ch] != nil {
			before = channelView(ch, rows[ch], cfgs[ch])
		}
		view = channelView(ch, &store.ChannelRow{Enabled: in.Enabled, UpdatedAt: s.Now()}, c)
		_, err = s.audit(ctx, tx, p, store.Change{Action: "notify.channel", Entity: "notify_channel", EntityID: string(ch), Before: before, After: view})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &view, nil
}

// TestChannel sends a test message on a channel with its stored settings,
// enabled or not, and says whether it went (system admin): to the address
// given for e-mail (default: the sysadmin's own), to the group for the
// robots. The attempt is audited either way.
func (s *Service) TestChannel(ctx context.Context, p *Principal, ch domain.Channel, to string) error {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return err
	}
	if !ch.Valid() {
		return notFound(ctx, "err.not_found", printer(ctx).T("thing.channel"))
	}
	_, cfgs, err := storedChannels(ctx, s.db.Read())
	if err != nil {
		return err
	}
	c := cfgs[ch].Normalize(ch)
	if pr := c.Check(ch); pr != nil {
		return invalid(ctx, pr.Field, pr.Key)
	}
	rcpt := notify.Recipient{Name: p.Account.DisplayName}
	if ch == domain.ChannelEmail {
		to = strings.TrimSpace(to)
		if to == "" && p.Account.ID != 0 {
			if contact, err := s.db.Read().Contact(ctx, p.Account.ID); err == nil {
				to = contact.Email
			}
		}
		if _, err := mail.ParseAddress(to); err != nil {
			return invalid(ctx, "to", "err.notify.test_to")
		}
		rcpt.Email = to
	}
	snd, err := notify.NewSender(ch, c, s.notifier().opt)
	if err != nil {
		return err
	}
	set, err := s.notifySettings(ctx)
	if err != nil {
		return err
	}
	pr := printer(ctx)
	sctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	serr := snd.Send(sctx, notify.Envelope{To: rcpt, Subject: pr.T("notify.test.subject"),
		Body: pr.T("notify.test.body", s.Now().In(s.cfg.Location).Format("2006-01-02 15:04")), Link: notify.Absolute(set.BaseURL, "/inbox")})
	result := "sent"
	if serr != nil {
		result = truncate(serr.Error(), 300)
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		_, err := s.audit(ctx, tx, p, store.Change{Action: "notify.channel_test", Entity: "notify_channel", EntityID: string(ch),
			After: map[string]any{"to": rcpt.Email, "result": result}})
		return err
	})
	if err != nil {
		return err
	}
	if serr != nil {
		// The channel's own answer is what the sysadmin needs to fix it;
		// it never carries the secrets (see notify's redaction).
		return &domain.Error{Kind: domain.KindInvalid, Field: "channel", Message: pr.T("err.notify.test_failed", result), Err: serr}
	}
	return nil
}

// DeliveryEntry is a message with its recipient's name, for the sysadmin.
type DeliveryEntry struct {
	store.Delivery
	Recipient string `json:"recipient"`
}

// Deliveries lists messages, newest first (system admin): the failed ones
// are what needs looking at.
func (s *Service) Deliveries(ctx context.Context, p *Principal, f store.DeliveryFilter) ([]DeliveryEntry, error) {
	if err := requireAny(ctx, p, domain.RoleSysAdmin); err != nil {
		return nil, err
	}
	if f.State != "" && !slices.Contains(store.DeliveryStates, f.State) {
		return nil, invalid(ctx, "state", "err.invalid_value", printer(ctx).T("field.status"))
	}
	r := s.db.Read()
	list, err := r.Deliveries(ctx, f)
	if err != nil {
		return nil, err
	}
	names := map[domain.ID]string{}
	out := make([]DeliveryEntry, 0, len(list))
	for _, d := range list {
		name, ok := names[d.AccountID]
		if !ok {
			if c, err := r.Contact(ctx, d.AccountID); err == nil {
				name = c.Name
			}
			names[d.AccountID] = name
		}
		out = append(out, DeliveryEntry{Delivery: d, Recipient: name})
	}
	return out, nil
}

// RetryDelivery sends a failed message again with fresh attempts (system
// admin); it goes out with the next delivery run.
func (s *Service) RetryDelivery(ctx context.Context, p *Principal, id domain.ID) (*store.Delivery, error) {
	return retryFailed(ctx, s, p, id, "delivery", (*store.Tx).Delivery, (*store.Tx).RetryDelivery, func(d store.Delivery) retryView {
		return retryView{failed: d.State == store.DeliveryFailed, state: d.State, attempts: d.Attempts, lastError: d.LastError, runAt: d.RunAt}
	})
}
