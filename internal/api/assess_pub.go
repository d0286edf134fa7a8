package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Published assessment results (考核结果公示): runs, appeals, adjustments,
// 定榜, and the public list.

func runURL(id domain.ID) string { return fmt.Sprintf("%s/assess/runs/%d", prefix, id) }

func (s *server) listAssessRuns(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	year := q.intIn("year", 0, 2000, 2100)
	if q.err != nil {
		return q.err
	}
	runs, err := s.svc.AssessRuns(r.Context(), p, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(runs))
}

func (s *server) publishAssessment(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.PublishInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var id domain.ID
	var err error
	if len(in.Result.Units) == 0 && in.SchemeName == "" {
		// A scheme alone: its results as computed now.
		id, err = s.svc.PublishScheme(r.Context(), p, service.SchemePublish{SchemeID: in.SchemeID, NoticeDays: in.NoticeDays, Start: in.Start})
	} else {
		id, err = s.svc.PublishAssessment(r.Context(), p, in)
	}
	if err != nil {
		return err
	}
	v, err := s.svc.AssessRun(r.Context(), p, id)
	if err != nil {
		return err
	}
	return created(w, runURL(id), v)
}

func (s *server) getAssessRun(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.AssessRunFull(r.Context(), p, id))
}

func (s *server) fileAssessAppeal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.AppealInput
	if isMultipart(r) {
		vals, files, err := s.readCaseForm(w, r, []string{"unit_id", "criterion", "reasons"})
		if err != nil {
			return err
		}
		in.Criterion, in.Reasons, in.Files = vals["criterion"], vals["reasons"], files
		if v := vals["unit_id"]; v != "" {
			if in.UnitID, err = strconv.ParseInt(v, 10, 64); err != nil {
				return formTypeError(r, "unit_id", "api.type.integer")
			}
		}
	} else if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.FileAppeal(r.Context(), p, id, in); err != nil {
		return err
	}
	v, err := s.svc.AssessRun(r.Context(), p, id)
	if err != nil {
		return err
	}
	return created(w, runURL(id), v)
}

func (s *server) decideAssessAppeal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.AppealDecision
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.svc.DecideAppeal(r.Context(), p, id, in); err != nil {
		return err
	}
	return noContent(w)
}

func (s *server) adjustAssessment(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.AdjustInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	adj, err := s.svc.AdjustAssessment(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return created(w, runURL(id), adj)
}

func (s *server) finalizeAssessment(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.FinalizeAssessment(r.Context(), p, id); err != nil {
		return err
	}
	return replyOK(w)(s.svc.AssessRun(r.Context(), p, id))
}

func (s *server) downloadAppealFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return sendStored(w)(s.svc.AssessAppealFile(r.Context(), p, id))
}

// The public list: what /public/assess shows, for anyone.

func (s *server) publicAssessRuns(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	runs, err := s.svc.PublicAssessRuns(r.Context(), 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(runs))
}

func (s *server) publicAssessRun(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.PublicAssessRun(r.Context(), id))
}

// appealFormSchema is the multipart form of an appeal.
func appealFormSchema() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
		"unit_id":   map[string]any{"type": "integer", "format": "int64"},
		"criterion": map[string]any{"type": "string"},
		"reasons":   map[string]any{"type": "string"},
		"files":     map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}}
}
