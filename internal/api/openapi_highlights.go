package api

import (
	"net/http"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// highlightOperations describes the 亮点 routes of routes.go.
func highlightOperations() []operation {
	item := typeOf[service.HighlightItem]()
	return []operation{
		{pattern: "GET /api/v1/highlights", id: "listHighlights", tag: "highlights", summary: "A year's highlights the caller may read, by unit in tree order",
			query: []param{qp("year", "integer", "year (default: this year)")}, status: http.StatusOK, resp: item, list: true,
			description: "Offices read the units they cover, a unit its own, leaders the units of the sectors they lead."},
		{pattern: "POST /api/v1/highlights", id: "createHighlight", tag: "highlights", summary: "Declare a highlight for one of the caller's units (liaison or unit head): a draft, or declared with declare",
			body: typeOf[service.HighlightInput](), status: http.StatusCreated, resp: item,
			description: "At most two a unit and year (a third is 409). ambition is one of /highlight-ambitions; task_ids, optional, are tasks the unit leads or works on."},
		{pattern: "GET /api/v1/highlights/{id}", id: "getHighlight", tag: "highlights", summary: "One highlight", status: http.StatusOK, resp: item},
		{pattern: "PUT /api/v1/highlights/{id}", id: "updateHighlight", tag: "highlights", summary: "Change a draft or returned highlight (and declare it with declare)",
			body: typeOf[service.HighlightInput](), status: http.StatusOK, resp: item},
		{pattern: "DELETE /api/v1/highlights/{id}", id: "deleteHighlight", tag: "highlights", summary: "Withdraw a draft or returned highlight, freeing its place",
			status: http.StatusNoContent},
		{pattern: "POST /api/v1/highlights/{id}/declare", id: "declareHighlight", tag: "highlights", summary: "Submit a draft or returned highlight to the office",
			status: http.StatusOK, resp: item},
		{pattern: "POST /api/v1/highlights/{id}/decide", id: "decideHighlight", tag: "highlights", summary: "Accept or return a declared highlight (office covering the unit); returning needs a note",
			body: typeOf[service.HighlightDecision](), status: http.StatusOK, resp: item},
		{pattern: "POST /api/v1/highlights/{id}/evaluate", id: "evaluateHighlight", tag: "highlights", summary: "Evaluate an accepted highlight at year end (office covering the unit)",
			body: typeOf[domain.HighlightEvaluation](), status: http.StatusOK, resp: item,
			description: "achieved: " + strings.Join(strs(domain.Achievements...), ", ") + "; a score from 0 to 100 or a grade (" + strings.Join(domain.HighlightGrades, ", ") +
				"), or both; a comment. Evaluating again replaces the evaluation (both are in the audit log)."},
		{pattern: "POST /api/v1/highlights/{id}/files", id: "addHighlightFiles", tag: "highlights", summary: "Add supporting files (佐证材料) to a highlight of the caller's unit until it is evaluated",
			multipart: true, form: highlightFilesSchema(), status: http.StatusOK, resp: item,
			description: "multipart/form-data with one or more parts files; at most 10 files a highlight. All are stored or none."},
		{pattern: "GET /api/v1/highlight-files/{id}", id: "downloadHighlightFile", tag: "highlights", summary: "Download a highlight's supporting file", status: http.StatusOK, binary: true},
		{pattern: "GET /api/v1/highlight-ambitions", id: "getHighlightAmbitions", tag: "highlights", summary: "The ambition levels units choose from",
			status: http.StatusOK, resp: typeOf[ambitionsView]()},
		{pattern: "PUT /api/v1/highlight-ambitions", id: "putHighlightAmbitions", tag: "highlights", summary: "Replace the ambition levels (district office)",
			body: typeOf[ambitionsView](), status: http.StatusOK, resp: typeOf[ambitionsView]()},
	}
}

// highlightFilesSchema is the multipart form of supporting files.
func highlightFilesSchema() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": false, "required": []string{"files"}, "properties": map[string]any{
		"files": map[string]any{"type": "array", "items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}},
	}}
}
