package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
)

// errorView is the one error format: {"error":{"code":…,"message":…}}.
type errorView struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	// Code is the error kind (invalid, not_found, forbidden, …).
	Code string `json:"code"`
	// Message is in the caller's language and safe to show.
	Message string `json:"message"`
	// Field names the offending input field or query parameter.
	Field   string   `json:"field,omitempty"`
	Details []string `json:"details,omitempty"`
	// RequestID joins the response to the server's log.
	RequestID string `json:"request_id"`
}

// list is the shape of every listing.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// listOf wraps items whose count is the total (lists that are not paged).
func listOf[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: len(items)}
}

// writeJSON encodes v before touching the response, so that an encoding
// failure can still become a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The status contract is shared with `luoshi status --json`, which does
	// not escape HTML either; nosniff and the JSON type keep browsers safe.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// A failed write means the client went away: nothing more can be sent.
	w.Write(buf.Bytes())
	return nil
}

// created writes 201 with a Location header.
func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	return writeJSON(w, http.StatusCreated, v)
}

// noContent writes 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// notFound says that a thing (a "thing.*" catalog key) is missing or out
// of the caller's scope, in the service's words.
func notFound(ctx context.Context, thingKey string) error {
	pr := i18n.From(ctx)
	return &domain.Error{Kind: domain.KindNotFound, Message: pr.T("err.not_found", pr.T(thingKey))}
}

// fail writes err in the error format with the status httpx.StatusFor gives
// it. Internal errors are logged with the request ID and shown only as a
// generic message: users never see their text.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	pr := i18n.From(ctx)
	id := requestIDOf(ctx)
	status := httpx.StatusFor(err)
	kind := domain.ErrorKind(err)
	if status < 400 {
		// An error without a kind must not pass for a success.
		kind, status = domain.KindInternal, http.StatusInternalServerError
	}
	d := errorDetail{Code: string(kind), RequestID: id}
	if kind == domain.KindInternal {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) {
			level = slog.LevelWarn // the caller hung up
		}
		s.log.Log(ctx, level, "api request failed", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		d.Message = pr.T("api.err.internal", id)
	} else {
		var de *domain.Error
		errors.As(err, &de)
		d.Message, d.Field, d.Details = de.Message, de.Field, de.Details
	}
	if status == http.StatusUnauthorized {
		challenge := `Bearer realm="luoshi"`
		if r.Header.Get("Authorization") != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	s.writeErrorBody(w, r, status, d)
}

func (s *server) writeErrorBody(w http.ResponseWriter, r *http.Request, status int, d errorDetail) {
	if d.RequestID == "" {
		d.RequestID = requestIDOf(r.Context())
	}
	// Partial headers from a handler (Location, Content-Disposition) must
	// not leak onto an error.
	w.Header().Del("Location")
	w.Header().Del("Content-Disposition")
	if err := writeJSON(w, status, errorView{Error: d}); err != nil {
		s.log.Error("write api error", "err", err)
	}
}
