package api

import "github.com/luoshi/luoshi/internal/domain"

// registerRoutes lists every route of the API. openapi_ops.go describes the
// same routes for the OpenAPI document; TestOpenAPIMatchesRoutes keeps the
// two in step.
func (s *server) registerRoutes() {
	// Discovery and sign-in need no token.
	s.route("GET /api/v1/openapi.json", public, s.openAPI)
	s.route("POST /api/v1/tokens", public, s.issueToken)

	// The caller and their tokens.
	s.route("GET /api/v1/tokens", authenticated, s.listTokens)
	s.route("DELETE /api/v1/tokens/{id}", authenticated, s.revokeToken)
	s.route("GET /api/v1/me", authenticated, s.me)
	s.route("POST /api/v1/me/password", passwordChange, s.changePassword)

	// Accounts: the system admin creates and disables, the security admin
	// grants and unlocks (三员分立 is enforced by the service).
	s.route("GET /api/v1/accounts", authenticated, s.listAccounts)
	s.route("POST /api/v1/accounts", authenticated, s.createAccount)
	s.route("GET /api/v1/accounts/{id}", authenticated, s.getAccount)
	s.route("PUT /api/v1/accounts/{id}/status", authenticated, s.setAccountStatus)
	s.route("POST /api/v1/accounts/{id}/password-reset", authenticated, s.resetPassword)
	s.route("PUT /api/v1/accounts/{id}/grants", authenticated, s.setGrants)
	s.route("POST /api/v1/accounts/{id}/unlock", authenticated, s.unlockAccount)

	// The org: units, sectors (口), fronts (线), people and their posts and
	// leaderships.
	s.route("GET /api/v1/units", authenticated, s.listUnits)
	s.route("POST /api/v1/units", authenticated, s.createUnit)
	s.route("GET /api/v1/units/{id}", authenticated, s.getUnit)
	s.route("PUT /api/v1/units/{id}", authenticated, s.updateUnit)
	s.route("GET /api/v1/sectors", authenticated, s.listGroups(domain.GroupSector))
	s.route("POST /api/v1/sectors", authenticated, s.createGroup(domain.GroupSector))
	s.route("PUT /api/v1/sectors/{id}", authenticated, s.updateGroup(domain.GroupSector))
	s.route("GET /api/v1/fronts", authenticated, s.listGroups(domain.GroupFront))
	s.route("POST /api/v1/fronts", authenticated, s.createGroup(domain.GroupFront))
	s.route("PUT /api/v1/fronts/{id}", authenticated, s.updateGroup(domain.GroupFront))
	s.route("GET /api/v1/people", authenticated, s.listPeople)
	s.route("POST /api/v1/people", authenticated, s.createPerson)
	s.route("GET /api/v1/people/{id}", authenticated, s.getPerson)
	s.route("PUT /api/v1/people/{id}", authenticated, s.updatePerson)
	s.route("GET /api/v1/posts", authenticated, s.listPosts)
	s.route("POST /api/v1/posts", authenticated, s.addPost)
	s.route("POST /api/v1/posts/{id}/end", authenticated, s.endPost)
	s.route("GET /api/v1/leaderships", authenticated, s.listLeaderships)
	s.route("POST /api/v1/leaderships", authenticated, s.addLeadership)
	s.route("POST /api/v1/leaderships/{id}/end", authenticated, s.endLeadership)

	// Plans with their goals and indicators.
	s.route("GET /api/v1/plans", authenticated, s.listPlans)
	s.route("POST /api/v1/plans", authenticated, s.createPlan)
	s.route("GET /api/v1/plans/{id}", authenticated, s.getPlan)
	s.route("PUT /api/v1/plans/{id}", authenticated, s.updatePlan)
	s.route("GET /api/v1/plans/{id}/goals", authenticated, s.listGoals)
	s.route("POST /api/v1/plans/{id}/goals", authenticated, s.createGoal)
	s.route("PUT /api/v1/plans/{id}/goals/{goal_id}", authenticated, s.updateGoal)
	s.route("GET /api/v1/plans/{id}/indicators", authenticated, s.listIndicators)
	s.route("POST /api/v1/plans/{id}/indicators", authenticated, s.createIndicator)
	s.route("PUT /api/v1/plans/{id}/indicators/{indicator_id}", authenticated, s.updateIndicator)
	s.route("POST /api/v1/plans/{id}/indicators/{indicator_id}/values", authenticated, s.recordIndicatorValue)

	// Tasks and their progress reports.
	s.route("GET /api/v1/tasks", authenticated, s.listTasks)
	s.route("POST /api/v1/tasks", authenticated, s.createTask)
	s.route("GET /api/v1/tasks/{id}", authenticated, s.getTask)
	s.route("PUT /api/v1/tasks/{id}", authenticated, s.updateTask)
	s.route("GET /api/v1/tasks/{id}/reports", authenticated, s.listTaskReports)
	s.route("POST /api/v1/tasks/{id}/reports", authenticated, s.saveReport)
	s.route("GET /api/v1/reports/queue", authenticated, s.reviewQueue)
	s.route("GET /api/v1/reports/open", authenticated, s.openReports)
	s.route("GET /api/v1/reports/{id}", authenticated, s.getReport)
	s.route("POST /api/v1/reports/{id}/approve", authenticated, s.approveReport)
	s.route("POST /api/v1/reports/{id}/return", authenticated, s.returnReport)
	s.route("GET /api/v1/files/{id}", authenticated, s.downloadFile)

	// Excel imports (the raw .xlsx is the body) and their templates.
	s.route("POST /api/v1/imports/tasks", authenticated, s.importTasks)
	s.route("POST /api/v1/imports/progress", authenticated, s.importProgress)
	s.route("GET /api/v1/imports/templates/{kind}", authenticated, s.importTemplate)

	// The status engine and reporting compliance, scoped to the caller.
	s.route("GET /api/v1/status", authenticated, s.status)
	s.route("GET /api/v1/compliance", authenticated, s.compliance)

	// The working-day calendar: everyone reads it, the system admin edits
	// days and imports a year's schedule (CSV or .xlsx as the raw body).
	s.route("GET /api/v1/calendar", authenticated, s.getCalendar)
	s.route("PUT /api/v1/calendar/days/{date}", authenticated, s.putCalendarDay)
	s.route("DELETE /api/v1/calendar/days/{date}", authenticated, s.deleteCalendarDay)
	s.route("POST /api/v1/calendar/imports", authenticated, s.importCalendar)

	// The audit log, for the auditor only.
	s.route("GET /api/v1/audit", authenticated, s.auditLog)
	s.route("GET /api/v1/audit/verify", authenticated, s.verifyAudit)

	// Supervision cases (督办件): the workflow, a unit's inbox, the office's
	// board and settings, and escalating a task into a case.
	s.route("GET /api/v1/cases", authenticated, s.listCases)
	s.route("POST /api/v1/cases", authenticated, s.createCase)
	s.route("GET /api/v1/cases/inbox", authenticated, s.caseInbox)
	s.route("GET /api/v1/cases/board", authenticated, s.caseBoard)
	s.route("GET /api/v1/cases/{id}", authenticated, s.getCase)
	s.route("PUT /api/v1/cases/{id}", authenticated, s.updateCase)
	s.route("POST /api/v1/cases/{id}/assign", authenticated, s.assignCase())
	s.route("POST /api/v1/cases/{id}/sign", authenticated, s.signCase())
	s.route("POST /api/v1/cases/{id}/progress", authenticated, s.caseProgress())
	s.route("POST /api/v1/cases/{id}/parts", authenticated, s.casePart())
	s.route("POST /api/v1/cases/{id}/feedback", authenticated, s.caseFeedback())
	s.route("POST /api/v1/cases/{id}/close", authenticated, s.closeCase())
	s.route("POST /api/v1/cases/{id}/return", authenticated, s.returnCase())
	s.route("POST /api/v1/cases/{id}/extensions", authenticated, s.requestExtension())
	s.route("POST /api/v1/cases/{id}/extensions/{extension_id}/decide", authenticated, s.decideExtension())
	s.route("POST /api/v1/cases/{id}/rate", authenticated, s.rateCase())
	s.route("POST /api/v1/cases/{id}/escalations", authenticated, s.escalateCase())
	s.route("POST /api/v1/cases/{id}/files", authenticated, s.attachCaseFiles)
	s.route("GET /api/v1/cases/{id}/files/{file_id}", authenticated, s.downloadCaseFile)
	s.route("POST /api/v1/tasks/{id}/case", authenticated, s.escalateTask)
	s.route("GET /api/v1/case-settings", authenticated, s.getCaseSettings)
	s.route("PUT /api/v1/case-settings", authenticated, s.putCaseSettings)
	// Notifications: the caller's own inbox and choices (nobody reads
	// another's); the system admin's channels, deliveries and background jobs.
	s.route("GET /api/v1/me/notifications", authenticated, s.listNotifications)
	s.route("GET /api/v1/me/notifications/unread-count", authenticated, s.unreadCount)
	s.route("POST /api/v1/me/notifications/{id}/read", authenticated, s.markRead)
	s.route("POST /api/v1/me/notifications/read-all", authenticated, s.markAllRead)
	s.route("GET /api/v1/me/notification-preferences", authenticated, s.getNotifyPrefs)
	s.route("PUT /api/v1/me/notification-preferences", authenticated, s.putNotifyPrefs)
	s.route("GET /api/v1/notification-settings", authenticated, s.getNotifySettings)
	s.route("PUT /api/v1/notification-settings", authenticated, s.putNotifySettings)
	s.route("PUT /api/v1/notification-settings/channels/{channel}", authenticated, s.putChannel)
	s.route("POST /api/v1/notification-settings/channels/{channel}/test", authenticated, s.testChannel)
	s.route("GET /api/v1/notification-deliveries", authenticated, s.listDeliveries)
	s.route("POST /api/v1/notification-deliveries/{id}/retry", authenticated, s.retryDelivery)
	s.route("GET /api/v1/jobs", authenticated, s.listJobs)
	s.route("POST /api/v1/jobs/{id}/retry", authenticated, s.retryJob)
	// Inspections (督查检查), rectification items (整改) and self-inspection
	// requests (举一反三).
	s.route("GET /api/v1/inspections", authenticated, s.listInspections)
	s.route("POST /api/v1/inspections", authenticated, s.createInspection)
	s.route("GET /api/v1/inspections/{id}", authenticated, s.getInspection)
	s.route("PUT /api/v1/inspections/{id}", authenticated, s.updateInspection)
	s.route("POST /api/v1/inspections/{id}/start", authenticated, s.startInspection)
	s.route("POST /api/v1/inspections/{id}/conclude", authenticated, s.concludeInspection)
	s.route("POST /api/v1/inspections/{id}/findings", authenticated, s.addFinding)
	s.route("POST /api/v1/findings/{id}/rectifications", authenticated, s.issueRectification)
	s.route("POST /api/v1/findings/{id}/self-checks", authenticated, s.sendSelfCheck)
	s.route("GET /api/v1/rectifications", authenticated, s.listRectifications)
	s.route("GET /api/v1/rectifications/board", authenticated, s.rectificationBoard)
	s.route("GET /api/v1/rectifications/ledger.xlsx", authenticated, s.rectificationLedger)
	s.route("GET /api/v1/rectifications/{id}", authenticated, s.getRectification)
	s.route("POST /api/v1/rectifications/{id}/measures", authenticated, s.rectMeasures)
	s.route("POST /api/v1/rectifications/{id}/progress", authenticated, s.rectProgress)
	s.route("POST /api/v1/rectifications/{id}/files", authenticated, s.rectUpload)
	s.route("POST /api/v1/rectifications/{id}/apply", authenticated, s.rectApply)
	s.route("POST /api/v1/rectifications/{id}/verify", authenticated, s.rectVerify)
	s.route("POST /api/v1/rectifications/{id}/close", authenticated, s.rectClose)
	s.route("POST /api/v1/rectifications/{id}/recheck-date", authenticated, s.rectScheduleRecheck)
	s.route("POST /api/v1/rectifications/{id}/recheck", authenticated, s.rectRecheck)
	s.route("GET /api/v1/rectification-files/{id}", authenticated, s.downloadRectFile)
	s.route("GET /api/v1/self-checks", authenticated, s.listSelfChecks)
	s.route("GET /api/v1/self-checks/{id}", authenticated, s.getSelfCheck)
	s.route("POST /api/v1/self-checks/{id}/answers", authenticated, s.answerSelfCheck)

	// The ledger of cases (督办台账) in Excel: import a batch, export the
	// listing.
	s.route("POST /api/v1/imports/cases", authenticated, s.importCases)
	s.route("GET /api/v1/cases/export.xlsx", authenticated, s.exportCases)

	// The escalation ladder's records: what the sweep did (offices), a
	// unit's standing, 约谈 proposals and talks, 问责 and 容错免责.
	s.route("GET /api/v1/escalation-runs", authenticated, s.listEscalationRuns)
	s.route("POST /api/v1/escalation-runs", authenticated, s.runEscalationSweep)
	s.route("GET /api/v1/escalation-runs/{id}", authenticated, s.getEscalationRun)
	s.route("GET /api/v1/units/{id}/escalation", authenticated, s.unitEscalation)
	s.route("GET /api/v1/talk-proposals", authenticated, s.listTalkProposals)
	s.route("POST /api/v1/talk-proposals/{case_id}/confirm", authenticated, s.confirmTalkProposal)
	s.route("POST /api/v1/talk-proposals/{case_id}/decline", authenticated, s.declineTalkProposal)
	s.route("GET /api/v1/talks", authenticated, s.listTalks)
	s.route("POST /api/v1/talks", authenticated, s.startTalk)
	s.route("GET /api/v1/talks/{id}", authenticated, s.getTalk)
	s.route("POST /api/v1/talks/{id}/record", authenticated, s.recordTalk)
	s.route("POST /api/v1/talks/{id}/cancel", authenticated, s.cancelTalk)
	s.route("GET /api/v1/accountability", authenticated, s.listAccountability)
	s.route("POST /api/v1/accountability", authenticated, s.recordAccountability)
	s.route("GET /api/v1/accountability/{id}", authenticated, s.getAccountability)
	s.route("GET /api/v1/accountability-measures", authenticated, s.getMeasures)
	s.route("PUT /api/v1/accountability-measures", authenticated, s.putMeasures)
	s.route("GET /api/v1/exemptions", authenticated, s.listExemptions)
	s.route("POST /api/v1/exemptions", authenticated, s.applyExemption)
	s.route("GET /api/v1/exemptions/{id}", authenticated, s.getExemption)
	s.route("POST /api/v1/exemptions/{id}/decide", authenticated, s.decideExemption)
	s.route("GET /api/v1/exemptions/{id}/files/{file_id}", authenticated, s.downloadExemptionFile)

	// 考核方案: schemes by version, their examiners and entries, the inputs
	// gathered for scoring.
	s.route("GET /api/v1/assess/schemes", authenticated, s.listSchemes)
	s.route("POST /api/v1/assess/schemes", authenticated, s.createScheme)
	s.route("POST /api/v1/assess/schemes/import", authenticated, s.importScheme)
	s.route("GET /api/v1/assess/schemes/{id}", authenticated, s.getScheme)
	s.route("PUT /api/v1/assess/schemes/{id}", authenticated, s.updateScheme)
	s.route("POST /api/v1/assess/schemes/{id}/freeze", authenticated, s.freezeScheme)
	s.route("POST /api/v1/assess/schemes/{id}/revise", authenticated, s.reviseScheme)
	s.route("GET /api/v1/assess/schemes/{id}/export", authenticated, s.exportScheme)
	s.route("PUT /api/v1/assess/schemes/{id}/examiners", authenticated, s.setSchemeExaminers)
	s.route("GET /api/v1/assess/schemes/{id}/entries", authenticated, s.listEntries)
	s.route("POST /api/v1/assess/schemes/{id}/entries", authenticated, s.saveEntry)
	s.route("POST /api/v1/assess/schemes/{id}/entries/batch", authenticated, s.saveEntries)
	s.route("GET /api/v1/assess/schemes/{id}/files/{file_id}", authenticated, s.downloadEntryFile)
	s.route("GET /api/v1/assess/schemes/{id}/inputs", authenticated, s.schemeInputs)
	s.route("GET /api/v1/assess/schemes/{id}/results", authenticated, s.schemeResults)
	s.route("GET /api/v1/assess/schemes/{id}/results/{unit_id}", authenticated, s.unitResults)
	s.route("GET /api/v1/assess/schemes/{id}/results.xlsx", authenticated, s.exportResults)
	s.route("GET /api/v1/assess/schemes/{id}/score-template.xlsx", authenticated, s.scoreTemplate)
	s.route("POST /api/v1/assess/schemes/{id}/entries/import", authenticated, s.importScores)

	// 时间过半、任务过半 review.
	s.route("GET /api/v1/review", authenticated, s.getReview)

	// 亮点 declarations, decisions and evaluations.
	s.route("GET /api/v1/highlights", authenticated, s.listHighlights)
	s.route("POST /api/v1/highlights", authenticated, s.createHighlight)
	s.route("GET /api/v1/highlights/{id}", authenticated, s.getHighlight)
	s.route("PUT /api/v1/highlights/{id}", authenticated, s.updateHighlight)
	s.route("DELETE /api/v1/highlights/{id}", authenticated, s.deleteHighlight)
	s.route("POST /api/v1/highlights/{id}/declare", authenticated, s.declareHighlight)
	s.route("POST /api/v1/highlights/{id}/decide", authenticated, s.decideHighlight)
	s.route("POST /api/v1/highlights/{id}/evaluate", authenticated, s.evaluateHighlight)
	s.route("POST /api/v1/highlights/{id}/files", authenticated, s.addHighlightFiles)
	s.route("GET /api/v1/highlight-files/{id}", authenticated, s.downloadHighlightFile)
	s.route("GET /api/v1/highlight-ambitions", authenticated, s.getAmbitions)
	s.route("PUT /api/v1/highlight-ambitions", authenticated, s.putAmbitions)

	// 测评/评议: evaluations, codes and results (offices); the vote with a
	// one-time code needs no token.
	s.route("GET /api/v1/evaluations", authenticated, s.listEvaluations)
	s.route("POST /api/v1/evaluations", authenticated, s.createEvaluation)
	s.route("GET /api/v1/evaluations/{id}", authenticated, s.getEvaluation)
	s.route("PUT /api/v1/evaluations/{id}", authenticated, s.updateEvaluation)
	s.route("POST /api/v1/evaluations/{id}/open", authenticated, s.openEvaluation)
	s.route("POST /api/v1/evaluations/{id}/close", authenticated, s.closeEvaluation)
	s.route("POST /api/v1/evaluations/{id}/codes", authenticated, s.issueCodes)
	s.route("GET /api/v1/evaluations/{id}/results", authenticated, s.evaluationResults)
	s.route("GET /api/v1/vote/{code}", public, s.getBallot)
	s.route("POST /api/v1/vote", public, s.castVote)
	// Published assessment results (考核结果公示): runs, appeals,
	// adjustments and 定榜; the public list needs no token.
	s.route("GET /api/v1/assess/runs", authenticated, s.listAssessRuns)
	s.route("POST /api/v1/assess/runs", authenticated, s.publishAssessment)
	s.route("GET /api/v1/assess/runs/{id}", authenticated, s.getAssessRun)
	s.route("POST /api/v1/assess/runs/{id}/appeals", authenticated, s.fileAssessAppeal)
	s.route("POST /api/v1/assess/appeals/{id}/decide", authenticated, s.decideAssessAppeal)
	s.route("POST /api/v1/assess/runs/{id}/adjustments", authenticated, s.adjustAssessment)
	s.route("POST /api/v1/assess/runs/{id}/finalize", authenticated, s.finalizeAssessment)
	s.route("GET /api/v1/assess/appeal-files/{id}", authenticated, s.downloadAppealFile)
	s.route("GET /api/v1/public/assess", public, s.publicAssessRuns)
	s.route("GET /api/v1/public/assess/{id}", public, s.publicAssessRun)
}
