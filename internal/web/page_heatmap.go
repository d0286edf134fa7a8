package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// heatmapPage shows the unit-by-month gap grid for every unit in scope.
func (h *handler) heatmapPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	asOf := h.svc.Today()
	if v := r.URL.Query().Get("as_of"); v != "" {
		d, err := domain.ParseDate(v)
		if err != nil {
			h.fail(w, r, badDate(r, "as_of", "web.field.as_of"))
			return
		}
		asOf = d
	}
	d, err := h.svc.Dashboard(r.Context(), p, service.DashboardFilter{AsOf: asOf, PlanID: formID(r, "plan")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := map[string]any{"Chart": h.heatmapChart(pr, mostBehind(d.Heat, len(d.Heat.Units))), "AsOf": asOf, "Units": len(d.Heat.Units)}
	h.render(w, r, http.StatusOK, "heatmap", &Page{Title: pr.T("web.heat.title"), Nav: "dashboard", Data: data})
}
