// Package i18n holds the message catalogs (zh-Hans first, zh-Hant and
// English) and the printer a request carries in its context.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Lang is a catalog's language tag.
type Lang string

const (
	ZhHans Lang = "zh-Hans"
	ZhHant Lang = "zh-Hant"
	En     Lang = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []Lang{ZhHans, ZhHant, En}

//go:embed catalog/*.json
var catalogFS embed.FS

// Bundle is the set of loaded catalogs. It is immutable once loaded.
type Bundle struct {
	cats map[Lang]map[string]string
}

// Load reads the embedded catalogs. Each area of the product has its own
// files, catalog/<area>.<lang>.json; a key may be defined only once per language.
func Load() (*Bundle, error) {
	b := &Bundle{cats: map[Lang]map[string]string{}}
	for _, l := range Langs {
		b.cats[l] = map[string]string{}
	}
	entries, err := catalogFS.ReadDir("catalog")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		dot := strings.LastIndex(name, ".")
		if dot < 0 {
			return nil, fmt.Errorf("catalog %s: name must be <area>.<lang>.json", e.Name())
		}
		l := Lang(name[dot+1:])
		cat, ok := b.cats[l]
		if !ok {
			return nil, fmt.Errorf("catalog %s: unknown language %q", e.Name(), l)
		}
		raw, err := catalogFS.ReadFile("catalog/" + e.Name())
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", e.Name(), err)
		}
		for k, v := range m {
			if _, dup := cat[k]; dup {
				return nil, fmt.Errorf("catalog %s: key %q defined twice", e.Name(), k)
			}
			cat[k] = v
		}
	}
	return b, nil
}

// std is the bundle built into the binary; it is never modified.
var std = func() *Bundle {
	b, err := Load()
	if err != nil {
		panic(err)
	}
	return b
}()

// Default returns the built-in bundle.
func Default() *Bundle { return std }

// Keys returns the keys of a language's catalog, sorted.
func (b *Bundle) Keys(l Lang) []string {
	var ks []string
	for k := range b.cats[l] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Printer formats messages in one language, falling back to zh-Hans.
type Printer struct {
	Lang     Lang
	cat      map[string]string
	fallback map[string]string
}

// Printer returns the printer for l (zh-Hans for unknown languages).
func (b *Bundle) Printer(l Lang) *Printer {
	cat, ok := b.cats[l]
	if !ok {
		l, cat = ZhHans, b.cats[ZhHans]
	}
	return &Printer{Lang: l, cat: cat, fallback: b.cats[ZhHans]}
}

// T returns the message for key formatted with args (fmt verbs). A missing
// key returns the key itself, so that the gap shows.
func (p *Printer) T(key string, args ...any) string {
	s, ok := p.cat[key]
	if !ok {
		if s, ok = p.fallback[key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether key exists.
func (p *Printer) Has(key string) bool {
	_, ok := p.fallback[key]
	return ok
}

// Match picks a language from an Accept-Language header or a stored
// preference ("zh-TW", "zh-Hant-HK", "en-US", "zh-CN" …).
func Match(pref string) Lang {
	for _, part := range strings.Split(pref, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case tag == "":
			continue
		case strings.HasPrefix(tag, "zh-hant"), tag == "zh-tw", tag == "zh-hk", tag == "zh-mo":
			return ZhHant
		case strings.HasPrefix(tag, "zh"):
			return ZhHans
		case strings.HasPrefix(tag, "en"):
			return En
		}
	}
	return ZhHans
}

type ctxKey struct{}

// WithPrinter returns ctx carrying p.
func WithPrinter(ctx context.Context, p *Printer) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the printer in ctx, or the zh-Hans printer.
func From(ctx context.Context) *Printer {
	if p, ok := ctx.Value(ctxKey{}).(*Printer); ok {
		return p
	}
	return std.Printer(ZhHans)
}
