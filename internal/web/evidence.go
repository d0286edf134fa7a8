package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Evidence files on step forms (cases, rectifications, reports) and their
// downloads.

// readStepForm parses a step's form, multipart or not, and returns its
// evidence files.
func (h *handler) readStepForm(w http.ResponseWriter, r *http.Request) ([]service.Upload, error) {
	pr := reqCtx(r).p
	cfg := h.svc.Config()
	r.Body = http.MaxBytesReader(w, r.Body, int64(cfg.MaxFilesPerReport)*cfg.MaxFileBytes+(1<<20))
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &domain.Error{Kind: domain.KindTooLarge, Field: "files", Message: pr.T("err.files.size", "", cfg.MaxFileBytes>>20)}
		}
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: pr.T("web.err.form")}
	}
	return formFiles(r, cfg.MaxFileBytes)
}

// formFiles reads the "files" of a parsed multipart form, each up to one
// byte past maxBytes so that the service can refuse an oversized one.
func formFiles(r *http.Request, maxBytes int64) ([]service.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var files []service.Upload
	for _, fh := range r.MultipartForm.File["files"] {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, service.Upload{Name: fh.Filename, Data: data})
	}
	return files, nil
}

// serveStored sends a stored evidence file as read from the service, or
// the page for the reading's error.
func (h *handler) serveStored(w http.ResponseWriter, r *http.Request) func(domain.FileRef, []byte, error) {
	return func(f domain.FileRef, data []byte, err error) {
		if err != nil {
			h.fail(w, r, err)
			return
		}
		serveEvidence(w, f.Name, f.ContentType, data)
	}
}

// serveEvidence sends an evidence file: images and PDF inline, the rest as
// attachments, never sniffed and sandboxed.
func serveEvidence(w http.ResponseWriter, name, contentType string, data []byte) {
	disp := "attachment"
	if contentType == "application/pdf" || strings.HasPrefix(contentType, "image/") {
		disp = "inline"
	}
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name})+"; filename*=UTF-8''"+url.PathEscape(name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	hd.Set("Cache-Control", "private, max-age=3600")
	w.Write(data)
}
