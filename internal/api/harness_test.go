package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// scenario is one API call and what must come of it. Scenarios of a table
// run in order against one App, so later ones see what earlier ones did;
// values captured from a response are available to later paths, bodies and
// tokens as {{name}}.
type scenario struct {
	name string
	// as is the fixture login whose bearer token is sent; "" sends none.
	as string
	// auth, when set, is sent as the Authorization header instead.
	auth   string
	method string
	path   string
	// body is sent as is when it is a string, JSON-encoded otherwise.
	body any
	// form, when set, is sent as multipart/form-data.
	form   *form
	header map[string]string

	status int
	// contains and absent are substrings of the response body.
	contains []string
	absent   []string
	// json maps a path in the response ("items.0.number",
	// "tasks[number=3].status", "items.#" for a length) to its value.
	json map[string]any
	// headers maps a response header to a substring of its value.
	headers map[string]string
	// unchanged requires that the audit head did not move: a refused
	// request changed nothing.
	unchanged bool
	// capture stores values of the response for later scenarios.
	capture map[string]string
	check   func(t *testing.T, h *harness, res *result)
}

// form is a multipart body.
type form struct {
	fields [][2]string
	files  []formFile
}

type formFile struct {
	field, name, contentType string
	data                     []byte
}

type result struct {
	status int
	header http.Header
	body   []byte
	json   any
}

// get reads a path of the JSON response.
func (r *result) get(t *testing.T, path string) any {
	t.Helper()
	v, ok := lookup(r.json, path)
	if !ok {
		t.Fatalf("response has no %s:\n%s", path, r.body)
	}
	return v
}

// harness runs scenarios against one App.
type harness struct {
	env    *apptest.Env
	client *http.Client
	tokens map[string]string
	vars   map[string]string
	doc    *apiDoc
}

func newHarness(env *apptest.Env) *harness {
	return &harness{env: env, client: &http.Client{}, tokens: map[string]string{}, vars: map[string]string{}}
}

// id formats a fixture ID for paths and bodies.
func id(v int64) string { return strconv.FormatInt(v, 10) }

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

func (h *harness) expand(t *testing.T, s string) string {
	t.Helper()
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		v, ok := h.vars[m[2:len(m)-2]]
		if !ok {
			t.Fatalf("%s has not been captured", m)
		}
		return v
	})
}

// token returns a bearer token for a fixture login, issued by password
// once per App.
func (h *harness) token(t *testing.T, login string) string {
	t.Helper()
	if tok, ok := h.tokens[login]; ok {
		return tok
	}
	res := h.do(t, http.MethodPost, "/api/v1/tokens", "", map[string]string{"login": login, "password": apptest.Password, "name": "test"}, nil, nil)
	if res.status != http.StatusCreated {
		t.Fatalf("token for %s: %d %s", login, res.status, res.body)
	}
	tok := res.get(t, "token").(string)
	h.tokens[login] = tok
	return tok
}

// call sends a request as a fixture login and returns the response.
func (h *harness) call(t *testing.T, as, method, path string, body any) *result {
	t.Helper()
	auth := ""
	if as != "" {
		auth = "Bearer " + h.token(t, as)
	}
	return h.do(t, method, path, auth, body, nil, nil)
}

func (h *harness) do(t *testing.T, method, path, auth string, body any, f *form, header map[string]string) *result {
	t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, contentType = strings.NewReader(h.expand(t, b)), "application/json"
	case []byte:
		rd, contentType = bytes.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, contentType = bytes.NewReader(raw), "application/json"
	}
	if f != nil {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, kv := range f.fields {
			mw.WriteField(kv[0], h.expand(t, kv[1]))
		}
		for _, ff := range f.files {
			hdr := textproto.MIMEHeader{}
			hdr.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, ff.field, ff.name))
			hdr.Set("Content-Type", ff.contentType)
			pw, _ := mw.CreatePart(hdr)
			pw.Write(ff.data)
		}
		mw.Close()
		rd, contentType = &buf, mw.FormDataContentType()
	}
	req, err := http.NewRequest(method, h.env.URL+h.expand(t, path), rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", h.expand(t, auth))
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	res := &result{status: resp.StatusCode, header: resp.Header, body: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &res.json); err != nil {
			t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	h.conforms(t, method, path, res)
	return res
}

// head is the audit sequence: it moves with every change of state.
func (h *harness) head(t *testing.T) int64 {
	t.Helper()
	seq, _, err := h.env.App.DB.Read().Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// run runs scenarios in order, each as a subtest.
func (h *harness) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			auth := sc.auth
			if sc.as != "" {
				auth = "Bearer " + h.token(t, sc.as)
			}
			before := h.head(t) // after the token: issuing one is itself a change
			res := h.do(t, sc.method, sc.path, auth, sc.body, sc.form, sc.header)
			if res.status != sc.status {
				t.Fatalf("%s %s as %q: status %d, want %d\n%s", sc.method, sc.path, sc.as, res.status, sc.status, res.body)
			}
			for _, s := range sc.contains {
				if !strings.Contains(string(res.body), h.expand(t, s)) {
					t.Errorf("response lacks %q:\n%s", s, res.body)
				}
			}
			for _, s := range sc.absent {
				if strings.Contains(string(res.body), h.expand(t, s)) {
					t.Errorf("response contains %q:\n%s", s, res.body)
				}
			}
			for path, want := range sc.json {
				got, ok := lookup(res.json, h.expand(t, path))
				if !ok {
					t.Errorf("response has no %s:\n%s", path, res.body)
					continue
				}
				if s, isStr := want.(string); isStr && placeholder.MatchString(s) {
					// Captured values are text; compare numbers as numbers.
					want = h.expand(t, s)
					if f, err := strconv.ParseFloat(want.(string), 64); err == nil {
						if _, isNum := got.(float64); isNum {
							want = f
						}
					}
				}
				if !sameJSON(got, want) {
					t.Errorf("%s = %v, want %v\n%s", path, got, want, res.body)
				}
			}
			for k, want := range sc.headers {
				if got := res.header.Get(k); !strings.Contains(got, want) {
					t.Errorf("header %s = %q, want it to contain %q", k, got, want)
				}
			}
			if sc.unchanged {
				if after := h.head(t); after != before {
					t.Errorf("a refused request changed the database: audit head %d → %d", before, after)
				}
			}
			for name, path := range sc.capture {
				v, ok := lookup(res.json, path)
				if !ok {
					t.Fatalf("cannot capture %s from %s:\n%s", name, path, res.body)
				}
				h.vars[name] = fmt.Sprint(v)
				if f, isNum := v.(float64); isNum {
					h.vars[name] = strconv.FormatFloat(f, 'f', -1, 64)
				}
			}
			if sc.check != nil {
				sc.check(t, h, res)
			}
		})
	}
}

// sameJSON compares a decoded JSON value with an expected Go value.
func sameJSON(got, want any) bool {
	raw, err := json.Marshal(want)
	if err != nil {
		return false
	}
	var w any
	json.Unmarshal(raw, &w)
	return reflect.DeepEqual(got, w)
}

var selector = regexp.MustCompile(`^(\w*)\[(\w+)=([^\]]*)\]$`)

// lookup walks a dotted path: object keys, list indexes, "#" for a list's
// length, and key[field=value] for the element of a list with that field.
func lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for _, seg := range strings.Split(path, ".") {
		if m := selector.FindStringSubmatch(seg); m != nil {
			if m[1] != "" {
				obj, ok := v.(map[string]any)
				if !ok {
					return nil, false
				}
				v = obj[m[1]]
			}
			arr, ok := v.([]any)
			if !ok {
				return nil, false
			}
			found := false
			for _, el := range arr {
				if obj, ok := el.(map[string]any); ok && fmt.Sprint(jsonScalar(obj[m[2]])) == m[3] {
					v, found = el, true
					break
				}
			}
			if !found {
				return nil, false
			}
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			if seg == "#" {
				v = float64(len(x))
				continue
			}
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func jsonScalar(v any) any {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return v
}

// auditCount counts the entries an auditor finds for a query.
func auditCount(t *testing.T, h *harness, query string) int {
	t.Helper()
	res := h.call(t, "auditor", http.MethodGet, "/api/v1/audit?"+query, nil)
	if res.status != http.StatusOK {
		t.Fatalf("audit %s: %d %s", query, res.status, res.body)
	}
	return int(res.get(t, "total").(float64))
}
