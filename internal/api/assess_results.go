package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// Results (试算) of a scheme and the examiners' score sheets.

func (s *server) schemeResults(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.ComputeAssessment(r.Context(), p, id))
}

func (s *server) unitResults(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	unit, err := pathID(r, "unit_id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.UnitAssessment(r.Context(), p, id, unit))
}

func (s *server) exportResults(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Scheme(r.Context(), p, id)
	if err != nil {
		return err
	}
	res, err := s.svc.ComputeAssessment(r.Context(), p, id)
	if err != nil {
		return err
	}
	pr := i18n.From(r.Context())
	data, err := xlsexport.AssessResults(res, d.Name, pr)
	if err != nil {
		return err
	}
	sendFile(w, service.SchemeFileName(d.Scheme)+"-"+pr.T("assessweb.results.file")+".xlsx", xlsxType, data)
	return nil
}

func (s *server) scoreTemplate(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.svc.ScoreTemplate(r.Context(), p, id)
	if err != nil {
		return err
	}
	sendFile(w, i18n.From(r.Context()).T("assessweb.score.template_file")+".xlsx", xlsxType, data)
	return nil
}

func (s *server) importScores(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := readSheet(w, r)
	if err != nil {
		return err
	}
	list, err := s.svc.ImportScoreSheet(r.Context(), p, id, data, "")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}
