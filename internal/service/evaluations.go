// 测评/评议: the office sets up an evaluation as a draft (units, options or
// scale, rater groups with weights and quorums, a debriefing session),
// opens it, issues one-time codes per group, follows the turnout and closes
// it; results are shown only after closing. Voting is in evaluation_vote.go.

package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// EvaluationInput creates or edits a draft evaluation.
type EvaluationInput struct {
	Year    int                 `json:"year"`
	Code    string              `json:"code"`
	Name    string              `json:"name"`
	Kind    domain.EvalKind     `json:"kind"`
	UnitIDs []domain.ID         `json:"unit_ids"`
	Options []domain.EvalOption `json:"options"`
	// Min and Max are the numeric scale when Options is empty.
	Min     float64             `json:"min,omitempty"`
	Max     float64             `json:"max,omitempty"`
	Groups  []domain.RaterGroup `json:"groups"`
	Session *domain.EvalSession `json:"session,omitempty"`
}

// EvaluationItem is an evaluation with what the caller may see and do.
type EvaluationItem struct {
	domain.Evaluation
	// Turnout is per group, for the office (nil for others).
	Turnout []GroupTurnout    `json:"turnout,omitempty"`
	Can     EvaluationActions `json:"can"`
}

// GroupTurnout is a group's codes issued and used against its quorum.
type GroupTurnout struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	Quorum  int    `json:"quorum"`
	Issued  int    `json:"issued"`
	Used    int    `json:"used"`
	Reached bool   `json:"reached"`
}

// EvaluationActions say what the caller may do.
type EvaluationActions struct {
	Edit    bool `json:"edit"`
	Open    bool `json:"open"`
	Close   bool `json:"close"`
	Codes   bool `json:"codes"`
	Results bool `json:"results"`
}

// evalError puts an evaluation rule's refusal in the user's language.
func evalError(ctx context.Context, err error) error {
	var r *domain.CaseRefusal
	if !errors.As(err, &r) {
		return err
	}
	return &domain.Error{Kind: r.Kind, Field: r.Field, Message: printer(ctx).T("eval.err."+r.Code, r.Args...)}
}

// evalOffice says whether p runs evaluation e: an office covering every
// unit it rates.
func evalOffice(m *readmodel.Model, p *Principal, e domain.Evaluation) bool {
	if p.System {
		return true
	}
	if !p.Has(domain.RoleOffice) {
		return false
	}
	ids := make([]domain.ID, len(e.Units))
	for i, u := range e.Units {
		ids[i] = u.UnitID
	}
	return officeCovers(m, p, ids...)
}

// evalReader says whether p may see evaluation e at all: its office, or
// (once closed) anyone who reads one of the units it rates.
func evalReader(m *readmodel.Model, scope readmodel.Scope, p *Principal, e domain.Evaluation) bool {
	if evalOffice(m, p, e) {
		return true
	}
	if e.State != domain.EvalClosed {
		return false
	}
	for _, u := range e.Units {
		if recordReader(m, scope, p, u.UnitID) {
			return true
		}
	}
	return false
}

func (s *Service) evalItem(ctx context.Context, m *readmodel.Model, p *Principal, e domain.Evaluation, turnout bool) (EvaluationItem, error) {
	office := evalOffice(m, p, e)
	v := EvaluationItem{Evaluation: e, Can: EvaluationActions{
		Edit: office && e.State == domain.EvalDraft, Open: office && e.State == domain.EvalDraft,
		Close: office && e.State == domain.EvalOpen, Codes: office && e.State != domain.EvalClosed,
		Results: e.State == domain.EvalClosed}}
	if office && turnout {
		t, err := s.db.Read().EvalTurnouts(ctx, e.ID)
		if err != nil {
			return v, err
		}
		v.Turnout = []GroupTurnout{}
		for _, g := range e.Groups {
			x := t[g.Key]
			v.Turnout = append(v.Turnout, GroupTurnout{Key: g.Key, Name: g.Name, Quorum: g.Quorum, Issued: x.Issued, Used: x.Used,
				Reached: x.Used > 0 && x.Used >= g.Quorum})
		}
	}
	return v, nil
}

// Evaluations lists the evaluations p may see (year 0: all), newest first.
func (s *Service) Evaluations(ctx context.Context, p *Principal, year int) ([]EvaluationItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Read().Evaluations(ctx, store.EvalFilter{Year: year})
	if err != nil {
		return nil, err
	}
	out := []EvaluationItem{}
	for _, e := range list {
		if !evalReader(m, scope, p, e) {
			continue
		}
		v, err := s.evalItem(ctx, m, p, e, false)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// loadEvaluation reads an evaluation p may see; anything else is not found.
func (s *Service) loadEvaluation(ctx context.Context, r *store.Reader, m *readmodel.Model, scope readmodel.Scope, p *Principal, id domain.ID) (domain.Evaluation, error) {
	e, err := r.Evaluation(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !evalReader(m, scope, p, e)) {
		return e, notFound(ctx, "err.not_found", printer(ctx).T("eval.thing"))
	}
	return e, err
}

// Evaluation returns one evaluation, with the turnout for its office.
func (s *Service) Evaluation(ctx context.Context, p *Principal, id domain.ID) (*EvaluationItem, error) {
	if p == nil {
		return nil, &domain.Error{Kind: domain.KindUnauthorized, Message: printer(ctx).T("err.login_required")}
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	e, err := s.loadEvaluation(ctx, s.db.Read(), m, scope, p, id)
	if err != nil {
		return nil, err
	}
	v, err := s.evalItem(ctx, m, p, e, true)
	return &v, err
}

// build makes an evaluation from input, naming units from the model, and
// checks it.
func (s *Service) buildEvaluation(ctx context.Context, m *readmodel.Model, p *Principal, e *domain.Evaluation, in EvaluationInput) error {
	e.Year, e.Code, e.Name, e.Kind = in.Year, in.Code, in.Name, in.Kind
	e.Options, e.Min, e.Max, e.Groups, e.Session = in.Options, in.Min, in.Max, in.Groups, in.Session
	if e.Kind == "" {
		e.Kind = domain.EvalSurvey
	}
	e.Units = []domain.EvalUnit{}
	for _, id := range in.UnitIDs {
		u := m.Unit(id)
		if u == nil {
			return invalid(ctx, "unit_ids", "eval.err.unit_missing", id)
		}
		if !officeCovers(m, p, id) {
			return &domain.Error{Kind: domain.KindForbidden, Field: "unit_ids", Message: printer(ctx).T("esc.err.office_scope", u.Name)}
		}
		e.Units = append(e.Units, domain.EvalUnit{UnitID: id, Name: u.Name, Category: u.Category})
	}
	if e.Options == nil {
		e.Options = []domain.EvalOption{}
	}
	return evalError(ctx, e.Check())
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// CreateEvaluation sets up a draft (office covering every unit rated).
func (s *Service) CreateEvaluation(ctx context.Context, p *Principal, in EvaluationInput) (*EvaluationItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	m, err := s.Model(ctx)
	if err != nil {
		return nil, err
	}
	e := domain.Evaluation{State: domain.EvalDraft, CreatedBy: actorName(p)}
	if err := s.buildEvaluation(ctx, m, p, &e, in); err != nil {
		return nil, err
	}
	secret, err := randomHex(32)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		if _, err := tx.EvaluationByCode(ctx, e.Year, e.Code); err == nil {
			return invalid(ctx, "code", "eval.err.code_taken", e.Code, e.Year)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		for {
			tag, err := randomTag()
			if err != nil {
				return err
			}
			if _, err := tx.EvaluationByTag(ctx, tag); errors.Is(err, store.ErrNotFound) {
				e.Tag = tag
				break
			} else if err != nil {
				return err
			}
		}
		if err := tx.InsertEvaluation(ctx, &e, secret, s.Now()); err != nil {
			return err
		}
		_, err := s.audit(ctx, tx, p, store.Change{Action: "evaluation.create", Entity: "evaluation", EntityID: e.ID, After: e})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Evaluation(ctx, p, e.ID)
}

func randomTag() (string, error) {
	b := make([]byte, domain.VoteTagLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return domain.VoteCodeFrom(b), nil
}

// evalStep changes an evaluation its office runs.
func (s *Service) evalStep(ctx context.Context, p *Principal, id domain.ID, action string, fn func(tx *store.Tx, m *readmodel.Model, e *domain.Evaluation) error) (*EvaluationItem, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		e, err := s.loadEvaluation(ctx, &tx.Reader, m, scope, p, id)
		if err != nil {
			return err
		}
		if !evalOffice(m, p, e) {
			return forbidden(ctx)
		}
		before := e
		if err := fn(tx, m, &e); err != nil {
			return err
		}
		if err := tx.UpdateEvaluation(ctx, e, s.Now()); err != nil {
			return err
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: action, Entity: "evaluation", EntityID: e.ID, Before: before, After: e})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Evaluation(ctx, p, id)
}

// UpdateEvaluation edits a draft.
func (s *Service) UpdateEvaluation(ctx context.Context, p *Principal, id domain.ID, in EvaluationInput) (*EvaluationItem, error) {
	return s.evalStep(ctx, p, id, "evaluation.update", func(tx *store.Tx, m *readmodel.Model, e *domain.Evaluation) error {
		if e.State != domain.EvalDraft {
			return conflict(ctx, "eval.err.state_not_draft")
		}
		if err := s.buildEvaluation(ctx, m, p, e, in); err != nil {
			return err
		}
		if other, err := tx.EvaluationByCode(ctx, e.Year, e.Code); err == nil && other.ID != e.ID {
			return invalid(ctx, "code", "eval.err.code_taken", e.Code, e.Year)
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
}

// OpenEvaluation starts the voting.
func (s *Service) OpenEvaluation(ctx context.Context, p *Principal, id domain.ID) (*EvaluationItem, error) {
	return s.evalStep(ctx, p, id, "evaluation.open", func(_ *store.Tx, _ *readmodel.Model, e *domain.Evaluation) error {
		return evalError(ctx, e.Open(s.Now()))
	})
}

// CloseEvaluation ends the voting, and rewrites the ballots so that nothing
// stored shows the order they were cast in (see store/evaluation_anon.go).
func (s *Service) CloseEvaluation(ctx context.Context, p *Principal, id domain.ID) (*EvaluationItem, error) {
	v, err := s.evalStep(ctx, p, id, "evaluation.close", func(tx *store.Tx, _ *readmodel.Model, e *domain.Evaluation) error {
		if err := evalError(ctx, e.Close(s.Now())); err != nil {
			return err
		}
		return tx.ShuffleBallots(ctx, e.ID)
	})
	if err != nil {
		return nil, err
	}
	// The close is committed: compacting is housekeeping, and a failure is
	// logged rather than undoing it.
	if err := s.db.CompactBallots(context.WithoutCancel(ctx)); err != nil {
		s.cfg.Logger.Warn("compact ballots", "evaluation", id, "err", err)
	}
	return v, nil
}
