// Package textsearch normalises Chinese text for search: full-width forms
// fold to half-width, letters to lower case, traditional characters to
// simplified. A normalised query matches a normalised text when each of its
// terms occurs in it, so two-character words such as 教育 match on any
// engine and any number of server instances.
package textsearch

import (
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

// Normalizer folds text for search. It is safe for concurrent use.
type Normalizer struct {
	t2s *opencc.OpenCC
	// chars caches the simplified form of each Han character seen: folding
	// character by character keeps documents and queries consistent and
	// turns the dictionary walk into a map lookup.
	chars sync.Map // rune → rune
}

// New loads the traditional-to-simplified dictionaries.
func New() (*Normalizer, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, err
	}
	return &Normalizer{t2s: cc}, nil
}

// Normalize folds s: NFKC (full-width to half-width), lower case,
// traditional to simplified, runs of spaces and punctuation to one space.
func (n *Normalizer) Normalize(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			r = n.simplified(r)
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// simplified returns the simplified form of one Han character.
func (n *Normalizer) simplified(r rune) rune {
	if v, ok := n.chars.Load(r); ok {
		return v.(rune)
	}
	out := r
	if conv, err := n.t2s.Convert(string(r)); err == nil {
		if rs := []rune(conv); len(rs) == 1 {
			out = rs[0]
		}
	}
	n.chars.Store(r, out)
	return out
}

// Query is a parsed search: every term must occur.
type Query []string

// ParseQuery normalises q and splits it into terms.
func (n *Normalizer) ParseQuery(q string) Query {
	return Query(strings.Fields(n.Normalize(q)))
}

// Match reports whether every term occurs in one of the normalised texts.
func (q Query) Match(texts ...string) bool {
	for _, term := range q {
		found := false
		for _, t := range texts {
			if strings.Contains(t, term) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Document joins the searchable fields of a record into one normalised text.
func (n *Normalizer) Document(fields ...string) string {
	return n.Normalize(strings.Join(fields, " "))
}
