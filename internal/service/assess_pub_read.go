package service

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// Who reads what of a run. The list itself (ranks, totals, grades, awards,
// every criterion with its formula) is public from the first day of 公示:
// 公示 means public. Appeals and adjustments are not: the office and the
// leaders read all of them, a unit's liaisons and head their own unit's,
// the public none.

// RunView is a run as the caller may read it.
type RunView struct {
	domain.AssessRun
	Appeals     []AppealItem              `json:"appeals"`
	Adjustments []domain.AssessAdjustment `json:"adjustments"`
	// Open: the window is open today (units may appeal).
	Open bool       `json:"open"`
	Can  RunActions `json:"can"`
}

// RunActions say what the caller may do with a run.
type RunActions struct {
	Adjust   bool `json:"adjust"`
	Finalize bool `json:"finalize"`
	// AppealUnits are the caller's units in the run that may appeal now.
	AppealUnits []domain.ID `json:"appeal_units"`
}

// AppealItem is an appeal with the names a page shows.
type AppealItem struct {
	domain.AssessAppeal
	Unit          string `json:"unit"`
	CriterionName string `json:"criterion_name,omitempty"`
	CanDecide     bool   `json:"can_decide"`
}

// AssessRuns lists the published runs (any signed-in account; the lists
// are public), newest first, without their results.
func (s *Service) AssessRuns(ctx context.Context, p *Principal, year int) ([]RunSummary, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	return s.listRuns(ctx, year, false)
}

// PublicAssessRuns lists the runs in 公示 and the final ones, for anyone.
// A 公示 that starts on a later day is not public yet.
func (s *Service) PublicAssessRuns(ctx context.Context, year int) ([]RunSummary, error) {
	return s.listRuns(ctx, year, true)
}

func (s *Service) listRuns(ctx context.Context, year int, public bool) ([]RunSummary, error) {
	runs, err := s.db.Read().AssessRuns(ctx, store.RunFilter{Year: year})
	out := make([]RunSummary, 0, len(runs))
	for _, r := range runs {
		if !public || s.publicNow(r) {
			out = append(out, Summary(r))
		}
	}
	return out, err
}

// publicNow reports whether the public may read a run today.
func (s *Service) publicNow(r domain.AssessRun) bool {
	return r.State == domain.RunFinal || s.Today() >= r.NoticeStart
}

// PublicAssessRun returns a run's whole result for anyone: no appeals, no
// adjustments, nobody's reasons.
func (s *Service) PublicAssessRun(ctx context.Context, id domain.ID) (domain.AssessRun, error) {
	return s.loadPublic(ctx, id, allUnits)
}

// PublicAssessList is PublicAssessRun without the units' criteria: the
// list of ranks, totals, grades and awards.
func (s *Service) PublicAssessList(ctx context.Context, id domain.ID) (domain.AssessRun, error) {
	return s.loadPublic(ctx, id, listOnly)
}

// PublicAssessUnit is the list with one unit's criteria, and that unit.
func (s *Service) PublicAssessUnit(ctx context.Context, id, unit domain.ID) (domain.AssessRun, *domain.UnitResult, error) {
	if unit <= 0 {
		return domain.AssessRun{}, nil, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.unit_result"))
	}
	run, err := s.loadPublic(ctx, id, unit)
	if err != nil {
		return run, nil, err
	}
	u := domain.FindUnitResult(&run.Result, unit)
	if u == nil {
		return run, nil, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.unit_result"))
	}
	return run, u, nil
}

// loadPublic is loadRun for the public: a 公示 not started yet is not
// found.
func (s *Service) loadPublic(ctx context.Context, id, unit domain.ID) (domain.AssessRun, error) {
	run, err := s.loadRun(ctx, id, unit)
	if err == nil && !s.publicNow(run) {
		return domain.AssessRun{}, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.run"))
	}
	return run, err
}

// loadRun reads a run (see openRun for what unit selects) for reading.
func (s *Service) loadRun(ctx context.Context, id, unit domain.ID) (domain.AssessRun, error) {
	r := s.db.Read()
	var run domain.AssessRun
	var err error
	switch unit {
	case allUnits:
		run, err = r.AssessRun(ctx, id)
	case listOnly:
		run, err = r.AssessRunSummary(ctx, id)
	default:
		run, err = loadRunUnit(ctx, r, id, unit)
	}
	if errors.Is(err, store.ErrNotFound) {
		return run, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.run"))
	}
	fillRunSlices(&run)
	return run, err
}

// runReader classifies p for a run: all (office, leaders, the operator)
// or the units p acts for.
func runReader(m *readmodel.Model, p *Principal) (all bool, own map[domain.ID]bool) {
	if p.System || p.Has(domain.RoleOffice) || p.Has(domain.RoleLeader) {
		return true, nil
	}
	return false, unitsActing(m, p)
}

// AssessRun returns a run's list (the units without their criteria) with
// the appeals and adjustments p may read.
func (s *Service) AssessRun(ctx context.Context, p *Principal, id domain.ID) (*RunView, error) {
	return s.assessRunView(ctx, p, id, 0, listOnly)
}

// AssessRunFull is AssessRun with every unit's criteria (exports).
func (s *Service) AssessRunFull(ctx context.Context, p *Principal, id domain.ID) (*RunView, error) {
	return s.assessRunView(ctx, p, id, 0, allUnits)
}

// AssessRunUnit is AssessRun narrowed to one unit's appeals and
// adjustments (its breakdown is in the result).
func (s *Service) AssessRunUnit(ctx context.Context, p *Principal, id, unit domain.ID) (*RunView, *domain.UnitResult, error) {
	v, err := s.assessRunView(ctx, p, id, unit, unit)
	if err != nil {
		return nil, nil, err
	}
	u := domain.FindUnitResult(&v.Result, unit)
	if u == nil {
		return nil, nil, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.unit_result"))
	}
	return v, u, nil
}

func (s *Service) assessRunView(ctx context.Context, p *Principal, id, unit, load domain.ID) (*RunView, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	if unit < 0 {
		return nil, notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.unit_result"))
	}
	run, err := s.loadRun(ctx, id, load)
	if err != nil {
		return nil, err
	}
	all, own := runReader(m, p)
	v := &RunView{AssessRun: run, Appeals: []AppealItem{}, Adjustments: []domain.AssessAdjustment{}, Open: run.Open(s.Today()),
		Can: RunActions{AppealUnits: []domain.ID{}}}
	readable := func(u domain.ID) bool { return (all || own[u]) && (unit == 0 || u == unit) }
	r := s.db.Read()
	// Read only the appeals the caller may see: one unit's for a unit's
	// page, the caller's own units' for a unit's liaison.
	f := store.AppealFilter{RunID: id}
	switch {
	case unit != 0:
		f.UnitIDs = []domain.ID{unit}
	case !all:
		f.UnitIDs = slices.Sorted(maps.Keys(own))
	}
	var appeals []domain.AssessAppeal
	if all || len(f.UnitIDs) > 0 {
		if appeals, err = r.AssessAppeals(ctx, f); err != nil {
			return nil, err
		}
	}
	criteria := map[domain.ID][]domain.CriterionScore{} // read once per unit, only when the body lacks a criterion
	for _, a := range appeals {
		if !readable(a.UnitID) {
			continue
		}
		it := AppealItem{AssessAppeal: a, Unit: m.UnitName(a.UnitID), CriterionName: CriterionName(run.Body, a.Criterion)}
		if it.CriterionName == "" && a.Criterion != "" {
			// A body without the criterion: the unit's own scores name it.
			cs, ok := criteria[a.UnitID]
			if !ok {
				if cs, err = r.AssessRunUnitCriteria(ctx, id, a.UnitID); err != nil {
					return nil, err
				}
				criteria[a.UnitID] = cs
			}
			for _, c := range cs {
				if c.Code == a.Criterion {
					it.CriterionName = c.Name
				}
			}
		}
		it.CanDecide = run.State == domain.RunNotice && a.State == domain.AppealPending && officeCovers(m, p, a.UnitID)
		v.Appeals = append(v.Appeals, it)
	}
	adjs, err := r.AssessAdjustments(ctx, id, unit)
	if err != nil {
		return nil, err
	}
	for _, a := range adjs {
		if readable(a.UnitID) {
			v.Adjustments = append(v.Adjustments, a)
		}
	}
	if run.State == domain.RunNotice {
		office := p.System || p.Has(domain.RoleOffice)
		v.Can.Adjust = office
		v.Can.Finalize = office && s.Today() > run.NoticeEnd
		if v.Open && !p.System {
			for _, u := range run.Result.Units {
				if own[u.UnitID] {
					v.Can.AppealUnits = append(v.Can.AppealUnits, u.UnitID)
				}
			}
		}
	}
	return v, nil
}

// AssessAppealFile returns an appeal's evidence file to those who may read
// the appeal.
func (s *Service) AssessAppealFile(ctx context.Context, p *Principal, fileID domain.ID) (domain.FileRef, []byte, error) {
	if p == nil {
		return domain.FileRef{}, nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	m, err := s.Model(ctx)
	if err != nil {
		return domain.FileRef{}, nil, err
	}
	missing := notFound(ctx, "err.not_found", printer(ctx).T("assesspub.thing.file"))
	r := s.db.Read()
	f, appealID, data, err := r.AssessAppealFile(ctx, fileID)
	if errors.Is(err, store.ErrNotFound) {
		return f, nil, missing
	}
	if err != nil {
		return f, nil, err
	}
	a, err := r.AssessAppeal(ctx, appealID)
	if err != nil {
		return f, nil, err
	}
	if all, own := runReader(m, p); !all && !own[a.UnitID] {
		return f, nil, missing
	}
	return f, data, nil
}

// PublicAssessStamp changes whenever the run id (0: any run) changes, so
// that public pages may be cached by it.
func (s *Service) PublicAssessStamp(ctx context.Context, id domain.ID) (string, error) {
	return s.db.Read().AssessRunStamp(ctx, id)
}

// RunSummary is a run without its scheme body and result, as listings
// show it.
type RunSummary struct {
	ID          domain.ID       `json:"id"`
	SchemeID    domain.ID       `json:"scheme_id"`
	Year        int             `json:"year"`
	SchemeName  string          `json:"scheme_name"`
	State       domain.RunState `json:"state"`
	NoticeStart domain.Date     `json:"notice_start"`
	NoticeEnd   domain.Date     `json:"notice_end"`
	NoticeDays  int             `json:"notice_days"`
	CreatedBy   string          `json:"created_by"`
	CreatedAt   time.Time       `json:"created_at"`
	FinalizedBy string          `json:"finalized_by,omitempty"`
	FinalizedAt time.Time       `json:"finalized_at,omitzero"`
}

// Summary is a run as listings show it.
func Summary(r domain.AssessRun) RunSummary {
	return RunSummary{ID: r.ID, SchemeID: r.SchemeID, Year: r.Year, SchemeName: r.SchemeName, State: r.State, NoticeStart: r.NoticeStart,
		NoticeEnd: r.NoticeEnd, NoticeDays: r.NoticeDays, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, FinalizedBy: r.FinalizedBy,
		FinalizedAt: r.FinalizedAt}
}

// fillRunSlices gives every list of a run's body and result a value, so
// that readers get [] rather than null.
func fillRunSlices(r *domain.AssessRun) {
	b := &r.Body
	if b.Categories == nil {
		b.Categories = []domain.AssessCategory{}
	}
	if b.Rules.Grades == nil {
		b.Rules.Grades = []domain.GradeRule{}
	}
	for i := range b.Categories {
		c := &b.Categories[i]
		if c.Sections == nil {
			c.Sections = []domain.AssessSection{}
		}
		for j := range c.Sections {
			if c.Sections[j].Criteria == nil {
				c.Sections[j].Criteria = []domain.Criterion{}
			}
		}
	}
	if r.Result.Units == nil {
		r.Result.Units = []domain.UnitResult{}
	}
	for i := range r.Result.Units {
		u := &r.Result.Units[i]
		if u.Sections == nil {
			u.Sections = []domain.SectionScore{}
		}
		if u.Criteria == nil {
			u.Criteria = []domain.CriterionScore{}
		}
	}
}

// CriterionName is the name of a criterion code in a scheme body ("" when
// it has none).
func CriterionName(b domain.SchemeBody, code string) string {
	if code == "" {
		return ""
	}
	var find func(cs []domain.Criterion) string
	find = func(cs []domain.Criterion) string {
		for _, c := range cs {
			if c.Code == code {
				return c.Name
			}
			if n := find(c.Children); n != "" {
				return n
			}
		}
		return ""
	}
	for _, cat := range b.Categories {
		for _, sec := range cat.Sections {
			if n := find(sec.Criteria); n != "" {
				return n
			}
		}
	}
	return ""
}
