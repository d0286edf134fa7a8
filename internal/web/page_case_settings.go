package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// caseSettingsField is a number of the settings form, as typed.
type caseSettingsField struct {
	Name, Label, Value string
	Min, Max           int
}

type caseSettingsData struct {
	Tabs        []caseTab
	Tab         string
	S           domain.CaseSettings
	Pattern     string
	OfficeHours string
	Urge        bool
	Signing     []caseSettingsField
	Ladder      []caseSettingsField
	Other       []caseSettingsField
	Example     string
	UpdatedAt   string
	CanSave     bool
}

// caseSettingsNumbers are the settings' numbers by group: signing and the
// blue light, the escalation ladder, and the other time limits.
var caseSettingsNumbers = [][]struct {
	name   string
	lo, hi int
}{
	{{"sign_hours", 1, 240}, {"blue_days", 0, 30}},
	{{"remind_days", 0, 30}, {"notice_after_days", 1, 60}, {"talk_after_days", 1, 120}},
	{{"reopen_days", 1, 120}, {"task_case_days", 1, 120}},
}

func settingsNumber(st domain.CaseSettings, name string) int {
	switch name {
	case "sign_hours":
		return st.SignHours
	case "blue_days":
		return st.BlueDays
	case "remind_days":
		return st.RemindDays
	case "notice_after_days":
		return st.NoticeAfterDays
	case "talk_after_days":
		return st.TalkAfterDays
	case "reopen_days":
		return st.ReopenDays
	}
	return st.TaskCaseDays
}

func setSettingsNumber(st *domain.CaseSettings, name string, v int) {
	switch name {
	case "sign_hours":
		st.SignHours = v
	case "blue_days":
		st.BlueDays = v
	case "remind_days":
		st.RemindDays = v
	case "notice_after_days":
		st.NoticeAfterDays = v
	case "talk_after_days":
		st.TalkAfterDays = v
	case "reopen_days":
		st.ReopenDays = v
	default:
		st.TaskCaseDays = v
	}
}

// caseSettingsPage shows the office's rules for cases; the district office
// changes them.
func (h *handler) caseSettingsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("caseweb.err.office_only")})
		return
	}
	st, err := h.svc.CaseSettings(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showCaseSettings(w, r, p, st, nil, nil)
}

// showCaseSettings renders the form; typed holds the numbers as typed
// after a refused save.
func (h *handler) showCaseSettings(w http.ResponseWriter, r *http.Request, p *service.Principal, st domain.CaseSettings, typed map[string]string, ferr error) {
	pr := reqCtx(r).p
	d := &caseSettingsData{Tabs: caseTabs(pr, p), Tab: "settings", S: st, Pattern: st.NumberPattern, OfficeHours: st.OfficeHours,
		Urge: st.UrgeAtDeadline, UpdatedAt: stamp(st.UpdatedAt, h.svc.Location()), CanSave: p.Has(domain.RoleOffice)}
	if np, err := domain.ParseNumberPattern(st.NumberPattern); err == nil {
		d.Example = np.Format(h.svc.Today().Year(), 17)
	}
	groups := []*[]caseSettingsField{&d.Signing, &d.Ladder, &d.Other}
	for i, g := range caseSettingsNumbers {
		for _, n := range g {
			v, ok := typed[n.name]
			if !ok {
				v = strconv.Itoa(settingsNumber(st, n.name))
			}
			*groups[i] = append(*groups[i], caseSettingsField{Name: n.name, Label: pr.T("cases.field." + n.name), Value: v, Min: n.lo, Max: n.hi})
		}
	}
	pg := &Page{Title: pr.T("caseweb.settings.title"), Nav: "cases", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "case_settings", pg)
}

func (h *handler) caseSettingsSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	st := domain.CaseSettings{NumberPattern: r.FormValue("number_pattern"), OfficeHours: r.FormValue("office_hours"),
		UrgeAtDeadline: r.FormValue("urge_at_deadline") == "1"}
	typed := map[string]string{}
	var ferr error
	for _, g := range caseSettingsNumbers {
		for _, n := range g {
			v := strings.TrimSpace(r.FormValue(n.name))
			typed[n.name] = v
			i, err := strconv.Atoi(v)
			if err != nil && ferr == nil {
				ferr = &domain.Error{Kind: domain.KindInvalid, Field: n.name, Message: pr.T("web.err.number", pr.T("cases.field."+n.name))}
			}
			setSettingsNumber(&st, n.name, i)
		}
	}
	if ferr == nil {
		_, ferr = h.svc.SaveCaseSettings(r.Context(), p, st)
	}
	if ferr != nil {
		if k := domain.ErrorKind(ferr); k == domain.KindInternal || k == domain.KindUnauthorized {
			h.fail(w, r, ferr)
			return
		}
		h.showCaseSettings(w, r, p, st, typed, ferr)
		return
	}
	redirect(w, r, "/cases/settings", pr.T("caseweb.settings.saved"))
}
