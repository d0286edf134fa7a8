package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// 考核方案 and examiners' entries.

func schemeURL(id domain.ID) string { return fmt.Sprintf("%s/assess/schemes/%d", prefix, id) }

func (s *server) listSchemes(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	year := q.intIn("year", 0, 2000, 2100)
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Schemes(r.Context(), p, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) createScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in domain.Scheme
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sc, err := s.svc.CreateScheme(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, schemeURL(sc.ID), sc)
}

func (s *server) getScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.Scheme(r.Context(), p, id))
}

func (s *server) updateScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in domain.Scheme
	if err := decode(w, r, &in); err != nil {
		return err
	}
	return replyOK(w)(s.svc.UpdateScheme(r.Context(), p, id, in))
}

func (s *server) freezeScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.FreezeScheme(r.Context(), p, id))
}

func (s *server) reviseScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.SchemeRevision
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sc, err := s.svc.ReviseScheme(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return created(w, schemeURL(sc.ID), sc)
}

func (s *server) exportScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, name, err := s.svc.ExportScheme(r.Context(), p, id)
	if err != nil {
		return err
	}
	sendFile(w, name, schemeFileType(name), data)
	return nil
}

// schemeFileType is the media type of an exported scheme file.
func schemeFileType(name string) string {
	if strings.HasSuffix(name, ".json") {
		return "application/json"
	}
	return "application/yaml"
}

// examinersInput is the list of a scheme's examiners.
type examinersInput struct {
	Examiners []service.ExaminerInput `json:"examiners"`
}

func (s *server) setSchemeExaminers(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in examinersInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	list, err := s.svc.SetSchemeExaminers(r.Context(), p, id, in.Examiners)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) listEntries(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.svc.Entries(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

// saveEntry takes one entry as JSON, or as a multipart form with an
// evidence file (part "files").
func (s *server) saveEntry(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.EntryInput
	if isMultipart(r) {
		vals, files, err := s.readCaseForm(w, r, []string{"code", "unit_id", "score", "reason"})
		if err != nil {
			return err
		}
		in.Code, in.Reason = vals["code"], vals["reason"]
		if in.UnitID, err = strconv.ParseInt(vals["unit_id"], 10, 64); err != nil {
			return formTypeError(r, "unit_id", "api.type.integer")
		}
		if in.Score, err = strconv.ParseFloat(vals["score"], 64); err != nil {
			return formTypeError(r, "score", "api.type.number")
		}
		if len(files) > 0 {
			in.Evidence = &files[0]
		}
	} else if err := decode(w, r, &in); err != nil {
		return err
	}
	return replyOK(w)(s.svc.SaveEntry(r.Context(), p, id, in))
}

// entriesInput is a batch of entries, saved all or none.
type entriesInput struct {
	Entries []service.EntryInput `json:"entries"`
}

func (s *server) saveEntries(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in entriesInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	list, err := s.svc.SaveEntries(r.Context(), p, id, in.Entries)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) downloadEntryFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file_id")
	if err != nil {
		return err
	}
	return sendStored(w)(s.svc.EntryFile(r.Context(), p, id, fid))
}

func (s *server) schemeInputs(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return replyOK(w)(s.svc.AssessmentInputs(r.Context(), p, id))
}

// importScheme creates a draft from a scheme file sent as the body.
func (s *server) importScheme(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	data, err := readSheet(w, r)
	if err != nil {
		return err
	}
	sc, err := s.svc.ImportScheme(r.Context(), p, data)
	if err != nil {
		return err
	}
	return created(w, schemeURL(sc.ID), sc)
}
