package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// maxSheetBytes bounds an uploaded workbook (a 10,000-row sheet is ~1 MB).
const maxSheetBytes = 30 << 20

type importData struct {
	Kind        string
	PlanID      domain.ID
	PlanName    string
	Year        int
	Date        string
	CreateUnits bool
	Plans       []domain.Plan
	Summary     *service.ImportSummary
	FileName    string
}

func (h *handler) importPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	d := &importData{Kind: r.URL.Query().Get("kind"), PlanID: formID(r, "plan"), Year: h.svc.Today().Year()}
	if d.Kind != "progress" {
		d.Kind = "tasks"
	}
	h.showImport(w, r, p, d, nil)
}

func (h *handler) showImport(w http.ResponseWriter, r *http.Request, p *service.Principal, d *importData, ferr error) {
	if !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	m, err := h.svc.Model(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d.Plans = m.Plans
	pg := &Page{Title: reqCtx(r).p.T("web.import.title"), Nav: "import", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "import", pg)
}

// importLimit bounds an upload: one sheet and the form around it.
func importLimit(_ *handler, pr *i18n.Printer) (int64, string) {
	return maxSheetBytes + (1 << 20), pr.T("web.import.too_large", maxSheetBytes>>20)
}

func (h *handler) importUpload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d := &importData{Year: h.svc.Today().Year()}
	// The body was read within importLimit before the CSRF check.
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		h.showImport(w, r, p, d, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("web.import.no_file")})
		return
	}
	d.Kind, d.PlanID, d.PlanName, d.Date, d.CreateUnits = r.FormValue("kind"), formID(r, "plan_id"), r.FormValue("plan_name"), r.FormValue("date"), r.FormValue("create_units") == "1"
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil {
		d.Year = y
	}
	year := d.Year
	if r.FormValue("year_from_title") == "1" {
		year = 0
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.showImport(w, r, p, d, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("web.import.no_file")})
		return
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d.FileName = fh.Filename
	opt := service.ImportOptions{PlanID: d.PlanID, PlanName: d.PlanName, CreateUnits: d.CreateUnits, FileName: fh.Filename, Data: data}
	var sum *service.ImportSummary
	if d.Kind == "progress" {
		po := xlsimport.ProgressOptions{Year: year, Printer: pr}
		if d.Date != "" {
			if po.Date, err = domain.ParseDate(d.Date); err != nil {
				h.showImport(w, r, p, d, badDate(r, "date", "web.import.date"))
				return
			}
		}
		sheet, perr := xlsimport.ParseProgress(bytes.NewReader(data), po)
		if perr != nil {
			h.importFail(w, r, p, d, perr)
			return
		}
		sum, err = h.svc.ImportProgress(r.Context(), p, sheet, opt)
	} else {
		d.Kind = "tasks"
		sheet, perr := xlsimport.ParseTasks(bytes.NewReader(data), xlsimport.TaskOptions{Year: year, Printer: pr})
		if perr != nil {
			h.importFail(w, r, p, d, perr)
			return
		}
		sum, err = h.svc.ImportTasks(r.Context(), p, sheet, opt)
	}
	if err != nil {
		h.importFail(w, r, p, d, err)
		return
	}
	d.Summary = sum
	h.showImport(w, r, p, d, nil)
}

func (h *handler) importFail(w http.ResponseWriter, r *http.Request, p *service.Principal, d *importData, err error) {
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
		h.fail(w, r, err)
		return
	}
	h.showImport(w, r, p, d, err)
}

// importTemplate serves the blank task or progress workbook.
func (h *handler) importTemplate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	year := h.svc.Today().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	var data []byte
	var err error
	var name string
	switch r.PathValue("kind") {
	case "tasks.xlsx":
		data, err = xlsimport.TaskTemplate(year, pr)
		name = pr.T("web.import.task_template_file", year)
	case "progress.xlsx":
		data, err = xlsimport.ProgressTemplate(year, pr)
		name = pr.T("web.import.progress_template_file", year)
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(data)
}
