package web

import (
	"net/http"
	"net/url"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

type rectBoardData struct {
	Board  service.RectBoard
	Rows   []service.RectRow
	Tiles  []rectTile
	Q      rectFilter
	Units  []*readmodel.Unit
	States []domain.RectState
	// Inspections are the office's, for the filter and a link.
	Inspections []inspectionRow
	Office      bool
	// Query is the filter as a query string, for the export link.
	Query string
}

type rectTile struct {
	Class, Label, Link string
	Count              int
}

// rectFilter is the board's filter as typed.
type rectFilter struct {
	Unit, Inspection domain.ID
	State            string
	Overdue, Open    bool
}

func readRectFilter(r *http.Request) (rectFilter, service.RectQuery) {
	f := rectFilter{Unit: formID(r, "unit"), Inspection: formID(r, "inspection"), State: r.FormValue("state"),
		Overdue: r.FormValue("overdue") == "1", Open: r.FormValue("open") == "1"}
	q := service.RectQuery{UnitID: f.Unit, InspectionID: f.Inspection, Overdue: f.Overdue, Open: f.Open}
	if st := domain.RectState(f.State); st.Valid() {
		q.State = st
	} else {
		f.State = ""
	}
	return f, q
}

func (f rectFilter) query() string {
	v := url.Values{}
	if f.Unit != 0 {
		v.Set("unit", itoa(f.Unit))
	}
	if f.Inspection != 0 {
		v.Set("inspection", itoa(f.Inspection))
	}
	if f.State != "" {
		v.Set("state", f.State)
	}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	if f.Open {
		v.Set("open", "1")
	}
	return v.Encode()
}

// rectBoardPage is the rectification board: counts by state, overdue and
// by unit, and the items, for whatever the viewer may see.
func (h *handler) rectBoardPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	ctx := r.Context()
	f, q := readRectFilter(r)
	rows, err := h.svc.Rectifications(ctx, p, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.svc.Model(ctx)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// The counts are over the scope, whatever the list shows.
	all := rows
	if q != (service.RectQuery{}) {
		if all, err = h.svc.Rectifications(ctx, p, service.RectQuery{}); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	d := &rectBoardData{Board: h.svc.Board(all), Rows: rows, Q: f, States: domain.RectStates, Office: h.svc.CanManageInspections(p), Query: f.query()}
	seen := map[domain.ID]bool{}
	for _, row := range all {
		seen[row.UnitID] = true
	}
	for _, u := range m.TreeOrder() {
		if seen[u.ID] {
			d.Units = append(d.Units, u)
		}
	}
	if d.Office {
		list, err := h.svc.Inspections(ctx, p, store.InspectionFilter{})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, in := range list {
			d.Inspections = append(d.Inspections, newInspectionRow(m, in))
		}
	}
	for _, st := range domain.RectStates {
		d.Tiles = append(d.Tiles, rectTile{Class: "rx-" + string(st), Label: pr.T("rect.state." + string(st)), Count: d.Board.ByState[st], Link: "/rectifications?state=" + string(st)})
	}
	d.Tiles = append(d.Tiles, rectTile{Class: "rx-overdue", Label: pr.T("web.rect.overdue"), Count: d.Board.Overdue, Link: "/rectifications?overdue=1"})
	h.render(w, r, http.StatusOK, "rect_board", &Page{Title: pr.T("web.rect.board"), Nav: "rectifications", Data: d})
}

type rectMineData struct {
	Rows       []service.RectRow
	SelfChecks []service.SelfCheckStatus
}

// rectMinePage is a unit's own list: its items (open first) and the
// self-inspection requests sent to it.
func (h *handler) rectMinePage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	ctx := r.Context()
	rows, err := h.svc.Rectifications(ctx, p, service.RectQuery{Mine: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &rectMineData{}
	for _, closed := range []bool{false, true} {
		for _, row := range rows {
			if row.State.Closed() == closed {
				d.Rows = append(d.Rows, row)
			}
		}
	}
	if d.SelfChecks, err = h.svc.SelfChecks(ctx, p, 0); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "rect_mine", &Page{Title: reqCtx(r).p.T("web.rect.mine"), Nav: "rectifications", Data: d})
}

// rectLedger downloads the 整改台账 with the board's filter.
func (h *handler) rectLedger(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	_, q := readRectFilter(r)
	rows, err := h.svc.Rectifications(r.Context(), p, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pr, today := reqCtx(r).p, h.svc.Today()
	data, err := xlsexport.RectLedger(rows, pr, today)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendXLSX(w, "rectifications.xlsx", pr.T("ledger.file", today.String()), data)
}
