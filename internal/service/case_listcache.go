package service

import (
	"container/list"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// caseLists keeps the listings read at the current audit sequence, so that
// a unit's inbox read again and again (its page, the API, paging through
// the office's listing) is worked out once until something changes. Every
// change to a case, the calendar, the rules or the org tree is audited and
// moves the sequence, which empties the cache; a listing also goes stale
// at midnight and when a signing limit in it passes (CaseList.Until).
type caseLists struct {
	mu    sync.Mutex
	seq   int64
	order *list.List // most recently used first
	byKey map[string]*list.Element
	items int // the cases held, bounded by maxCachedCaseItems
}

// maxCachedCaseItems bounds the cases held by the listing cache (about a
// kilobyte each).
const maxCachedCaseItems = 10000

type cachedCaseList struct {
	key string
	day domain.Date
	l   *CaseList
}

// get returns a copy of the listing kept for key at seq on now's day, if
// it still holds at now.
func (c *caseLists) get(seq int64, key string, now time.Time) (*CaseList, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq || c.byKey == nil {
		return nil, false
	}
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cachedCaseList)
	if e.day != domain.DateOf(now) || (!e.l.Until.IsZero() && !now.Before(e.l.Until)) {
		return nil, false
	}
	c.order.MoveToFront(el)
	cp := *e.l
	return &cp, true
}

// put keeps a copy of l for key, read at seq on now's day; a newer
// sequence empties the cache first, an older one is not kept.
func (c *caseLists) put(seq int64, key string, now time.Time, l *CaseList) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq < c.seq || len(l.Items) > maxCachedCaseItems {
		return
	}
	if seq > c.seq || c.byKey == nil {
		c.seq, c.order, c.byKey, c.items = seq, list.New(), map[string]*list.Element{}, 0
	}
	if el, ok := c.byKey[key]; ok {
		c.items -= len(el.Value.(*cachedCaseList).l.Items)
		c.order.Remove(el)
	}
	cp := *l
	c.byKey[key] = c.order.PushFront(&cachedCaseList{key: key, day: domain.DateOf(now), l: &cp})
	c.items += len(l.Items)
	for c.items > maxCachedCaseItems && c.order.Len() > 1 {
		last := c.order.Back()
		e := last.Value.(*cachedCaseList)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.items -= len(e.l.Items)
	}
}

// caseListKey names a listing by who asks (their account, person and
// grants decide what they read and whose turn it is), what they ask, and
// the units it is for.
func caseListKey(p *Principal, f CaseFilter, units []domain.ID) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t|%d|%d|%t", p.System, p.Account.ID, p.Account.PersonID, units == nil)
	gs := append([]domain.Grant(nil), p.Account.Grants...)
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Role != gs[j].Role {
			return gs[i].Role < gs[j].Role
		}
		return gs[i].UnitID < gs[j].UnitID
	})
	for _, g := range gs {
		fmt.Fprintf(&b, "|%s:%d", g.Role, g.UnitID)
	}
	us := append([]domain.ID(nil), units...)
	sort.Slice(us, func(i, j int) bool { return us[i] < us[j] })
	fmt.Fprintf(&b, "|%v|%+v", us, f)
	return b.String()
}
