package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// assessOperations describes the scheme and entry routes of routes.go.
func assessOperations() []operation {
	return []operation{
		{pattern: "GET /api/v1/assess/schemes", id: "listSchemes", tag: "assessment", summary: "Assessment schemes (考核方案) the caller may read, by year",
			query: []param{qp("year", "integer", "year")}, status: http.StatusOK, resp: typeOf[service.SchemeItem](), list: true,
			description: "Office and leaders read every version; examiners and units read the versions no longer drafts."},
		{pattern: "POST /api/v1/assess/schemes", id: "createScheme", tag: "assessment", summary: "Create a scheme as version 1, a draft (office)",
			body: typeOf[domain.Scheme](), status: http.StatusCreated, resp: typeOf[service.SchemeItem](),
			description: "year, kind, name and the body (check_date, categories, rules) are read; the rest is bookkeeping."},
		{pattern: "POST /api/v1/assess/schemes/import", id: "importScheme", tag: "assessment", summary: "Create a draft scheme from its file sent as the body (office)",
			rawBody: "application/octet-stream", status: http.StatusCreated, resp: typeOf[service.SchemeItem](),
			description: "The file holds year, kind, name, check_date, categories and rules; a malformed file is refused with what is wrong (422)."},
		{pattern: "GET /api/v1/assess/schemes/{id}", id: "getScheme", tag: "assessment", summary: "A scheme version with its other versions (and their reasons) and examiners",
			status: http.StatusOK, resp: typeOf[service.SchemeDetail]()},
		{pattern: "PUT /api/v1/assess/schemes/{id}", id: "updateScheme", tag: "assessment", summary: "Replace a draft's year, kind, name and body (office)",
			body: typeOf[domain.Scheme](), status: http.StatusOK, resp: typeOf[service.SchemeItem](),
			description: "A frozen scheme is refused (409): revise it instead."},
		{pattern: "POST /api/v1/assess/schemes/{id}/freeze", id: "freezeScheme", tag: "assessment", summary: "Start scoring: the draft is frozen (office)",
			status: http.StatusOK, resp: typeOf[service.SchemeItem]()},
		{pattern: "POST /api/v1/assess/schemes/{id}/revise", id: "reviseScheme", tag: "assessment", summary: "Revise a scheme being scored into a new version, with the reason (office)",
			body: typeOf[service.SchemeRevision](), status: http.StatusCreated, resp: typeOf[service.RevisedScheme](),
			description: "The old version is superseded. Examiners carry over; so does every entry whose criterion code still exists, still takes entries " +
				"and whose score lies in the new range (carried); the others stay with the old version (dropped)."},
		{pattern: "GET /api/v1/assess/schemes/{id}/export", id: "exportScheme", tag: "assessment", summary: "The scheme's published file (YAML)",
			status: http.StatusOK, binary: true},
		{pattern: "PUT /api/v1/assess/schemes/{id}/examiners", id: "setSchemeExaminers", tag: "assessment", summary: "Replace the scheme's examiners (office)",
			body: typeOf[examinersInput](), status: http.StatusOK, resp: typeOf[domain.SchemeExaminer](), list: true,
			description: "Each login must be an active account with the examiner role; criteria lists the codes it scores (empty: every criterion scored by hand)."},
		{pattern: "GET /api/v1/assess/schemes/{id}/entries", id: "listEntries", tag: "assessment", summary: "Entries the caller may read: all (office, leaders, examiners) or those about the caller's units",
			status: http.StatusOK, resp: typeOf[domain.AssessEntry](), list: true},
		{pattern: "POST /api/v1/assess/schemes/{id}/entries", id: "saveEntry", tag: "assessment", summary: "Enter or replace the caller's score of a criterion for a unit",
			body: typeOf[service.EntryInput](), multipart: true, form: entryFormSchema(), status: http.StatusOK, resp: typeOf[domain.AssessEntry](),
			description: "Only while the scheme is being scored; 0…max with a reason; never for the caller's own unit or its sub-units. Examiners score " +
				"the criteria assigned to them; the office enters bonus, penalty and veto items. A multipart form may carry one evidence file (part files)."},
		{pattern: "POST /api/v1/assess/schemes/{id}/entries/batch", id: "saveEntries", tag: "assessment", summary: "Enter several scores at once, all or none",
			body: typeOf[entriesInput](), status: http.StatusOK, resp: typeOf[domain.AssessEntry](), list: true,
			description: "When any entry is bad nothing is stored; details lists every bad entry with its reason."},
		{pattern: "GET /api/v1/assess/schemes/{id}/files/{file_id}", id: "downloadEntryFile", tag: "assessment", summary: "An entry's evidence file",
			status: http.StatusOK, binary: true},
		{pattern: "GET /api/v1/assess/schemes/{id}/inputs", id: "schemeInputs", tag: "assessment", summary: "What the scheme scores from, gathered at its check date (office, leaders, examiners)",
			status: http.StatusOK, resp: typeOf[domain.AssessInputs](),
			description: "Units of the scheme's categories; per unit its tasks of the scheme's year (progress, expected, overdue, lagging, missing and late reports, " +
				"exemption), indicators (latest value on or before the check date), supervision (cases closed and closed on time, red cases less exempted ones, " +
				"rectification items past due and not verified); entries; evaluation results."},
		{pattern: "GET /api/v1/assess/schemes/{id}/results", id: "schemeResults", tag: "assessment", summary: "Compute the scheme's results now (试算; nothing is stored)",
			status: http.StatusOK, resp: typeOf[domain.AssessResult](),
			description: "Office, leaders and examiners get every unit; a unit's people get the rows of their units only (ranked among all). " +
				"Every criterion score carries its formula: key (catalog assess.formula.<key>), expr and inputs (assess.input.<label>)."},
		{pattern: "GET /api/v1/assess/schemes/{id}/results/{unit_id}", id: "unitResults", tag: "assessment", summary: "One unit's results with every criterion's formula",
			status: http.StatusOK, resp: typeOf[domain.UnitResult]()},
		{pattern: "GET /api/v1/assess/schemes/{id}/results.xlsx", id: "exportResults", tag: "assessment", summary: "The results tables: one sheet per category and the breakdown with every calculation",
			status: http.StatusOK, binary: true},
		{pattern: "GET /api/v1/assess/schemes/{id}/score-template.xlsx", id: "scoreTemplate", tag: "assessment", summary: "The caller's score sheet to fill in: the units and criteria the caller scores",
			status: http.StatusOK, binary: true},
		{pattern: "POST /api/v1/assess/schemes/{id}/entries/import", id: "importScores", tag: "assessment", summary: "Import a filled score sheet as the caller's entries, every row or none",
			rawBody: xlsxType, status: http.StatusOK, resp: typeOf[domain.AssessEntry](), list: true,
			description: "Any bad row (unknown unit or criterion, score out of range, no reason, the caller's own unit) rejects the file; details lists every problem with its row."},
	}
}

// entryFormSchema is the multipart form of an entry.
func entryFormSchema() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
		"code":    map[string]any{"type": "string"},
		"unit_id": map[string]any{"type": "integer", "format": "int64"},
		"score":   map[string]any{"type": "number"},
		"reason":  map[string]any{"type": "string"},
		"files":   map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}}
}
