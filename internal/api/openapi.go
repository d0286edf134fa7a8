package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"github.com/luoshi/luoshi/internal/service"
)

// operation describes one route for the OpenAPI document.
type operation struct {
	// pattern is the route exactly as routes.go registers it.
	pattern     string
	id          string
	tag         string
	summary     string
	description string
	query       []param
	// body is the JSON request body's type (nil: none); optionalBody
	// marks bodies that may be left out.
	body         reflect.Type
	optionalBody bool
	// multipart adds a multipart/form-data body (report uploads); form,
	// when set, is that body's schema instead of the report form's.
	multipart bool
	form      map[string]any
	// status is the success status; resp its body type (nil: no body).
	status int
	resp   reflect.Type
	// list wraps resp as {"items":[resp…],"total":N}; alt is another
	// shape the items may have (flat unit lists).
	list bool
	alt  reflect.Type
	// binary marks a file download; rawBody is the media type of a request
	// body sent as is (an uploaded workbook).
	binary  bool
	rawBody string
	public  bool
}

// param is a query parameter.
type param struct {
	name, typ, desc string
	enum            []string
}

func qp(name, typ, desc string) param { return param{name: name, typ: typ, desc: desc} }

func (p param) schema() map[string]any {
	switch p.typ {
	case "date":
		return map[string]any{"type": "string", "format": "date"}
	case "integer":
		return map[string]any{"type": "integer", "format": "int64"}
	case "boolean":
		return map[string]any{"type": "string", "enum": []any{"1", "0", "true", "false"}}
	}
	s := map[string]any{"type": "string"}
	if p.enum != nil {
		vals := []any{}
		for _, v := range p.enum {
			vals = append(vals, v)
		}
		s["enum"] = vals
	}
	return s
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// buildOpenAPI renders the document for every operation.
func buildOpenAPI(version string) ([]byte, error) {
	g := newSchemaSet()
	errorRef := g.of(typeOf[errorView](), false)
	paths := map[string]map[string]any{}
	for _, op := range operations() {
		method, path, ok := strings.Cut(op.pattern, " ")
		if !ok || !strings.HasPrefix(path, prefix+"/") {
			return nil, fmt.Errorf("openapi: bad pattern %q", op.pattern)
		}
		path = strings.TrimPrefix(path, prefix)
		o := map[string]any{"operationId": op.id, "tags": []any{op.tag}, "summary": op.summary}
		if op.description != "" {
			o["description"] = op.description
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			schema := map[string]any{"type": "integer", "format": "int64", "minimum": 1}
			if m[1] == "date" {
				schema = map[string]any{"type": "string", "format": "date"}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range op.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "required": false, "description": q.desc, "schema": q.schema()})
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.body != nil || op.multipart {
			content := map[string]any{}
			if op.body != nil {
				content["application/json"] = map[string]any{"schema": g.of(op.body, true)}
			}
			if op.multipart {
				form := op.form
				if form == nil {
					form = reportFormSchema()
				}
				content["multipart/form-data"] = map[string]any{"schema": form,
					"encoding": map[string]any{"files": map[string]any{"contentType": "application/octet-stream"}}}
			}
			o["requestBody"] = map[string]any{"required": !op.optionalBody, "content": content}
		}
		if op.rawBody != "" {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{op.rawBody: map[string]any{
				"schema": map[string]any{"type": "string", "contentMediaType": op.rawBody}}}}
		}
		resp := map[string]any{"description": http.StatusText(op.status)}
		switch {
		case op.binary:
			resp["content"] = map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}}}
			resp["headers"] = map[string]any{"Content-Disposition": map[string]any{"schema": map[string]any{"type": "string"},
				"description": "attachment; filename*=UTF-8''<percent-encoded name>"}}
		case op.list:
			item := g.of(op.resp, false)
			if op.alt != nil {
				item = map[string]any{"anyOf": []any{item, g.of(op.alt, false)}}
			}
			resp["content"] = jsonContent(map[string]any{"type": "object", "additionalProperties": false, "required": []any{"items", "total"},
				"properties": map[string]any{"items": map[string]any{"type": "array", "items": item}, "total": map[string]any{"type": "integer"}}})
		case op.resp != nil:
			resp["content"] = jsonContent(g.of(op.resp, false))
		}
		responses := map[string]any{fmt.Sprint(op.status): resp, "default": map[string]any{"$ref": "#/components/responses/Error"}}
		if op.public {
			o["security"] = []any{}
		} else {
			responses["401"] = map[string]any{"$ref": "#/components/responses/Unauthorized"}
		}
		o["responses"] = responses
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		lm := strings.ToLower(method)
		if _, dup := paths[path][lm]; dup {
			return nil, fmt.Errorf("openapi: %s described twice", op.pattern)
		}
		paths[path][lm] = o
	}
	if g.err != nil {
		return nil, g.err
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "luoshi (落实) API", "version": version,
			"description": "Plans, tasks, progress reports and the status engine of a district supervision office. " +
				"Authenticate with `Authorization: Bearer <token>` (POST /tokens issues one). Errors always have the shape " +
				"{\"error\":{\"code\",\"message\",\"field\",\"details\",\"request_id\"}} with messages in the caller's language " +
				"(Accept-Language, or the account's own language). Dates are YYYY-MM-DD. Reads are scoped to the caller: " +
				"what they may not see is answered with 404."},
		"servers":  []any{map[string]any{"url": prefix}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "An API token from POST /tokens (lst_…)."}},
			"responses": map[string]any{
				"Error": map[string]any{"description": "Any error, in the one error format.", "content": jsonContent(errorRef)},
				"Unauthorized": map[string]any{"description": "No token, or an invalid or revoked one.", "content": jsonContent(errorRef),
					"headers": map[string]any{"WWW-Authenticate": map[string]any{"schema": map[string]any{"type": "string"}}}},
			},
		},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

// reportFormSchema is the multipart form of a report: ReportInput's fields
// as form fields, plus evidence files.
func reportFormSchema() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
		"date":          map[string]any{"type": "string", "format": "date"},
		"progress":      map[string]any{"type": "number", "minimum": 0, "maximum": 100},
		"done":          str,
		"problems":      str,
		"next_steps":    str,
		"milestone_ids": map[string]any{"type": "array", "items": map[string]any{"type": "integer", "format": "int64"}},
		"submit":        map[string]any{"type": "boolean"},
		"files":         map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}}
}

// openAPI serves the document; it needs no token so that tools can
// discover the API.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.openapi)
	return nil
}
