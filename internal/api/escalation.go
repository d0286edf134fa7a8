package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// The escalation ladder's records: what the sweep did, 约谈, 问责 and 容错免责.

// runsPage is the latest sweeps.
type runsPage struct {
	Items []store.EscalationRun `json:"items"`
	Total int                   `json:"total"`
}

func (s *server) listEscalationRuns(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	busy := q.flag("busy")
	if q.err != nil {
		return q.err
	}
	runs, err := s.svc.EscalationRuns(r.Context(), p, busy)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, runsPage{Items: runs, Total: len(runs)})
}

func (s *server) runEscalationSweep(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	run, err := s.svc.RunEscalationSweep(r.Context(), p)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/escalation-runs/%d", prefix, run.ID), run)
}

func (s *server) getEscalationRun(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.EscalationRun(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *server) unitEscalation(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.svc.UnitEscalation(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *server) listTalkProposals(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	list, err := s.svc.TalkProposals(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func talkURL(id domain.ID) string { return fmt.Sprintf("%s/talks/%d", prefix, id) }

func (s *server) confirmTalkProposal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	caseID, err := pathID(r, "case_id")
	if err != nil {
		return err
	}
	var in service.TalkInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	t, err := s.svc.ConfirmTalkProposal(r.Context(), p, caseID, in)
	if err != nil {
		return err
	}
	return created(w, talkURL(t.ID), t)
}

// noteInput is a reason or note.
type noteInput struct {
	Note string `json:"note"`
}

func (s *server) declineTalkProposal(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	caseID, err := pathID(r, "case_id")
	if err != nil {
		return err
	}
	var in noteInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.DeclineTalkProposal(r.Context(), p, caseID, in.Note)
	if err != nil {
		return err
	}
	return created(w, talkURL(t.ID), t)
}

func (s *server) listTalks(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := service.TalkFilter{UnitID: q.id("unit"), CaseID: q.id("case"), Year: q.intIn("year", 0, 2000, 2100)}
	if st := domain.TalkState(q.str("state")); st != "" {
		if !st.Valid() {
			q.bad("state", string(st))
		}
		f.State = st
	}
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Talks(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) startTalk(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.TalkInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.StartTalk(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, talkURL(t.ID), t)
}

func (s *server) getTalk(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.svc.Talk(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *server) recordTalk(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in domain.TalkRecord
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.RecordTalk(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *server) cancelTalk(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in noteInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.CancelTalk(r.Context(), p, id, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *server) listAccountability(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := service.AccountabilityFilter{UnitID: q.id("unit"), CaseID: q.id("case"), TalkID: q.id("talk"), Year: q.intIn("year", 0, 2000, 2100)}
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.AccountabilityRecords(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

func (s *server) recordAccountability(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.AccountabilityInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a, err := s.svc.RecordAccountability(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/accountability/%d", prefix, a.ID), a)
}

func (s *server) getAccountability(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.svc.AccountabilityRecord(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// measuresView is the list of accountability measures.
type measuresView struct {
	Measures []string `json:"measures"`
}

func (s *server) getMeasures(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	list, err := s.svc.AccountabilityMeasures(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measuresView{Measures: list})
}

func (s *server) putMeasures(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in measuresView
	if err := decode(w, r, &in); err != nil {
		return err
	}
	list, err := s.svc.SetAccountabilityMeasures(r.Context(), p, in.Measures)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, measuresView{Measures: list})
}

func (s *server) listExemptions(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := service.ExemptionFilter{UnitID: q.id("unit"), Year: q.intIn("year", 0, 2000, 2100)}
	if st := domain.ExemptionState(q.str("state")); st != "" {
		if !st.Valid() {
			q.bad("state", string(st))
		}
		f.State = st
	}
	if k := domain.FailureKind(q.str("kind")); k != "" {
		if !k.Valid() {
			q.bad("kind", string(k))
		}
		f.Kind = k
	}
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Exemptions(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(list))
}

// applyExemption takes JSON, or multipart/form-data with kind, target_id,
// unit_id, grounds and files.
func (s *server) applyExemption(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.ExemptionInput
	if isMultipart(r) {
		vals, files, err := s.readCaseForm(w, r, []string{"kind", "target_id", "unit_id", "grounds"})
		if err != nil {
			return err
		}
		in.Kind, in.Grounds, in.Files = domain.FailureKind(vals["kind"]), vals["grounds"], files
		for _, f := range []struct {
			name string
			dst  *domain.ID
		}{{"target_id", &in.TargetID}, {"unit_id", &in.UnitID}} {
			if v := vals[f.name]; v != "" {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return formTypeError(r, f.name, "api.type.integer")
				}
				*f.dst = n
			}
		}
	} else if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.svc.ApplyExemption(r.Context(), p, in)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/exemptions/%d", prefix, e.ID), e)
}

func (s *server) getExemption(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.svc.Exemption(r.Context(), p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *server) decideExemption(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.ExemptionDecision
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.svc.DecideExemption(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *server) downloadExemptionFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file_id")
	if err != nil {
		return err
	}
	f, data, err := s.svc.ExemptionFile(r.Context(), p, id, fid)
	if err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, data)
	return nil
}

// exemptionFormSchema is the multipart form of an application.
func exemptionFormSchema() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
		"kind":      map[string]any{"type": "string", "enum": strs(domain.FailureKinds...)},
		"target_id": map[string]any{"type": "integer", "format": "int64"},
		"unit_id":   map[string]any{"type": "integer", "format": "int64"},
		"grounds":   map[string]any{"type": "string"},
		"files":     map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}}
}
