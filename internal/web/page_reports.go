package web

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

type reportsData struct {
	Queue   []inboxRow
	Open    []inboxRow
	ToDo    []todoRow
	Units   []service.UnitCompliance
	AsOf    domain.Date
	IsHead  bool
	IsLiais bool
}

type inboxRow struct {
	R    domain.Report
	Task *readmodel.Task
	Unit string
}

// todoRow is a task whose current or past period still lacks a report.
type todoRow struct {
	Task    *readmodel.Task
	Period  cadence.PeriodState
	Missing int
}

func (h *handler) reportsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	ctx := r.Context()
	m, err := h.svc.Model(ctx)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := &reportsData{AsOf: h.svc.Today(), IsHead: p.Has(domain.RoleUnitHead), IsLiais: p.Has(domain.RoleLiaison)}
	queue, err := h.svc.ReviewQueue(ctx, p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, rep := range queue {
		d.Queue = append(d.Queue, inboxRow{R: rep, Task: m.Task(rep.TaskID), Unit: m.UnitName(rep.UnitID)})
	}
	open, err := h.svc.OwnOpenReports(ctx, p)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, rep := range open {
		d.Open = append(d.Open, inboxRow{R: rep, Task: m.Task(rep.TaskID), Unit: m.UnitName(rep.UnitID)})
	}
	tasks, units, err := h.svc.Compliance(ctx, p, readmodel.Filter{Year: d.AsOf.Year()}, d.AsOf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Units = units
	if d.IsLiais || d.IsHead {
		for _, tc := range tasks {
			if !h.svc.CanReport(p, m, tc.Task) || len(tc.Periods) == 0 {
				continue
			}
			last := tc.Periods[len(tc.Periods)-1]
			if last.State == cadence.Pending || last.State == cadence.Missing || tc.Missing > 0 {
				d.ToDo = append(d.ToDo, todoRow{Task: tc.Task, Period: last, Missing: tc.Missing})
			}
		}
	}
	h.render(w, r, http.StatusOK, "reports", &Page{Title: pr.T("web.reports.title"), Nav: "reports", Data: d})
}
