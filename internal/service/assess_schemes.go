// 考核方案: the office writes a scheme as a draft, starts scoring (which
// freezes it) and, when a frozen scheme must change, revises it into a new
// version with the reason recorded; the old version is superseded. Office,
// leaders and examiners read every scheme; the units read the published
// (no longer draft) ones.

package service

import (
	"context"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// SchemeItem is a scheme version with what the caller may do with it.
type SchemeItem struct {
	domain.Scheme
	Can SchemeActions `json:"can"`
}

// SchemeActions say what the caller may do with a scheme version.
type SchemeActions struct {
	Edit      bool `json:"edit"`
	Freeze    bool `json:"freeze"`
	Revise    bool `json:"revise"`
	Examiners bool `json:"examiners"`
	// Score: the caller may enter scores (an assigned examiner, or the
	// office for bonus, penalty and veto items) while scoring runs.
	Score bool `json:"score"`
	// Results: the caller may compute the results (试算) of every unit.
	Results bool `json:"results"`
}

// SchemeDetail is a scheme version with its other versions and examiners.
type SchemeDetail struct {
	SchemeItem
	Versions  []domain.Scheme         `json:"versions"`
	Examiners []domain.SchemeExaminer `json:"examiners"`
}

// SchemeRevision is a new version of a frozen scheme and why.
type SchemeRevision struct {
	Body   domain.SchemeBody `json:"body"`
	Reason string            `json:"reason"`
}

// RevisedScheme is the new version and what happened to the entries.
type RevisedScheme struct {
	SchemeItem
	// Carried entries kept their criterion in the new version; Dropped
	// ones did not (the code is gone, no longer entered, or the score is
	// now out of range): the audit log keeps them.
	Carried int `json:"carried"`
	Dropped int `json:"dropped"`
}

// schemeReader reports whether p may read s at all.
func schemeReader(p *Principal, s domain.Scheme) bool {
	if p.System || p.Has(domain.RoleOffice) || p.Has(domain.RoleLeader) {
		return true
	}
	if s.State == domain.SchemeDraft {
		return false
	}
	return p.Has(domain.RoleExaminer) || p.Has(domain.RoleLiaison) || p.Has(domain.RoleUnitHead)
}

// seesAllResults reports whether p reads every unit's scores and entries.
func seesAllResults(p *Principal) bool {
	return p.System || p.Has(domain.RoleOffice) || p.Has(domain.RoleLeader) || p.Has(domain.RoleExaminer)
}

func (s *Service) schemeItem(p *Principal, sc domain.Scheme) SchemeItem {
	office := p.System || p.Has(domain.RoleOffice)
	return SchemeItem{Scheme: sc, Can: SchemeActions{
		Edit: office && sc.State == domain.SchemeDraft, Freeze: office && sc.State == domain.SchemeDraft,
		Revise: office && sc.State == domain.SchemeScoring, Examiners: office && (sc.State == domain.SchemeDraft || sc.State == domain.SchemeScoring),
		Score:   sc.State == domain.SchemeScoring && (office || p.Has(domain.RoleExaminer)),
		Results: office || sc.State != domain.SchemeDraft,
	}}
}

// Schemes lists the scheme versions p may read, of a year (0: all).
func (s *Service) Schemes(ctx context.Context, p *Principal, year int) ([]SchemeItem, error) {
	if err := requireAny(ctx, p, domain.RoleOffice, domain.RoleLeader, domain.RoleExaminer, domain.RoleLiaison, domain.RoleUnitHead); err != nil {
		return nil, err
	}
	list, err := s.db.Read().Schemes(ctx, store.SchemeFilter{Year: year})
	if err != nil {
		return nil, err
	}
	out := []SchemeItem{}
	for _, sc := range list {
		if schemeReader(p, sc) {
			out = append(out, s.schemeItem(p, sc))
		}
	}
	return out, nil
}

// loadScheme returns a scheme version p may read, or not found.
func (s *Service) loadScheme(ctx context.Context, r *store.Reader, p *Principal, id domain.ID) (domain.Scheme, error) {
	if p == nil {
		return domain.Scheme{}, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	sc, err := r.Scheme(ctx, id)
	if err == nil && !schemeReader(p, sc) {
		err = store.ErrNotFound
	}
	if err != nil {
		return sc, fromStore(ctx, err, "assessweb.thing.scheme")
	}
	return sc, nil
}

// Scheme returns a scheme version with its versions and examiners.
func (s *Service) Scheme(ctx context.Context, p *Principal, id domain.ID) (*SchemeDetail, error) {
	r := s.db.Read()
	sc, err := s.loadScheme(ctx, r, p, id)
	if err != nil {
		return nil, err
	}
	d := &SchemeDetail{SchemeItem: s.schemeItem(p, sc), Versions: []domain.Scheme{}}
	versions, err := r.Schemes(ctx, store.SchemeFilter{Year: sc.Year, Kind: sc.Kind, Name: sc.Name})
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if schemeReader(p, v) {
			d.Versions = append(d.Versions, v)
		}
	}
	if d.Examiners, err = r.SchemeExaminers(ctx, id); err != nil {
		return nil, err
	}
	if !seesAllResults(p) {
		d.Examiners = []domain.SchemeExaminer{}
	}
	return d, nil
}

// checkSchemeHead checks what every version needs besides its body.
func checkSchemeHead(ctx context.Context, sc *domain.Scheme) error {
	sc.Name = strings.TrimSpace(sc.Name)
	if sc.Name == "" {
		return invalid(ctx, "name", "assessweb.err.name_required")
	}
	if sc.Year < 2000 || sc.Year > 2100 {
		return invalid(ctx, "year", "assessweb.err.year", sc.Year)
	}
	if !sc.Kind.Valid() {
		return invalid(ctx, "kind", "assessweb.err.kind", string(sc.Kind))
	}
	return nil
}

// CreateScheme stores a new scheme as version 1, a draft (office).
func (s *Service) CreateScheme(ctx context.Context, p *Principal, in domain.Scheme) (*SchemeItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	sc := domain.Scheme{Year: in.Year, Kind: in.Kind, Name: in.Name, SchemeBody: in.SchemeBody, Version: 1, State: domain.SchemeDraft}
	if err := checkSchemeHead(ctx, &sc); err != nil {
		return nil, err
	}
	if err := s.validateBody(ctx, sc.SchemeBody); err != nil {
		return nil, err
	}
	sc.CreatedBy = actorName(p)
	err := s.update(ctx, func(tx *store.Tx) error {
		if v, err := tx.NextSchemeVersion(ctx, sc.Year, sc.Kind, sc.Name); err != nil {
			return err
		} else if v != 1 {
			return conflict(ctx, "assessweb.err.scheme_exists", sc.Year, sc.Name)
		}
		if err := tx.InsertScheme(ctx, &sc, p.Account.ID, s.Now()); err != nil {
			return fromStore(ctx, err, "assessweb.thing.scheme")
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "assess.scheme.create", Entity: "assess_scheme", EntityID: sc.ID, After: sc})
		return err
	})
	if err != nil {
		return nil, err
	}
	it := s.schemeItem(p, sc)
	return &it, nil
}

// schemeStep changes a scheme version the office holds, in a transaction.
func (s *Service) schemeStep(ctx context.Context, p *Principal, id domain.ID, action string, fn func(tx *store.Tx, sc *domain.Scheme) error) (*SchemeItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	var after domain.Scheme
	err := s.update(ctx, func(tx *store.Tx) error {
		sc, err := s.loadScheme(ctx, &tx.Reader, p, id)
		if err != nil {
			return err
		}
		before := sc
		if err := fn(tx, &sc); err != nil {
			return err
		}
		if err := tx.UpdateScheme(ctx, sc, s.Now()); err != nil {
			return fromStore(ctx, err, "assessweb.thing.scheme")
		}
		after = sc
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "assess_scheme", EntityID: sc.ID, Before: before, After: sc})
		return err
	})
	if err != nil {
		return nil, err
	}
	it := s.schemeItem(p, after)
	return &it, nil
}

// frozenError refuses a change to a scheme no longer a draft.
func frozenError(ctx context.Context, sc domain.Scheme) error {
	return conflict(ctx, "assessweb.err.frozen", sc.Name, sc.Version, printer(ctx).T("assessweb.state."+string(sc.State)))
}

// UpdateScheme replaces a draft's name, year, kind and body (office).
func (s *Service) UpdateScheme(ctx context.Context, p *Principal, id domain.ID, in domain.Scheme) (*SchemeItem, error) {
	return s.schemeStep(ctx, p, id, "assess.scheme.update", func(tx *store.Tx, sc *domain.Scheme) error {
		if sc.State != domain.SchemeDraft {
			return frozenError(ctx, *sc)
		}
		next := *sc
		next.Year, next.Kind, next.Name, next.SchemeBody = in.Year, in.Kind, in.Name, in.SchemeBody
		if err := checkSchemeHead(ctx, &next); err != nil {
			return err
		}
		if err := s.validateBody(ctx, next.SchemeBody); err != nil {
			return err
		}
		if next.Year != sc.Year || next.Kind != sc.Kind || next.Name != sc.Name {
			if v, err := tx.NextSchemeVersion(ctx, next.Year, next.Kind, next.Name); err != nil {
				return err
			} else if v != 1 {
				return conflict(ctx, "assessweb.err.scheme_exists", next.Year, next.Name)
			}
		}
		*sc = next
		return nil
	})
}

// FreezeScheme starts scoring on a draft: from now on it does not change.
func (s *Service) FreezeScheme(ctx context.Context, p *Principal, id domain.ID) (*SchemeItem, error) {
	return s.schemeStep(ctx, p, id, "assess.scheme.freeze", func(tx *store.Tx, sc *domain.Scheme) error {
		if sc.State != domain.SchemeDraft {
			return frozenError(ctx, *sc)
		}
		if err := s.validateBody(ctx, sc.SchemeBody); err != nil {
			return err
		}
		sc.State, sc.FrozenAt = domain.SchemeScoring, s.Now()
		return nil
	})
}
