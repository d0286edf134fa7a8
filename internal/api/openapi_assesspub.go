package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// assessPubOperations describes the published results' routes of routes.go.
func assessPubOperations() []operation {
	return []operation{
		{pattern: "GET /api/v1/assess/runs", id: "listAssessRuns", tag: "assessment", summary: "Published assessment runs (公示 and final), newest first, without their results",
			query: []param{qp("year", "integer", "year")}, status: http.StatusOK, resp: typeOf[service.RunSummary](), list: true},
		{pattern: "POST /api/v1/assess/runs", id: "publishAssessment", tag: "assessment", summary: "Publish a computed result for 公示 (office covering every unit in it)",
			body: typeOf[service.PublishInput](), status: http.StatusCreated, resp: typeOf[service.RunView](),
			description: "The window is notice_days working days (default 5) from start (default today), counted with the official calendar: " +
				"start is the first day when it is a working day. Each unit's liaisons and head are notified. With scheme_id alone (no result, no " +
				"scheme_name) the frozen scheme's results are computed now and published. A scheme has one run: publishing " +
				"again is refused while its run is in 公示 (adjust it instead) and once it is final."},
		{pattern: "GET /api/v1/assess/runs/{id}", id: "getAssessRun", tag: "assessment", summary: "A run with its whole result (every criterion with its formula) and the appeals and adjustments the caller may read",
			status: http.StatusOK, resp: typeOf[service.RunView](),
			description: "The result is public. Offices and leaders read every appeal and adjustment, a unit's liaisons and head their own unit's. " +
				"The other run responses (publish, appeal, finalize) carry the list only: units without their criteria."},
		{pattern: "POST /api/v1/assess/runs/{id}/appeals", id: "fileAssessAppeal", tag: "assessment", summary: "Appeal (申诉) for one of the caller's units while the window is open",
			body: typeOf[service.AppealInput](), multipart: true, form: appealFormSchema(), status: http.StatusCreated, resp: typeOf[service.RunView](),
			description: "criterion is a criterion code, or empty for the whole result; one pending appeal per unit and criterion. JSON, or multipart/form-data with files."},
		{pattern: "POST /api/v1/assess/appeals/{id}/decide", id: "decideAssessAppeal", tag: "assessment", summary: "Decide an appeal (office): upheld or partial with the new score, rejected with the reason",
			body: typeOf[service.AppealDecision](), status: http.StatusNoContent,
			description: "An upheld or partial appeal adjusts the appealed criterion (criterion names it when the appeal was on the whole result); " +
				"the whole result is reranked. The filer is notified."},
		{pattern: "POST /api/v1/assess/runs/{id}/adjustments", id: "adjustAssessment", tag: "assessment", summary: "Adjust a unit's criterion score without an appeal (office, reason required)",
			body: typeOf[service.AdjustInput](), status: http.StatusCreated, resp: typeOf[domain.AssessAdjustment]()},
		{pattern: "POST /api/v1/assess/runs/{id}/finalize", id: "finalizeAssessment", tag: "assessment", summary: "定榜: freeze a run after its window, with no appeal pending (office)",
			status: http.StatusOK, resp: typeOf[service.RunView]()},
		{pattern: "GET /api/v1/assess/appeal-files/{id}", id: "downloadAppealFile", tag: "assessment", summary: "Download an appeal's evidence file", status: http.StatusOK, binary: true},
		{pattern: "GET /api/v1/public/assess", id: "publicAssessRuns", tag: "assessment", summary: "The published runs, for anyone (no token)",
			status: http.StatusOK, resp: typeOf[service.RunSummary](), list: true, public: true},
		{pattern: "GET /api/v1/public/assess/{id}", id: "publicAssessRun", tag: "assessment", summary: "A published run's list with every formula, for anyone (no token); no appeals",
			status: http.StatusOK, resp: typeOf[domain.AssessRun](), public: true},
	}
}
