package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/jobs"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/store"
)

// notifier is what the notification service keeps: the name this instance
// claims deliveries under, and the senders' options.
type notifier struct {
	owner string
	opt   notify.Options
	// jobs is the registry RegisterJobs was given, for listing schedules.
	jobs *jobs.Registry
}

// notifier returns the notification service's state, made on first use.
func (s *Service) notifier() *notifier {
	s.ntfOnce.Do(func() { s.ntf = newNotifier(s.cfg) })
	return &s.ntf
}

func newNotifier(cfg Config) notifier {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return notifier{owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b)), opt: notify.Options{Logger: cfg.Logger}}
}

// Notify enqueues notifications inside the caller's write transaction, so
// that they exist exactly when the change they announce commits: each
// reaches the recipient's inbox, and goes out on the channels the
// recipient chose (now, or in the next daily digest). A message whose key
// the recipient already had is dropped: the same event never notifies
// twice. Recipients who left (disabled accounts) get the inbox entry only.
//
// Notifications are not audited on their own: they follow from the change
// the caller audits in the same transaction. A message that fails
// Validate is a programming error and fails the transaction.
//
//	err := s.update(ctx, func(tx *store.Tx) error {
//		… change and audit …
//		to, err := s.UnitRecipients(ctx, unitID)
//		…
//		return s.Notify(ctx, tx, notify.Message{To: to[0], Kind: "case.assigned", Subject: …, Link: "/cases/17", Key: "case:17:assigned"})
//	})
func (s *Service) Notify(ctx context.Context, tx *store.Tx, msgs ...notify.Message) error {
	_, err := s.notifyFresh(ctx, tx, msgs...)
	return err
}

// notifyFresh is Notify returning how many messages were new (not dropped
// as repeats of an event already notified).
func (s *Service) notifyFresh(ctx context.Context, tx *store.Tx, msgs ...notify.Message) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	enabled, err := enabledChannels(ctx, &tx.Reader)
	if err != nil {
		return 0, err
	}
	added := 0
	now := s.Now()
	plans := map[domain.ID]deliveryPlan{}
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return added, err
		}
		plan, ok := plans[m.To]
		if !ok {
			if plan, err = planFor(ctx, &tx.Reader, m.To, enabled); err != nil {
				return added, err
			}
			plans[m.To] = plan
		}
		n := domain.Notification{AccountID: m.To, Kind: m.Kind, Subject: strings.TrimSpace(m.Subject), Body: strings.TrimSpace(m.Body),
			Link: m.Link, Key: m.Key, CreatedAt: now, DigestPending: plan.digest && len(plan.channels) > 0}
		fresh, err := tx.InsertNotification(ctx, &n)
		if err != nil {
			return added, err
		}
		if fresh {
			added++
		}
		s.unread.changed()
		if !fresh || n.DigestPending {
			continue
		}
		for _, ch := range plan.channels {
			d := store.Delivery{AccountID: m.To, NotificationID: n.ID, Channel: ch, Key: "n:" + strconv.FormatInt(n.ID, 10),
				Subject: n.Subject, Body: n.Body, Link: n.Link, RunAt: now, CreatedAt: now}
			if _, err := tx.InsertDelivery(ctx, &d); err != nil {
				return added, err
			}
		}
	}
	return added, nil
}

// deliveryPlan is where a recipient's notifications go besides the inbox.
type deliveryPlan struct {
	channels []domain.Channel
	digest   bool
}

// planFor decides a recipient's channels: their choices among the enabled
// channels (all of them while they made none), e-mail only with an
// address; the log when no channel is enabled at all.
func planFor(ctx context.Context, r *store.Reader, account domain.ID, enabled map[domain.Channel]notify.Config) (deliveryPlan, error) {
	c, err := r.Contact(ctx, account)
	if err != nil {
		return deliveryPlan{}, fmt.Errorf("notify account %d: %w", account, err)
	}
	if !c.Active {
		return deliveryPlan{}, nil
	}
	prefs, saved, err := r.NotifyPrefs(ctx, account)
	if err != nil {
		return deliveryPlan{}, err
	}
	plan := deliveryPlan{digest: saved && prefs.Digest}
	if len(enabled) == 0 {
		plan.channels = []domain.Channel{domain.ChannelLog}
		return plan, nil
	}
	for _, ch := range domain.Channels {
		if _, on := enabled[ch]; !on || (saved && !slices.Contains(prefs.Channels, ch)) {
			continue
		}
		if ch == domain.ChannelEmail && c.Email == "" {
			continue
		}
		plan.channels = append(plan.channels, ch)
	}
	return plan, nil
}

// enabledChannels returns the settings of the channels the sysadmin enabled.
func enabledChannels(ctx context.Context, r *store.Reader) (map[domain.Channel]notify.Config, error) {
	rows, err := r.NotifyChannels(ctx)
	if err != nil {
		return nil, err
	}
	out := map[domain.Channel]notify.Config{}
	for _, row := range rows {
		if !row.Enabled || !row.Channel.Valid() {
			continue
		}
		var c notify.Config
		if err := json.Unmarshal([]byte(row.Config), &c); err != nil {
			return nil, fmt.Errorf("channel %s settings: %w", row.Channel, err)
		}
		out[row.Channel] = c
	}
	return out, nil
}

// UnitRecipients returns the active accounts that hold one of roles
// (default: liaison and unit head) on a unit: those granted on the unit
// itself or, when nobody is, on its nearest ancestor that has some (a
// community without its own liaison is served by its street's).
func (s *Service) UnitRecipients(ctx context.Context, unitID domain.ID, roles ...domain.Role) ([]domain.ID, error) {
	if len(roles) == 0 {
		roles = []domain.Role{domain.RoleLiaison, domain.RoleUnitHead}
	}
	return s.nearestHolders(ctx, unitID, roles)
}

// OfficeRecipients returns the active office accounts whose scope covers
// a unit, nearest first: a street's own office if it has one, else the
// district office.
func (s *Service) OfficeRecipients(ctx context.Context, unitID domain.ID) ([]domain.ID, error) {
	return s.nearestHolders(ctx, unitID, []domain.Role{domain.RoleOffice})
}

// nearestHolders walks from a unit up to the root (and then to grants on
// the whole tree) and returns the holders of roles at the first level that
// has any.
func (s *Service) nearestHolders(ctx context.Context, unitID domain.ID, roles []domain.Role) ([]domain.ID, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if m.Unit(unitID) == nil {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.unit"))
	}
	holders, err := s.db.Read().GrantHolders(ctx, roles...)
	if err != nil {
		return nil, err
	}
	byUnit := map[domain.ID][]domain.ID{}
	for _, h := range holders {
		byUnit[h.UnitID] = append(byUnit[h.UnitID], h.AccountID)
	}
	for u := m.Unit(unitID); ; u = u.Parent {
		id := domain.ID(0)
		if u != nil {
			id = u.ID
		}
		if ids := byUnit[id]; len(ids) > 0 {
			slices.Sort(ids)
			return slices.Compact(ids), nil
		}
		if u == nil {
			return nil, nil
		}
	}
}
