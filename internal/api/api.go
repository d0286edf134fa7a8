// Package api serves luoshi's JSON API under /api/v1.
package api

import (
	"log/slog"
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// Options configure the API surface.
type Options struct {
	Logger  *slog.Logger
	Version string
}

// New returns the handler for /api/v1/.
func New(svc *service.Service, opt Options) http.Handler {
	mux := http.NewServeMux()
	return mux
}
