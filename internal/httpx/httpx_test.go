package httpx

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

func TestStatusFor(t *testing.T) {
	cases := map[error]int{
		nil:                                      200,
		domain.Invalid("f", "x"):                 http.StatusUnprocessableEntity,
		domain.NotFound("x"):                     404,
		domain.Forbidden("x"):                    403,
		&domain.Error{Kind: domain.KindConflict}: 409,
		&domain.Error{Kind: domain.KindUnauthorized}: 401,
		&domain.Error{Kind: domain.KindLocked}:       423,
		&domain.Error{Kind: domain.KindTooLarge}:     413,
		errors.New("disk on fire"):                   500,
	}
	for err, want := range cases {
		if got := StatusFor(err); got != want {
			t.Errorf("%v: %d, want %d", err, got, want)
		}
	}
	if domain.ErrorMessage(errors.New("secret detail")) == "secret detail" {
		t.Error("internal error text reaches users")
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("X-Forwarded-For", "1.2.3.4, 10.0.0.1")
	if ClientIP(r, false) != "10.1.2.3" || ClientIP(r, true) != "1.2.3.4" {
		t.Error("client IP")
	}
}
