package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// evaluateOperations describes the evaluation routes of routes.go.
func evaluateOperations() []operation {
	return []operation{
		{pattern: "GET /api/v1/evaluations", id: "listEvaluations", tag: "evaluations", summary: "Evaluations (测评/评议) the caller may see: the office's, and closed ones rating the caller's units",
			query: []param{qp("year", "integer", "year")}, status: http.StatusOK, resp: typeOf[service.EvaluationItem](), list: true},
		{pattern: "POST /api/v1/evaluations", id: "createEvaluation", tag: "evaluations", summary: "Set up a draft evaluation (office covering every unit rated)",
			body: typeOf[service.EvaluationInput](), status: http.StatusCreated, resp: typeOf[service.EvaluationItem](),
			description: "options (label, points) make an option ballot; with none, min and max make a numeric one. Groups carry weight and quorum; " +
				"per_unit groups get codes that carry the rater's unit, which cannot rate itself. A debriefing (kind debriefing) needs a session with its date."},
		{pattern: "GET /api/v1/evaluations/{id}", id: "getEvaluation", tag: "evaluations", summary: "An evaluation, with the live turnout per group for its office",
			status: http.StatusOK, resp: typeOf[service.EvaluationItem]()},
		{pattern: "PUT /api/v1/evaluations/{id}", id: "updateEvaluation", tag: "evaluations", summary: "Edit a draft evaluation",
			body: typeOf[service.EvaluationInput](), status: http.StatusOK, resp: typeOf[service.EvaluationItem]()},
		{pattern: "POST /api/v1/evaluations/{id}/open", id: "openEvaluation", tag: "evaluations", summary: "Open a draft for voting",
			status: http.StatusOK, resp: typeOf[service.EvaluationItem]()},
		{pattern: "POST /api/v1/evaluations/{id}/close", id: "closeEvaluation", tag: "evaluations", summary: "Close the voting; results become visible",
			status: http.StatusOK, resp: typeOf[service.EvaluationItem](),
			description: "Closing rewrites the ballots in a random order so that nothing stored shows the order of voting."},
		{pattern: "POST /api/v1/evaluations/{id}/codes", id: "issueCodes", tag: "evaluations", summary: "Issue a batch of one-time voting codes for a group; the codes are returned this once",
			body: typeOf[service.CodeRequest](), status: http.StatusCreated, resp: typeOf[service.CodeBatch](),
			description: "Only a keyed hash of each code is stored. Voters open /v/{code} or send POST /api/v1/vote."},
		{pattern: "GET /api/v1/evaluations/{id}/results", id: "evaluationResults", tag: "evaluations", summary: "Results of a closed evaluation with the formula per unit (refused before closing)",
			status: http.StatusOK, resp: typeOf[service.EvaluationResults]()},
		{pattern: "GET /api/v1/vote/{code}", id: "getBallot", tag: "vote", summary: "The ballot a voting code votes with (no token)", public: true,
			status: http.StatusOK, resp: typeOf[service.BallotView]()},
		{pattern: "POST /api/v1/vote", id: "castVote", tag: "vote", summary: "Cast a ballot with a one-time code (no token)", public: true,
			body: typeOf[voteInput](), status: http.StatusCreated, resp: typeOf[voteDone](),
			description: "answers maps every unit rated (by ID, as a string key) to {\"o\": option number from 1} or {\"v\": number} or {\"a\": true} to abstain; " +
				"the rater's own unit is left out. A code votes once."},
	}
}
