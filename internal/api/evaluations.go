package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// 测评/评议: the office's evaluations, codes and results, and the public
// vote with a one-time code.

func evaluationURL(id domain.ID) string { return fmt.Sprintf("%s/evaluations/%d", prefix, id) }

func (s *server) listEvaluations(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	year := q.intIn("year", 0, 2000, 2100)
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Evaluations(r.Context(), p, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) createEvaluation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.EvaluationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.svc.CreateEvaluation(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, evaluationURL(e.ID), e)
}

func (s *server) getEvaluation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.Evaluation(r.Context(), p, id))
}

func (s *server) updateEvaluation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.EvaluationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	return replyOK(w)(s.svc.UpdateEvaluation(r.Context(), p, id, in))
}

// evaluationStep opens or closes an evaluation.
func (s *server) evaluationStep(step func(*service.Service, context.Context, *service.Principal, domain.ID) (*service.EvaluationItem, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		e, err := step(s.svc, r.Context(), p, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, e)
	}
}

func (s *server) openEvaluation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.evaluationStep((*service.Service).OpenEvaluation)(w, r, p)
}

func (s *server) closeEvaluation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.evaluationStep((*service.Service).CloseEvaluation)(w, r, p)
}

func (s *server) issueCodes(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.CodeRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	b, err := s.svc.IssueCodes(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

func (s *server) evaluationResults(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.EvaluationScores(r.Context(), p, id))
}

// voteInput is a ballot cast with a code.
type voteInput struct {
	Code    string                            `json:"code"`
	Answers map[domain.ID]domain.BallotAnswer `json:"answers"`
}

// voteDone is the answer to a vote: nothing that would identify the ballot.
type voteDone struct {
	Cast bool `json:"cast"`
}

func (s *server) getBallot(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	return replyOK(w)(s.svc.Ballot(r.Context(), r.PathValue("code")))
}

func (s *server) castVote(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	var in voteInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.svc.Vote(r.Context(), in.Code, in.Answers); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, voteDone{Cast: true})
}
