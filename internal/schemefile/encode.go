package schemefile

import (
	"bytes"
	"reflect"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// Marshal writes a scheme file with zh-Hans comments. See MarshalLang.
func Marshal(f File) ([]byte, error) {
	return MarshalLang(f, i18n.Default().Printer(i18n.ZhHans))
}

// MarshalLang writes a scheme file a person can read: a header comment
// saying what the file is and what the keys mean, keys in the order of the
// domain types (so two versions diff cleanly), empty values left out, and
// each category and criterion introduced by its name.
func MarshalLang(f File, pr *i18n.Printer) ([]byte, error) {
	root := encodeValue(reflect.ValueOf(f))
	root.HeadComment = pr.T("assess.file.header", f.Name, f.Year)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func scalar(tag, v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v}
}

// encodeValue builds the node of v, or nil when v is empty and may be left
// out.
func encodeValue(v reflect.Value) *yaml.Node {
	t := v.Type()
	switch {
	case t == dateType:
		d := v.Interface().(domain.Date)
		if d.IsZero() {
			return nil
		}
		return scalar("!!str", d.String())
	case t.Kind() == reflect.Struct:
		return encodeStruct(v)
	case t.Kind() == reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode}
		// Short lists of words (task categories, indicator names, award
		// criteria, tie-break keys) read best on one line.
		if t.Elem().Kind() == reflect.String {
			n.Style = yaml.FlowStyle
		}
		for i := range v.Len() {
			c := encodeValue(v.Index(i))
			if c == nil {
				c = &yaml.Node{Kind: yaml.MappingNode}
				if t.Elem().Kind() == reflect.String {
					c = scalar("!!str", "")
				}
			}
			n.Content = append(n.Content, c)
		}
		return n
	case t.Kind() == reflect.String:
		if v.String() == "" {
			return nil
		}
		return scalar("!!str", v.String())
	case t.Kind() == reflect.Float64:
		if v.Float() == 0 {
			return nil
		}
		x := v.Float()
		tag := "!!float"
		if x == float64(int64(x)) {
			tag = "!!int"
		}
		return scalar(tag, strconv.FormatFloat(x, 'f', -1, 64))
	case t.Kind() == reflect.Int:
		if v.Int() == 0 {
			return nil
		}
		return scalar("!!int", strconv.FormatInt(v.Int(), 10))
	case t.Kind() == reflect.Bool:
		if !v.Bool() {
			return nil
		}
		return scalar("!!bool", "true")
	}
	return nil
}

func encodeStruct(v reflect.Value) *yaml.Node {
	fields, order := fieldsOf(v.Type())
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range order {
		c := encodeValue(v.FieldByIndex(fields[name].index))
		if c == nil {
			continue
		}
		k := scalar("!!str", name)
		n.Content = append(n.Content, k, c)
	}
	if len(n.Content) == 0 {
		return nil
	}
	return n
}
