package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// pathID reads a numeric path wildcard. Anything else names nothing, so it
// is a 404 like any other missing resource.
func pathID(r *http.Request, name string) (domain.ID, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &domain.Error{Kind: domain.KindNotFound, Message: i18n.From(r.Context()).T("api.err.not_found")}
	}
	return id, nil
}

// params reads query parameters, keeping the first error so that a handler
// can read them all and check once.
type params struct {
	ctx context.Context
	v   url.Values
	err error
}

func query(r *http.Request) *params {
	return &params{ctx: r.Context(), v: r.URL.Query()}
}

func (q *params) bad(name, value string) {
	if q.err == nil {
		q.err = &domain.Error{Kind: domain.KindInvalid, Field: name, Message: i18n.From(q.ctx).T("api.err.param", name, value)}
	}
}

// str returns a trimmed string parameter.
func (q *params) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// id returns a positive ID parameter, 0 when absent.
func (q *params) id(name string) domain.ID {
	s := q.str(name)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		q.bad(name, s)
		return 0
	}
	return id
}

// date returns a YYYY-MM-DD parameter, the zero Date when absent.
func (q *params) date(name string) domain.Date {
	s := q.str(name)
	d, err := domain.ParseDate(s)
	if err != nil && q.err == nil {
		q.err = &domain.Error{Kind: domain.KindInvalid, Field: name, Message: i18n.From(q.ctx).T("api.err.param_date", name, s)}
	}
	return d
}

// intIn returns an integer parameter within [lo, hi], def when absent.
func (q *params) intIn(name string, def, lo, hi int) int {
	s := q.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		if q.err == nil {
			q.err = &domain.Error{Kind: domain.KindInvalid, Field: name, Message: i18n.From(q.ctx).T("err.range", name, lo, hi)}
		}
		return def
	}
	return n
}

// flag returns a boolean parameter: 1/true/yes or 0/false/no (absent is false).
func (q *params) flag(name string) bool {
	switch s := strings.ToLower(q.str(name)); s {
	case "", "0", "false", "no":
		return false
	case "1", "true", "yes":
		return true
	default:
		q.bad(name, s)
		return false
	}
}

// page is a window onto a long list.
type page struct {
	Limit, Offset int
}

// defaultLimit and maxLimit bound paged lists (tasks, audit).
const (
	defaultLimit = 100
	maxLimit     = 1000
)

func (q *params) page() page {
	return page{Limit: q.intIn("limit", defaultLimit, 1, maxLimit), Offset: q.intIn("offset", 0, 0, 1<<30)}
}

// window returns the part of items the page covers.
func window[T any](items []T, pg page) []T {
	if pg.Offset >= len(items) {
		return []T{}
	}
	end := min(pg.Offset+pg.Limit, len(items))
	return items[pg.Offset:end]
}
