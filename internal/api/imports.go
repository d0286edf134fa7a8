package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxSheet bounds an uploaded workbook; a 10,000-row sheet is about 1 MB.
const maxSheet = 30 << 20

// readSheet reads the raw workbook body of an import request.
func readSheet(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	pr := i18n.From(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, maxSheet)
	data, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, &domain.Error{Kind: domain.KindTooLarge, Message: pr.T("api.err.sheet_too_large", maxSheet>>20)}
	case err != nil:
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.sheet_body"), Err: err}
	case len(data) == 0:
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.sheet_body")}
	}
	return data, nil
}

// importOptions reads the query parameters shared by both imports.
func importOptions(r *http.Request, data []byte) (service.ImportOptions, int, error) {
	q := r.URL.Query()
	opt := service.ImportOptions{PlanName: q.Get("plan_name"), CreateUnits: q.Get("create_units") == "1" || q.Get("create_units") == "true",
		FileName: q.Get("file_name"), Data: data}
	if opt.FileName == "" {
		opt.FileName = "upload.xlsx"
	}
	if v := q.Get("plan"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			opt.PlanName = v
		} else {
			opt.PlanID = id
		}
	}
	year := 0
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return opt, 0, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: i18n.From(r.Context()).T("api.err.param", "year", v)}
		}
		year = y
	}
	return opt, year, nil
}

func (s *server) importTasks(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	data, err := readSheet(w, r)
	if err != nil {
		return err
	}
	opt, year, err := importOptions(r, data)
	if err != nil {
		return err
	}
	sheet, err := xlsimport.ParseTasks(bytes.NewReader(data), xlsimport.TaskOptions{Year: year, Sheet: r.URL.Query().Get("sheet"), Printer: i18n.From(r.Context())})
	if err != nil {
		return err
	}
	sum, err := s.svc.ImportTasks(r.Context(), p, sheet, opt)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}

func (s *server) importProgress(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	data, err := readSheet(w, r)
	if err != nil {
		return err
	}
	opt, year, err := importOptions(r, data)
	if err != nil {
		return err
	}
	po := xlsimport.ProgressOptions{Year: year, Sheet: r.URL.Query().Get("sheet"), Printer: i18n.From(r.Context())}
	if v := r.URL.Query().Get("date"); v != "" {
		if po.Date, err = domain.ParseDate(v); err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Field: "date", Message: i18n.From(r.Context()).T("api.err.param_date", "date", v)}
		}
	}
	sheet, err := xlsimport.ParseProgress(bytes.NewReader(data), po)
	if err != nil {
		return err
	}
	sum, err := s.svc.ImportProgress(r.Context(), p, sheet, opt)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}

// importTemplate serves the blank task or progress workbook.
func (s *server) importTemplate(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	pr := i18n.From(r.Context())
	year := s.svc.Today().Year()
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: pr.T("api.err.param", "year", v)}
		}
		year = y
	}
	var data []byte
	var err error
	name := r.PathValue("kind")
	switch name {
	case "tasks.xlsx":
		data, err = xlsimport.TaskTemplate(year, pr)
	case "progress.xlsx":
		data, err = xlsimport.ProgressTemplate(year, pr)
	case "cases.xlsx":
		data, err = xlsimport.CaseTemplate(year, pr)
	default:
		return &domain.Error{Kind: domain.KindNotFound, Message: pr.T("api.err.not_found")}
	}
	if err != nil {
		return err
	}
	sendFile(w, strconv.Itoa(year)+"-"+name, xlsxType, data)
	return nil
}
