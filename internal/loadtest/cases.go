package loadtest

import (
	"context"
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
)

// CaseViewer is an account that works its units' cases (a liaison or a
// unit head) and some of those cases, to open.
type CaseViewer struct {
	Login   string
	CaseIDs []domain.ID
}

// CaseOptions say what each client asks for besides its inbox page.
type CaseOptions struct {
	// CasePages: every other request opens one of the viewer's cases.
	CasePages bool
	// APIInbox: the client also reads its inbox from the API with a token.
	APIInbox bool
}

// Cases has each client log in as its own viewer (one account per client
// while there are enough) and read its case inbox (/cases/inbox), in turn
// with the pages of its cases and the API inbox when asked.
func Cases(ctx context.Context, opt Options, viewers []CaseViewer, password string, co CaseOptions) (Result, error) {
	if len(viewers) == 0 {
		return Result{}, fmt.Errorf("no liaison or unit head to read a case inbox")
	}
	client := NewClient(opt.Clients)
	logins := make([]string, opt.Clients)
	for c := range logins {
		logins[c] = viewers[c%len(viewers)].Login
	}
	clients, err := loginAll(ctx, client, opt.URL, logins, password)
	if err != nil {
		return Result{}, err
	}
	tokens := make([]string, opt.Clients)
	if co.APIInbox {
		for c := range tokens {
			if tokens[c], err = apiToken(ctx, client, opt.URL, logins[c], password); err != nil {
				return Result{}, err
			}
		}
	}
	kinds := []string{"inbox"}
	if co.CasePages {
		kinds = append(kinds, "case")
	}
	if co.APIInbox {
		kinds = append(kinds, "api")
	}
	name := "case inbox (/cases/inbox)"
	if len(kinds) > 1 {
		name = fmt.Sprintf("case inbox (%v)", kinds)
	}
	res := run(ctx, name, opt, func(ctx context.Context, c, i int) (int64, error) {
		v := viewers[c%len(viewers)]
		switch kinds[i%len(kinds)] {
		case "case":
			if len(v.CaseIDs) > 0 {
				id := v.CaseIDs[(i/len(kinds))%len(v.CaseIDs)]
				return get(ctx, clients[c], opt.URL, fmt.Sprintf("/cases/%d", id), "")
			}
		case "api":
			return get(ctx, client, opt.URL, "/api/v1/cases/inbox", tokens[c])
		}
		return get(ctx, clients[c], opt.URL, "/cases/inbox", "")
	})
	return res, nil
}
