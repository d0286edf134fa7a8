package web

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// caseFormData is the office's form to raise or edit a case.
type caseFormData struct {
	Tabs      []caseTab
	Tab       string
	ID        domain.ID
	Number    string
	In        service.CaseInput
	LimitDays string
	LimitDate string
	Sources   []option
	Urgencies []option
	UnitOpts  template.HTML
	CoOpts    template.HTML
	Leaders   []domain.Person
	TaskOpts  template.HTML
	Pattern   string
	MaxFiles  int
	MaxMB     int64
}

func (h *handler) caseNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("caseweb.err.office_only")})
		return
	}
	in := service.CaseInput{Urgency: domain.UrgencyNormal, TaskIDs: formIDs(r, "task")}
	h.showCaseForm(w, r, p, &caseFormData{In: in}, nil)
}

func (h *handler) caseEditPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	cd, err := h.svc.Case(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !cd.Can.Edit {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("caseweb.err.edit")})
		return
	}
	c := cd.Case
	d := &caseFormData{ID: c.ID, Number: c.Number, In: service.CaseInput{Title: c.Title, Content: c.Content, Source: c.Source, Urgency: c.Urgency,
		LeaderID: c.LeaderID, LeadUnitID: c.LeadUnitID, CoUnitIDs: c.CoUnitIDs, TaskIDs: c.TaskIDs}}
	if c.Days > 0 {
		d.LimitDays = strconv.Itoa(c.Days)
	}
	if !c.TimeLimit.Date.IsZero() {
		d.LimitDate = c.TimeLimit.Date.String()
	}
	h.showCaseForm(w, r, p, d, nil)
}

// showCaseForm renders the form, with the refusal of a failed save.
func (h *handler) showCaseForm(w http.ResponseWriter, r *http.Request, p *service.Principal, d *caseFormData, ferr error) {
	pr := reqCtx(r).p
	scope, m, err := h.svc.Scope(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	st, err := h.svc.CaseSettings(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cfg := h.svc.Config()
	d.Tabs, d.Tab, d.Pattern, d.MaxFiles, d.MaxMB = caseTabs(pr, p), "list", st.NumberPattern, cfg.MaxFilesPerReport, cfg.MaxFileBytes>>20
	for _, s := range domain.CaseSources {
		d.Sources = append(d.Sources, option{string(s), pr.T("cases.source." + string(s))})
	}
	for _, u := range domain.CaseUrgencies {
		d.Urgencies = append(d.Urgencies, option{string(u), pr.T("cases.urgency." + string(u))})
	}
	var units []option
	for _, u := range m.TreeOrder() {
		if scope.SeesUnit(u) {
			units = append(units, option{itoa(u.ID), strings.Repeat("　", u.Depth) + u.Name})
		}
	}
	d.UnitOpts = optionsHTML(pr.T("caseweb.form.choose"), units, idOrEmpty(d.In.LeadUnitID))
	d.CoOpts = multiOptionsHTML(units, d.In.CoUnitIDs)
	d.Leaders = caseLeaders(m)
	d.TaskOpts = taskOptionsHTML(m, scope, d.In.TaskIDs)
	title := pr.T("caseweb.new.title")
	if d.ID != 0 {
		title = pr.T("caseweb.edit.title", d.Number)
	}
	pg := &Page{Title: title, Nav: "cases", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), httpx.StatusFor(ferr)
	}
	h.render(w, r, code, "case_form", pg)
}

// multiOptionsHTML renders the options of a multiple select.
func multiOptionsHTML(opts []option, selected []domain.ID) template.HTML {
	sel := map[string]bool{}
	for _, id := range selected {
		sel[itoa(id)] = true
	}
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(`<option value="` + html.EscapeString(o.Value) + `"`)
		if sel[o.Value] {
			b.WriteString(" selected")
		}
		b.WriteString(">" + html.EscapeString(o.Label) + "</option>")
	}
	return template.HTML(b.String())
}

// taskOptionsHTML lists the tasks the viewer sees, grouped by plan, for
// linking a case to them.
func taskOptionsHTML(m *readmodel.Model, scope readmodel.Scope, selected []domain.ID) template.HTML {
	sel := map[domain.ID]bool{}
	for _, id := range selected {
		sel[id] = true
	}
	tasks := m.Find(nil, scope, readmodel.Filter{})
	readmodel.SortByNumber(tasks)
	var b strings.Builder
	for _, pl := range m.Plans {
		open := false
		for _, t := range tasks {
			if t.PlanID != pl.ID {
				continue
			}
			if !open {
				b.WriteString(`<optgroup label="` + html.EscapeString(pl.Name) + `">`)
				open = true
			}
			b.WriteString(`<option value="` + itoa(t.ID) + `"`)
			if sel[t.ID] {
				b.WriteString(" selected")
			}
			b.WriteString(">" + html.EscapeString(t.Number+" "+t.Title) + "</option>")
		}
		if open {
			b.WriteString("</optgroup>")
		}
	}
	return template.HTML(b.String())
}

// readCaseInput reads the case form.
func (h *handler) readCaseInput(w http.ResponseWriter, r *http.Request, d *caseFormData) error {
	pr := reqCtx(r).p
	files, err := h.readStepForm(w, r)
	in := &d.In
	in.Title, in.Content = r.FormValue("title"), r.FormValue("content")
	in.Source, in.Urgency = domain.CaseSource(r.FormValue("source")), domain.CaseUrgency(r.FormValue("urgency"))
	in.LeaderID, in.LeadUnitID = formID(r, "leader_id"), formID(r, "lead_unit_id")
	in.CoUnitIDs, in.TaskIDs = formIDs(r, "co_unit_ids"), formIDs(r, "task_ids")
	in.Assign, in.Files = r.FormValue("assign") == "1", files
	d.LimitDays, d.LimitDate = strings.TrimSpace(r.FormValue("limit_days")), strings.TrimSpace(r.FormValue("limit_date"))
	if err != nil {
		return err
	}
	in.LimitDays = 0
	if d.LimitDays != "" {
		if in.LimitDays, err = strconv.Atoi(d.LimitDays); err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Field: "limit_days", Message: pr.T("web.err.number", pr.T("cases.field.limit_days"))}
		}
	}
	if in.LimitDate, err = domain.ParseDate(d.LimitDate); err != nil {
		return badDate(r, "limit_date", "cases.field.limit_date")
	}
	return nil
}

func (h *handler) caseCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d := &caseFormData{}
	err := h.readCaseInput(w, r, d)
	var cd *service.CaseDetail
	if err == nil {
		cd, err = h.svc.CreateCase(r.Context(), p, d.In)
	}
	if err != nil {
		h.caseFormFail(w, r, p, d, err)
		return
	}
	msg := pr.T("caseweb.done.create", cd.Number)
	if cd.State == domain.CaseAssigned {
		msg = pr.T("caseweb.done.create_assign", cd.Number)
	}
	redirect(w, r, caseLink(cd.ID), msg)
}

func (h *handler) caseUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	id := idParam(r, "id")
	// A case out of the viewer's reach is missing, whatever the form says.
	cd, err := h.svc.Case(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &caseFormData{ID: id, Number: cd.Number}
	err = h.readCaseInput(w, r, d)
	d.In.Assign = false // the case page assigns
	if err == nil {
		_, err = h.svc.UpdateCase(r.Context(), p, id, d.In)
	}
	if err != nil {
		h.caseFormFail(w, r, p, d, err)
		return
	}
	redirect(w, r, caseLink(id), pr.T("web.saved"))
}

func (h *handler) caseFormFail(w http.ResponseWriter, r *http.Request, p *service.Principal, d *caseFormData, err error) {
	switch domain.ErrorKind(err) {
	case domain.KindInternal, domain.KindNotFound, domain.KindUnauthorized:
		h.fail(w, r, err)
		return
	case domain.KindForbidden:
		if fieldOf(err) == "" {
			h.fail(w, r, err)
			return
		}
	}
	h.showCaseForm(w, r, p, d, err)
}
