// Package schemefile reads and writes a 考核方案 as a YAML file a person can
// read, so that a scheme can be published, reviewed and imported. The keys
// are the json names of the domain types (snake_case), dates are written
// YYYY-MM-DD, and a file is checked strictly: an unknown key is an error
// naming its line.
package schemefile

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// File is a scheme file: what identifies the scheme, and its body.
type File struct {
	Year int               `json:"year"`
	Kind domain.SchemeKind `json:"kind"`
	Name string            `json:"name"`
	domain.SchemeBody
}

// maxFileBytes bounds a scheme file; a real one is a few tens of KB.
const maxFileBytes = 2 << 20

// Parse reads a scheme file with zh-Hans messages. See ParseLang.
func Parse(data []byte) (File, error) {
	return ParseLang(data, i18n.Default().Printer(i18n.ZhHans))
}

// ParseLang reads a scheme file. Every problem is reported at once as a
// KindInvalid *domain.Error: first the file's own (syntax, unknown or
// repeated keys, wrong types, each naming its line), then, when the file
// reads well, ValidateScheme's (naming the category, section and criterion).
func ParseLang(data []byte, pr *i18n.Printer) (File, error) {
	var f File
	if len(data) > maxFileBytes {
		return f, &domain.Error{Kind: domain.KindTooLarge, Message: pr.T("assess.file.too_large", maxFileBytes>>20)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, syntaxError(pr, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("assess.file.empty")}
	}
	d := &decoder{pr: pr, lineOf: map[string]int{}}
	d.value(doc.Content[0], reflect.ValueOf(&f).Elem(), "", 0)
	if d.n == 0 {
		d.header(f)
	}
	if d.n > 0 {
		return File{}, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("assess.file.summary", d.n), Details: d.lines}
	}
	if err := domain.ValidateScheme(f.SchemeBody); err != nil {
		var ps domain.SchemeProblems
		if errors.As(err, &ps) && pr.Lang != i18n.ZhHans {
			msg, lines := ps.Render(pr.T)
			return File{}, &domain.Error{Kind: domain.KindInvalid, Message: msg, Details: lines, Err: ps}
		}
		return File{}, err
	}
	return f, nil
}

// header checks what identifies the scheme.
func (d *decoder) header(f File) {
	if f.Year < 2000 || f.Year > 2100 {
		d.add("year", d.lineOf["year"], f.Year)
	}
	if !f.Kind.Valid() {
		d.add("kind", d.lineOf["kind"], string(f.Kind))
	}
	if f.Name == "" {
		d.add("name", d.lineOf["name"])
	}
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// syntaxError says where the YAML is broken without showing the parser's
// English text (kept in Err for the log).
func syntaxError(pr *i18n.Printer, err error) error {
	msg := pr.T("assess.file.syntax_noline")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil {
			msg = pr.T("assess.file.syntax", n)
		}
	}
	return &domain.Error{Kind: domain.KindInvalid, Message: msg, Err: err}
}
