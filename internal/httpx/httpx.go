// Package httpx holds small HTTP helpers shared by the web and API surfaces.
package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"
)

type routeKey struct{}

// WithRouteHolder returns a context in which the matched route pattern can
// be recorded by inner muxes, for metrics labelled by route.
func WithRouteHolder(ctx context.Context) (context.Context, *string) {
	var s string
	return context.WithValue(ctx, routeKey{}, &s), &s
}

// SetRoute records the pattern that matched.
func SetRoute(ctx context.Context, pattern string) {
	if p, ok := ctx.Value(routeKey{}).(*string); ok {
		*p = pattern
	}
}

// Handle registers fn on mux and records its pattern when it runs.
func Handle(mux *http.ServeMux, pattern string, h http.Handler) {
	mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRoute(r.Context(), pattern)
		h.ServeHTTP(w, r)
	}))
}

// ClientIP returns the caller's address: the first X-Forwarded-For hop when
// trustProxy is set (behind the office's reverse proxy), else the peer.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
