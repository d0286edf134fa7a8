package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// maxJSONBody limits JSON request bodies.
const maxJSONBody = 1 << 20

// decode reads a JSON object into dst (a pointer to a struct). Unknown
// fields, at any depth, are refused, and every error names the field it is
// about ("due", "milestones[1].planned_pct"), which encoding/json alone
// cannot do for errors raised by types such as domain.Date.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	ctx := r.Context()
	pr := i18n.From(ctx)
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.content_type")}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &domain.Error{Kind: domain.KindTooLarge, Message: pr.T("api.err.body_too_large", maxJSONBody>>20)}
		}
		return fmt.Errorf("read request body: %w", err)
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.body_empty")}
	}
	if !json.Valid(body) {
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.body_json")}
	}
	return decodeValue(ctx, body, reflect.ValueOf(dst).Elem(), "")
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	dateType        = reflect.TypeFor[domain.Date]()
)

// decodeValue decodes raw into v, walking objects and arrays of objects
// itself so that it knows the path of every error.
func decodeValue(ctx context.Context, raw json.RawMessage, v reflect.Value, path string) error {
	t := v.Type()
	custom := reflect.PointerTo(t).Implements(unmarshalerType)
	switch {
	case !custom && t.Kind() == reflect.Struct && t != timeType:
		if string(raw) == "null" {
			return nil
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return typeError(ctx, path, t)
		}
		fields := jsonFieldsOf(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields.byName[k]
			if !ok {
				return &domain.Error{Kind: domain.KindInvalid, Field: join(path, k), Message: i18n.From(ctx).T("api.err.unknown_field", join(path, k))}
			}
			if err := decodeValue(ctx, obj[k], v.FieldByIndex(f.index), join(path, k)); err != nil {
				return err
			}
		}
		return nil
	case !custom && t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct && t.Elem() != timeType:
		if string(raw) == "null" {
			v.SetZero()
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return typeError(ctx, path, t)
		}
		out := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if err := decodeValue(ctx, item, out.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(out)
		return nil
	}
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		return typeError(ctx, path, t)
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// typeError says what a field should have been.
func typeError(ctx context.Context, path string, t reflect.Type) error {
	pr := i18n.From(ctx)
	if path == "" {
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.body_object")}
	}
	return &domain.Error{Kind: domain.KindInvalid, Field: path, Message: pr.T("api.err.field_type", path, pr.T("api.type."+jsonKind(t)))}
}

// jsonKind names the JSON shape a Go type expects, for messages.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == dateType:
		return "date"
	case t == timeType:
		return "datetime"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name      string
	index     []int
	typ       reflect.Type
	omitEmpty bool
}

type jsonFields struct {
	list   []jsonField
	byName map[string]jsonField
}

// jsonFieldsOf lists the JSON fields of a struct the way encoding/json
// does for the types this package uses: tags name fields, "-" hides them,
// untagged embedded structs are flattened, and a field of the outer struct
// hides an embedded one of the same name. It is cheap enough for request
// bodies that nothing is cached.
func jsonFieldsOf(t reflect.Type) *jsonFields {
	fs := &jsonFields{byName: map[string]jsonField{}}
	var embedded []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			embedded = append(embedded, sf)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f := jsonField{name: name, index: sf.Index, typ: sf.Type, omitEmpty: strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")}
		fs.list = append(fs.list, f)
		fs.byName[name] = f
	}
	for _, sf := range embedded {
		et := sf.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if et.Kind() != reflect.Struct {
			continue
		}
		for _, f := range jsonFieldsOf(et).list {
			if _, shadowed := fs.byName[f.name]; shadowed {
				continue
			}
			f.index = append(append([]int{}, sf.Index...), f.index...)
			fs.list = append(fs.list, f)
			fs.byName[f.name] = f
		}
	}
	return fs
}
