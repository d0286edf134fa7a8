package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

func highlightURL(id domain.ID) string { return fmt.Sprintf("%s/highlights/%d", prefix, id) }

// ambitionsView is the list of ambition levels.
type ambitionsView struct {
	Ambitions []string `json:"ambitions"`
}

func (s *server) listHighlights(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	year := q.intIn("year", s.svc.Today().Year(), 2000, 2100)
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.HighlightList(r.Context(), p, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) createHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.HighlightInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	h, err := s.svc.CreateHighlight(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, highlightURL(h.ID), h)
}

// highlightCall runs a step on the highlight named in the path.
func (s *server) highlightCall(w http.ResponseWriter, r *http.Request, body any, step func(id domain.ID) (*service.HighlightItem, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if body != nil {
		if err := decode(w, r, body); err != nil {
			return err
		}
	}
	h, err := step(id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *server) getHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.highlightCall(w, r, nil, func(id domain.ID) (*service.HighlightItem, error) { return s.svc.Highlight(r.Context(), p, id) })
}

func (s *server) updateHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.HighlightInput
	return s.highlightCall(w, r, &in, func(id domain.ID) (*service.HighlightItem, error) {
		return s.svc.UpdateHighlight(r.Context(), p, id, in)
	})
}

func (s *server) declareHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.highlightCall(w, r, nil, func(id domain.ID) (*service.HighlightItem, error) { return s.svc.DeclareHighlight(r.Context(), p, id) })
}

func (s *server) decideHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.HighlightDecision
	return s.highlightCall(w, r, &in, func(id domain.ID) (*service.HighlightItem, error) {
		return s.svc.DecideHighlight(r.Context(), p, id, in)
	})
}

func (s *server) evaluateHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in domain.HighlightEvaluation
	return s.highlightCall(w, r, &in, func(id domain.ID) (*service.HighlightItem, error) {
		return s.svc.EvaluateHighlight(r.Context(), p, id, in)
	})
}

// addHighlightFiles takes supporting files as multipart/form-data (parts
// "files"); a JSON body has no files to give.
func (s *server) addHighlightFiles(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !isMultipart(r) {
		return &domain.Error{Kind: domain.KindInvalid, Message: i18n.From(r.Context()).T("api.err.multipart")}
	}
	_, files, err := s.readCaseForm(w, r, nil)
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.AddHighlightFiles(r.Context(), p, id, files))
}

func (s *server) downloadHighlightFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return sendStored(w)(s.svc.HighlightFile(r.Context(), p, id))
}

func (s *server) deleteHighlight(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteHighlight(r.Context(), p, id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *server) getAmbitions(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	list, err := s.svc.HighlightAmbitions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ambitionsView{Ambitions: list})
}

func (s *server) putAmbitions(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in ambitionsView
	if err := decode(w, r, &in); err != nil {
		return err
	}
	list, err := s.svc.SetHighlightAmbitions(r.Context(), p, in.Ambitions)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ambitionsView{Ambitions: list})
}
