// Package web serves luoshi's server-rendered pages.
package web

import (
	"log/slog"
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// Options configure the web surface.
type Options struct {
	Logger        *slog.Logger
	SecureCookies bool
	Version       string
}

// New returns the handler for every page.
func New(svc *service.Service, opt Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("luoshi")) })
	return mux
}
