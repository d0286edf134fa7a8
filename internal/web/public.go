package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
)

// Public pages need no login and no session: a voter holds a code, not an
// account. Unsafe requests are still bounded (publicLimit) and checked by
// the mux's cross-origin protection; there is no CSRF token because there
// is no session to steal.

// publicLimit bounds a public form: a ballot of a few hundred units.
func publicLimit(_ *handler, pr *i18n.Printer) (int64, string) {
	return 64 << 10, pr.T("web.err.body_too_large", "64 KB")
}

// public wraps a voting page (GET and POST, no login). It differs from
// publicRead, the wrapper of the public results pages, on purpose: a
// voter posts a ballot, so the body is read within publicLimit, and every
// page depends on its code, so it is rendered bare (renderPublic) and never
// stored by anyone. The results pages take no input and are the same for
// every reader, so they are cached; one wrapper for both would have to
// switch on which kind of page it serves.
func (h *handler) public(fn func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.readForm(w, r, publicLimit) {
			return
		}
		fn(w, r)
	})
}

// publicPage is what public templates get: no account, no menu.
type publicPage struct {
	P     *i18n.Printer
	Lang  i18n.Lang
	Title string
	Error string
	// ErrorField is the form field the error is about.
	ErrorField string
	Data       any
}

// T translates a catalog key.
func (p *publicPage) T(key string, args ...any) string { return p.P.T(key, args...) }

// renderPublic writes a public page: template name's "public" block.
func (h *handler) renderPublic(w http.ResponseWriter, r *http.Request, code int, name string, pg *publicPage) {
	t, ok := h.engine.pages[name]
	if !ok {
		h.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	pg.P = reqCtx(r).p
	pg.Lang = pg.P.Lang
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "public", pg); err != nil {
		h.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// publicFail shows a refusal on a public page with its status.
func (h *handler) publicFail(w http.ResponseWriter, r *http.Request, name string, pg *publicPage, err error) {
	code := httpx.StatusFor(err)
	if code == http.StatusInternalServerError {
		h.serverError(w, r, err)
		return
	}
	pg.Error = domain.ErrorMessage(err)
	var de *domain.Error
	if errors.As(err, &de) {
		pg.ErrorField = de.Field
	}
	h.renderPublic(w, r, code, name, pg)
}
