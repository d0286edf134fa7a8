package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

//go:embed templates
var templateFS embed.FS

// engine holds one parsed template set per page: the layout, the partials
// and that page's file.
type engine struct {
	pages map[string]*template.Template
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"pct":   formatPct,
		"num":   formatNum,
		"date":  func(d domain.Date) string { return d.String() },
		"join":  func(ss []string) string { return strings.Join(ss, "、") },
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"min":   func(a, b float64) float64 { return math.Min(a, b) },
		"width": barWidth,
		"query": func(kv ...any) template.URL { return template.URL(buildQuery(kv...)) },
		"contains": func(ids []domain.ID, id domain.ID) bool {
			for _, v := range ids {
				if v == id {
					return true
				}
			}
			return false
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"deref_bool": func(p *bool) bool { return p != nil && *p },
		"deref": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
	}
}

func loadEngine() (*engine, error) {
	e := &engine{pages: map[string]*template.Template{}}
	common := []string{"templates/layout.html"}
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	common = append(common, partials...)
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs()).ParseFS(templateFS, append(append([]string{}, common...), p)...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		e.pages[name] = t
	}
	return e, nil
}

// Page is what every template gets.
type Page struct {
	P         *i18n.Printer
	Lang      i18n.Lang
	Title     string
	Nav       string
	Principal *service.Principal
	CSRF      string
	Today     domain.Date
	Version   string
	Flash     string
	Error     string
	// ErrorField is the form field the error is about, for highlighting.
	ErrorField string
	Details    []string
	Data       any
	Path       string
	// Content is a pre-rendered (cached) "content" block.
	Content template.HTML
	// Body is a pre-rendered (cached) "content" block as bytes, written as
	// it is: a shared body turned into a string would be copied on every
	// request, and an inbox body is a hundred kilobytes.
	Body []byte
	// CalendarMissing are the years the working-day calendar should cover
	// by today but does not: the layout warns the system admin and the
	// office (and everyone on the calendar page) until they are filled in.
	CalendarMissing []int
	// Unread is the viewer's unread notifications, shown in every page's menu.
	Unread int
}

// T translates a catalog key.
func (p *Page) T(key string, args ...any) string { return p.P.T(key, args...) }

// StatusLabel names a status in the page's language.
func (p *Page) StatusLabel(s domain.Status) string { return p.P.T("status." + string(s)) }

// Has reports whether the viewer holds a role.
func (p *Page) Has(role string) bool {
	return p.Principal != nil && p.Principal.Has(domain.Role(role))
}

// Langs lists the languages for the switcher.
func (p *Page) Langs() []i18n.Lang { return i18n.Langs }

// render writes page name with status code.
func (h *handler) render(w http.ResponseWriter, r *http.Request, code int, name string, pg *Page) {
	t, ok := h.engine.pages[name]
	if !ok {
		h.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	h.fillPage(r, pg)
	pg.Unread = h.unread(r, pg.Principal)
	// A cached body is not passed through the template engine again: the
	// layout is rendered around a marker and the body written in its place.
	content := pg.Content
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if content == "" && pg.Body == nil {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, "layout", pg); err != nil {
			h.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		w.WriteHeader(code)
		w.Write(buf.Bytes())
		return
	}
	before, after, err := h.layoutAround(t, name, pg)
	if err != nil {
		h.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(before)+len(content)+len(pg.Body)+len(after)))
	w.WriteHeader(code)
	w.Write(before)
	if pg.Body != nil {
		w.Write(pg.Body)
	} else {
		io.WriteString(w, string(content))
	}
	w.Write(after)
}

// layoutAround renders the layout of a page whose body is cached and
// returns what goes before and after the body. Without a message to show,
// the layout depends only on the session, the page and the day, so it is
// cached too.
func (h *handler) layoutAround(t *template.Template, name string, pg *Page) ([]byte, []byte, error) {
	key := ""
	if pg.Flash == "" && pg.Error == "" && pg.CSRF != "" {
		key = strings.Join([]string{"layout", pg.CSRF, name, pg.Title, pg.Nav, string(pg.Lang), pg.Today.String(), fmt.Sprint(pg.CalendarMissing), strconv.Itoa(pg.Unread)}, "|")
		if v, ok := h.cache.get(key); ok {
			before, after, _ := bytes.Cut(v, []byte(contentMark))
			return before, after, nil
		}
	}
	pg.Content = contentMark
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pg); err != nil {
		return nil, nil, err
	}
	if key != "" {
		h.cache.put(key, buf.Bytes())
	}
	before, after, _ := bytes.Cut(buf.Bytes(), []byte(contentMark))
	return before, after, nil
}

// contentMark stands for a cached body while the layout is rendered.
const contentMark template.HTML = "\x00luoshi-content\x00"

// renderContent renders only a page's "content" block, for pages whose
// body is cached and shared between viewers with the same scope; the layout
// (with the viewer's name and CSRF token) is rendered per request.
func (h *handler) renderContent(r *http.Request, name string, pg *Page) ([]byte, error) {
	t, ok := h.engine.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	h.fillPage(r, pg)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "content", pg); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

func (h *handler) fillPage(r *http.Request, pg *Page) {
	rc := reqCtx(r)
	pg.P = rc.p
	pg.Lang = rc.p.Lang
	if pg.Principal == nil {
		pg.Principal = rc.principal
	}
	pg.CSRF = rc.csrf
	pg.Today = h.svc.Today()
	pg.Version = h.opt.Version
	pg.Path = r.URL.Path
	if pg.Flash == "" {
		pg.Flash = flashFrom(r)
	}
	h.fillCalendarWarning(r, pg)
}

// barWidth is a percent clamped to 0–100 for a CSS width.
func barWidth(v float64) string {
	return strconv.FormatFloat(math.Max(0, math.Min(100, v)), 'f', 1, 64)
}

func formatPct(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + "%"
}

func formatNum(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// buildQuery makes "a=1&b=2" from pairs, skipping empty values.
func buildQuery(kv ...any) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v := fmt.Sprint(kv[i+1])
		if v == "" || v == "0" {
			continue
		}
		q.Set(fmt.Sprint(kv[i]), v)
	}
	return q.Encode()
}

// flash messages travel in a short-lived cookie across the redirect after a POST.
const flashCookie = "luoshi_flash"

func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 30, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func flashFrom(r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	v, _ := url.QueryUnescape(c.Value)
	return v
}

func clearFlash(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(flashCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0)})
	}
}
