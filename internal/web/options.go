package web

import (
	"html"
	"html/template"
	"strings"
)

// option is one <option> of a select.
type option struct {
	Value, Label string
}

// optionsHTML renders a select's options in Go: long lists (every unit of
// a district) cost a template action per attribute otherwise. The first
// option is "all" with an empty value.
func optionsHTML(all string, opts []option, selected string) template.HTML {
	var b strings.Builder
	b.Grow(len(opts) * 48)
	b.WriteString(`<option value="">`)
	b.WriteString(html.EscapeString(all))
	b.WriteString(`</option>`)
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(o.Value))
		b.WriteByte('"')
		if o.Value == selected {
			b.WriteString(` selected`)
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(o.Label))
		b.WriteString(`</option>`)
	}
	return template.HTML(b.String())
}
