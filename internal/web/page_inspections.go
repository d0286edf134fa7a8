package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

type inspectionsData struct {
	Rows   []inspectionRow
	Kinds  []domain.InspectionKind
	States []domain.InspectionState
	Kind   string
	State  string
}

type inspectionRow struct {
	domain.Inspection
	Targets []string
	Leader  string
}

func newInspectionRow(m *readmodel.Model, in domain.Inspection) inspectionRow {
	row := inspectionRow{Inspection: in, Targets: m.UnitNames(in.TargetUnitIDs)}
	if p := m.Person(in.LeaderID); p != nil {
		row.Leader = p.Name
	}
	return row
}

// inspectionsPage lists the inspections the office covers.
func (h *handler) inspectionsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	if !h.svc.CanManageInspections(p) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: pr.T("err.forbidden")})
		return
	}
	d := &inspectionsData{Kinds: domain.InspectionKinds, States: domain.InspectionStates, Kind: r.FormValue("kind"), State: r.FormValue("state")}
	f := store.InspectionFilter{}
	if k := domain.InspectionKind(d.Kind); k.Valid() {
		f.Kind = k
	}
	if st := domain.InspectionState(d.State); st.Valid() {
		f.States = []domain.InspectionState{st}
	}
	list, err := h.svc.Inspections(r.Context(), p, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, in := range list {
		d.Rows = append(d.Rows, newInspectionRow(m, in))
	}
	h.render(w, r, http.StatusOK, "inspections", &Page{Title: pr.T("web.insp.title"), Nav: "rectifications", Data: d})
}

type inspectionFormData struct {
	ID     domain.ID
	In     service.InspectionInput
	Kinds  []domain.InspectionKind
	Units  []*readmodel.Unit
	People []domain.Person
}

func (h *handler) inspectionForm(m *readmodel.Model, id domain.ID, in service.InspectionInput) *inspectionFormData {
	d := &inspectionFormData{ID: id, In: in, Kinds: domain.InspectionKinds, Units: m.TreeOrder()}
	for _, p := range m.People {
		if p.Active {
			d.People = append(d.People, p)
		}
	}
	return d
}

func (h *handler) inspectionNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	if !h.svc.CanManageInspections(p) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: pr.T("err.forbidden")})
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	in := service.InspectionInput{Kind: domain.InspectionField, LeaderID: p.Account.PersonID}
	h.render(w, r, http.StatusOK, "inspection_form", &Page{Title: pr.T("web.insp.new"), Nav: "rectifications", Data: h.inspectionForm(m, 0, in)})
}

func (h *handler) inspectionEditPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	insp, m, err := h.svc.Inspection(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := service.InspectionInput{Kind: insp.Kind, Title: insp.Title, Plan: insp.Plan, TargetUnitIDs: insp.TargetUnitIDs, LeaderID: insp.LeaderID,
		MemberIDs: insp.MemberIDs, PlannedStart: insp.PlannedStart, PlannedEnd: insp.PlannedEnd}
	h.render(w, r, http.StatusOK, "inspection_form", &Page{Title: reqCtx(r).p.T("web.insp.edit"), Nav: "rectifications", Data: h.inspectionForm(m, insp.ID, in)})
}

func (h *handler) inspectionCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveInspection(w, r, p, 0)
}

func (h *handler) inspectionUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.saveInspection(w, r, p, idParam(r, "id"))
}

func (h *handler) saveInspection(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) {
	pr := reqCtx(r).p
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("web.err.form")})
		return
	}
	in := service.InspectionInput{Kind: domain.InspectionKind(r.FormValue("kind")), Title: r.FormValue("title"), Plan: r.FormValue("plan"),
		TargetUnitIDs: formIDs(r, "target_unit_ids"), LeaderID: formID(r, "leader_id"), MemberIDs: formIDs(r, "member_ids")}
	var ferr error
	if in.PlannedStart, ferr = formDate(r, "planned_start"); ferr != nil {
		ferr = badDate(r, "planned_start", "web.insp.planned_start")
	}
	if ferr == nil {
		if in.PlannedEnd, ferr = formDate(r, "planned_end"); ferr != nil {
			ferr = badDate(r, "planned_end", "web.insp.planned_end")
		}
	}
	var insp *domain.Inspection
	if ferr == nil {
		if id == 0 {
			insp, ferr = h.svc.CreateInspection(r.Context(), p, in)
		} else {
			insp, ferr = h.svc.UpdateInspection(r.Context(), p, id, in)
		}
	}
	if ferr != nil {
		if !shownOnForm(ferr) {
			h.fail(w, r, ferr)
			return
		}
		m, err := h.svc.Model(r.Context())
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		title := pr.T("web.insp.new")
		if id != 0 {
			title = pr.T("web.insp.edit")
		}
		h.render(w, r, statusOf(ferr), "inspection_form", &Page{Title: title, Nav: "rectifications", Data: h.inspectionForm(m, id, in),
			Error: domain.ErrorMessage(ferr), ErrorField: fieldOf(ferr)})
		return
	}
	redirect(w, r, "/inspections/"+itoa(insp.ID), pr.T("web.saved"))
}
