package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/service"
)

func loadDoc(t *testing.T, s *server) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(s.openapi, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// Every route of routes.go is in the document with the same method and
// path template, and the document describes nothing that is not routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := newServer(nil, Options{Version: "test"})
	doc := loadDoc(t, s)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != prefix {
		t.Fatalf("servers = %v, want one with url %s", servers, prefix)
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+prefix+path] = true
		}
	}
	routed := map[string]bool{}
	for _, p := range s.patterns {
		if routed[p] {
			t.Errorf("route %s registered twice", p)
		}
		routed[p] = true
		if !documented[p] {
			t.Errorf("route %s is not in the OpenAPI document", p)
		}
	}
	for p := range documented {
		if !routed[p] {
			t.Errorf("the OpenAPI document describes %s, which routes.go does not register", p)
		}
	}
	if len(routed) < 50 {
		t.Errorf("only %d routes registered", len(routed))
	}
}

// Every $ref resolves, the schemas the API is about exist, and operation
// IDs are unique.
func TestOpenAPIIsSound(t *testing.T) {
	doc := loadDoc(t, newServer(nil, Options{}))
	comps := doc["components"].(map[string]any)
	schemas := comps["schemas"].(map[string]any)
	for _, name := range []string{"Task", "TaskDetail", "TaskStatus", "StatusReport", "GroupStatus", "Report", "File", "Unit", "UnitDetail",
		"Plan", "PlanDetail", "Account", "Grant", "APIToken", "APITokenCreated", "AuditEntry", "AuditPage", "Error", "TaskInput", "ReportInput", "Milestone"} {
		if schemas[name] == nil {
			t.Errorf("components/schemas lacks %s", name)
		}
	}
	bearer, _ := comps["securitySchemes"].(map[string]any)["bearer"].(map[string]any)
	if bearer["scheme"] != "bearer" {
		t.Errorf("securitySchemes.bearer = %v", bearer)
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
				var cur any = doc
				for _, p := range parts {
					m, _ := cur.(map[string]any)
					cur = m[p]
				}
				if cur == nil {
					t.Errorf("%s: $ref %s does not resolve", at, ref)
				}
			}
			for k, c := range x {
				walk(c, at+"/"+k)
			}
		case []any:
			for _, c := range x {
				walk(c, at)
			}
		}
	}
	walk(doc, "#")
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			o := op.(map[string]any)
			id, _ := o["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
			if prev, dup := ids[id]; dup {
				t.Errorf("operationId %s used by %s and %s %s", id, prev, method, path)
			}
			ids[id] = method + " " + path
			// Path parameters are declared exactly as the template names them.
			var declared []string
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				if pm := p.(map[string]any); pm["in"] == "path" {
					declared = append(declared, pm["name"].(string))
				}
			}
			var inPath []string
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				inPath = append(inPath, m[1])
			}
			sort.Strings(declared)
			sort.Strings(inPath)
			if strings.Join(declared, ",") != strings.Join(inPath, ",") {
				t.Errorf("%s %s declares path parameters %v, template has %v", method, path, declared, inPath)
			}
		}
	}
}

// Request bodies are decoded strictly and every error names its field,
// nested ones included.
func TestDecodeNamesFields(t *testing.T) {
	cases := []struct{ body, field, contains string }{
		{`{"due":"2023-02-30"}`, "due", "YYYY-MM-DD"},
		{`{"deadline":"2023-12-31"}`, "deadline", "不认识的字段「deadline」"},
		{`{"weight":"heavy"}`, "weight", "数字"},
		{`{"lead_unit_ids":["a"]}`, "lead_unit_ids", "数组"},
		{`{"milestones":[{"due":"2023-03-31"},{"due":"2023-09-31"}]}`, "milestones[1].due", "日期"},
		{`{"milestones":[{"date":"2023-03-31"}]}`, "milestones[0].date", "不认识的字段"},
		{`{"milestones":{"due":"2023-03-31"}}`, "milestones", "数组"},
		{`[]`, "", "JSON 对象"},
		{`{"title":`, "", "不是有效的 JSON"},
		{``, "", "不能为空"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/tasks", strings.NewReader(c.body))
		var in service.TaskInput
		err := decode(httptest.NewRecorder(), r, &in)
		if err == nil {
			t.Errorf("%s: decoded", c.body)
			continue
		}
		s := newServer(nil, Options{})
		rec := httptest.NewRecorder()
		s.fail(rec, r, err)
		var body errorView
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusUnprocessableEntity || body.Error.Field != c.field || !strings.Contains(body.Error.Message, c.contains) {
			t.Errorf("%s: %d %+v, want 422 field %q containing %q", c.body, rec.Code, body.Error, c.field, c.contains)
		}
	}
	var in service.TaskInput
	r := httptest.NewRequest(http.MethodPost, "/api/v1/tasks", strings.NewReader(`{"title":"老旧小区","milestones":[],"ongoing":true,"due":null}`))
	if err := decode(httptest.NewRecorder(), r, &in); err != nil {
		t.Fatal(err)
	}
	if in.Title != "老旧小区" || in.Milestones == nil || len(in.Milestones) != 0 || !in.Ongoing {
		t.Errorf("decoded %+v", in)
	}
}

func TestContentDisposition(t *testing.T) {
	cases := map[string]string{
		"现场照片.png":     `attachment; filename="file.png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png`,
		"report 1.pdf": `attachment; filename="report 1.pdf"; filename*=UTF-8''report%201.pdf`,
		`a"b.txt`:      `attachment; filename="file.txt"; filename*=UTF-8''a%22b.txt`,
	}
	for in, want := range cases {
		if got := contentDisposition(in); got != want {
			t.Errorf("contentDisposition(%q) = %s, want %s", in, got, want)
		}
	}
}
