package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type accountsData struct {
	Rows      []accountRow
	Units     []*readmodel.Unit
	People    []domain.Person
	IsSys     bool
	IsSec     bool
	Roles     []domain.Role
	Generated string
	GenLogin  string
}

type accountRow struct {
	A      domain.Account
	Person string
	Grants []string
	Locked bool
	Admin  bool
}

func (h *handler) accountsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAccounts(w, r, p, "", "", nil)
}

func (h *handler) showAccounts(w http.ResponseWriter, r *http.Request, p *service.Principal, login, generated string, ferr error) {
	pr := reqCtx(r).p
	accts, err := h.svc.Accounts(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := &accountsData{Units: m.TreeOrder(), People: m.People, IsSys: p.Has(domain.RoleSysAdmin), IsSec: p.Has(domain.RoleSecAdmin),
		Generated: generated, GenLogin: login}
	for _, role := range domain.Roles {
		if !role.IsAdmin() {
			d.Roles = append(d.Roles, role)
		}
	}
	now := h.svc.Now()
	for _, a := range accts {
		row := accountRow{A: a, Locked: a.LockedUntil.After(now)}
		if per := m.Person(a.PersonID); per != nil {
			row.Person = per.Name
		}
		for _, g := range a.Grants {
			s := pr.T("role." + string(g.Role))
			if g.UnitID != 0 {
				s += "@" + m.UnitName(g.UnitID)
			}
			row.Grants = append(row.Grants, s)
			row.Admin = row.Admin || g.Role.IsAdmin()
		}
		d.Rows = append(d.Rows, row)
	}
	pg := &Page{Title: pr.T("web.accounts.title"), Nav: "accounts", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "accounts", pg)
}

func (h *handler) adminFail(w http.ResponseWriter, r *http.Request, p *service.Principal, err error) {
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
		h.fail(w, r, err)
		return
	}
	h.showAccounts(w, r, p, "", "", err)
}

func (h *handler) accountCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	a, pw, err := h.svc.CreateAccount(r.Context(), p, service.AccountInput{Login: r.FormValue("login"), DisplayName: r.FormValue("display_name"),
		PersonID: formID(r, "person_id")})
	if err != nil {
		h.adminFail(w, r, p, err)
		return
	}
	h.showAccounts(w, r, p, a.Login, pw, nil)
}

func (h *handler) accountStatus(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if err := h.svc.SetAccountStatus(r.Context(), p, idParam(r, "id"), domain.AccountStatus(r.FormValue("status"))); err != nil {
		h.adminFail(w, r, p, err)
		return
	}
	redirect(w, r, "/admin/accounts", reqCtx(r).p.T("web.saved"))
}

func (h *handler) accountReset(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	id := idParam(r, "id")
	pw, err := h.svc.ResetPassword(r.Context(), p, id)
	if err != nil {
		h.adminFail(w, r, p, err)
		return
	}
	a, err := h.svc.Account(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showAccounts(w, r, p, a.Login, pw, nil)
}

// accountGrants reads one line per grant, "role" or "role@unit-id".
func (h *handler) accountGrants(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	var grants []domain.Grant
	for _, v := range r.Form["grant"] {
		role, unit, _ := strings.Cut(v, "@")
		if role == "" {
			continue
		}
		g := domain.Grant{Role: domain.Role(role)}
		if unit != "" {
			g.UnitID, _ = strconv.ParseInt(unit, 10, 64)
		}
		grants = append(grants, g)
	}
	if role := r.FormValue("new_role"); role != "" {
		grants = append(grants, domain.Grant{Role: domain.Role(role), UnitID: formID(r, "new_unit")})
	}
	if err := h.svc.SetGrants(r.Context(), p, idParam(r, "id"), grants); err != nil {
		h.adminFail(w, r, p, err)
		return
	}
	redirect(w, r, "/admin/accounts", reqCtx(r).p.T("web.saved"))
}

func (h *handler) accountUnlock(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if err := h.svc.Unlock(r.Context(), p, idParam(r, "id")); err != nil {
		h.adminFail(w, r, p, err)
		return
	}
	redirect(w, r, "/admin/accounts", reqCtx(r).p.T("web.accounts.unlocked"))
}
