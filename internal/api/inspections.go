package api

import (
	"context"
	"fmt"
	"net/http"
	"reflect"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// inspectEnum lists the values of the inspection and rectification enums.
func inspectEnum(t reflect.Type) []string {
	switch t {
	case reflect.TypeFor[domain.InspectionKind]():
		return strs(domain.InspectionKinds...)
	case reflect.TypeFor[domain.InspectionState]():
		return strs(domain.InspectionStates...)
	case reflect.TypeFor[domain.RectState]():
		return strs(domain.RectStates...)
	case reflect.TypeFor[domain.RectAction]():
		return strs(domain.RectActions...)
	}
	return nil
}

// inspectionRowView is an inspection in a list.
type inspectionRowView struct {
	domain.Inspection
	TargetUnits []refView `json:"target_units"`
	Leader      string    `json:"leader"`
}

// inspectionDetailView is an inspection with its team, findings, the
// rectification items and self-inspection requests made from them.
type inspectionDetailView struct {
	inspectionRowView
	Members        []refView                 `json:"members"`
	Findings       []inspectionFindingView   `json:"findings"`
	Rectifications []service.RectRow         `json:"rectifications"`
	SelfChecks     []service.SelfCheckStatus `json:"self_checks"`
}

// inspectionFindingView is a finding with its unit's name.
type inspectionFindingView struct {
	domain.Finding
	UnitName string `json:"unit_name"`
}

func newInspectionRow(m *readmodel.Model, in domain.Inspection) inspectionRowView {
	v := inspectionRowView{Inspection: in, TargetUnits: unitRefs(m, in.TargetUnitIDs)}
	if p := m.Person(in.LeaderID); p != nil {
		v.Leader = p.Name
	}
	return v
}

func inspectionURL(id domain.ID) string { return fmt.Sprintf("%s/inspections/%d", prefix, id) }

func (s *server) listInspections(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := store.InspectionFilter{Kind: domain.InspectionKind(q.str("kind"))}
	if st := q.str("state"); st != "" {
		if !domain.InspectionState(st).Valid() {
			q.bad("state", st)
		}
		f.States = []domain.InspectionState{domain.InspectionState(st)}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		q.bad("kind", string(f.Kind))
	}
	if q.err != nil {
		return q.err
	}
	list, err := s.svc.Inspections(r.Context(), p, f)
	if err != nil {
		return err
	}
	m, err := s.svc.Model(r.Context())
	if err != nil {
		return err
	}
	out := make([]inspectionRowView, 0, len(list))
	for _, in := range list {
		out = append(out, newInspectionRow(m, in))
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

// inspectionDetail reads an inspection back with everything made from it.
func (s *server) inspectionDetail(r *http.Request, p *service.Principal, id domain.ID) (*inspectionDetailView, error) {
	ctx := r.Context()
	in, m, err := s.svc.Inspection(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v := &inspectionDetailView{inspectionRowView: newInspectionRow(m, *in), Members: personRefs(m, in.MemberIDs)}
	fs, err := s.svc.Findings(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v.Findings = []inspectionFindingView{}
	for _, f := range fs {
		v.Findings = append(v.Findings, inspectionFindingView{Finding: f, UnitName: m.UnitName(f.UnitID)})
	}
	if v.Rectifications, err = s.svc.Rectifications(ctx, p, service.RectQuery{InspectionID: id}); err != nil {
		return nil, err
	}
	if v.SelfChecks, err = s.svc.SelfChecks(ctx, p, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *server) createInspection(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in service.InspectionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	insp, err := s.svc.CreateInspection(r.Context(), p, in)
	if err != nil {
		return err
	}
	v, err := s.inspectionDetail(r, p, insp.ID)
	if err != nil {
		return err
	}
	return created(w, inspectionURL(insp.ID), v)
}

func (s *server) getInspection(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.inspectionDetail(r, p, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *server) updateInspection(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.InspectionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.svc.UpdateInspection(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.getInspection(w, r, p)
}

func (s *server) startInspection(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.inspectionStep(w, r, p, s.svc.StartInspection)
}

func (s *server) concludeInspection(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.inspectionStep(w, r, p, s.svc.ConcludeInspection)
}

func (s *server) inspectionStep(w http.ResponseWriter, r *http.Request, p *service.Principal,
	step func(ctx context.Context, p *service.Principal, id domain.ID, in service.InspectionStepInput) (*domain.Inspection, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.InspectionStepInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if _, err := step(r.Context(), p, id, in); err != nil {
		return err
	}
	return s.getInspection(w, r, p)
}

func (s *server) addFinding(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.FindingInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f, err := s.svc.AddFinding(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	m, err := s.svc.Model(r.Context())
	if err != nil {
		return err
	}
	return created(w, inspectionURL(id), inspectionFindingView{Finding: *f, UnitName: m.UnitName(f.UnitID)})
}

func (s *server) issueRectification(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.RectInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rc, err := s.svc.IssueRectification(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	d, err := s.svc.Rectification(r.Context(), p, rc.ID)
	if err != nil {
		return err
	}
	return created(w, rectURL(rc.ID), d)
}

func (s *server) sendSelfCheck(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.SelfCheckInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.SendSelfCheck(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/self-checks/%d", prefix, c.ID), c)
}
