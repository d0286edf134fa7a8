// The scheme file: what is published, reviewed and imported (YAML; JSON,
// being YAML too, reads as well).

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/schemefile"
)

// SchemeFile is a scheme as its published file holds it.
type SchemeFile = schemefile.File

// ParseSchemeFile reads a scheme file; a malformed or invalid one is
// refused with every problem, each naming its line or criterion.
func ParseSchemeFile(ctx context.Context, data []byte) (domain.Scheme, error) {
	f, err := schemefile.ParseLang(data, printer(ctx))
	if err != nil {
		return domain.Scheme{}, err
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
