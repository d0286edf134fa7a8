package web

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsexport"
)

// 考核方案: the list by year, a new scheme from a file or pasted text, one
// scheme's criteria tree with its versions, and the office's steps on it.

type assessListData struct {
	Year    int
	Years   []int
	Schemes []service.SchemeItem
	Office  bool
	// Text is the scheme text of the new-scheme form, kept on an error.
	Text string
}

func (h *handler) assessPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAssessList(w, r, p, &assessListData{}, nil)
}

func (h *handler) showAssessList(w http.ResponseWriter, r *http.Request, p *service.Principal, d *assessListData, ferr error) {
	pr := reqCtx(r).p
	d.Year, _ = strconv.Atoi(r.FormValue("year"))
	d.Office = p.System || p.Has(domain.RoleOffice)
	all, err := h.svc.Schemes(r.Context(), p, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	seen := map[int]bool{}
	for _, sc := range all {
		if !seen[sc.Year] {
			seen[sc.Year] = true
			d.Years = append(d.Years, sc.Year)
		}
		if d.Year == 0 || sc.Year == d.Year {
			d.Schemes = append(d.Schemes, sc)
		}
	}
	pg := &Page{Title: pr.T("assessweb.title"), Nav: "assess", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "assess", pg)
}

// readSchemeText reads the scheme of a form: an uploaded file, or the text
// pasted in.
func readSchemeText(r *http.Request) string {
	if f, _, err := r.FormFile("file"); err == nil {
		data, err := io.ReadAll(io.LimitReader(f, 4<<20))
		f.Close()
		if err == nil && len(data) > 0 {
			return string(data)
		}
	}
	return r.FormValue("text")
}

// parseSchemeText reads a scheme file's text.
func parseSchemeText(r *http.Request, text string) (domain.Scheme, error) {
	return service.ParseSchemeFile(r.Context(), []byte(text))
}

// assessCreate creates a scheme from the new-scheme form.
func (h *handler) assessCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	r.ParseMultipartForm(8 << 20)
	d := &assessListData{Text: readSchemeText(r)}
	in, err := parseSchemeText(r, d.Text)
	if err == nil {
		var sc *service.SchemeItem
		if sc, err = h.svc.CreateScheme(r.Context(), p, in); err == nil {
			redirect(w, r, "/assess/schemes/"+itoa(sc.ID), reqCtx(r).p.T("assessweb.flash.created", sc.Name))
			return
		}
	}
	if k := domain.ErrorKind(err); k != domain.KindInvalid && k != domain.KindConflict {
		h.fail(w, r, err)
		return
	}
	h.showAssessList(w, r, p, d, err)
}

type assessSchemeData struct {
	*service.SchemeDetail
	// Text is the scheme's file, the starting point of a revision.
	Text string
	// Reason is kept on a refused revision.
	Reason string
	// TieBreak is the scheme's tie-break rules in words.
	TieBreak []string
}

func (h *handler) assessSchemePage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showAssessScheme(w, r, p, "", "", nil)
}

func (h *handler) showAssessScheme(w http.ResponseWriter, r *http.Request, p *service.Principal, text, reason string, ferr error) {
	id := idParam(r, "id")
	d, err := h.svc.Scheme(r.Context(), p, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data := &assessSchemeData{SchemeDetail: d, Text: text, Reason: reason, TieBreak: xlsexport.TieBreakRules(d.SchemeBody, reqCtx(r).p)}
	if data.Text == "" && d.Can.Revise {
		b, _, err := h.svc.ExportScheme(r.Context(), p, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		data.Text = string(b)
	}
	pg := &Page{Title: d.Name, Nav: "assess", Data: data}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.Details, pg.ErrorField, code = domain.ErrorMessage(ferr), domain.ErrorDetails(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "assess_scheme", pg)
}

// assessStep runs the office's steps on a scheme: freeze, revise, examiners.
func (h *handler) assessStep(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	id := idParam(r, "id")
	ctx := r.Context()
	var err error
	var to, flash string
	switch r.PathValue("action") {
	case "freeze":
		if _, err = h.svc.FreezeScheme(ctx, p, id); err == nil {
			to, flash = "/assess/schemes/"+itoa(id), pr.T("assessweb.flash.frozen")
		}
	case "revise":
		text, reason := r.FormValue("text"), r.FormValue("reason")
		var in domain.Scheme
		if in, err = parseSchemeText(r, text); err == nil {
			var rev *service.RevisedScheme
			if rev, err = h.svc.ReviseScheme(ctx, p, id, service.SchemeRevision{Body: in.SchemeBody, Reason: reason}); err == nil {
				to, flash = "/assess/schemes/"+itoa(rev.ID), pr.T("assessweb.flash.revised", rev.Version, rev.Carried, rev.Dropped)
			}
		}
		if err != nil && domain.ErrorKind(err) == domain.KindInvalid {
			h.showAssessScheme(w, r, p, text, reason, err)
			return
		}
	case "examiners":
		var list []service.ExaminerInput
		for _, line := range strings.Split(r.FormValue("examiners"), "\n") {
			login, codes, _ := strings.Cut(strings.TrimSpace(line), ":")
			if login = strings.TrimSpace(login); login == "" {
				continue
			}
			x := service.ExaminerInput{Login: login}
			for _, c := range strings.FieldsFunc(codes, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
				x.Criteria = append(x.Criteria, c)
			}
			list = append(list, x)
		}
		if _, err = h.svc.SetSchemeExaminers(ctx, p, id, list); err == nil {
			to, flash = "/assess/schemes/"+itoa(id), pr.T("assessweb.flash.examiners")
		}
		if err != nil && domain.ErrorKind(err) == domain.KindInvalid {
			h.showAssessScheme(w, r, p, "", "", err)
			return
		}
	default:
		h.fail(w, r, &domain.Error{Kind: domain.KindNotFound, Message: pr.T("err.not_found", pr.T("assessweb.thing.scheme"))})
		return
	}
	if err != nil {
		if domain.ErrorKind(err) == domain.KindConflict {
			redirect(w, r, "/assess/schemes/"+itoa(id), domain.ErrorMessage(err))
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, to, flash)
}

// assessExport downloads the scheme's file.
func (h *handler) assessExport(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	data, name, err := h.svc.ExportScheme(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ct := "application/yaml; charset=utf-8"
	if strings.HasSuffix(name, ".json") {
		ct = "application/json; charset=utf-8"
	}
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "scheme" + name[strings.LastIndex(name, "."):]})+
		"; filename*=UTF-8''"+url.PathEscape(name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	w.Write(data)
}

// assessFileDownload sends an entry's evidence file.
func (h *handler) assessFileDownload(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.serveStored(w, r)(h.svc.EntryFile(r.Context(), p, idParam(r, "id"), idParam(r, "file")))
}
