package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

type caseImportData struct {
	Tabs     []caseTab
	Tab      string
	Year     int
	Assign   bool
	FileName string
	Summary  *service.CaseImportSummary
}

// caseImportPage offers the upload of a ledger (督办台账) and its template.
func (h *handler) caseImportPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showCaseImport(w, r, p, &caseImportData{}, nil)
}

func (h *handler) showCaseImport(w http.ResponseWriter, r *http.Request, p *service.Principal, d *caseImportData, ferr error) {
	pr := reqCtx(r).p
	if !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: pr.T("caseweb.err.office_only")})
		return
	}
	d.Tabs, d.Tab = caseTabs(pr, p), "import"
	if d.Year == 0 {
		d.Year = h.svc.Today().Year()
	}
	pg := &Page{Title: pr.T("caseweb.import.title"), Nav: "cases", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "case_import", pg)
}

// caseImportUpload imports an uploaded ledger: all of it, or — with every
// problem listed by row and column — nothing.
func (h *handler) caseImportUpload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	d := &caseImportData{}
	// The body was read within importLimit before the CSRF check.
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		h.showCaseImport(w, r, p, d, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("web.import.no_file")})
		return
	}
	d.Assign = r.FormValue("assign") == "1"
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil {
		d.Year = y
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.showCaseImport(w, r, p, d, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: pr.T("web.import.no_file")})
		return
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d.FileName = fh.Filename
	// The year typed on the form is the default: a year in the sheet's
	// title wins, as offices write it there.
	sheet, err := xlsimport.ParseCases(bytes.NewReader(data), xlsimport.CaseOptions{DefaultYear: d.Year, Printer: pr, Fold: h.svc.Normalizer().Normalize})
	if err == nil {
		d.Summary, err = h.svc.ImportCases(r.Context(), p, sheet, service.CaseImportOptions{Assign: d.Assign, FileName: fh.Filename, Data: data})
	}
	if err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden || k == domain.KindUnauthorized {
			h.fail(w, r, err)
			return
		}
		h.showCaseImport(w, r, p, d, err)
		return
	}
	h.showCaseImport(w, r, p, d, nil)
}

// caseImportTemplate serves the blank ledger.
func (h *handler) caseImportTemplate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	year := h.svc.Today().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	data, err := xlsimport.CaseTemplate(year, pr)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sendXLSX(w, "cases-template.xlsx", pr.T("caseweb.import.template_file", year), data)
}

// caseExport downloads the 督办台账 of the listing, with its filters.
func (h *handler) caseExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	f, _ := caseFilter(r)
	l, err := h.svc.CaseLedger(r.Context(), p, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data, err := xlsexport.CaseLedger(l, pr, h.svc.Location())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sendXLSX(w, "cases.xlsx", pr.T("caseweb.ledger.file", l.AsOf.String()), data)
}

// sendXLSX sends a workbook as a download named name (fallback: an ASCII name).
func sendXLSX(w http.ResponseWriter, fallback, name string, data []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\""+fallback+"\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}
