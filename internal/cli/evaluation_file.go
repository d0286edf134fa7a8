package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// evaluationFile is an evaluation written by hand for `luoshi evaluation
// create`: units and speakers by name, the rest as the service takes it;
// without options or a scale the usual four answers (优秀 … 较差).
type evaluationFile struct {
	Year    int                 `json:"year"`
	Code    string              `json:"code"`
	Name    string              `json:"name"`
	Kind    domain.EvalKind     `json:"kind"`
	Units   []string            `json:"units"`
	Options []domain.EvalOption `json:"options"`
	Min     float64             `json:"min"`
	Max     float64             `json:"max"`
	Groups  []domain.RaterGroup `json:"groups"`
	Session *struct {
		Date     domain.Date `json:"date"`
		Place    string      `json:"place"`
		Speakers []struct {
			Unit   string `json:"unit"`
			Person string `json:"person"`
			Report string `json:"report"`
		} `json:"speakers"`
	} `json:"session"`
}

// parseEvaluationFile reads a YAML or JSON evaluation file (YAML is read
// as the same fields as JSON) and names its units from the model. Every
// refusal names the field in the user's language.
func parseEvaluationFile(p *i18n.Printer, m *readmodel.Model, data []byte) (service.EvaluationInput, error) {
	bad := func(field, key string, args ...any) error {
		return &domain.Error{Kind: domain.KindInvalid, Field: field, Message: p.T(key, args...)}
	}
	var raw any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return service.EvaluationInput{}, bad("", "eval.file.err.syntax", yamlReason(err))
	}
	if _, ok := raw.(map[string]any); !ok {
		return service.EvaluationInput{}, bad("", "eval.file.err.not_map")
	}
	js, err := json.Marshal(raw)
	if err != nil {
		return service.EvaluationInput{}, bad("", "eval.file.err.syntax", err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var f evaluationFile
	if err := dec.Decode(&f); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return service.EvaluationInput{}, bad(te.Field, "eval.file.err.type", te.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return service.EvaluationInput{}, bad(name, "eval.file.err.unknown_field", name)
		}
		return service.EvaluationInput{}, bad("", "eval.file.err.syntax", err.Error())
	}
	in := service.EvaluationInput{Year: f.Year, Code: f.Code, Name: f.Name, Kind: f.Kind, Options: f.Options, Min: f.Min, Max: f.Max, Groups: f.Groups}
	if len(in.Options) == 0 && in.Max == 0 {
		// Neither options nor a scale: the usual four answers.
		in.Options = domain.DefaultEvalOptions()
	}
	unit := func(field, name string) (domain.ID, error) {
		u := m.UnitByName(strings.TrimSpace(name))
		if u == nil {
			return 0, bad(field, "eval.file.err.unit", field, name)
		}
		return u.ID, nil
	}
	for i, name := range f.Units {
		id, err := unit(fmt.Sprintf("units[%d]", i+1), name)
		if err != nil {
			return in, err
		}
		in.UnitIDs = append(in.UnitIDs, id)
	}
	if f.Session != nil {
		in.Session = &domain.EvalSession{Date: f.Session.Date, Place: f.Session.Place, Speakers: []domain.EvalSpeaker{}}
		for i, sp := range f.Session.Speakers {
			id, err := unit(fmt.Sprintf("session.speakers[%d].unit", i+1), sp.Unit)
			if err != nil {
				return in, err
			}
			in.Session.Speakers = append(in.Session.Speakers, domain.EvalSpeaker{UnitID: id, Person: sp.Person, Report: sp.Report})
		}
	}
	return in, nil
}

// yamlReason is the parser's message without its package prefix.
func yamlReason(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
