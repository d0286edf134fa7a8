package schemefile

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// The file's keys are the json tags of the domain types, so the file, the
// API and the stored body share one vocabulary. Decoding walks the YAML
// node tree by reflection instead of yaml's own decoder so that every
// problem (unknown or repeated key, wrong type) names its line in the
// reader's language, and all of them are reported at once.

// maxProblems caps the lines of one error.
const maxProblems = 200

var dateType = reflect.TypeFor[domain.Date]()

type decoder struct {
	pr    *i18n.Printer
	lines []string
	n     int
	// lineOf remembers where top-level keys are, for the checks after
	// decoding (year, kind, name).
	lineOf map[string]int
}

func (d *decoder) add(key string, args ...any) {
	d.n++
	if len(d.lines) < maxProblems {
		d.lines = append(d.lines, d.pr.T("assess.file."+key, args...))
	}
}

// field is a struct field reached by its json name.
type field struct {
	index []int
}

// fieldsOf maps the json names of t's fields (embedded structs flattened)
// to their index paths, in declaration order.
func fieldsOf(t reflect.Type) (map[string]field, []string) {
	m := map[string]field{}
	var order []string
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(append([]int(nil), prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			m[name] = field{index: idx}
			order = append(order, name)
		}
	}
	walk(t, nil)
	return m, order
}

// value decodes n into v; key is the key n stands under (for messages).
func (d *decoder) value(n *yaml.Node, v reflect.Value, key string, depth int) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.add("alias", n.Line)
		return
	}
	if depth > 40 {
		d.add("too_deep", n.Line)
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // an empty value leaves the zero value
	}
	t := v.Type()
	switch {
	case t == dateType:
		d.date(n, v, key)
	case t.Kind() == reflect.Struct:
		d.mapping(n, v, key, depth)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.add("want_list", n.Line, key)
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), key, depth+1)
		}
		v.Set(s)
	case n.Kind != yaml.ScalarNode:
		d.add("want_scalar", n.Line, key)
	case t.Kind() == reflect.String:
		v.SetString(n.Value)
	case t.Kind() == reflect.Float64:
		x, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
			d.add("want_number", n.Line, key, n.Value)
			return
		}
		v.SetFloat(x)
	case t.Kind() == reflect.Int:
		x, err := strconv.Atoi(n.Value)
		if err != nil || n.ShortTag() != "!!int" {
			d.add("want_int", n.Line, key, n.Value)
			return
		}
		v.SetInt(int64(x))
	case t.Kind() == reflect.Bool:
		x, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil || n.ShortTag() != "!!bool" {
			d.add("want_bool", n.Line, key, n.Value)
			return
		}
		v.SetBool(x)
	}
}

func (d *decoder) date(n *yaml.Node, v reflect.Value, key string) {
	if n.Kind != yaml.ScalarNode {
		d.add("want_date", n.Line, key, "")
		return
	}
	x, err := domain.ParseDate(n.Value)
	if err != nil || x.IsZero() {
		d.add("want_date", n.Line, key, n.Value)
		return
	}
	v.Set(reflect.ValueOf(x))
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, key string, depth int) {
	if n.Kind != yaml.MappingNode {
		if key == "" {
			d.add("want_map_root", n.Line)
		} else {
			d.add("want_map", n.Line, key)
		}
		return
	}
	fields, _ := fieldsOf(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.add("bad_key", k.Line)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.add("dup_key", k.Line, k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			d.add("unknown_key", k.Line, k.Value)
			continue
		}
		if depth == 0 && d.lineOf != nil {
			d.lineOf[k.Value] = k.Line
		}
		d.value(val, v.FieldByIndex(f.index), k.Value, depth+1)
	}
}
