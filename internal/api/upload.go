package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// maxFormField limits one text field of a multipart report; the service
// limits the texts further (4000 characters).
const maxFormField = 64 << 10

// readReportForm reads a multipart report: the fields of ReportInput as
// form fields (milestone_ids repeated or comma-separated) and evidence in
// "files" parts. Parts are streamed so that an oversized upload is refused
// as soon as it passes the limit, not after it has been stored.
func (s *server) readReportForm(w http.ResponseWriter, r *http.Request, in *service.ReportInput) error {
	ctx := r.Context()
	pr := i18n.From(ctx)
	cfg := s.svc.Config()
	r.Body = http.MaxBytesReader(w, r.Body, int64(cfg.MaxFilesPerReport)*cfg.MaxFileBytes+maxJSONBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.multipart"), Err: err}
	}
	bad := func(field string) error {
		return &domain.Error{Kind: domain.KindInvalid, Field: field, Message: pr.T("api.err.form_field", field)}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return uploadError(pr, err)
		}
		name := part.FormName()
		if part.FileName() != "" {
			if name != "files" {
				return &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.unknown_field", name)}
			}
			if len(in.Files) >= cfg.MaxFilesPerReport {
				return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.count", cfg.MaxFilesPerReport)}
			}
			data, err := io.ReadAll(io.LimitReader(part, cfg.MaxFileBytes+1))
			if err != nil {
				return uploadError(pr, err)
			}
			if int64(len(data)) > cfg.MaxFileBytes {
				return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.size", part.FileName(), cfg.MaxFileBytes>>20)}
			}
			in.Files = append(in.Files, service.Upload{Name: part.FileName(), Data: data})
			continue
		}
		raw, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil {
			return uploadError(pr, err)
		}
		if len(raw) > maxFormField {
			return &domain.Error{Kind: domain.KindTooLarge, Field: name, Message: pr.T("api.err.form_too_large", name)}
		}
		v := strings.TrimSpace(string(raw))
		switch name {
		case "date":
			d, err := domain.ParseDate(v)
			if err != nil {
				return &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.field_type", name, pr.T("api.type.date"))}
			}
			in.Date = d
		case "progress":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.field_type", name, pr.T("api.type.number"))}
			}
			in.Progress = f
		case "done":
			in.Done = v
		case "problems":
			in.Problems = v
		case "next_steps":
			in.NextSteps = v
		case "milestone_ids":
			for _, f := range strings.Split(v, ",") {
				if f = strings.TrimSpace(f); f == "" {
					continue
				}
				id, err := strconv.ParseInt(f, 10, 64)
				if err != nil {
					return bad(name)
				}
				in.MilestoneIDs = append(in.MilestoneIDs, id)
			}
		case "submit":
			b, err := strconv.ParseBool(v)
			if err != nil && v != "" {
				return bad(name)
			}
			in.Submit = b
		default:
			return &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.unknown_field", name)}
		}
	}
}

// uploadError tells an upload over the body limit from a broken one.
func uploadError(pr *i18n.Printer, err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("api.err.body_too_large", tooBig.Limit>>20), Err: err}
	}
	return &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.multipart"), Err: fmt.Errorf("read multipart: %w", err)}
}
