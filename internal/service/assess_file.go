// The scheme file: what is published, reviewed and imported.

package service

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/luoshi/luoshi/internal/domain"
)

// SchemeFile is a scheme as its published file holds it.
type SchemeFile struct {
	Year int               `json:"year"`
	Kind domain.SchemeKind `json:"kind"`
	Name string            `json:"name"`
	domain.SchemeBody
}

// ParseSchemeFile reads a scheme file; a malformed one is refused with
// what is wrong in it.
func ParseSchemeFile(ctx context.Context, data []byte) (domain.Scheme, error) {
	var f SchemeFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return domain.Scheme{}, invalid(ctx, "file", "assessweb.err.file", err.Error())
	}
	return domain.Scheme{Year: f.Year, Kind: f.Kind, Name: f.Name, SchemeBody: f.SchemeBody}, nil
}

// ImportScheme creates a draft scheme from its file (office).
func (s *Service) ImportScheme(ctx context.Context, p *Principal, data []byte) (*SchemeItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	sc, err := ParseSchemeFile(ctx, data)
	if err != nil {
		return nil, err
	}
	return s.CreateScheme(ctx, p, sc)
}
