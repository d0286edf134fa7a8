package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// The evaluation setup form: options, rater groups and speakers are typed
// one per line, as offices write them in their notices.

type evalFormData struct {
	ID                 domain.ID
	Year, Code, Name   string
	Kind               string
	Units              []*readmodel.Unit
	Chosen             map[domain.ID]bool
	Scale              string // options or numeric
	Options, Groups    string
	Min, Max           string
	SessionDate, Place string
	Speakers           string
}

func optionsText(list []domain.EvalOption) string {
	var b strings.Builder
	for _, o := range list {
		fmt.Fprintf(&b, "%s %s\n", o.Label, strconv.FormatFloat(o.Points, 'f', -1, 64))
	}
	return b.String()
}

func groupsText(pr *i18n.Printer, list []domain.RaterGroup) string {
	var b strings.Builder
	for _, g := range list {
		fmt.Fprintf(&b, "%s %s %s %d", g.Key, g.Name, strconv.FormatFloat(g.Weight, 'f', -1, 64), g.Quorum)
		if g.PerUnit {
			b.WriteString(" " + pr.T("eval.web.per_unit_word"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// formOf fills the form from an evaluation.
func formOf(pr *i18n.Printer, e domain.Evaluation) *evalFormData {
	d := &evalFormData{ID: e.ID, Year: strconv.Itoa(e.Year), Code: e.Code, Name: e.Name, Kind: string(e.Kind), Chosen: map[domain.ID]bool{},
		Scale: "options", Options: optionsText(e.Options), Groups: groupsText(pr, e.Groups)}
	if e.Numeric() {
		d.Scale, d.Min, d.Max = "numeric", strconv.FormatFloat(e.Min, 'f', -1, 64), strconv.FormatFloat(e.Max, 'f', -1, 64)
	}
	for _, u := range e.Units {
		d.Chosen[u.UnitID] = true
	}
	if s := e.Session; s != nil {
		d.SessionDate, d.Place = s.Date.String(), s.Place
		var b strings.Builder
		for _, sp := range s.Speakers {
			name := ""
			for _, u := range e.Units {
				if u.UnitID == sp.UnitID {
					name = u.Name
				}
			}
			fmt.Fprintf(&b, "%s %s %s\n", name, sp.Person, strings.ReplaceAll(sp.Report, "\n", " "))
		}
		d.Speakers = b.String()
	}
	return d
}

// readEvalForm reads the posted form into d and an input; a line that
// cannot be read is refused naming it.
func readEvalForm(r *http.Request, units []*readmodel.Unit) (*evalFormData, service.EvaluationInput, error) {
	pr := reqCtx(r).p
	d := &evalFormData{Year: r.FormValue("year"), Code: r.FormValue("code"), Name: r.FormValue("name"), Kind: r.FormValue("kind"),
		Chosen: map[domain.ID]bool{}, Scale: r.FormValue("scale"), Options: r.FormValue("options"), Groups: r.FormValue("groups"),
		Min: r.FormValue("min"), Max: r.FormValue("max"), SessionDate: r.FormValue("session_date"), Place: r.FormValue("place"),
		Speakers: r.FormValue("speakers")}
	in := service.EvaluationInput{Code: d.Code, Name: d.Name, Kind: domain.EvalKind(d.Kind), Options: []domain.EvalOption{}}
	bad := func(field, key string, args ...any) (*evalFormData, service.EvaluationInput, error) {
		return d, in, &domain.Error{Kind: domain.KindInvalid, Field: field, Message: pr.T(key, args...)}
	}
	year, err := strconv.Atoi(strings.TrimSpace(d.Year))
	if err != nil {
		return bad("year", "eval.err.year_bad", 0)
	}
	in.Year = year
	byName := map[string]domain.ID{}
	for _, u := range units {
		byName[u.Name] = u.ID
	}
	for _, v := range r.Form["unit"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && !d.Chosen[id] {
			d.Chosen[id] = true
			in.UnitIDs = append(in.UnitIDs, id)
		}
	}
	if d.Scale == "numeric" {
		min, err1 := strconv.ParseFloat(strings.TrimSpace(d.Min), 64)
		max, err2 := strconv.ParseFloat(strings.TrimSpace(d.Max), 64)
		if err1 != nil || err2 != nil {
			return bad("max", "eval.web.err.scale")
		}
		in.Min, in.Max = min, max
	} else {
		for i, line := range lines(d.Options) {
			f := strings.Fields(line)
			p, err := strconv.ParseFloat(f[len(f)-1], 64)
			if len(f) < 2 || err != nil {
				return bad("options", "eval.web.err.option_line", i+1, line)
			}
			in.Options = append(in.Options, domain.EvalOption{Label: strings.Join(f[:len(f)-1], " "), Points: p})
		}
	}
	for i, line := range lines(d.Groups) {
		f := strings.Fields(line)
		if len(f) < 4 || len(f) > 5 {
			return bad("groups", "eval.web.err.group_line", i+1, line)
		}
		w, err1 := strconv.ParseFloat(f[2], 64)
		q, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || (len(f) == 5 && f[4] != pr.T("eval.web.per_unit_word")) {
			return bad("groups", "eval.web.err.group_line", i+1, line)
		}
		in.Groups = append(in.Groups, domain.RaterGroup{Key: f[0], Name: f[1], Weight: w, Quorum: q, PerUnit: len(f) == 5})
	}
	if in.Kind == domain.EvalDebriefing {
		s := &domain.EvalSession{Place: d.Place}
		if strings.TrimSpace(d.SessionDate) != "" {
			if s.Date, err = domain.ParseDate(strings.TrimSpace(d.SessionDate)); err != nil {
				return bad("session_date", "eval.web.err.date", d.SessionDate)
			}
		}
		for i, line := range lines(d.Speakers) {
			f := strings.SplitN(line, " ", 3)
			if len(f) < 2 || byName[f[0]] == 0 {
				return bad("speakers", "eval.web.err.speaker_line", i+1, line)
			}
			sp := domain.EvalSpeaker{UnitID: byName[f[0]], Person: f[1]}
			if len(f) == 3 {
				sp.Report = f[2]
			}
			s.Speakers = append(s.Speakers, sp)
		}
		in.Session = s
	}
	return d, in, nil
}

// lines are the non-blank lines of a text area, trimmed, with full-width
// spaces read as spaces.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\u3000", " "), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return out
}

func (h *handler) evalForm(w http.ResponseWriter, r *http.Request, p *service.Principal, d *evalFormData, err error) {
	units, uerr := h.svc.RecordUnits(r.Context(), p)
	if uerr != nil {
		h.fail(w, r, uerr)
		return
	}
	d.Units = units
	pg := &Page{Title: reqCtx(r).p.T("eval.web.new"), Nav: "evaluations", Data: d}
	code := http.StatusOK
	if err != nil {
		pg.Error, code = domain.ErrorMessage(err), httpx.StatusFor(err)
		var de *domain.Error
		if errors.As(err, &de) {
			pg.ErrorField = de.Field
		}
	}
	h.render(w, r, code, "evaluation_form", pg)
}

func (h *handler) evaluationNewPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if !p.System && !p.Has(domain.RoleOffice) {
		h.fail(w, r, &domain.Error{Kind: domain.KindForbidden, Message: reqCtx(r).p.T("err.forbidden")})
		return
	}
	pr := reqCtx(r).p
	d := &evalFormData{Year: strconv.Itoa(h.svc.Today().Year()), Kind: string(domain.EvalSurvey), Chosen: map[domain.ID]bool{}, Scale: "options",
		Options: optionsText(domain.DefaultEvalOptions()), Groups: groupsText(pr, domain.DefaultRaterGroups())}
	h.evalForm(w, r, p, d, nil)
}

func (h *handler) evaluationCreate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	units, err := h.svc.RecordUnits(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, in, err := readEvalForm(r, units)
	if err == nil {
		var e *service.EvaluationItem
		if e, err = h.svc.CreateEvaluation(r.Context(), p, in); err == nil {
			redirect(w, r, "/evaluations/"+itoa(e.ID), reqCtx(r).p.T("eval.web.created"))
			return
		}
	}
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindUnauthorized {
		h.fail(w, r, err)
		return
	}
	h.evalForm(w, r, p, d, err)
}

func (h *handler) evaluationUpdate(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	units, err := h.svc.RecordUnits(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := idParam(r, "id")
	d, in, err := readEvalForm(r, units)
	d.ID = id
	if err == nil {
		if _, err = h.svc.UpdateEvaluation(r.Context(), p, id, in); err == nil {
			redirect(w, r, "/evaluations/"+itoa(id), reqCtx(r).p.T("eval.web.saved"))
			return
		}
	}
	if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindNotFound || k == domain.KindUnauthorized {
		h.fail(w, r, err)
		return
	}
	h.evalForm(w, r, p, d, err)
}
