package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// taskExport downloads the task list, with the same filters, as an Excel
// sheet whose columns the task import reads back (offices keep working in
// Excel; a corrected sheet can be imported again).
func (h *handler) taskExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	q, ok := h.scopedTaskQuery(w, r, p)
	if !ok {
		return
	}
	asOf, m := q.asOf, q.m
	ev := m.Evaluate(asOf, m.Calendar)
	tasks := m.Find(ev, q.scope, q.f)
	if q.ff.Sort == "urgency" {
		readmodel.SortByUrgency(ev, tasks)
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := pr.T("web.export.sheet")
	x.SetSheetName(x.GetSheetName(0), sheet)
	head := []any{pr.T("web.col.number"), pr.T("field.task_title"), pr.T("web.col.content"), pr.T("web.col.category"), pr.T("web.col.sector"),
		pr.T("web.col.fronts"), pr.T("web.col.lead"), pr.T("web.col.co"), pr.T("web.col.leaders"), pr.T("web.col.responsible"),
		pr.T("web.col.start"), pr.T("web.col.due"), pr.T("web.col.weight"), pr.T("web.col.progress"), pr.T("web.expected"),
		pr.T("web.task.gap"), pr.T("web.col.status")}
	title := pr.T("web.export.title", asOf.String())
	x.SetCellValue(sheet, "A1", title)
	last, _ := excelize.ColumnNumberToName(len(head))
	x.MergeCell(sheet, "A1", last+"1")
	x.SetSheetRow(sheet, "A2", &head)
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"E8EEF8"}, Pattern: 1}})
	x.SetCellStyle(sheet, "A2", last+"2", bold)
	for i, t := range tasks {
		res := ev.Of(t)
		due := t.Due.String()
		if t.Ongoing {
			due = pr.T("web.export.ongoing")
		}
		row := []any{t.Number, t.Title, t.Content, pr.T("category." + string(t.Category)), m.SectorName(t.SectorID),
			strings.Join(m.FrontNames(t.FrontIDs), "、"), strings.Join(m.UnitNames(t.LeadUnitIDs), "、"), strings.Join(m.UnitNames(t.CoUnitIDs), "、"),
			strings.Join(m.PersonNames(t.LeaderIDs), "、"), t.Responsible, t.Task.Start.String(), due, t.Weight, res.Progress / 100, nil, nil,
			pr.T("status." + string(res.Status))}
		if res.HasExpected {
			row[14], row[15] = res.Expected/100, res.Gap()/100
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		x.SetSheetRow(sheet, cell, &row)
	}
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if len(tasks) > 0 {
		end, _ := excelize.CoordinatesToCellName(16, len(tasks)+2)
		x.SetCellStyle(sheet, "N3", end, pct)
	}
	for col, width := range map[string]float64{"A": 8, "B": 28, "C": 40, "G": 16, "H": 16, "K": 12, "L": 12} {
		x.SetColWidth(sheet, col, col, width)
	}
	x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		h.serverError(w, r, err)
		return
	}
	name := pr.T("web.export.file", asOf.String())
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"tasks.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
