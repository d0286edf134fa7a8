// Who the case workflow and the escalation sweep notify, in their own
// language, and notifications in bulk for the sweep.

package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// recipients resolves units, offices and people to accounts with the
// grants loaded once (the sweep asks for the same units many times), by
// the same rule as UnitRecipients and OfficeRecipients: the holders on the
// unit, or on its nearest ancestor that has some.
type recipients struct {
	m       *readmodel.Model
	units   map[domain.ID][]domain.ID // liaisons and heads by unit (0: the whole tree)
	offices map[domain.ID][]domain.ID
	people  map[domain.ID][]domain.ID
	langs   map[domain.ID]string
	cache   map[[2]domain.ID][]domain.ID
	// plans caches each recipient's channels for notifyMany.
	plans    map[domain.ID]deliveryPlan
	r        *store.Reader
	ctx      context.Context
	bundle   *i18n.Bundle
	printers map[i18n.Lang]*i18n.Printer
}

func (s *Service) newRecipients(ctx context.Context) (*recipients, error) {
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	holders, err := r.GrantHolders(ctx, domain.RoleLiaison, domain.RoleUnitHead, domain.RoleOffice)
	if err != nil {
		return nil, err
	}
	langs, err := r.AccountLangs(ctx)
	if err != nil {
		return nil, err
	}
	rc := &recipients{m: m, units: map[domain.ID][]domain.ID{}, offices: map[domain.ID][]domain.ID{}, people: map[domain.ID][]domain.ID{},
		langs: langs, cache: map[[2]domain.ID][]domain.ID{}, plans: map[domain.ID]deliveryPlan{}, r: r,
		bundle: i18n.Default(), printers: map[i18n.Lang]*i18n.Printer{}}
	for _, h := range holders {
		if h.Role == domain.RoleOffice {
			rc.offices[h.UnitID] = append(rc.offices[h.UnitID], h.AccountID)
		} else {
			rc.units[h.UnitID] = append(rc.units[h.UnitID], h.AccountID)
		}
	}
	return rc, nil
}

// nearest walks from a unit up to the whole tree and returns the holders
// at the first level that has any.
func (rc *recipients) nearest(byUnit map[domain.ID][]domain.ID, unitID domain.ID, which domain.ID) []domain.ID {
	key := [2]domain.ID{which, unitID}
	if ids, ok := rc.cache[key]; ok {
		return ids
	}
	var out []domain.ID
	u := rc.m.Unit(unitID)
	if u != nil {
		for ; ; u = u.Parent {
			id := domain.ID(0)
			if u != nil {
				id = u.ID
			}
			if ids := byUnit[id]; len(ids) > 0 {
				out = slices.Compact(slices.Sorted(slices.Values(ids)))
				break
			}
			if u == nil {
				break
			}
		}
	}
	rc.cache[key] = out
	return out
}

// unit returns the liaisons and heads of a unit.
func (rc *recipients) unit(id domain.ID) []domain.ID {
	return slices.Clone(rc.nearest(rc.units, id, 1))
}

// office returns the offices covering a unit, nearest first.
func (rc *recipients) office(id domain.ID) []domain.ID {
	return slices.Clone(rc.nearest(rc.offices, id, 2))
}

// loadPeople looks up the active accounts of people (cases' leaders)
// before person is asked about them.
func (rc *recipients) loadPeople(ctx context.Context, ids []domain.ID) error {
	var missing []domain.ID
	for _, id := range dedupeIDs(ids) {
		if _, ok := rc.people[id]; !ok && id != 0 {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	got, err := rc.r.PersonAccounts(ctx, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		rc.people[id] = got[id]
	}
	return nil
}

// person returns a person's active accounts (loaded by loadPeople).
func (rc *recipients) person(id domain.ID) []domain.ID { return rc.people[id] }

// printer returns the message printer in an account's language.
func (rc *recipients) printer(acct domain.ID) *i18n.Printer {
	l := i18n.Match(rc.langs[acct])
	p, ok := rc.printers[l]
	if !ok {
		p = rc.bundle.Printer(l)
		rc.printers[l] = p
	}
	return p
}

// notifyMany enqueues many notifications inside the caller's write
// transaction in a few statements, with the same rules as Notify: one per
// recipient and key, the recipient's channels (or the digest), deliveries
// for those stored. plans caches recipients' channels across calls. It
// returns how many notifications were stored.
func (s *Service) notifyMany(ctx context.Context, tx *store.Tx, plans map[domain.ID]deliveryPlan, msgs []notify.Message) (int, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	enabled, err := enabledChannels(ctx, &tx.Reader)
	if err != nil {
		return 0, err
	}
	now := s.Now()
	type key struct {
		to  domain.ID
		key string
	}
	seen := map[key]bool{}
	ns := make([]store.NewNotification, 0, len(msgs))
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return 0, err
		}
		if seen[key{m.To, m.Key}] {
			continue
		}
		seen[key{m.To, m.Key}] = true
		plan, ok := plans[m.To]
		if !ok {
			if plan, err = planFor(ctx, &tx.Reader, m.To, enabled); err != nil {
				return 0, err
			}
			plans[m.To] = plan
		}
		ns = append(ns, store.NewNotification{Notification: domain.Notification{AccountID: m.To, Kind: m.Kind, Subject: strings.TrimSpace(m.Subject),
			Body: strings.TrimSpace(m.Body), Link: m.Link, Key: m.Key, CreatedAt: now, DigestPending: plan.digest && len(plan.channels) > 0}})
	}
	if err := tx.InsertNotifications(ctx, ns); err != nil {
		return 0, err
	}
	var ds []store.Delivery
	stored := 0
	for _, n := range ns {
		if !n.Fresh {
			continue
		}
		stored++
		if n.DigestPending {
			continue
		}
		for _, ch := range plans[n.AccountID].channels {
			ds = append(ds, store.Delivery{AccountID: n.AccountID, NotificationID: n.ID, Channel: ch, Key: "n:" + strconv.FormatInt(n.ID, 10),
				Subject: n.Subject, Body: n.Body, Link: n.Link, RunAt: now, CreatedAt: now})
		}
	}
	return stored, tx.InsertDeliveries(ctx, ds)
}

// clipTitle shortens a case title for a message subject.
func clipTitle(s string) string {
	const n = 60
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
