// Revising a frozen scheme, assigning its examiners, and its file.

package service

import (
	"context"
	"errors"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/schemefile"
	"github.com/luoshi/luoshi/internal/store"
)

// validateBody checks a scheme body with the engine's rules, every
// problem at once, in the caller's language.
func (s *Service) validateBody(ctx context.Context, b domain.SchemeBody) error {
	err := domain.ValidateScheme(b)
	if err == nil {
		return nil
	}
	var ps domain.SchemeProblems
	if pr := printer(ctx); errors.As(err, &ps) && pr.Lang != i18n.ZhHans {
		msg, lines := ps.Render(pr.T)
		return &domain.Error{Kind: domain.KindInvalid, Message: msg, Details: lines, Err: ps}
	}
	return err
}

// ReviseScheme makes a new version of a scheme being scored, with the
// reason for the change (office). The new version is frozen at once and
// scoring goes on in it; the old one is superseded. Examiners carry over
// (criteria that no longer exist fall out of their lists; an examiner left
// with none is dropped), and so does every entry whose criterion code
// still exists in the new version, still takes entries and whose score
// lies in the new range; the others stay in the old version and in the
// audit log.
func (s *Service) ReviseScheme(ctx context.Context, p *Principal, id domain.ID, in SchemeRevision) (*RevisedScheme, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		return nil, invalid(ctx, "reason", "assessweb.err.reason_required")
	}
	if err := s.validateBody(ctx, in.Body); err != nil {
		return nil, err
	}
	var out RevisedScheme
	err := s.update(ctx, func(tx *store.Tx) error {
		old, err := s.loadScheme(ctx, &tx.Reader, p, id)
		if err != nil {
			return err
		}
		if old.State != domain.SchemeScoring {
			return conflict(ctx, "assessweb.err.revise_state", old.Name, old.Version, printer(ctx).T("assessweb.state."+string(old.State)))
		}
		now := s.Now()
		next := old
		next.ID, next.PrevID, next.ChangeReason, next.SchemeBody, next.FrozenAt = 0, old.ID, reason, in.Body, now
		next.CreatedBy = actorName(p)
		if next.Version, err = tx.NextSchemeVersion(ctx, old.Year, old.Kind, old.Name); err != nil {
			return err
		}
		before := old
		old.State = domain.SchemeSuperseded
		if err := tx.UpdateScheme(ctx, old, now); err != nil {
			return err
		}
		if err := tx.InsertScheme(ctx, &next, p.Account.ID, now); err != nil {
			return fromStore(ctx, err, "assessweb.thing.scheme")
		}
		crit, _ := criteriaOf(next.SchemeBody)
		examiners, err := tx.SchemeExaminers(ctx, old.ID)
		if err != nil {
			return err
		}
		var keep []domain.SchemeExaminer
		for _, e := range examiners {
			if len(e.Criteria) == 0 {
				keep = append(keep, e)
				continue
			}
			var codes []string
			for _, c := range e.Criteria {
				if _, ok := crit[c]; ok {
					codes = append(codes, c)
				}
			}
			if len(codes) > 0 {
				e.Criteria = codes
				keep = append(keep, e)
			}
		}
		if err := tx.SetSchemeExaminers(ctx, next.ID, keep); err != nil {
			return err
		}
		entries, err := tx.AssessEntries(ctx, store.EntryFilter{SchemeID: old.ID})
		if err != nil {
			return err
		}
		for _, e := range entries {
			c, ok := crit[e.Code]
			lo, hi, bounded := entryRange(c.Criterion)
			if !ok || !takesEntries(c.Criterion) || (bounded && (e.Score < lo || e.Score > hi)) {
				out.Dropped++
				continue
			}
			e.ID, e.SchemeID = 0, next.ID
			if err := tx.SaveAssessEntry(ctx, &e); err != nil {
				return err
			}
			out.Carried++
		}
		if _, err := s.audit(ctx, tx, p, store.Change{Action: "assess.scheme.supersede", Entity: "assess_scheme", EntityID: old.ID, Before: before,
			After: old}); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.scheme.revise", Entity: "assess_scheme", EntityID: next.ID,
			After: map[string]any{"scheme": next, "carried": out.Carried, "dropped": out.Dropped}})
		out.SchemeItem = s.schemeItem(p, next)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ExaminerInput assigns an examiner by login, on criteria (empty: all).
type ExaminerInput struct {
	Login    string   `json:"login"`
	Criteria []string `json:"criteria"`
}

// SetSchemeExaminers replaces a scheme's examiners (office; draft or
// scoring). Each must be an active account holding the examiner role, each
// code a criterion of the scheme that takes entries.
func (s *Service) SetSchemeExaminers(ctx context.Context, p *Principal, id domain.ID, in []ExaminerInput) ([]domain.SchemeExaminer, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	accts, err := s.db.Read().Accounts(ctx)
	if err != nil {
		return nil, err
	}
	byLogin := map[string]domain.Account{}
	for _, a := range accts {
		byLogin[a.Login] = a
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		sc, err := s.loadScheme(ctx, &tx.Reader, p, id)
		if err != nil {
			return err
		}
		if sc.State != domain.SchemeDraft && sc.State != domain.SchemeScoring {
			return frozenError(ctx, sc)
		}
		crit, _ := criteriaOf(sc.SchemeBody)
		var list []domain.SchemeExaminer
		seen := map[domain.ID]bool{}
		for _, x := range in {
			a, ok := byLogin[strings.TrimSpace(x.Login)]
			if !ok || a.Status != domain.AccountActive || !a.Has(domain.RoleExaminer) {
				return invalid(ctx, "examiners", "assessweb.err.not_examiner", x.Login)
			}
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			e := domain.SchemeExaminer{SchemeID: id, AccountID: a.ID, Criteria: []string{}}
			for _, code := range x.Criteria {
				code = strings.TrimSpace(code)
				if code == "" {
					continue
				}
				if c, ok := crit[code]; !ok || !takesEntries(c.Criterion) {
					return invalid(ctx, "examiners", "assessweb.err.unknown_code", code)
				}
				e.Criteria = append(e.Criteria, code)
			}
			list = append(list, e)
		}
		before, err := tx.SchemeExaminers(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetSchemeExaminers(ctx, id, list); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "assess.scheme.examiners", Entity: "assess_scheme", EntityID: id, Before: before, After: list})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().SchemeExaminers(ctx, id)
}

// ExportScheme returns the scheme's file (YAML) and a file name.
func (s *Service) ExportScheme(ctx context.Context, p *Principal, id domain.ID) ([]byte, string, error) {
	sc, err := s.loadScheme(ctx, s.db.Read(), p, id)
	if err != nil {
		return nil, "", err
	}
	b, err := schemefile.MarshalLang(schemefile.File{Year: sc.Year, Kind: sc.Kind, Name: sc.Name, SchemeBody: sc.SchemeBody}, printer(ctx))
	if err != nil {
		return nil, "", err
	}
	return b, schemeFileName(sc) + ".yaml", nil
}

// SchemeFileName is the base of a scheme version's file names.
func SchemeFileName(sc domain.Scheme) string { return schemeFileName(sc) }

func schemeFileName(sc domain.Scheme) string {
	return strings.NewReplacer("/", "_", "\\", "_", " ", "_").Replace(sc.Name) + "-v" + num(float64(sc.Version))
}
