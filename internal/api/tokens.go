package api

import (
	"fmt"
	"net/http"

	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// tokenInput signs in with a password to get a bearer token.
type tokenInput struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	// Name says what the token is for ("数据大屏", "OA 对接").
	Name string `json:"name"`
}

// issueToken checks a password, with the same lockout as the web login,
// and returns a new token once. A caller who already holds a token must
// give the password again: a stolen token cannot mint more tokens.
func (s *server) issueToken(w http.ResponseWriter, r *http.Request, _ *service.Principal) error {
	var in tokenInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	tok, err := s.svc.TokenLogin(r.Context(), in.Login, in.Password, in.Name, httpx.ClientIP(r, false))
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("%s/tokens/%d", prefix, tok.ID), tok)
}

func (s *server) listTokens(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	toks, err := s.svc.APITokens(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf[store.APIToken](toks))
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeAPIToken(r.Context(), p, id); err != nil {
		return err
	}
	return noContent(w)
}
