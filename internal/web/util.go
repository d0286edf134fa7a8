package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
)

// urlPathOnly keeps the path and query of a URL, so redirects never leave the site.
func urlPathOnly(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	p := u.EscapedPath()
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p, nil
}

// safeNext returns a local redirect target from a "next" parameter.
func safeNext(next string) string {
	if next == "" {
		return "/"
	}
	p, err := urlPathOnly(next)
	if err != nil {
		return "/"
	}
	return p
}

// idParam reads a numeric path value.
func idParam(r *http.Request, name string) domain.ID {
	id, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id
}

// formID reads a numeric form or query value (0 when absent or bad).
func formID(r *http.Request, name string) domain.ID {
	id, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return id
}

// formIDs reads every value of a repeated numeric field.
func formIDs(r *http.Request, name string) []domain.ID {
	var out []domain.ID
	for _, v := range r.Form[name] {
		for _, part := range strings.Split(v, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil && id != 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// formFloat reads a number; full-width digits and a trailing % are accepted.
func formFloat(r *http.Request, name string) (float64, bool) {
	v := strings.TrimSpace(r.FormValue(name))
	v = strings.TrimSuffix(strings.TrimSuffix(v, "%"), "％")
	v = strings.Map(func(c rune) rune {
		if c >= '０' && c <= '９' {
			return '0' + (c - '０')
		}
		if c == '．' {
			return '.'
		}
		return c
	}, v)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// formDate reads a YYYY-MM-DD field.
func formDate(r *http.Request, name string) (domain.Date, error) {
	return domain.ParseDate(strings.TrimSpace(r.FormValue(name)))
}

// badDate is the error for an unreadable date field.
func badDate(r *http.Request, field, labelKey string) error {
	p := reqCtx(r).p
	return &domain.Error{Kind: domain.KindInvalid, Field: field, Message: p.T("web.err.date", p.T(labelKey))}
}

// redirect sends the browser on after a POST, with a flash message.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		setFlash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func itoa(id domain.ID) string { return strconv.FormatInt(id, 10) }

// statusOf is the HTTP status of a form error.
func statusOf(err error) int { return httpx.StatusFor(err) }
