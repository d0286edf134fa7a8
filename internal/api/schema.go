package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
)

// schemaSet derives JSON Schemas (OpenAPI 3.1) from the Go types the
// handlers encode and decode, so the document cannot drift from the wire
// format. Named structs become components; everything else is inline.
type schemaSet struct {
	defs  map[string]any
	names map[reflect.Type]string
	err   error
}

func newSchemaSet() *schemaSet {
	return &schemaSet{defs: map[string]any{}, names: map[reflect.Type]string{}}
}

// componentName names a struct in components/schemas: its Go name without
// a "View" suffix, capitalised (taskView → Task, service.TaskInput →
// TaskInput).
func componentName(t reflect.Type) string {
	n := strings.TrimSuffix(t.Name(), "View")
	r := []rune(n)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// enumOf lists the values of the string types with a closed set.
func enumOf(t reflect.Type) []string {
	if e := inspectEnum(t); e != nil {
		return e
	}
	switch t {
	case reflect.TypeFor[domain.Status]():
		return strs(domain.Statuses...)
	case reflect.TypeFor[domain.Role]():
		return strs(domain.Roles...)
	case reflect.TypeFor[domain.Category]():
		return strs(domain.Categories...)
	case reflect.TypeFor[domain.Cadence]():
		return strs(domain.Cadences...)
	case reflect.TypeFor[domain.UnitKind]():
		return strs(domain.UnitKinds...)
	case reflect.TypeFor[domain.AccountStatus]():
		return strs(domain.AccountActive, domain.AccountDisabled)
	case reflect.TypeFor[domain.PlanKind]():
		return strs(domain.PlanAnnual, domain.PlanCampaign)
	case reflect.TypeFor[domain.Direction]():
		return strs(domain.DirectionUp, domain.DirectionDown)
	case reflect.TypeFor[domain.GroupKind]():
		return strs(domain.GroupSector, domain.GroupFront)
	case reflect.TypeFor[domain.LeaderRole]():
		return strs(domain.LeaderLead, domain.LeaderDeputy)
	case reflect.TypeFor[domain.ReportStatus]():
		return strs(domain.ReportDraft, domain.ReportSubmitted, domain.ReportApproved, domain.ReportReturned)
	case reflect.TypeFor[domain.ReportSource]():
		return strs(domain.SourceWeb, domain.SourceAPI, domain.SourceImport)
	case reflect.TypeFor[cadence.State]():
		return strs(cadence.OnTime, cadence.Late, cadence.Missing, cadence.Pending)
	// Supervision cases.
	case reflect.TypeFor[domain.CaseSource]():
		return strs(domain.CaseSources...)
	case reflect.TypeFor[domain.CaseUrgency]():
		return strs(domain.CaseUrgencies...)
	case reflect.TypeFor[domain.CaseState]():
		return strs(domain.CaseStates...)
	case reflect.TypeFor[domain.CaseRating]():
		return strs(domain.CaseRatings...)
	case reflect.TypeFor[domain.CaseLight]():
		return strs(domain.CaseLights...)
	case reflect.TypeFor[domain.CaseEventKind]():
		return strs(domain.CaseEventKinds...)
	case reflect.TypeFor[domain.ExtensionState]():
		return strs(domain.ExtensionStates...)
	case reflect.TypeFor[domain.LightReason]():
		return strs(domain.ReasonOverdue, domain.ReasonReturned, domain.ReasonSignOverdue, domain.ReasonBehind, domain.ReasonDueSoon)
	}
	return nil
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// of returns the schema of t. input is true inside request bodies, where
// an empty string asks for the default of an enumerated field.
func (g *schemaSet) of(t reflect.Type, input bool) map[string]any {
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": []any{"string", "null"}, "format": "date", "description": "YYYY-MM-DD; null when unset"}
	case reflect.TypeFor[json.RawMessage]():
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.of(t.Elem(), input)
		if _, ok := inner["$ref"]; ok {
			return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
		}
		if typ, ok := inner["type"].(string); ok {
			inner["type"] = []any{typ, "null"}
		}
		return inner
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		s := map[string]any{"type": "string"}
		if enum := enumOf(t); enum != nil {
			vals := []any{}
			if input {
				vals = append(vals, "")
			}
			for _, v := range enum {
				vals = append(vals, v)
			}
			s["enum"] = vals
		}
		return s
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem(), input)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem(), input)}
	case reflect.Struct:
		return g.ref(t)
	case reflect.Interface:
		return map[string]any{}
	}
	g.fail(fmt.Errorf("openapi: no schema for %s", t))
	return map[string]any{}
}

func (g *schemaSet) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

// ref registers a struct as a component and returns a reference to it.
func (g *schemaSet) ref(t reflect.Type) map[string]any {
	if t.Name() == "" {
		g.fail(fmt.Errorf("openapi: anonymous struct %s", t))
		return map[string]any{}
	}
	name, seen := g.names[t]
	if !seen {
		name = componentName(t)
		for other, n := range g.names {
			if n == name {
				g.fail(fmt.Errorf("openapi: %s and %s are both named %s", other, t, name))
			}
		}
		g.names[t] = name
		// Request types list no required fields: the service checks them
		// and answers 422 naming the field.
		input := strings.HasSuffix(name, "Input")
		obj := map[string]any{"type": "object", "additionalProperties": false}
		g.defs[name] = obj // placed first so that recursive types terminate
		props := map[string]any{}
		var required []string
		for _, f := range jsonFieldsOf(t).list {
			props[f.name] = g.of(f.typ, input)
			if !input && !f.omitEmpty {
				required = append(required, f.name)
			}
		}
		obj["properties"] = props
		if len(required) > 0 {
			obj["required"] = required
		}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}
