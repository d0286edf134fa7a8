package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
)

// shownOnForm reports whether err refuses what the user typed, to show on
// the form again; anything else (not found, forbidden, internal) goes to
// the error page.
func shownOnForm(err error) bool {
	k := domain.ErrorKind(err)
	return k != domain.KindInternal && k != domain.KindForbidden && k != domain.KindNotFound
}

// stepDone ends a POST on an item's page: back to back with a flash, or,
// when the step was refused, the page again through show (or the error
// page for what the form cannot show).
func (h *handler) stepDone(w http.ResponseWriter, r *http.Request, err error, back, flashKey string, show func(error)) {
	switch {
	case err == nil:
		redirect(w, r, back, reqCtx(r).p.T(flashKey))
	case shownOnForm(err):
		show(err)
	default:
		h.fail(w, r, err)
	}
}
