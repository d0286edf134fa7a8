package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// The public results pages (公示 and the final list): no login, GET only,
// the same body for everyone (rendered without the session, so nobody's
// name or token is in it), cached in memory by the runs' stamp and by
// browsers and proxies for a minute, with an ETag for revalidation.

// publicMaxAge is how long browsers and proxies may keep a public page
// without asking again.
const publicMaxAge = "public, max-age=60"

// publicRead wraps a handler of a page anyone may read: GET and HEAD only,
// never the login redirect, and rendered as for nobody so that one cached
// body can serve every reader. Voting pages use public instead: they take
// a posted ballot and must never be cached (see public).
func (h *handler) publicRead(fn func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		rc := reqCtx(r)
		anon := &requestCtx{p: rc.p}
		fn(w, r.WithContext(context.WithValue(r.Context(), rcKey{}, anon)))
	})
}

// cachedPublic serves a public page whose body depends only on key: from
// the browser's copy when the ETag matches, else from the page cache, else
// built.
func (h *handler) cachedPublic(w http.ResponseWriter, r *http.Request, key, name string, build func() (string, any, error)) {
	pr := reqCtx(r).p
	key = "public|" + name + "|" + string(pr.Lang) + "|" + h.svc.Today().String() + "|" + key
	sum := sha256.Sum256([]byte(key))
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", publicMaxAge)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// The cached value is the title, a separator and the body.
	cached, err := h.cache.getOrBuild(key, func() ([]byte, error) {
		title, data, err := build()
		if err != nil {
			return nil, err
		}
		body, err := h.renderContent(r, name, &Page{Title: title, Data: data})
		return append([]byte(title+titleSep), body...), err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title, body, _ := strings.Cut(string(cached), titleSep)
	h.render(publicWriter{ResponseWriter: w, etag: etag}, r, http.StatusOK, name, &Page{Title: title, Content: template.HTML(body)})
}

const titleSep = "\x00"

// publicWriter turns render's no-store into a public, revalidated cache
// on a successful page.
type publicWriter struct {
	http.ResponseWriter
	etag string
}

func (w publicWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		w.Header().Set("Cache-Control", publicMaxAge)
		w.Header().Set("ETag", w.etag)
	}
	w.ResponseWriter.WriteHeader(code)
}

type pubPublicList struct {
	Runs []pubRunHead
}

func (h *handler) publicAssessList(w http.ResponseWriter, r *http.Request) {
	pr := reqCtx(r).p
	stamp, err := h.svc.PublicAssessStamp(r.Context(), 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cachedPublic(w, r, stamp, "assess_public_list", func() (string, any, error) {
		runs, err := h.svc.PublicAssessRuns(r.Context(), 0)
		if err != nil {
			return "", nil, err
		}
		d := &pubPublicList{}
		for _, run := range runs {
			d.Runs = append(d.Runs, pubNewRunHead(pr, run, 0))
		}
		return pr.T("assesspub.web.public.title"), d, nil
	})
}

type pubPublicRun struct {
	Head       pubRunHead
	Categories []pubRunCategory
	Honours    pubRunHonours
	Rules      domain.AssessRules
	TieBreak   []string // Rules.TieBreak in words
}

func (h *handler) publicAssessRun(w http.ResponseWriter, r *http.Request) {
	pr := reqCtx(r).p
	id := idParam(r, "id")
	stamp, err := h.svc.PublicAssessStamp(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cachedPublic(w, r, itoa(id)+"|"+stamp, "assess_public", func() (string, any, error) {
		run, err := h.svc.PublicAssessList(r.Context(), id)
		if err != nil {
			return "", nil, err
		}
		return run.SchemeName, &pubPublicRun{Head: pubRunHeadOf(pr, run), Categories: pubRunCategories(pr, run.Result), Honours: pubHonours(run.Result),
			Rules: run.Body.Rules, TieBreak: xlsexport.TieBreakRules(run.Body, pr)}, nil
	})
}

type pubPublicUnit struct {
	Head pubRunHead
	B    pubUnitBreakdown
}

func (h *handler) publicAssessUnit(w http.ResponseWriter, r *http.Request) {
	pr := reqCtx(r).p
	id, unit := idParam(r, "id"), idParam(r, "unit")
	stamp, err := h.svc.PublicAssessStamp(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cachedPublic(w, r, itoa(id)+"|"+itoa(unit)+"|"+stamp, "assess_public_unit", func() (string, any, error) {
		run, u, err := h.svc.PublicAssessUnit(r.Context(), id, unit)
		if err != nil {
			return "", nil, err
		}
		return u.Unit + " · " + run.SchemeName, &pubPublicUnit{Head: pubRunHeadOf(pr, run), B: pubNewBreakdown(pr, u, pubCategorySize(run.Result, u.Category))}, nil
	})
}
