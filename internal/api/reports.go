package api

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// commentInput is a reviewer's comment: optional on approval, the reason
// (required) on return.
type commentInput struct {
	Comment string `json:"comment"`
}

func fileURL(id domain.ID) string { return fmt.Sprintf("%s/files/%d", prefix, id) }

// reportList answers with reports, named from the current model.
func (s *server) reportList(w http.ResponseWriter, r *http.Request, p *service.Principal, reps []domain.Report) error {
	m, err := s.svc.Model(r.Context())
	if err != nil {
		return err
	}
	out := make([]reportView, 0, len(reps))
	for _, rep := range reps {
		out = append(out, newReportView(m, rep, s.canReview(p, m, rep)))
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (s *server) canReview(p *service.Principal, m *readmodel.Model, rep domain.Report) bool {
	return rep.Status == domain.ReportSubmitted && s.svc.CanReview(p, m, rep.UnitID)
}

// writeReport answers with one report, re-read so that its files are listed.
func (s *server) writeReport(w http.ResponseWriter, r *http.Request, p *service.Principal, id domain.ID) error {
	rep, err := s.svc.Report(r.Context(), p, id)
	if err != nil {
		return err
	}
	m, err := s.svc.Model(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newReportView(m, *rep, s.canReview(p, m, *rep)))
}

func (s *server) listTaskReports(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reps, err := s.svc.TaskReports(r.Context(), p, id)
	if err != nil {
		return err
	}
	return s.reportList(w, r, p, reps)
}

// saveReport writes the caller's report on a task for the period of its
// date: JSON, or multipart/form-data with the same fields and evidence
// files. It edits the period's open report, starts a new version after an
// approval, or starts the period's first report.
func (s *server) saveReport(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in service.ReportInput
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		err = s.readReportForm(w, r, &in)
	} else {
		err = decode(w, r, &in)
	}
	if err != nil {
		return err
	}
	in.Source = domain.SourceAPI
	rep, err := s.svc.SaveReport(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	// The saved report comes back complete (files included): no second read.
	m, err := s.svc.Model(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newReportView(m, *rep, s.canReview(p, m, *rep)))
}

func (s *server) getReport(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeReport(w, r, p, id)
}

func (s *server) approveReport(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.review(w, r, p, s.svc.ApproveReport)
}

func (s *server) returnReport(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	return s.review(w, r, p, s.svc.ReturnReport)
}

// review runs an approval or a return. The body may be omitted for an
// approval without comment.
func (s *server) review(w http.ResponseWriter, r *http.Request, p *service.Principal,
	act func(ctx context.Context, p *service.Principal, id domain.ID, comment string) (*domain.Report, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in commentInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if _, err := act(r.Context(), p, id, in.Comment); err != nil {
		return err
	}
	return s.writeReport(w, r, p, id)
}

func (s *server) reviewQueue(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	reps, err := s.svc.ReviewQueue(r.Context(), p)
	if err != nil {
		return err
	}
	return s.reportList(w, r, p, reps)
}

func (s *server) openReports(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	reps, err := s.svc.OwnOpenReports(r.Context(), p)
	if err != nil {
		return err
	}
	return s.reportList(w, r, p, reps)
}

// downloadFile sends an evidence file. It is always an attachment and
// never sniffed or run, whatever its bytes.
func (s *server) downloadFile(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := s.svc.File(r.Context(), p, id)
	if err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, data)
	return nil
}

// contentDisposition names a download in UTF-8 (RFC 6266 / RFC 5987), with
// a plain ASCII fallback for old clients.
func contentDisposition(name string) string {
	fallback := name
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			fallback = "file" + asciiExt(name)
			break
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, encodeRFC5987(name))
}

func asciiExt(name string) string {
	ext := filepath.Ext(name)
	for _, r := range ext {
		if !(r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return ext
}

// encodeRFC5987 percent-encodes every byte that is not an attr-char.
func encodeRFC5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
