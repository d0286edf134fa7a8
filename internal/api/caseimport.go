package api

import (
	"bytes"
	"net/http"

	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// importCases reads a supervision ledger (督办台账): the raw .xlsx is the
// body; year, sheet, assign and file_name are query parameters.
func (s *server) importCases(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	data, err := readSheet(w, r)
	if err != nil {
		return err
	}
	q := query(r)
	year := q.intIn("year", 0, 1900, 2200)
	assign := q.flag("assign")
	if q.err != nil {
		return q.err
	}
	name := q.str("file_name")
	if name == "" {
		name = "upload.xlsx"
	}
	sheet, err := xlsimport.ParseCases(bytes.NewReader(data), xlsimport.CaseOptions{Year: year, DefaultYear: s.svc.Today().Year(),
		Sheet: q.str("sheet"), Printer: i18n.From(r.Context()), Fold: s.svc.Normalizer().Normalize})
	if err != nil {
		return err
	}
	sum, err := s.svc.ImportCases(r.Context(), p, sheet, service.CaseImportOptions{Assign: assign, FileName: name, Data: data})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}

// exportCases writes the 督办台账 of the cases the listing's filters give.
func (s *server) exportCases(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	q := query(r)
	f := caseFilter(q)
	if q.err != nil {
		return q.err
	}
	l, err := s.svc.CaseLedger(r.Context(), p, f)
	if err != nil {
		return err
	}
	pr := i18n.From(r.Context())
	data, err := xlsexport.CaseLedger(l, pr, s.svc.Location())
	if err != nil {
		return err
	}
	sendFile(w, pr.T("caseweb.ledger.file", l.AsOf.String()), xlsxType, data)
	return nil
}
