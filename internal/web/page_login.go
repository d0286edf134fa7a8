package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

type loginData struct {
	Login string
	Next  string
}

func (h *handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if reqCtx(r).principal != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	clearFlash(w, r)
	h.render(w, r, http.StatusOK, "login", &Page{Title: reqCtx(r).p.T("web.login.title"), Data: loginData{Next: r.URL.Query().Get("next")}})
}

func loginLimit(_ *handler, pr *i18n.Printer) (int64, string) {
	return 16 << 10, pr.T("web.err.body_too_large", "16 KB")
}

func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	if !h.readForm(w, r, loginLimit) {
		return
	}
	login, password, next := r.FormValue("login"), r.FormValue("password"), r.FormValue("next")
	sess, err := h.svc.Login(r.Context(), login, password, httpx.ClientIP(r, false), r.UserAgent())
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInternal {
			h.serverError(w, r, err)
			return
		}
		h.render(w, r, httpx.StatusFor(err), "login", &Page{Title: reqCtx(r).p.T("web.login.title"), Error: domain.ErrorMessage(err),
			Data: loginData{Login: login, Next: next}})
		return
	}
	h.setSession(w, sess.Token)
	to := safeNext(next)
	if sess.Principal.Account.MustChangePassword {
		to = "/password"
	} else if to == "/" {
		to = homeFor(sess.Principal)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// homeFor is where an account lands: admins on their own pages, everyone
// else on the 作战图.
func homeFor(p *service.Principal) string {
	switch {
	case p.Has(domain.RoleOffice), p.Has(domain.RoleLeader), p.Has(domain.RoleUnitHead), p.Has(domain.RoleLiaison),
		p.Has(domain.RoleExaminer), p.Has(domain.RoleMember):
		return "/"
	case p.Has(domain.RoleAuditor):
		return "/audit"
	case p.Has(domain.RoleSysAdmin), p.Has(domain.RoleSecAdmin):
		return "/admin/accounts"
	}
	return "/password"
}

func (h *handler) logout(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if err := h.svc.Logout(r.Context(), reqCtx(r).token, p); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.clearSession(w)
	redirect(w, r, "/login", reqCtx(r).p.T("web.login.bye"))
}

func (h *handler) passwordPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.render(w, r, http.StatusOK, "password", &Page{Title: reqCtx(r).p.T("web.password.title")})
}

func (h *handler) changePassword(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	cur, next, again := r.FormValue("current"), r.FormValue("new"), r.FormValue("again")
	var err error
	if next != again {
		err = &domain.Error{Kind: domain.KindInvalid, Field: "again", Message: pr.T("web.password.mismatch")}
	} else {
		err = h.svc.ChangePassword(r.Context(), p, cur, next)
	}
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInternal {
			h.serverError(w, r, err)
			return
		}
		h.render(w, r, httpx.StatusFor(err), "password", &Page{Title: pr.T("web.password.title"), Error: domain.ErrorMessage(err), ErrorField: fieldOf(err)})
		return
	}
	p.Account.MustChangePassword = false
	redirect(w, r, homeFor(p), pr.T("web.password.changed"))
}

// fieldOf names the form field an error is about.
func fieldOf(err error) string {
	if de, ok := err.(*domain.Error); ok {
		return de.Field
	}
	return ""
}

type tokensData struct {
	Tokens []tokenRow
	New    string
}

type tokenRow struct {
	ID       domain.ID
	Name     string
	Created  string
	LastUsed string
	Revoked  bool
}

func (h *handler) tokensPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showTokens(w, r, p, "", nil)
}

func (h *handler) showTokens(w http.ResponseWriter, r *http.Request, p *service.Principal, created string, ferr error) {
	toks, err := h.svc.APITokens(r.Context(), p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	loc := h.svc.Location()
	d := tokensData{New: created}
	for _, t := range toks {
		row := tokenRow{ID: t.ID, Name: t.Name, Created: t.CreatedAt.In(loc).Format("2006-01-02 15:04"), Revoked: !t.RevokedAt.IsZero()}
		if !t.LastUsedAt.IsZero() {
			row.LastUsed = t.LastUsedAt.In(loc).Format("2006-01-02 15:04")
		}
		d.Tokens = append(d.Tokens, row)
	}
	pg := &Page{Title: reqCtx(r).p.T("web.tokens.title"), Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, code = domain.ErrorMessage(ferr), httpx.StatusFor(ferr)
	}
	h.render(w, r, code, "tokens", pg)
}

func (h *handler) createToken(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	tok, err := h.svc.CreateAPIToken(r.Context(), p, r.FormValue("name"))
	if err != nil && domain.ErrorKind(err) == domain.KindInternal {
		h.serverError(w, r, err)
		return
	}
	if err != nil {
		h.showTokens(w, r, p, "", err)
		return
	}
	h.showTokens(w, r, p, tok.Token, nil)
}

func (h *handler) revokeToken(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if err := h.svc.RevokeAPIToken(r.Context(), p, idParam(r, "id")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/me/tokens", reqCtx(r).p.T("web.tokens.revoked"))
}
