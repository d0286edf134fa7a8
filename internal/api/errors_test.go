package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/service"
)

// Internal errors reach the log with the request ID, and the caller gets a
// generic message in their language with the same ID, never the error text.
func TestInternalErrorsAreHidden(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(nil, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s.route("GET /api/v1/boom", public, func(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
		return errors.New("pq: password authentication failed for user secret_admin")
	})
	for lang, want := range map[string]string{"": "系统内部错误", "en": "Internal error", "zh-Hant": "系統內部錯誤"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/v1/boom", nil)
		req.Header.Set("Accept-Language", lang)
		req.Header.Set("X-Request-Id", "req-"+lang)
		s.ServeHTTP(rec, req)
		var body errorView
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusInternalServerError || body.Error.Code != "internal" || !strings.Contains(body.Error.Message, want) ||
			!strings.Contains(body.Error.Message, "req-"+lang) || body.Error.RequestID != "req-"+lang {
			t.Errorf("%q: %d %+v", lang, rec.Code, body.Error)
		}
		if strings.Contains(rec.Body.String(), "secret_admin") {
			t.Errorf("the internal error leaked: %s", rec.Body)
		}
		if !strings.Contains(logs.String(), "request_id=req-"+lang) || !strings.Contains(logs.String(), "secret_admin") {
			t.Errorf("the log lacks the request or its error:\n%s", logs.String())
		}
	}
}

// A panicking handler becomes a 500 in the error format and is logged.
func TestPanicsAreRecovered(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(nil, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s.route("GET /api/v1/panic", public, func(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
		var m map[string]int
		m["x"] = 1
		return nil
	})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/panic", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"code":"internal"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "api panic") || strings.Contains(rec.Body.String(), "nil map") {
		t.Errorf("log %s / body %s", logs.String(), rec.Body)
	}
}
