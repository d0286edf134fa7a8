package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// Job kinds of the notification service.
const (
	JobDeliver      = "notify.deliver"
	JobDigest       = "notify.digest"
	JobPruneDeliver = "notify.prune"
)

// RegisterJobs registers the service's background jobs: sending due
// messages every minute, the daily digests (looked at every hour, built at
// the configured one) and pruning sent messages.
func (s *Service) RegisterJobs(reg *jobs.Registry) {
	s.notifier().jobs = reg
	reg.Recurring(JobDeliver, jobs.Every(time.Minute), func(ctx context.Context, _ *store.Job, now time.Time) error {
		_, err := s.DeliverDue(ctx, now)
		return err
	})
	reg.Recurring(JobDigest, jobs.Every(time.Hour), func(ctx context.Context, j *store.Job, now time.Time) error {
		set, err := s.notifySettings(ctx)
		if err != nil {
			return err
		}
		if j.RunAt.In(s.cfg.Location).Hour() != set.DigestHour {
			return nil
		}
		if _, err := s.BuildDigests(ctx, j.RunAt, now); err != nil {
			return err
		}
		_, err = s.DeliverDue(ctx, now)
		return err
	})
	reg.Recurring(JobPruneDeliver, jobs.Daily(4, 0), func(ctx context.Context, _ *store.Job, now time.Time) error {
		return s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			_, err := tx.PruneDeliveries(ctx, now.Add(-keepSent))
			return err
		})
	})
	// The case workflow: the escalation sweep and signing reminders.
	s.registerCaseJobs(reg)
}

// RecurringJobs lists the program's recurring jobs and their schedules.
func (s *Service) RecurringJobs() []jobs.RecurringJob {
	if reg := s.notifier().jobs; reg != nil {
		return reg.RecurringJobs()
	}
	return []jobs.RecurringJob{}
}

// Delivery bookkeeping.
const (
	// maxSendAttempts is how often a message is tried before it fails.
	maxSendAttempts = 5
	// sendLease is how long a claimed message belongs to an instance;
	// sendTimeout bounds one attempt within it.
	sendLease   = 2 * time.Minute
	sendTimeout = 30 * time.Second
	// maxPerDeliver bounds the messages one run sends (the rest wait for
	// the next minute).
	maxPerDeliver = 500
	// keepSent is how long sent messages stay listed.
	keepSent = 30 * 24 * time.Hour
)

// DeliveryReport counts what DeliverDue did.
type DeliveryReport struct {
	Sent        int `json:"sent"`
	Retried     int `json:"retried"`
	Failed      int `json:"failed"`
	Interrupted int `json:"interrupted"`
}

// interruptedReason is stored with messages whose instance stopped while
// sending them.
const interruptedReason = "interrupted while sending (the instance stopped); not sent again automatically, as it may have gone out"

// DeliverDue sends every message due at now, one at a time: each is
// claimed before it is sent and marked sent, retried later with back-off,
// or failed after its last attempt. Messages whose sender died mid-send
// are marked failed for a sysadmin to look at, never resent on their own.
func (s *Service) DeliverDue(ctx context.Context, now time.Time) (DeliveryReport, error) {
	var rep DeliveryReport
	due, err := s.db.Read().HasDueDelivery(ctx, now)
	if err != nil || !due {
		return rep, err
	}
	err = s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
		n, err := tx.FailInterrupted(ctx, interruptedReason, now)
		rep.Interrupted = int(n)
		return err
	})
	if err != nil {
		return rep, err
	}
	if rep.Interrupted > 0 {
		s.cfg.Logger.Warn("deliveries interrupted while sending marked failed", "count", rep.Interrupted)
	}
	enabled, err := enabledChannels(ctx, s.db.Read())
	if err != nil {
		return rep, err
	}
	set, err := s.notifySettings(ctx)
	if err != nil {
		return rep, err
	}
	ntf := s.notifier()
	senders := map[domain.Channel]notify.Sender{}
	for range maxPerDeliver {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		var d *store.Delivery
		err := s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			var err error
			d, err = tx.ClaimDelivery(ctx, ntf.owner, now, now.Add(sendLease))
			return err
		})
		if err != nil {
			return rep, fmt.Errorf("claim delivery: %w", err)
		}
		if d == nil {
			break
		}
		serr := s.send(ctx, d, enabled, senders, set.BaseURL)
		state, msg, retry := store.DeliverySent, "", time.Time{}
		switch {
		case serr == nil:
			rep.Sent++
		case !jobs.IsPermanent(serr) && d.Attempts < maxSendAttempts:
			state, msg, retry = store.DeliveryPending, truncate(serr.Error(), 1000), now.Add(jobs.Backoff(d.Attempts))
			rep.Retried++
		default:
			state, msg = store.DeliveryFailed, truncate(serr.Error(), 1000)
			rep.Failed++
		}
		if serr != nil {
			s.cfg.Logger.Warn("delivery failed", "id", d.ID, "channel", d.Channel, "attempt", d.Attempts, "state", state, "err", serr)
		}
		err = s.db.UpdateUnaudited(context.WithoutCancel(ctx), func(tx *store.Tx) error {
			return tx.FinishDelivery(ctx, d.ID, ntf.owner, state, msg, retry, now)
		})
		if err != nil && !errors.Is(err, store.ErrLeaseLost) {
			return rep, err
		}
	}
	return rep, nil
}

// send sends one message on its channel.
func (s *Service) send(ctx context.Context, d *store.Delivery, enabled map[domain.Channel]notify.Config, senders map[domain.Channel]notify.Sender, base string) error {
	snd, ok := senders[d.Channel]
	if !ok {
		cfg, on := enabled[d.Channel]
		if !on && d.Channel != domain.ChannelLog {
			return jobs.Permanent(fmt.Errorf("channel %s is not enabled", d.Channel))
		}
		var err error
		if snd, err = notify.NewSender(d.Channel, cfg, s.notifier().opt); err != nil {
			return jobs.Permanent(err)
		}
		senders[d.Channel] = snd
	}
	c, err := s.db.Read().Contact(ctx, d.AccountID)
	if err != nil {
		return err
	}
	if d.Channel == domain.ChannelEmail && c.Email == "" {
		return jobs.Permanent(errors.New("the recipient has no e-mail address"))
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	return snd.Send(ctx, notify.Envelope{To: notify.Recipient{Name: c.Name, Email: c.Email, Phone: c.Phone},
		Subject: d.Subject, Body: d.Body, Link: notify.Absolute(base, d.Link)})
}

// BuildDigests gathers, for every recipient who chose a daily digest, the
// notifications waiting up to slot into one message per channel, keyed by
// the slot's date so that a day is digested once. It returns how many
// recipients got one.
func (s *Service) BuildDigests(ctx context.Context, slot, now time.Time) (int, error) {
	accounts, err := s.db.Read().DigestAccounts(ctx, slot)
	if err != nil || len(accounts) == 0 {
		return 0, err
	}
	set, err := s.notifySettings(ctx)
	if err != nil {
		return 0, err
	}
	day := slot.In(s.cfg.Location).Format("2006-01-02")
	done := 0
	for _, account := range accounts {
		err := s.db.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			items, err := tx.PendingDigest(ctx, account, slot)
			if err != nil || len(items) == 0 {
				return err
			}
			enabled, err := enabledChannels(ctx, &tx.Reader)
			if err != nil {
				return err
			}
			plan, err := planFor(ctx, &tx.Reader, account, enabled)
			if err != nil {
				return err
			}
			c, err := tx.Contact(ctx, account)
			if err != nil {
				return err
			}
			subject, body := notify.Digest(i18n.Default().Printer(i18n.Match(c.Lang)), day, items, set.BaseURL, s.cfg.Location)
			fresh := false
			for _, ch := range plan.channels {
				d := store.Delivery{AccountID: account, Channel: ch, Key: "digest:" + day, Subject: subject, Body: body, Link: "/inbox",
					RunAt: now, CreatedAt: now}
				ok, err := tx.InsertDelivery(ctx, &d)
				if err != nil {
					return err
				}
				fresh = fresh || ok
			}
			// Already digested today (the hour was changed): what is left
			// waits for tomorrow's.
			if len(plan.channels) > 0 && !fresh {
				return nil
			}
			ids := make([]domain.ID, len(items))
			for i, n := range items {
				ids[i] = n.ID
			}
			if fresh {
				done++
			}
			return tx.ClearDigestPending(ctx, ids)
		})
		if err != nil {
			return done, fmt.Errorf("digest of account %d: %w", account, err)
		}
	}
	return done, nil
}

// NotifySettings are the sysadmin's general notification settings.
type NotifySettings struct {
	// DigestHour is the hour (0–23, the deployment's time zone) at which
	// daily digests are sent.
	DigestHour int `json:"digest_hour"`
	// BaseURL is the site's address as users reach it, to make links in
	// mail and chat messages absolute ("https://luoshi.example.gov.cn").
	BaseURL string `json:"base_url"`
}

const (
	settingDigestHour = "notify.digest_hour"
	settingBaseURL    = "notify.base_url"
	defaultDigestHour = 8
)

func (s *Service) notifySettings(ctx context.Context) (NotifySettings, error) {
	r := s.db.Read()
	set := NotifySettings{DigestHour: defaultDigestHour}
	h, err := r.Setting(ctx, settingDigestHour)
	if err != nil {
		return set, err
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 && n <= 23 {
		set.DigestHour = n
	}
	set.BaseURL, err = r.Setting(ctx, settingBaseURL)
	return set, err
}
