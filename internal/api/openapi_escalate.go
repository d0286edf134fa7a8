package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// escalationOperations describes the escalation routes of routes.go.
func escalationOperations() []operation {
	year := qp("year", "integer", "year")
	return []operation{
		{pattern: "GET /api/v1/escalation-runs", id: "listEscalationRuns", tag: "escalation", summary: "The latest escalation sweeps and what each did (offices)",
			query: []param{qp("busy", "boolean", "only sweeps that recorded something")}, status: http.StatusOK, resp: typeOf[runsPage](),
			description: "The sweep runs every 15 minutes (job case.escalate): it records every rung of the ladder due (remind, urge, notice, talk_proposal) " +
				"and the signing reminders, counted in working days with the official calendar. Sweeps that recorded nothing are kept for 7 days."},
		{pattern: "POST /api/v1/escalation-runs", id: "runEscalationSweep", tag: "escalation", summary: "Run the escalation sweep now (district office)",
			status: http.StatusCreated, resp: typeOf[store.EscalationRun](),
			description: "Idempotent: a rung already recorded is never recorded or notified again."},
		{pattern: "GET /api/v1/escalation-runs/{id}", id: "getEscalationRun", tag: "escalation", summary: "A sweep with the steps it recorded on the cases the caller's office covers",
			status: http.StatusOK, resp: typeOf[service.EscalationRunDetail]()},
		{pattern: "GET /api/v1/units/{id}/escalation", id: "unitEscalation", tag: "escalation", summary: "A unit's standing on the ladder: open cases by rung, latest rungs, talks, accountability, exemptions",
			status: http.StatusOK, resp: typeOf[service.UnitEscalation]()},
		{pattern: "GET /api/v1/talk-proposals", id: "listTalkProposals", tag: "talks", summary: "约谈 proposals waiting for the office's decision (office)",
			status: http.StatusOK, resp: typeOf[service.TalkProposal](), list: true},
		{pattern: "POST /api/v1/talk-proposals/{case_id}/confirm", id: "confirmTalkProposal", tag: "talks", summary: "Confirm a case's 约谈 proposal: a talk with its lead unit (office covering it)",
			body: typeOf[service.TalkInput](), optionalBody: true, status: http.StatusCreated, resp: typeOf[service.TalkItem](),
			description: "unit_id is the case's lead unit; reasons default to the proposal's. held records the talk as held at once."},
		{pattern: "POST /api/v1/talk-proposals/{case_id}/decline", id: "declineTalkProposal", tag: "talks", summary: "Decline a case's 约谈 proposal, with the reasons (note)",
			body: typeOf[noteInput](), status: http.StatusCreated, resp: typeOf[service.TalkItem]()},
		{pattern: "GET /api/v1/talks", id: "listTalks", tag: "talks", summary: "Talks the caller may read (offices covering the unit, the unit, leaders over it), newest first",
			query: []param{qp("unit", "integer", "unit ID"), qp("case", "integer", "case ID"), {name: "state", typ: "string", desc: "talk state",
				enum: strs(domain.TalkStates...)}, year}, status: http.StatusOK, resp: typeOf[service.TalkItem](), list: true},
		{pattern: "POST /api/v1/talks", id: "startTalk", tag: "talks", summary: "Start a talk directly (office covering the unit): planned, or held at once",
			body: typeOf[service.TalkInput](), status: http.StatusCreated, resp: typeOf[service.TalkItem]()},
		{pattern: "GET /api/v1/talks/{id}", id: "getTalk", tag: "talks", summary: "A talk with its cases, tasks and the accountability that followed",
			status: http.StatusOK, resp: typeOf[service.TalkItem]()},
		{pattern: "POST /api/v1/talks/{id}/record", id: "recordTalk", tag: "talks", summary: "Record a planned talk as held: day, talker, person talked to, commitments",
			body: typeOf[domain.TalkRecord](), status: http.StatusOK, resp: typeOf[service.TalkItem]()},
		{pattern: "POST /api/v1/talks/{id}/cancel", id: "cancelTalk", tag: "talks", summary: "Call off a planned talk, with the reason (note)",
			body: typeOf[noteInput](), status: http.StatusOK, resp: typeOf[service.TalkItem]()},
		{pattern: "GET /api/v1/accountability", id: "listAccountability", tag: "accountability", summary: "问责 records the caller may read, latest first",
			query:  []param{qp("unit", "integer", "unit ID"), qp("case", "integer", "case ID"), qp("talk", "integer", "talk ID"), year},
			status: http.StatusOK, resp: typeOf[service.AccountabilityItem](), list: true},
		{pattern: "POST /api/v1/accountability", id: "recordAccountability", tag: "accountability", summary: "Record a 问责 decision (office covering the unit)",
			body: typeOf[service.AccountabilityInput](), status: http.StatusCreated, resp: typeOf[service.AccountabilityItem](),
			description: "measure is one of /accountability-measures, or \"other\" with measure_other typed in. A linked case must be one of the unit's, a linked talk with the unit."},
		{pattern: "GET /api/v1/accountability/{id}", id: "getAccountability", tag: "accountability", summary: "One 问责 record", status: http.StatusOK, resp: typeOf[service.AccountabilityItem]()},
		{pattern: "GET /api/v1/accountability-measures", id: "getMeasures", tag: "accountability", summary: "The measures offices choose from",
			status: http.StatusOK, resp: typeOf[measuresView]()},
		{pattern: "PUT /api/v1/accountability-measures", id: "putMeasures", tag: "accountability", summary: "Replace the list of measures (district office)",
			body: typeOf[measuresView](), status: http.StatusOK, resp: typeOf[measuresView]()},
		{pattern: "GET /api/v1/exemptions", id: "listExemptions", tag: "exemptions", summary: "容错免责 applications the caller may read, newest first",
			query: []param{qp("unit", "integer", "unit ID"), {name: "state", typ: "string", desc: "application state", enum: strs(domain.ExemptionStates...)},
				{name: "kind", typ: "string", desc: "kind of failure", enum: strs(domain.FailureKinds...)}, year},
			status: http.StatusOK, resp: typeOf[service.ExemptionItem](), list: true},
		{pattern: "POST /api/v1/exemptions", id: "applyExemption", tag: "exemptions", summary: "Apply for exemption from a failure of one of the caller's units (liaison or unit head)",
			body: typeOf[service.ExemptionInput](), multipart: true, form: exemptionFormSchema(), status: http.StatusCreated, resp: typeOf[service.ExemptionItem](),
			description: "kind and target_id name the failure: case (a case overdue or closed late), escalation (a rung: a case timeline event), talk, " +
				"accountability, or task (lagging or overdue). JSON, or multipart/form-data with the same fields and files."},
		{pattern: "GET /api/v1/exemptions/{id}", id: "getExemption", tag: "exemptions", summary: "An application with its files", status: http.StatusOK, resp: typeOf[service.ExemptionItem]()},
		{pattern: "POST /api/v1/exemptions/{id}/decide", id: "decideExemption", tag: "exemptions", summary: "Approve or refuse an application, with reasons (office covering the unit)",
			body: typeOf[service.ExemptionDecision](), status: http.StatusOK, resp: typeOf[service.ExemptionItem]()},
		{pattern: "GET /api/v1/exemptions/{id}/files/{file_id}", id: "downloadExemptionFile", tag: "exemptions", summary: "Download a file of an application",
			status: http.StatusOK, binary: true},
	}
}
