// One-time voting codes and the vote itself. A code is shown in plain once,
// when issued; the store keeps only its keyed hash. Voting needs no login:
// the code is the credential, and it votes once.

package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/emmansun/gmsm/sm3"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

// CodeRequest asks for a batch of codes of one group: Count codes, each
// carrying RaterUnitID (peer groups), or with EachUnit Count codes for
// every unit rated, each carrying that unit.
type CodeRequest struct {
	Group       string    `json:"group"`
	Count       int       `json:"count"`
	RaterUnitID domain.ID `json:"rater_unit_id,omitempty"`
	EachUnit    bool      `json:"each_unit,omitempty"`
}

// IssuedCode is a code in plain, as issued: shown once, never stored.
type IssuedCode struct {
	Code      string    `json:"code"` // formatted, with dashes
	Group     string    `json:"group"`
	GroupName string    `json:"group_name"`
	RaterUnit string    `json:"rater_unit,omitempty"`
	RaterID   domain.ID `json:"rater_unit_id,omitempty"`
}

// CodeBatch is an issued batch with the evaluation's name for the sheet.
type CodeBatch struct {
	EvaluationID domain.ID    `json:"evaluation_id"`
	Evaluation   string       `json:"evaluation"`
	Codes        []IssuedCode `json:"codes"`
}

// maxCodesPerBatch bounds one batch.
const maxCodesPerBatch = 5000

// codeHash is the stored form of a code: HMAC-SM3 under the evaluation's
// secret, so that hashes of one evaluation say nothing about another's and
// a leaked table cannot be checked against a list of guesses without it.
func codeHash(secret, code string) string {
	key, _ := hex.DecodeString(secret)
	mac := hmac.New(sm3.New, key)
	mac.Write([]byte(code))
	return hex.EncodeToString(mac.Sum(nil))
}

// IssueCodes issues a batch of codes for a group (office running the
// evaluation, before it closes) and returns them in plain, once.
func (s *Service) IssueCodes(ctx context.Context, p *Principal, id domain.ID, req CodeRequest) (*CodeBatch, error) {
	if err := requireOffice(ctx, p); err != nil {
		return nil, err
	}
	scope, m, err := s.Scope(ctx, p)
	if err != nil {
		return nil, err
	}
	var out *CodeBatch
	err = s.update(ctx, func(tx *store.Tx) error {
		e, err := s.loadEvaluation(ctx, &tx.Reader, m, scope, p, id)
		if err != nil {
			return err
		}
		if !evalOffice(m, p, e) {
			return forbidden(ctx)
		}
		if e.State == domain.EvalClosed {
			return conflict(ctx, "eval.err.closed")
		}
		g := e.Group(req.Group)
		if g == nil {
			return invalid(ctx, "group", "eval.err.group_unknown", req.Group)
		}
		if req.Count < 1 || req.Count > maxCodesPerBatch {
			return invalid(ctx, "count", "eval.err.count_range", maxCodesPerBatch)
		}
		raters, err := codeRaters(ctx, m, e, *g, req)
		if err != nil {
			return err
		}
		if len(raters)*req.Count > maxCodesPerBatch {
			return invalid(ctx, "count", "eval.err.count_range", maxCodesPerBatch)
		}
		secret, err := tx.EvaluationSecret(ctx, e.ID)
		if err != nil {
			return err
		}
		out = &CodeBatch{EvaluationID: e.ID, Evaluation: e.Name, Codes: []IssuedCode{}}
		for _, rater := range raters {
			hashes := make([]string, req.Count)
			for i := range hashes {
				code, err := newCode(e.Tag)
				if err != nil {
					return err
				}
				hashes[i] = codeHash(secret, code)
				out.Codes = append(out.Codes, IssuedCode{Code: domain.FormatVoteCode(code), Group: g.Key, GroupName: g.Name, RaterID: rater,
					RaterUnit: m.UnitName(rater)})
			}
			if err := tx.InsertEvalCodes(ctx, e.ID, g.Key, rater, hashes); err != nil {
				return err
			}
		}
		_, err = s.audit(ctx, tx, p, store.Change{Action: "evaluation.codes", Entity: "evaluation", EntityID: e.ID,
			After: map[string]any{"group": g.Key, "count": len(out.Codes), "rater_units": raters}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// codeRaters lists the rater unit of each part of a batch (0: none).
func codeRaters(ctx context.Context, m *readmodel.Model, e domain.Evaluation, g domain.RaterGroup, req CodeRequest) ([]domain.ID, error) {
	switch {
	case req.EachUnit:
		if !g.PerUnit {
			return nil, invalid(ctx, "each_unit", "eval.err.group_no_units", g.Name)
		}
		var out []domain.ID
		for _, u := range e.Units {
			out = append(out, u.UnitID)
		}
		return out, nil
	case req.RaterUnitID != 0:
		if !g.PerUnit {
			return nil, invalid(ctx, "rater_unit_id", "eval.err.group_no_units", g.Name)
		}
		if m.Unit(req.RaterUnitID) == nil {
			return nil, invalid(ctx, "rater_unit_id", "eval.err.unit_missing", req.RaterUnitID)
		}
		return []domain.ID{req.RaterUnitID}, nil
	case g.PerUnit:
		return nil, invalid(ctx, "rater_unit_id", "eval.err.rater_required", g.Name)
	}
	return []domain.ID{0}, nil
}

func newCode(tag string) (string, error) {
	b := make([]byte, domain.VoteBodyLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return tag + domain.VoteCodeFrom(b), nil
}

// BallotView is what a voter sees: the evaluation, the group, the units
// (their own marked and left out), the answers and, for a debriefing, the
// speakers' reports.
type BallotView struct {
	EvaluationID domain.ID `json:"evaluation_id"`
	// RaterUnitID is the code's unit (peer groups), whose row is left out.
	RaterUnitID domain.ID           `json:"rater_unit_id,omitempty"`
	Code        string              `json:"code"` // formatted
	Evaluation  string              `json:"evaluation"`
	Kind        domain.EvalKind     `json:"kind"`
	Group       string              `json:"group"`
	Units       []BallotUnit        `json:"units"`
	Options     []domain.EvalOption `json:"options"`
	Numeric     bool                `json:"numeric"`
	Min         float64             `json:"min,omitempty"`
	Max         float64             `json:"max,omitempty"`
	Session     *domain.EvalSession `json:"session,omitempty"`
}

// BallotUnit is a unit on the ballot.
type BallotUnit struct {
	UnitID   domain.ID            `json:"unit_id"`
	Name     string               `json:"name"`
	Own      bool                 `json:"own"`
	Speakers []domain.EvalSpeaker `json:"speakers,omitempty"`
}

// votingCode is a code resolved to its evaluation.
type votingCode struct {
	e    domain.Evaluation
	code store.EvalCode
	hash string
	text string
}

// resolveCode finds a typed code's evaluation and record, and refuses a
// code that cannot vote now, in the voter's language.
func (s *Service) resolveCode(ctx context.Context, raw string) (*votingCode, error) {
	code, tag, ok := domain.ParseVoteCode(raw)
	if !ok {
		return nil, invalid(ctx, "code", "eval.err.code_unknown")
	}
	r := s.db.Read()
	e, secret, err := r.EvaluationByTagWithSecret(ctx, tag)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(ctx, "eval.err.code_unknown")
	}
	if err != nil {
		return nil, err
	}
	v := &votingCode{e: e, hash: codeHash(secret, code), text: domain.FormatVoteCode(code)}
	v.code, err = r.LookupEvalCode(ctx, e.ID, v.hash)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, notFound(ctx, "eval.err.code_unknown")
	case err != nil:
		return nil, err
	case e.State == domain.EvalDraft:
		return nil, conflict(ctx, "eval.err.not_open")
	case e.State == domain.EvalClosed:
		return nil, conflict(ctx, "eval.err.closed")
	case v.code.Used:
		return nil, conflict(ctx, "eval.err.code_used")
	}
	return v, nil
}

// Ballot returns the ballot a code votes with (no login).
func (s *Service) Ballot(ctx context.Context, code string) (*BallotView, error) {
	v, err := s.resolveCode(ctx, code)
	if err != nil {
		return nil, err
	}
	e := v.e
	g := e.Group(v.code.Group)
	if g == nil {
		return nil, notFound(ctx, "eval.err.code_unknown")
	}
	b := &BallotView{EvaluationID: e.ID, RaterUnitID: v.code.Rater, Code: v.text, Evaluation: e.Name, Kind: e.Kind, Group: g.Name, Options: e.Options, Numeric: e.Numeric(),
		Min: e.Min, Max: e.Max, Session: e.Session, Units: []BallotUnit{}}
	for _, u := range e.Units {
		bu := BallotUnit{UnitID: u.UnitID, Name: u.Name, Own: u.UnitID == v.code.Rater}
		if e.Session != nil {
			for _, sp := range e.Session.Speakers {
				if sp.UnitID == u.UnitID {
					bu.Speakers = append(bu.Speakers, sp)
				}
			}
		}
		b.Units = append(b.Units, bu)
	}
	return b, nil
}

// Vote casts a code's ballot (no login). Marking the code used and storing
// the ballot are one transaction: of several votes with one code exactly
// one is stored. The audit log records that a ballot was cast in the
// evaluation's group, with no code, answers, rater unit or address: its
// order is the order of voting, so it must not tie to a ballot row, and
// ballot rows carry nothing it could be matched on.
func (s *Service) Vote(ctx context.Context, code string, answers map[domain.ID]domain.BallotAnswer) error {
	v, err := s.resolveCode(ctx, code)
	if err != nil {
		return err
	}
	b := domain.Ballot{Group: v.code.Group, Answers: answers}
	if b.Answers == nil {
		b.Answers = map[domain.ID]domain.BallotAnswer{}
	}
	if err := v.e.CheckBallot(&b, v.code.Rater); err != nil {
		return evalError(ctx, err)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		// The state is checked in the same statement that uses the code,
		// so a vote never lands after the close; it is read only to say
		// why a code could not be used.
		ok, err := tx.UseEvalCode(ctx, v.e.ID, v.hash)
		if err != nil {
			return err
		}
		if !ok {
			st, err := tx.EvaluationState(ctx, v.e.ID)
			if err != nil {
				return err
			}
			if st != domain.EvalOpen {
				return conflict(ctx, "eval.err.closed")
			}
			return conflict(ctx, "eval.err.code_used")
		}
		if err := tx.InsertBallot(ctx, v.e.ID, b); err != nil {
			return err
		}
		_, err = tx.Audit(ctx, store.Actor{Login: "voter"}, s.Now(), store.Change{Action: "evaluation.ballot", Entity: "evaluation",
			EntityID: v.e.ID, After: map[string]string{"group": b.Group}})
		return err
	})
}
