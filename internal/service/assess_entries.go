// Examiners' entries: a score within 0…Max with a reason (and optional
// evidence) on a criterion scored by hand, for a unit of the criterion's
// category, never the examiner's own unit, only while scoring runs. The
// office enters bonus, penalty and veto items too. A new score replaces
// the examiner's earlier one; the audit log keeps both.

package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// EntryInput is one score as an examiner enters it.
type EntryInput struct {
	Code   string    `json:"code"`
	UnitID domain.ID `json:"unit_id"`
	Score  float64   `json:"score"`
	Reason string    `json:"reason"`
	// Evidence is an optional file (not in JSON: the API takes it as a
	// multipart part).
	Evidence *Upload `json:"-"`
	// Label names the entry in a batch's messages ("第 5 行"); empty, it
	// is numbered.
	Label string `json:"-"`
}

// ownUnits returns the units p belongs to: every unit subtree p holds a
// role in. Nobody scores these.
func ownUnits(m *readmodel.Model, p *Principal) map[domain.ID]bool {
	out := map[domain.ID]bool{}
	if p.System {
		return out
	}
	for _, g := range p.Account.Grants {
		if g.UnitID == 0 || m.Unit(g.UnitID) == nil {
			continue
		}
		for id := range m.Subtree(g.UnitID) {
			out[id] = true
		}
	}
	return out
}

// entryRights is what p may enter on one scheme.
type entryRights struct {
	office   bool
	examiner *domain.SchemeExaminer
	own      map[domain.ID]bool
}

// may reports whether p may enter c at all (unit aside).
func (r entryRights) may(c schemeCriterion) bool {
	if r.examiner != nil && r.examiner.Covers(c.Code) {
		return true
	}
	return r.office && (c.Kind == domain.CriterionBonus || c.Kind == domain.CriterionPenalty || c.Kind == domain.CriterionVeto)
}

func (s *Service) entryRights(ctx context.Context, r *store.Reader, m *readmodel.Model, p *Principal, schemeID domain.ID) (entryRights, error) {
	rt := entryRights{office: p.System || p.Has(domain.RoleOffice), own: ownUnits(m, p)}
	if p.System || !p.Has(domain.RoleExaminer) {
		return rt, nil
	}
	list, err := r.SchemeExaminers(ctx, schemeID)
	if err != nil {
		return rt, err
	}
	for i := range list {
		if list[i].AccountID == p.Account.ID {
			rt.examiner = &list[i]
		}
	}
	return rt, nil
}

// checkEntry checks one entry against the scheme and p's rights and
// returns it ready to store; every refusal names what is wrong.
func (s *Service) checkEntry(ctx context.Context, m *readmodel.Model, crit map[string]schemeCriterion, cats map[string][]string,
	rt entryRights, in EntryInput) (schemeCriterion, error) {
	pr := printer(ctx)
	code := strings.TrimSpace(in.Code)
	c, ok := crit[code]
	if !ok {
		return c, invalid(ctx, "code", "assessweb.err.unknown_code", code)
	}
	if !takesEntries(c.Criterion) {
		return c, invalid(ctx, "code", "assessweb.err.not_entered", code, c.Name)
	}
	u := m.Unit(in.UnitID)
	if u == nil {
		return c, invalid(ctx, "unit_id", "assessweb.err.unknown_unit", in.UnitID)
	}
	if !containsString(cats[code], u.Category) {
		return c, invalid(ctx, "unit_id", "assessweb.err.unit_category", u.Name, code, c.Name)
	}
	if !rt.may(c) {
		return c, &domain.Error{Kind: domain.KindForbidden, Field: "code", Message: pr.T("assessweb.err.not_your_code", code, c.Name)}
	}
	if rt.own[u.ID] {
		return c, &domain.Error{Kind: domain.KindForbidden, Field: "unit_id", Message: pr.T("assessweb.err.own_unit", u.Name)}
	}
	if math.IsNaN(in.Score) || math.IsInf(in.Score, 0) {
		return c, invalid(ctx, "score", "assessweb.err.score_nan")
	}
	if lo, hi, bounded := entryRange(c.Criterion); bounded && (in.Score < lo || in.Score > hi) {
		return c, invalid(ctx, "score", "assessweb.err.score_range", num(in.Score), num(lo), num(hi))
	} else if !bounded && in.Score < 0 {
		return c, invalid(ctx, "score", "assessweb.err.value_negative", num(in.Score))
	}
	if strings.TrimSpace(in.Reason) == "" {
		return c, invalid(ctx, "reason", "assessweb.err.reason_entry")
	}
	if in.Evidence != nil {
		if err := s.checkUploads(ctx, []Upload{*in.Evidence}); err != nil {
			return c, err
		}
	}
	return c, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SaveEntry stores one entry of p on a scheme being scored.
func (s *Service) SaveEntry(ctx context.Context, p *Principal, schemeID domain.ID, in EntryInput) (*domain.AssessEntry, error) {
	out, err := s.SaveEntries(ctx, p, schemeID, []EntryInput{in})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// EntryError is a refused entry of a batch: its place (from 0) and why.
type EntryError struct {
	Index int
	Err   error
}

// EntriesRefused is the cause of the error of a batch in which some
// entries were bad (nothing was stored): the error is a domain.Error with
// one detail line per bad entry; errors.As finds the rows.
type EntriesRefused struct {
	Rows []EntryError
}

func (e *EntriesRefused) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(domain.ErrorMessage(r.Err))
	}
	return b.String()
}

// SaveEntries stores several entries of p at once, all or nothing: when
// any is bad, nothing is stored and the error (a domain.Error) details
// lists every bad one.
func (s *Service) SaveEntries(ctx context.Context, p *Principal, schemeID domain.ID, ins []EntryInput) ([]domain.AssessEntry, error) {
	return s.saveEntries(ctx, p, p, schemeID, ins, nil)
}

// saveEntries stores entries in the name of as (whose rights and own units
// apply), audited as p; pre are problems found before (a score sheet's
// rows that named no known unit or criterion): they fail the batch too.
func (s *Service) saveEntries(ctx context.Context, p, as *Principal, schemeID domain.ID, ins []EntryInput, pre []string) ([]domain.AssessEntry, error) {
	if err := requireAny(ctx, as, domain.RoleOffice, domain.RoleExaminer); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.AssessEntry
	err = s.update(ctx, func(tx *store.Tx) error {
		out = nil
		sc, err := s.loadScheme(ctx, &tx.Reader, as, schemeID)
		if err != nil {
			return err
		}
		if sc.State != domain.SchemeScoring {
			return conflict(ctx, "assessweb.err.not_scoring", sc.Name, sc.Version, printer(ctx).T("assessweb.state."+string(sc.State)))
		}
		rt, err := s.entryRights(ctx, &tx.Reader, m, as, schemeID)
		if err != nil {
			return err
		}
		crit, cats := criteriaOf(sc.SchemeBody)
		var bad []EntryError
		for i, in := range ins {
			if _, err := s.checkEntry(ctx, m, crit, cats, rt, in); err != nil {
				bad = append(bad, EntryError{Index: i, Err: err})
			}
		}
		if len(bad) == 1 && len(ins) == 1 && len(pre) == 0 {
			return bad[0].Err
		}
		if len(bad) > 0 || len(pre) > 0 {
			pr := printer(ctx)
			de := &domain.Error{Kind: domain.KindInvalid, Message: pr.T("assessweb.err.batch", len(bad)+len(pre)), Err: &EntriesRefused{Rows: bad},
				Details: append([]string{}, pre...)}
			for _, b := range bad {
				label := ins[b.Index].Label
				if label == "" {
					label = pr.T("assessweb.err.nth", b.Index+1)
				}
				de.Details = append(de.Details, label+"："+domain.ErrorMessage(b.Err))
			}
			return de
		}
		now := s.Now()
		for _, in := range ins {
			e := domain.AssessEntry{SchemeID: schemeID, Code: strings.TrimSpace(in.Code), UnitID: in.UnitID, ExaminerID: as.Account.ID,
				Examiner: actorName(as), Score: in.Score, Reason: truncate(strings.TrimSpace(in.Reason), 1000), At: now}
			if in.Evidence != nil {
				ct, _ := allowedType(*in.Evidence)
				sum := sha256.Sum256(in.Evidence.Data)
				f := domain.FileRef{Name: cleanFileName(in.Evidence.Name), ContentType: ct, Size: int64(len(in.Evidence.Data)), SHA256: hex.EncodeToString(sum[:])}
				if err := tx.InsertAssessFile(ctx, &f, in.Evidence.Data, now); err != nil {
					return err
				}
				e.EvidenceID, e.EvidenceName = f.ID, f.Name
			}
			old, err := tx.AssessEntry(ctx, schemeID, e.Code, e.UnitID, e.ExaminerID)
			var before any
			if err == nil {
				before = old
			}
			if err := tx.SaveAssessEntry(ctx, &e); err != nil {
				return err
			}
			if _, err := s.audit(ctx, tx, p, store.Change{Action: "assess.entry.save", Entity: "assess_entry", EntityID: e.ID, Before: before, After: e}); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Entries lists a scheme's entries p may read: every one for the office,
// leaders and examiners; the entries about their own units for the units.
func (s *Service) Entries(ctx context.Context, p *Principal, schemeID domain.ID) ([]domain.AssessEntry, error) {
	r := s.db.Read()
	if _, err := s.loadScheme(ctx, r, p, schemeID); err != nil {
		return nil, err
	}
	f := store.EntryFilter{SchemeID: schemeID}
	if !seesAllResults(p) {
		m, err := s.Model(ctx)
		if err != nil {
			return nil, err
		}
		for id := range unitsActing(m, p) {
			f.UnitIDs = append(f.UnitIDs, id)
		}
		if len(f.UnitIDs) == 0 {
			return []domain.AssessEntry{}, nil
		}
	}
	list, err := r.AssessEntries(ctx, f)
	if list == nil {
		list = []domain.AssessEntry{}
	}
	return list, err
}

// EntryFile returns an entry's evidence file, to whoever may read the entry.
func (s *Service) EntryFile(ctx context.Context, p *Principal, schemeID, fileID domain.ID) (domain.FileRef, []byte, error) {
	list, err := s.Entries(ctx, p, schemeID)
	if err != nil {
		return domain.FileRef{}, nil, err
	}
	for _, e := range list {
		if e.EvidenceID == fileID {
			return s.db.Read().AssessFileData(ctx, fileID)
		}
	}
	return domain.FileRef{}, nil, notFound(ctx, "err.not_found", printer(ctx).T("thing.file"))
}
