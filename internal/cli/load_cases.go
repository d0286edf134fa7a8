package cli

import (
	"context"
	"sort"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/loadtest"
	"github.com/luoshi/luoshi/internal/store"
)

// caseViewers picks n accounts to read their case inboxes, one per
// client: the liaisons of the units with the most cases (as lead or
// co-unit), and for a quarter of the clients the heads of the busiest
// units; each with up to twenty of its units' cases, open ones first.
func (c *cmdContext) caseViewers(ctx context.Context, dsn string, n int) ([]loadtest.CaseViewer, error) {
	a, err := c.open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	r := a.DB.Read()
	cases, err := r.Cases(ctx, store.CaseFilter{})
	if err != nil {
		return nil, err
	}
	accts, err := r.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	byUnit := map[domain.ID][]domain.Case{}
	for _, cs := range cases {
		if cs.State == domain.CaseDraft {
			continue
		}
		for _, u := range cs.Units() {
			byUnit[u] = append(byUnit[u], cs)
		}
	}
	type acting struct {
		login string
		unit  domain.ID
	}
	var liaisons, heads []acting
	for _, ac := range accts {
		if ac.Status != domain.AccountActive || ac.MustChangePassword || len(ac.Grants) != 1 || ac.Grants[0].UnitID == 0 {
			continue
		}
		switch g := ac.Grants[0]; g.Role {
		case domain.RoleLiaison:
			liaisons = append(liaisons, acting{ac.Login, g.UnitID})
		case domain.RoleUnitHead:
			heads = append(heads, acting{ac.Login, g.UnitID})
		}
	}
	busiest := func(list []acting) {
		sort.SliceStable(list, func(i, j int) bool { return len(byUnit[list[i].unit]) > len(byUnit[list[j].unit]) })
	}
	busiest(liaisons)
	busiest(heads)
	var picked []acting
	nHeads := min(len(heads), n/4)
	picked = append(picked, liaisons[:min(len(liaisons), n-nHeads)]...)
	picked = append(picked, heads[:min(len(heads), n-len(picked))]...)
	out := make([]loadtest.CaseViewer, 0, len(picked))
	for _, p := range picked {
		list := append([]domain.Case(nil), byUnit[p.unit]...)
		sort.SliceStable(list, func(i, j int) bool { return list[i].State.Open() && !list[j].State.Open() })
		v := loadtest.CaseViewer{Login: p.login}
		for _, cs := range list[:min(len(list), 20)] {
			v.CaseIDs = append(v.CaseIDs, cs.ID)
		}
		out = append(out, v)
	}
	return out, nil
}
