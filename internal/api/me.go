package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// meView is who the caller is and what they may see and do.
type meView struct {
	Account     domain.Account   `json:"account"`
	Grants      []namedGrantView `json:"grants"`
	Scope       scopeView        `json:"scope"`
	Permissions permissionsView  `json:"permissions"`
	// Lang is the language of the messages the caller gets.
	Lang string `json:"lang"`
}

// namedGrantView is a grant with the names a person reads.
type namedGrantView struct {
	Role     domain.Role `json:"role"`
	RoleName string      `json:"role_name"`
	UnitID   domain.ID   `json:"unit_id,omitempty"`
	UnitName string      `json:"unit_name,omitempty"`
}

// scopeView summarises the caller's resolved scope today.
type scopeView struct {
	// All is true for a district-level office: everything is visible.
	All     bool      `json:"all"`
	Units   []refView `json:"units"`
	Sectors []refView `json:"sectors"`
	Fronts  []refView `json:"fronts"`
	// PersonID is set for leaders, who also see the tasks they lead.
	PersonID domain.ID `json:"person_id,omitempty"`
	// Tasks counts the tasks the caller can see.
	Tasks int `json:"tasks"`
}

// permissionsView tells clients which actions to offer; the service still
// checks every one of them.
type permissionsView struct {
	CreateTasks    bool `json:"create_tasks"`
	EditOrg        bool `json:"edit_org"`
	WriteReports   bool `json:"write_reports"`
	ReviewReports  bool `json:"review_reports"`
	ManageAccounts bool `json:"manage_accounts"`
	ManageGrants   bool `json:"manage_grants"`
	ReadAudit      bool `json:"read_audit"`
}

func (s *server) me(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	ctx := r.Context()
	pr := i18n.From(ctx)
	scope, m, err := s.svc.Scope(ctx, p)
	if err != nil {
		return err
	}
	acct := accountJSON(p.Account)
	out := meView{Account: acct, Grants: []namedGrantView{}, Lang: string(pr.Lang), Scope: scopeSummary(m, scope)}
	for _, g := range acct.Grants {
		gv := namedGrantView{Role: g.Role, RoleName: pr.T("role." + string(g.Role)), UnitID: g.UnitID}
		if g.UnitID != 0 {
			gv.UnitName = m.UnitName(g.UnitID)
		}
		out.Grants = append(out.Grants, gv)
	}
	out.Permissions = permissionsView{
		CreateTasks:    s.svc.CanCreateTasks(p),
		EditOrg:        p.Has(domain.RoleOffice),
		WriteReports:   p.Has(domain.RoleLiaison) || p.Has(domain.RoleUnitHead),
		ReviewReports:  p.Has(domain.RoleUnitHead),
		ManageAccounts: p.Has(domain.RoleSysAdmin),
		ManageGrants:   p.Has(domain.RoleSecAdmin),
		ReadAudit:      p.Has(domain.RoleAuditor),
	}
	return writeJSON(w, http.StatusOK, out)
}

func scopeSummary(m *readmodel.Model, scope readmodel.Scope) scopeView {
	sv := scopeView{All: scope.All, Units: []refView{}, Sectors: []refView{}, Fronts: []refView{}, PersonID: scope.Person}
	if !scope.All {
		for _, u := range m.TreeOrder() {
			if scope.Units[u.ID] {
				sv.Units = append(sv.Units, refView{ID: u.ID, Name: u.Name})
			}
		}
		for _, g := range m.Sectors {
			if scope.Sectors[g.ID] {
				sv.Sectors = append(sv.Sectors, refView{ID: g.ID, Name: g.Name})
			}
		}
		for _, g := range m.Fronts {
			if scope.Fronts[g.ID] {
				sv.Fronts = append(sv.Fronts, refView{ID: g.ID, Name: g.Name})
			}
		}
	}
	sv.Tasks = len(m.Find(nil, scope, readmodel.Filter{}))
	return sv
}

// passwordInput changes the caller's own password.
type passwordInput struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

func (s *server) changePassword(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	var in passwordInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(r.Context(), p, in.Current, in.New); err != nil {
		return err
	}
	return noContent(w)
}

// accountJSON returns a as the API shows it: grants always a list, never null.
func accountJSON(a domain.Account) domain.Account {
	if a.Grants == nil {
		a.Grants = []domain.Grant{}
	}
	return a
}
