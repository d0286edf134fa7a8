package httpx

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
)

// StatusFor is the one place where error kinds become HTTP statuses.
func StatusFor(err error) int {
	switch domain.ErrorKind(err) {
	case "":
		return http.StatusOK
	case domain.KindInvalid:
		return http.StatusUnprocessableEntity
	case domain.KindNotFound:
		return http.StatusNotFound
	case domain.KindConflict:
		return http.StatusConflict
	case domain.KindUnauthorized:
		return http.StatusUnauthorized
	case domain.KindForbidden:
		return http.StatusForbidden
	case domain.KindLocked:
		return http.StatusLocked
	case domain.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}
