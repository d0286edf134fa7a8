package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

const (
	sessionCookie = "luoshi_session"
	langCookie    = "luoshi_lang"
)

// requestCtx is what the middleware learns about a request.
type requestCtx struct {
	p         *i18n.Printer
	principal *service.Principal
	csrf      string
	token     string
}

type rcKey struct{}

func reqCtx(r *http.Request) *requestCtx {
	if rc, ok := r.Context().Value(rcKey{}).(*requestCtx); ok {
		return rc
	}
	return &requestCtx{p: i18n.Default().Printer(i18n.ZhHans)}
}

// securityHeaders sets the headers every page carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// session resolves the session cookie and the language, and puts both in
// the request context. It never rejects: pages decide with requireLogin.
func (h *handler) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := &requestCtx{}
		lang := ""
		if c, err := r.Cookie(langCookie); err == nil {
			lang = c.Value
		}
		base := r.Context()
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// One read of the audit head serves the session check and the read model.
			heads, err := h.svc.Heads(base)
			if err != nil {
				h.serverError(w, r, err)
				return
			}
			base = service.WithHeads(base, heads)
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			ctx := i18n.WithPrinter(base, i18n.Default().Printer(pageLang(lang, r.Header.Get("Accept-Language"))))
			sess, err := h.svc.Authenticate(ctx, c.Value, httpx.ClientIP(r, false))
			if err == nil {
				rc.principal, rc.csrf, rc.token = sess.Principal, sess.CSRF, c.Value
				if lang == "" {
					lang = sess.Principal.Account.Lang
				}
			} else if domain.ErrorKind(err) == domain.KindInternal {
				h.serverError(w, r, err)
				return
			} else {
				// Expired or unknown: forget the cookie, and say why on the login page.
				h.clearSession(w)
				if domain.ErrorKind(err) == domain.KindUnauthorized && r.Method == http.MethodGet {
					setFlash(w, domain.ErrorMessage(err))
				}
			}
		}
		rc.p = i18n.Default().Printer(pageLang(lang, r.Header.Get("Accept-Language")))
		ctx := context.WithValue(base, rcKey{}, rc)
		ctx = i18n.WithPrinter(ctx, rc.p)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// page wraps a handler that needs a logged-in user; unsafe methods must also
// carry the session's CSRF token. Their body may hold a form without files.
func (h *handler) page(fn func(w http.ResponseWriter, r *http.Request, p *service.Principal)) http.Handler {
	return h.pageWithin(formLimit, fn)
}

// bodyLimit gives the most a request body may hold and what to tell a user
// whose body holds more.
type bodyLimit func(h *handler, pr *i18n.Printer) (max int64, tooLarge string)

// formLimit bounds forms without files: far above the longest text a form
// takes, far below what would cost the server.
func formLimit(_ *handler, pr *i18n.Printer) (int64, string) {
	return 1 << 20, pr.T("web.err.body_too_large", "1 MB")
}

// pageWithin is page for a route whose body has its own limit (uploads).
func (h *handler) pageWithin(limit bodyLimit, fn func(w http.ResponseWriter, r *http.Request, p *service.Principal)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		if rc.principal == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.fail(w, r, &domain.Error{Kind: domain.KindUnauthorized, Message: rc.p.T("err.login_required")})
			return
		}
		if !h.readForm(w, r, limit) {
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !h.csrfOK(r, rc) {
			h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: rc.p.T("web.err.csrf")})
			return
		}
		if rc.principal.Account.MustChangePassword && r.URL.Path != "/password" && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		clearFlash(w, r)
		fn(w, r, rc.principal)
	})
}

// readForm bounds the body of an unsafe request and parses its form under
// that bound, before anything else (the CSRF check first) reads it. An
// oversized body is answered with 413 and a message; readForm then reports
// false.
func (h *handler) readForm(w http.ResponseWriter, r *http.Request, limit bodyLimit) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	pr := reqCtx(r).p
	max, tooLarge := limit(h, pr)
	r.Body = http.MaxBytesReader(w, r.Body, max)
	// ParseMultipartForm hides ParseForm's errors behind ErrNotMultipart,
	// so a plain form is parsed first. Files beyond 8 MB go to temporary
	// files, not memory.
	err := r.ParseForm()
	if err == nil {
		if err = r.ParseMultipartForm(8 << 20); errors.Is(err, http.ErrNotMultipart) {
			err = nil
		}
	}
	if err == nil {
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		h.fail(w, r, &domain.Error{Kind: domain.KindTooLarge, Message: tooLarge})
		return false
	}
	h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("web.err.form")})
	return false
}

func (h *handler) csrfOK(r *http.Request, rc *requestCtx) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.FormValue("csrf")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(rc.csrf)) == 1
}

func (h *handler) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: h.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (h *handler) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// fail shows an error page for a failed request: the user-safe message and
// the status from the one mapping of error kinds.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := httpx.StatusFor(err)
	if code == http.StatusInternalServerError {
		h.serverError(w, r, err)
		return
	}
	if code == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.render(w, r, code, "error", &Page{Title: reqCtx(r).p.T("web.error.title"), Error: domain.ErrorMessage(err), Details: domain.ErrorDetails(err)})
}

// serverError logs the cause and shows a generic page: users never see
// internal error text.
func (h *handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	p := reqCtx(r).p
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("<!doctype html><meta charset=utf-8><title>500</title><p>" + html.EscapeString(p.T("web.error.internal")) + "</p>"))
}

// pageLang picks the page language: an explicit choice (cookie or account
// setting) first; else Traditional Chinese for browsers that ask for it; else
// Simplified Chinese, the product's language, whatever else the browser says.
func pageLang(chosen, acceptLanguage string) i18n.Lang {
	if chosen != "" {
		return i18n.Match(chosen)
	}
	if i18n.Match(acceptLanguage) == i18n.ZhHant {
		return i18n.ZhHant
	}
	return i18n.ZhHans
}
