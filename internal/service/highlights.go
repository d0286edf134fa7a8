// 亮点 declarations: a unit's liaison or head declares one or two highlight
// works a year for their own unit; the office covering the unit accepts or
// returns them and evaluates the accepted ones at year end; leaders over
// the unit read them.

package service

import (
	"context"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// settingAmbitions stores the ambition levels offices choose from (a JSON list).
const settingAmbitions = "hl.ambitions"

// HighlightItem is a highlight with the names a page shows and what the
// caller may do with it.
type HighlightItem struct {
	domain.Highlight
	Unit     string           `json:"unit"`
	Category string           `json:"category"`
	Tasks    []RecordRef      `json:"tasks"`
	Can      HighlightActions `json:"can"`
}

// HighlightActions say what the caller may do with a highlight.
type HighlightActions struct {
	Edit    bool `json:"edit"`
	Declare bool `json:"declare"`
	Delete  bool `json:"delete"`
	// Attach: add supporting files (until evaluated).
	Attach   bool `json:"attach"`
	Decide   bool `json:"decide"`
	Evaluate bool `json:"evaluate"`
}

// HighlightInput is what a unit writes. UnitID may be left out by someone
// acting for one unit only; Year defaults to this year. Declare submits it
// to the office at once.
type HighlightInput struct {
	UnitID   domain.ID   `json:"unit_id"`
	Year     int         `json:"year"`
	Title    string      `json:"title"`
	Content  string      `json:"content"`
	Ambition string      `json:"ambition"`
	TaskIDs  []domain.ID `json:"task_ids"`
	Declare  bool        `json:"declare"`
}

// HighlightDecision is the office's decision on a declared highlight.
type HighlightDecision struct {
	Accept bool   `json:"accept"`
	Note   string `json:"note"`
}

// hlError puts a domain refusal in the caller's language.
func hlError(ctx context.Context, err error) error {
	var r *domain.HighlightRefusal
	if !errors.As(err, &r) {
		return err
	}
	pr := printer(ctx)
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		if st, ok := a.(domain.HighlightState); ok {
			args[i] = pr.T("hl.state." + string(st))
		} else {
			args[i] = a
		}
	}
	return &domain.Error{Kind: r.Kind, Field: r.Field, Message: pr.T("hl.err."+r.Code, args...)}
}

// HighlightAmbitions returns the ambition levels units choose from.
func (s *Service) HighlightAmbitions(ctx context.Context) ([]string, error) {
	return s.settingList(ctx, settingAmbitions, domain.DefaultAmbitions())
}

// SetHighlightAmbitions replaces the ambition levels (the district office).
// Highlights already declared keep the level they were declared with.
func (s *Service) SetHighlightAmbitions(ctx context.Context, p *Principal, list []string) ([]string, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	if !p.System && !districtOffice(p) {
		return nil, &domain.Error{Kind: domain.KindForbidden, Message: printer(ctx).T("hl.err.ambitions_scope")}
	}
	clean, err := domain.CheckAmbitions(list)
	if err != nil {
		return nil, hlError(ctx, err)
	}
	before, err := s.HighlightAmbitions(ctx)
	if err != nil {
		return nil, err
	}
	return clean, s.putSettingList(ctx, p, settingAmbitions, "highlight.ambitions", before, clean)
}

// Highlights returns the highlights of a year p may read, by unit in tree
// order (for the results pages, which show them next to each unit).
func (s *Service) Highlights(ctx context.Context, p *Principal, year int) ([]domain.Highlight, error) {
	return bareHighlights(s.HighlightList(ctx, p, year))
}

// bareHighlights drops the names and actions of a listing.
func bareHighlights(items []HighlightItem, err error) ([]domain.Highlight, error) {
	if err != nil {
		return nil, err
	}
	out := make([]domain.Highlight, len(items))
	for i, it := range items {
		out[i] = it.Highlight
	}
	return out, nil
}

// UnitHighlights returns the highlights of one unit in a year that p may
// read (a unit's results page shows them), reading only that unit's rows.
func (s *Service) UnitHighlights(ctx context.Context, p *Principal, year int, unit domain.ID) ([]domain.Highlight, error) {
	return bareHighlights(s.highlightList(ctx, p, store.HighlightFilter{Year: year, UnitIDs: []domain.ID{unit}}))
}

// HighlightList is Highlights with names and the caller's actions.
func (s *Service) HighlightList(ctx context.Context, p *Principal, year int) ([]HighlightItem, error) {
	return s.highlightList(ctx, p, store.HighlightFilter{Year: year})
}

// highlightList lists the highlights passing f that p may read, by unit in
// tree order; f.Year is required.
func (s *Service) highlightList(ctx context.Context, p *Principal, f store.HighlightFilter) ([]HighlightItem, error) {
	year := f.Year
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	if year < 2000 || year > 2100 {
		return nil, invalid(ctx, "year", "hl.err.year", year)
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Read().Highlights(ctx, f)
	if err != nil {
		return nil, err
	}
	byUnit := map[domain.ID][]store.HighlightRow{}
	for _, h := range rows {
		if recordReader(m, scope, p, h.UnitID) {
			byUnit[h.UnitID] = append(byUnit[h.UnitID], h)
		}
	}
	out := []HighlightItem{}
	for _, u := range m.TreeOrder() {
		for _, h := range byUnit[u.ID] {
			out = append(out, s.highlightItem(m, p, h.Highlight))
		}
	}
	return out, nil
}

func (s *Service) highlightItem(m *readmodel.Model, p *Principal, h domain.Highlight) HighlightItem {
	v := HighlightItem{Highlight: h, Unit: m.UnitName(h.UnitID), Tasks: []RecordRef{}}
	if u := m.Unit(h.UnitID); u != nil {
		v.Category = u.Category
	}
	for _, id := range h.TaskIDs {
		if t := m.Task(id); t != nil {
			v.Tasks = append(v.Tasks, RecordRef{ID: id, Number: t.Number, Title: t.Title})
		}
	}
	unit := !p.System && unitsActing(m, p)[h.UnitID]
	office := p.System || (p.Has(domain.RoleOffice) && officeCovers(m, p, h.UnitID))
	v.Can = HighlightActions{Edit: unit && h.CanEdit(), Declare: unit && h.CanEdit(), Delete: unit && h.CanEdit(), Attach: unit && h.CanAttach(),
		Decide: office && h.State == domain.HighlightDeclared, Evaluate: office && h.State == domain.HighlightAccepted}
	return v
}

// Highlight returns one highlight p may read.
func (s *Service) Highlight(ctx context.Context, p *Principal, id domain.ID) (*HighlightItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	h, err := s.db.Read().Highlight(ctx, id)
	if err := recordLoaded(ctx, err, m, scope, p, h.UnitID, "hl.thing"); err != nil {
		return nil, err
	}
	v := s.highlightItem(m, p, h.Highlight)
	return &v, nil
}

// HighlightUnits lists the units p may declare highlights for, in tree order.
func (s *Service) HighlightUnits(ctx context.Context, p *Principal) ([]*readmodel.Unit, error) {
	if p == nil || p.System {
		return nil, nil
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	acting := unitsActing(m, p)
	var out []*readmodel.Unit
	for _, u := range m.TreeOrder() {
		if acting[u.ID] {
			out = append(out, u)
		}
	}
	return out, nil
}
