package web

import (
	"container/list"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/luoshi/luoshi/internal/service"
)

// pageCache keeps rendered pages keyed by everything they depend on (the
// read model's sequence, the viewer's scope, the date, the language), so
// that a district's leaders refreshing the 作战图 cost one lookup each.
type pageCache struct {
	mu sync.Mutex
	// maxBytes bounds the bodies kept; the least recently used go first.
	maxBytes int
	bytes    int
	order    *list.List
	items    map[string]*list.Element
	// building holds the keys being rendered, so that a crowd of leaders
	// opening the page together waits for one rendering instead of each
	// doing it.
	building map[string]*build
}

// pageKey names a cached page body by everything that changes it: the page
// and its parameters, the data (the read model's sequence seq), what the
// viewer may see and do (scope and roles), the language and the day, which
// decides what "today" means on the page even when as_of is given.
func (h *handler) pageKey(r *http.Request, p *service.Principal, seq int64, page string, params ...any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%d|%s|%s|%s", page, seq, scopeKey(p), reqCtx(r).p.Lang, h.svc.Today())
	for _, v := range params {
		fmt.Fprintf(&b, "|%v", v)
	}
	return b.String()
}

type build struct {
	done chan struct{}
	body []byte
	err  error
}

// getOrBuild returns the cached body for key, or runs fn once for all
// concurrent callers and caches its result.
func (c *pageCache) getOrBuild(key string, fn func() ([]byte, error)) ([]byte, error) {
	return c.getOrBuildUntil(key, time.Time{}, func() ([]byte, time.Time, error) {
		body, err := fn()
		return body, time.Time{}, err
	})
}

// getOrBuildUntil is getOrBuild for a body that goes stale by itself at an
// instant fn returns with it (zero: never), such as a case's signing limit
// passing; a body whose instant is not after now is built again.
func (c *pageCache) getOrBuildUntil(key string, now time.Time, fn func() ([]byte, time.Time, error)) ([]byte, error) {
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		if e := el.Value.(*cacheEntry); e.until.IsZero() || now.Before(e.until) {
			c.order.MoveToFront(el)
			c.mu.Unlock()
			return e.body, nil
		}
	}
	if b, ok := c.building[key]; ok {
		c.mu.Unlock()
		<-b.done
		return b.body, b.err
	}
	b := &build{done: make(chan struct{}), err: errBuildPanicked}
	if c.building == nil {
		c.building = map[string]*build{}
	}
	c.building[key] = b
	c.mu.Unlock()
	// Release the key even if fn panics, or every later request for the
	// page would wait forever; the waiters then get errBuildPanicked.
	defer func() {
		c.mu.Lock()
		delete(c.building, key)
		c.mu.Unlock()
		close(b.done)
	}()
	body, until, err := fn()
	b.body, b.err = body, err
	if err == nil {
		c.putUntil(key, body, until)
	}
	return body, err
}

var errBuildPanicked = errors.New("page rendering panicked")

type cacheEntry struct {
	key  string
	body []byte
	// until is when the body goes stale by itself (zero: never).
	until time.Time
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{maxBytes: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry).body, true
	}
	return nil, false
}

func (c *pageCache) put(key string, body []byte) { c.putUntil(key, body, time.Time{}) }

func (c *pageCache) putUntil(key string, body []byte, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		e := el.Value.(*cacheEntry)
		c.bytes += len(body) - len(e.body)
		e.body, e.until = body, until
		c.order.MoveToFront(el)
	} else {
		c.items[key] = c.order.PushFront(&cacheEntry{key: key, body: body, until: until})
		c.bytes += len(body) + len(key)
	}
	for c.bytes > c.maxBytes && c.order.Len() > 1 {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.items, e.key)
		c.bytes -= len(e.body) + len(e.key)
	}
}
