// Package api serves luoshi's JSON API under /api/v1: bearer-token
// authentication, JSON in and out, one error format, and an OpenAPI 3.1
// document describing every route. Every operation goes through the
// service layer, which scopes reads and audits changes; this package only
// translates HTTP to service calls and back.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// Options configure the API surface.
type Options struct {
	Logger  *slog.Logger
	Version string
}

// prefix is where app.go mounts the API.
const prefix = "/api/v1"

// server holds what handlers share. It is complete once New returns and
// never changes afterwards, so handlers may run concurrently.
type server struct {
	svc     *service.Service
	log     *slog.Logger
	version string
	bundle  *i18n.Bundle
	mux     *http.ServeMux
	// patterns are the routes registered in routes.go, in order, so that
	// the OpenAPI document can be checked against them.
	patterns []string
	openapi  []byte
}

// New returns the handler for /api/v1/.
func New(svc *service.Service, opt Options) http.Handler {
	return newServer(svc, opt)
}

func newServer(svc *service.Service, opt Options) *server {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &server{svc: svc, log: opt.Logger, version: opt.Version, bundle: i18n.Default(), mux: http.NewServeMux()}
	s.registerRoutes()
	// The fallback answers in the API's error format instead of the mux's
	// plain-text 404 and 405. It is not a route and is not documented.
	httpx.Handle(s.mux, prefix+"/", http.HandlerFunc(s.noRoute))
	doc, err := buildOpenAPI(s.version)
	if err != nil {
		// The document is built from static tables; failing here is a
		// programming error that the package's tests catch.
		panic(err)
	}
	s.openapi = doc
	return s
}

// access says who may call a route.
type access int

const (
	authenticated  access = iota // a valid bearer token
	public                       // no token (sign-in, the API description)
	passwordChange               // also allowed while the password must be changed
)

// handler is an API endpoint: it writes a response or returns an error
// that the wrapper writes in the one error format. p is nil on public routes.
type handler func(w http.ResponseWriter, r *http.Request, p *service.Principal) error

// route registers one endpoint; routes.go calls it for every route.
func (s *server) route(pattern string, a access, h handler) {
	s.patterns = append(s.patterns, pattern)
	httpx.Handle(s.mux, pattern, s.wrap(a, h))
}

func (s *server) wrap(a access, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *service.Principal
		if a != public {
			var err error
			if p, r, err = s.authenticate(r); err != nil {
				s.fail(w, r, err)
				return
			}
			w.Header().Set("Content-Language", string(i18n.From(r.Context()).Lang))
			if p.Account.MustChangePassword && a != passwordChange {
				s.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: i18n.From(r.Context()).T("api.err.must_change_password")})
				return
			}
		}
		if err := h(w, r, p); err != nil {
			s.fail(w, r, err)
		}
	})
}

// ServeHTTP sets what every response shares (request ID, caching and
// sniffing headers, the caller's language) and recovers from panics.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := requestID(r.Header.Get("X-Request-Id"))
	h := w.Header()
	h.Set("X-Request-Id", id)
	h.Set("X-Content-Type-Options", "nosniff")
	// Responses carry scoped data for one caller: never cache them.
	h.Set("Cache-Control", "no-store")
	pr := s.bundle.Printer(i18n.Match(r.Header.Get("Accept-Language")))
	h.Set("Content-Language", string(pr.Lang))
	ctx := i18n.WithPrinter(context.WithValue(r.Context(), requestIDKey{}, id), pr)
	r = r.WithContext(ctx)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(ctx, "api panic", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			s.writeErrorBody(w, r, http.StatusInternalServerError, errorDetail{Code: string(domain.KindInternal), Message: pr.T("api.err.internal", id)})
		}
	}()
	s.mux.ServeHTTP(w, r)
}

type requestIDKey struct{}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID keeps a caller's (or proxy's) request ID when it is sane, so
// logs can be joined across hops, and makes one otherwise.
func requestID(given string) string {
	if requestIDPattern.MatchString(given) {
		return given
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// authenticate resolves the bearer token. Cookies are never read: the API
// has no ambient credentials and so no CSRF surface.
func (s *server) authenticate(r *http.Request) (*service.Principal, *http.Request, error) {
	ctx := r.Context()
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, r, &domain.Error{Kind: domain.KindUnauthorized, Message: i18n.From(ctx).T("api.err.unauthorized")}
	}
	p, err := s.svc.AuthenticateToken(ctx, strings.TrimSpace(token), httpx.ClientIP(r, false))
	if err != nil {
		return nil, r, err
	}
	// The account's own language beats the browser's.
	if p.Account.Lang != "" {
		r = r.WithContext(i18n.WithPrinter(ctx, s.bundle.Printer(i18n.Match(p.Account.Lang))))
	}
	return p, r, nil
}

// noRoute answers paths under /api/v1 that no route matches: 405 with
// Allow when the path exists for other methods, else 404.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request) {
	pr := i18n.From(r.Context())
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != prefix+"/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeErrorBody(w, r, http.StatusMethodNotAllowed, errorDetail{Code: "method_not_allowed",
			Message: pr.T("api.err.method_not_allowed", r.Method, r.URL.Path)})
		return
	}
	s.writeErrorBody(w, r, http.StatusNotFound, errorDetail{Code: string(domain.KindNotFound),
		Message: pr.T("api.err.no_route", r.Method, r.URL.Path)})
}
