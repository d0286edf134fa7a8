package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/service"
)

// Multipart bodies of case steps (texts with evidence files) and file downloads.

// replyOK answers 200 with a service call's result as JSON, or returns
// the call's error.
func replyOK(w http.ResponseWriter) func(any, error) error {
	return func(v any, err error) error {
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, v)
	}
}

// sendStored sends a stored evidence file as read from the service, or
// returns the reading's error.
func sendStored(w http.ResponseWriter) func(domain.FileRef, []byte, error) error {
	return func(f domain.FileRef, data []byte, err error) error {
		if err != nil {
			return err
		}
		sendFile(w, f.Name, f.ContentType, data)
		return nil
	}
}

// sendFile sends a download as an attachment that is never sniffed or run.
func sendFile(w http.ResponseWriter, name, contentType string, data []byte) {
	h := w.Header()
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// isMultipart tells a multipart form from a JSON body.
func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// formTypeError refuses a form field whose text is not of its type
// (typeKey: api.type.integer, api.type.number).
func formTypeError(r *http.Request, name, typeKey string) error {
	pr := i18n.From(r.Context())
	return &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.field_type", name, pr.T(typeKey))}
}

// readCaseForm reads a multipart body: the named text fields (others are
// refused) and evidence in "files" parts, streamed against the limits.
func (s *server) readCaseForm(w http.ResponseWriter, r *http.Request, fields []string) (map[string]string, []service.Upload, error) {
	pr := i18n.From(r.Context())
	cfg := s.svc.Config()
	r.Body = http.MaxBytesReader(w, r.Body, int64(cfg.MaxFilesPerReport)*cfg.MaxFileBytes+maxJSONBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("api.err.multipart"), Err: err}
	}
	vals := map[string]string{}
	var files []service.Upload
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return vals, files, nil
		}
		if err != nil {
			return nil, nil, uploadError(pr, err)
		}
		name := part.FormName()
		if part.FileName() != "" && name == "files" {
			if len(files) >= cfg.MaxFilesPerReport {
				return nil, nil, &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.count", cfg.MaxFilesPerReport)}
			}
			data, err := io.ReadAll(io.LimitReader(part, cfg.MaxFileBytes+1))
			if err != nil {
				return nil, nil, uploadError(pr, err)
			}
			if int64(len(data)) > cfg.MaxFileBytes {
				return nil, nil, &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.size", part.FileName(), cfg.MaxFileBytes>>20)}
			}
			files = append(files, service.Upload{Name: part.FileName(), Data: data})
			continue
		}
		known := part.FileName() == ""
		if known {
			known = false
			for _, f := range fields {
				known = known || f == name
			}
		}
		if !known {
			return nil, nil, &domain.Error{Kind: domain.KindInvalid, Field: name, Message: pr.T("api.err.unknown_field", name)}
		}
		raw, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil {
			return nil, nil, uploadError(pr, err)
		}
		if len(raw) > maxFormField {
			return nil, nil, &domain.Error{Kind: domain.KindTooLarge, Field: name, Message: pr.T("api.err.form_too_large", name)}
		}
		vals[name] = strings.TrimSpace(string(raw))
	}
}

// caseFormSchema is the multipart form of a case step: a text (and a
// progress) with evidence files.
func caseFormSchema(progress bool) map[string]any {
	props := map[string]any{
		"text":  map[string]any{"type": "string"},
		"files": map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}
	if progress {
		props["progress"] = map[string]any{"type": "number", "minimum": 0, "maximum": 100}
	}
	return map[string]any{"type": "object", "additionalProperties": false, "properties": props}
}

// caseFilesSchema is the multipart form of attachments: files only.
func caseFilesSchema() map[string]any {
	form := caseFormSchema(false)
	delete(form["properties"].(map[string]any), "text")
	return form
}
