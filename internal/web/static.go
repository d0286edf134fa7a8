package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/luoshi/luoshi/internal/i18n"
)

//go:embed static
var staticFS embed.FS

func (h *handler) static(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.PathValue("file"))
	data, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(data)
}

// favicon is a small SVG: a red seal with 落.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b71c1c"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">落</text></svg>`

func (h *handler) favicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write([]byte(favicon))
}

// switchLang stores the chosen language in a cookie and goes back.
func (h *handler) switchLang(w http.ResponseWriter, r *http.Request) {
	l := i18n.Match(r.PathValue("lang"))
	if p := reqCtx(r).principal; p != nil {
		if err := h.svc.SetLanguage(r.Context(), p, string(l)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode,
		Expires: time.Now().Add(365 * 24 * time.Hour)})
	back := "/"
	if ref := r.Header.Get("Referer"); ref != "" {
		if u, err := urlPathOnly(ref); err == nil {
			back = u
		}
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
