package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// caseFilter reads the filters of /cases and /cases/inbox.
func caseFilter(q *params) service.CaseFilter {
	f := service.CaseFilter{UnitID: q.id("unit"), LeadOnly: q.flag("lead_only"), LeaderID: q.id("leader"), Overdue: q.flag("overdue"),
		Year: q.intIn("year", 0, 2000, 2100), TaskID: q.id("task"), Query: q.str("q"), Todo: q.flag("todo")}
	for _, v := range q.v["state"] {
		for _, st := range strings.Split(v, ",") {
			if st = strings.TrimSpace(st); st == "" {
				continue
			}
			if !domain.CaseState(st).Valid() {
				q.bad("state", st)
			}
			f.States = append(f.States, domain.CaseState(st))
		}
	}
	if l := domain.CaseLight(q.str("light")); l != "" {
		if !l.Valid() {
			q.bad("light", string(l))
		}
		f.Light = l
	}
	if src := domain.CaseSource(q.str("source")); src != "" {
		if !src.Valid() {
			q.bad("source", string(src))
		}
		f.Source = src
	}
	return f
}

func caseFilterParams() []param {
	return []param{
		qp("unit", "integer", "unit ID: cases it leads or co-operates on"),
		qp("lead_only", "boolean", "with unit: only cases the unit leads"),
		{name: "state", typ: "string", desc: "workflow state; repeat or separate by commas for several", enum: strs(domain.CaseStates...)},
		{name: "light", typ: "string", desc: "the light today", enum: strs(domain.CaseLights...)},
		{name: "source", typ: "string", desc: "where the case comes from", enum: strs(domain.CaseSources...)},
		qp("leader", "integer", "person ID of the leader whose instruction it is"),
		qp("overdue", "boolean", "only cases past their deadline without a feedback"),
		qp("year", "integer", "the year of the case number"),
		qp("task", "integer", "cases linked to this task"),
		qp("q", "string", "text in the number, title or content"),
		qp("todo", "boolean", "only cases with a step waiting for the caller"),
	}
}

// writeCaseList pages a listing; total and counts cover the whole listing.
func writeCaseList(w http.ResponseWriter, l *service.CaseList, pg page) error {
	l.Items = window(l.Items, pg)
	return writeJSON(w, http.StatusOK, l)
}

func (s *server) listCases(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := caseFilter(q)
	pg := q.page()
	if q.err != nil {
		return q.err
	}
	l, err := s.svc.Cases(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeCaseList(w, l, pg)
}

func (s *server) caseInbox(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := caseFilter(q)
	pg := q.page()
	if q.err != nil {
		return q.err
	}
	l, err := s.svc.CaseInbox(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeCaseList(w, l, pg)
}

func (s *server) caseBoard(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := service.CaseBoardFilter{Year: q.intIn("year", 0, 2000, 2100), LeaderID: q.id("leader"), UnitID: q.id("unit")}
	if src := domain.CaseSource(q.str("source")); src != "" {
		if !src.Valid() {
			q.bad("source", string(src))
		}
		f.Source = src
	}
	if q.err != nil {
		return q.err
	}
	b, err := s.svc.CaseBoard(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

func caseURL(id domain.ID) string { return fmt.Sprintf("%s/cases/%d", prefix, id) }

func (s *server) createCase(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.CaseInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d, err := s.svc.CreateCase(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, caseURL(d.ID), d)
}

func (s *server) getCase(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Case(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *server) updateCase(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// A case outside the caller's scope is missing, whatever the body says.
	if _, err := s.svc.Case(r.Context(), p, id); err != nil {
		return err
	}
	var in service.CaseInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	return s.answerCase(w)(s.svc.UpdateCase(r.Context(), p, id, in))
}

// answerCase writes the case a step leaves.
func (s *server) answerCase(w http.ResponseWriter) func(*service.CaseDetail, error) error {
	return func(d *service.CaseDetail, err error) error {
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, d)
	}
}

// caseStep reads the case ID and, unless the step takes no body, the
// body into in (which may be left out when optional), then runs act.
func caseStep[T any](s *server, optional bool, act func(r *http.Request, p *service.Principal, id domain.ID, in T) (*service.CaseDetail, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in T
		if !optional || r.ContentLength != 0 {
			if err := decode(w, r, &in); err != nil {
				return err
			}
		}
		return s.answerCase(w)(act(r, p, id, in))
	}
}

type noBody struct{}

func (s *server) assignCase() handler {
	return caseStep(s, true, func(r *http.Request, p *service.Principal, id domain.ID, _ noBody) (*service.CaseDetail, error) {
		return s.svc.AssignCase(r.Context(), p, id)
	})
}

func (s *server) signCase() handler {
	return caseStep(s, true, func(r *http.Request, p *service.Principal, id domain.ID, _ noBody) (*service.CaseDetail, error) {
		return s.svc.SignCase(r.Context(), p, id)
	})
}

// caseTextStep runs a step whose body is a text with optional evidence:
// JSON, or multipart/form-data with a "text" field (and "progress" for
// progress) and "files".
func (s *server) caseTextStep(withProgress bool, act func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseProgressInput) (*service.CaseDetail, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in service.CaseProgressInput
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			fields := []string{"text"}
			if withProgress {
				fields = append(fields, "progress")
			}
			vals, files, err := s.readCaseForm(w, r, fields)
			if err != nil {
				return err
			}
			in.Text, in.Files = vals["text"], files
			if v, ok := vals["progress"]; ok {
				if in.Progress, err = strconv.ParseFloat(v, 64); err != nil {
					pr := i18n.From(r.Context())
					return &domain.Error{Kind: domain.KindInvalid, Field: "progress", Message: pr.T("api.err.field_type", "progress", pr.T("api.type.number"))}
				}
			}
		} else if withProgress {
			if err := decode(w, r, &in); err != nil {
				return err
			}
		} else {
			var t service.CaseTextInput
			if err := decode(w, r, &t); err != nil {
				return err
			}
			in.Text = t.Text
		}
		return s.answerCase(w)(act(r, p, id, in))
	}
}

func (s *server) caseProgress() handler {
	return s.caseTextStep(true, func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseProgressInput) (*service.CaseDetail, error) {
		return s.svc.ReportCaseProgress(r.Context(), p, id, in)
	})
}

func (s *server) casePart() handler {
	return s.caseTextStep(false, func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseProgressInput) (*service.CaseDetail, error) {
		return s.svc.GiveCasePart(r.Context(), p, id, service.CaseTextInput{Text: in.Text, Files: in.Files})
	})
}

func (s *server) caseFeedback() handler {
	return s.caseTextStep(false, func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseProgressInput) (*service.CaseDetail, error) {
		return s.svc.CaseFeedback(r.Context(), p, id, service.CaseTextInput{Text: in.Text, Files: in.Files})
	})
}

func (s *server) closeCase() handler {
	return caseStep(s, true, func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseTextInput) (*service.CaseDetail, error) {
		return s.svc.CloseCase(r.Context(), p, id, in)
	})
}

func (s *server) returnCase() handler {
	return caseStep(s, false, func(r *http.Request, p *service.Principal, id domain.ID, in service.CaseTextInput) (*service.CaseDetail, error) {
		return s.svc.ReturnCase(r.Context(), p, id, in)
	})
}

func (s *server) requestExtension() handler {
	return caseStep(s, false, func(r *http.Request, p *service.Principal, id domain.ID, in service.ExtensionInput) (*service.CaseDetail, error) {
		return s.svc.RequestCaseExtension(r.Context(), p, id, in)
	})
}

func (s *server) decideExtension() handler {
	return caseStep(s, false, func(r *http.Request, p *service.Principal, id domain.ID, in service.ExtensionDecision) (*service.CaseDetail, error) {
		ext, err := pathID(r, "extension_id")
		if err != nil {
			return nil, err
		}
		return s.svc.DecideCaseExtension(r.Context(), p, id, ext, in)
	})
}

func (s *server) rateCase() handler {
	return caseStep(s, false, func(r *http.Request, p *service.Principal, id domain.ID, in service.RatingInput) (*service.CaseDetail, error) {
		return s.svc.RateCase(r.Context(), p, id, in)
	})
}

// escalationInput records a rung of the escalation ladder by hand.
type escalationInput struct {
	Level domain.CaseEventKind `json:"level"`
	Text  string               `json:"text"`
}

func (s *server) escalateCase() handler {
	return caseStep(s, false, func(r *http.Request, p *service.Principal, id domain.ID, in escalationInput) (*service.CaseDetail, error) {
		return s.svc.EscalateCase(r.Context(), p, id, domain.EscalationOf(in.Level), in.Text)
	})
}

func (s *server) escalateTask(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.TaskCaseInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	d, err := s.svc.EscalateTask(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return created(w, caseURL(d.ID), d)
}

func (s *server) attachCaseFiles(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return &domain.Error{Kind: domain.KindInvalid, Message: i18n.From(r.Context()).T("api.err.multipart")}
	}
	_, files, err := s.readCaseForm(w, r, nil)
	if err != nil {
		return err
	}
	return s.answerCase(w)(s.svc.AttachCaseFiles(r.Context(), p, id, files))
}

func (s *server) downloadCaseFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file_id")
	if err != nil {
		return err
	}
	f, data, err := s.svc.CaseFile(r.Context(), p, id, fid)
	if err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, data)
	return nil
}

func (s *server) getCaseSettings(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	st, err := s.svc.CaseSettings(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *server) putCaseSettings(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in domain.CaseSettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	st, err := s.svc.SaveCaseSettings(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
