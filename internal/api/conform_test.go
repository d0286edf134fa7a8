package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// apiDoc is the served OpenAPI document, used to check that every JSON
// response of the scenarios has the shape the document promises.
type apiDoc struct {
	raw    map[string]any
	routes []docRoute
}

type docRoute struct {
	method   string
	template string
	re       *regexp.Regexp
	params   int
	op       map[string]any
}

func parseDoc(t *testing.T, body []byte) *apiDoc {
	t.Helper()
	d := &apiDoc{}
	if err := json.Unmarshal(body, &d.raw); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	base := d.raw["servers"].([]any)[0].(map[string]any)["url"].(string)
	for path, item := range d.raw["paths"].(map[string]any) {
		params := strings.Count(path, "{")
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(base+path), `[^/]+`) + "$")
		for method, op := range item.(map[string]any) {
			d.routes = append(d.routes, docRoute{method: strings.ToUpper(method), template: path, re: re, params: params, op: op.(map[string]any)})
		}
	}
	// Literal segments win over wildcards, as in the mux.
	sort.Slice(d.routes, func(i, j int) bool { return d.routes[i].params < d.routes[j].params })
	return d
}

// responseSchema finds the schema the document gives for a response.
func (d *apiDoc) responseSchema(method, path string, status int) (map[string]any, string, bool) {
	path, _, _ = strings.Cut(path, "?")
	for _, r := range d.routes {
		if r.method != method || !r.re.MatchString(path) {
			continue
		}
		responses := r.op["responses"].(map[string]any)
		resp, ok := responses[strconv.Itoa(status)].(map[string]any)
		if !ok {
			resp = responses["default"].(map[string]any)
		}
		resp = d.resolve(resp)
		content, _ := resp["content"].(map[string]any)
		media, _ := content["application/json"].(map[string]any)
		schema, _ := media["schema"].(map[string]any)
		return schema, method + " " + r.template, schema != nil
	}
	return nil, "", false
}

func (d *apiDoc) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = d.raw
		for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[p]
		}
		s = cur.(map[string]any)
	}
}

// validate checks v against a JSON Schema subset: $ref, anyOf, type (with
// null), enum, properties, required, additionalProperties and items.
func (d *apiDoc) validate(s map[string]any, v any, at string) []string {
	s = d.resolve(s)
	if alts, ok := s["anyOf"].([]any); ok {
		for _, a := range alts {
			if len(d.validate(a.(map[string]any), v, at)) == 0 {
				return nil
			}
		}
		return []string{fmt.Sprintf("%s: %v matches no alternative", at, v)}
	}
	if types := typesOf(s["type"]); types != nil && !types[jsonType(v)] && !(types["number"] && jsonType(v) == "integer") {
		return []string{fmt.Sprintf("%s: %s, want %v", at, jsonType(v), s["type"])}
	}
	if enum, ok := s["enum"].([]any); ok && v != nil {
		found := false
		for _, e := range enum {
			if e == v {
				found = true
			}
		}
		if !found {
			return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
		}
	}
	var errs []string
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %s is missing", at, r))
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, d.validate(ps, val, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: %s is not in the schema", at, k))
				}
			case map[string]any:
				errs = append(errs, d.validate(ap, val, at+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, el := range x {
				errs = append(errs, d.validate(items, el, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func typesOf(t any) map[string]bool {
	switch x := t.(type) {
	case string:
		return map[string]bool{x: true}
	case []any:
		out := map[string]bool{}
		for _, e := range x {
			out[e.(string)] = true
		}
		return out
	}
	return nil
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// conforms fails the test when a JSON response does not match the document.
func (h *harness) conforms(t *testing.T, method, path string, res *result) {
	t.Helper()
	if res.json == nil || strings.HasSuffix(path, "/openapi.json") {
		return
	}
	if h.doc == nil {
		raw := h.do(t, "GET", "/api/v1/openapi.json", "", nil, nil, nil)
		h.doc = parseDoc(t, raw.body)
	}
	schema, route, ok := h.doc.responseSchema(method, h.expand(t, path), res.status)
	if !ok {
		if res.status < 400 || route != "" {
			t.Errorf("%s %s → %d: the document has no JSON schema for this response", method, path, res.status)
			return
		}
		// A path no route matches: the fallback's 404 or 405, still an Error.
		schema, route = map[string]any{"$ref": "#/components/schemas/Error"}, "fallback "+path
	}
	for _, e := range h.doc.validate(schema, res.json, "$") {
		t.Errorf("%s (%d) does not match the document: %s", route, res.status, e)
	}
}
