// Package web serves luoshi's server-rendered pages: html/template with
// embedded templates and assets, one file per page, charts drawn on the
// server as SVG, and a little hand-written JavaScript.
package web

import (
	"log/slog"
	"net/http"

	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/service"
)

// Options configure the web surface.
type Options struct {
	Logger        *slog.Logger
	SecureCookies bool
	Version       string
}

// pageCacheBytes bounds the memory of rendered pages kept for reuse.
const pageCacheBytes = 48 << 20

type handler struct {
	svc    *service.Service
	opt    Options
	log    *slog.Logger
	engine *engine
	cache  *pageCache
}

// New returns the handler for every page. It panics if the embedded
// templates do not parse, which tests catch before any release.
func New(svc *service.Service, opt Options) http.Handler {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	eng, err := loadEngine()
	if err != nil {
		panic(err)
	}
	h := &handler{svc: svc, opt: opt, log: opt.Logger, engine: eng, cache: newPageCache(pageCacheBytes)}
	mux := http.NewServeMux()
	route := func(pattern string, hd http.Handler) { httpx.Handle(mux, pattern, hd) }

	route("GET /static/{file}", http.HandlerFunc(h.static))
	route("GET /favicon.ico", http.HandlerFunc(h.favicon))
	route("GET /lang/{lang}", http.HandlerFunc(h.switchLang))

	// Login and account.
	route("GET /login", http.HandlerFunc(h.loginPage))
	route("POST /login", http.HandlerFunc(h.login))
	route("POST /logout", h.page(h.logout))
	route("GET /password", h.page(h.passwordPage))
	route("POST /password", h.page(h.changePassword))
	route("GET /me/tokens", h.page(h.tokensPage))
	route("POST /me/tokens", h.page(h.createToken))
	route("POST /me/tokens/{id}/revoke", h.page(h.revokeToken))

	// 作战图 and tasks.
	route("GET /{$}", h.page(h.dashboard))
	route("GET /tasks", h.page(h.taskList))
	route("GET /tasks/new", h.page(h.taskNewPage))
	route("GET /tasks/export.xlsx", h.page(h.taskExport))
	route("POST /tasks", h.page(h.taskCreate))
	route("GET /tasks/{id}", h.page(h.taskPage))
	route("GET /tasks/{id}/edit", h.page(h.taskEditPage))
	route("POST /tasks/{id}", h.page(h.taskUpdate))
	route("GET /gantt", h.page(h.ganttPage))
	route("GET /heatmap", h.page(h.heatmapPage))

	// Progress reports.
	route("GET /tasks/{id}/report", h.page(h.reportFormPage))
	route("POST /tasks/{id}/report", h.pageWithin(reportLimit, h.reportSave))
	route("GET /reports", h.page(h.reportsPage))
	route("GET /reports/{id}", h.page(h.reportPage))
	route("POST /reports/{id}/approve", h.page(h.reportApprove))
	route("POST /reports/{id}/return", h.page(h.reportReturn))
	route("GET /files/{id}", h.page(h.fileDownload))

	// Units and the org tree.
	route("GET /units", h.page(h.unitsPage))
	route("GET /units/new", h.page(h.unitNewPage))
	route("POST /units", h.page(h.unitCreate))
	route("GET /units/{id}", h.page(h.unitPage))
	route("GET /units/{id}/edit", h.page(h.unitEditPage))
	route("POST /units/{id}", h.page(h.unitUpdate))
	route("GET /org", h.page(h.orgPage))
	route("POST /org/groups", h.page(h.groupCreate))
	route("POST /org/groups/{kind}/{id}", h.page(h.groupUpdate))
	route("POST /org/leaderships", h.page(h.leadershipCreate))
	route("POST /org/leaderships/{id}/end", h.page(h.leadershipEnd))
	route("GET /people", h.page(h.peoplePage))
	route("POST /people", h.page(h.personCreate))
	route("GET /people/{id}", h.page(h.personPage))
	route("POST /people/{id}", h.page(h.personUpdate))
	route("POST /people/{id}/posts", h.page(h.postCreate))
	route("POST /posts/{id}/end", h.page(h.postEnd))

	// Plans.
	route("GET /plans", h.page(h.plansPage))
	route("GET /plans/new", h.page(h.planNewPage))
	route("POST /plans", h.page(h.planCreate))
	route("GET /plans/{id}", h.page(h.planPage))
	route("POST /plans/{id}", h.page(h.planUpdate))
	route("POST /plans/{id}/goals", h.page(h.goalSave))
	route("POST /plans/{id}/indicators", h.page(h.indicatorSave))
	route("POST /plans/{id}/indicators/{ind}/values", h.page(h.indicatorValue))

	// Excel import.
	route("GET /import", h.page(h.importPage))
	route("POST /import", h.pageWithin(importLimit, h.importUpload))
	route("GET /import/template/{kind}", h.page(h.importTemplate))

	// The working-day calendar: everyone reads, the system admin edits.
	route("GET /calendar", h.page(h.calendarPage))
	route("POST /calendar/days", h.page(h.calendarSave))
	route("POST /calendar/days/{date}/delete", h.page(h.calendarDelete))
	route("POST /calendar/import", h.pageWithin(calendarImportLimit, h.calendarImport))

	// The three admins.
	route("GET /admin/accounts", h.page(h.accountsPage))
	route("POST /admin/accounts", h.page(h.accountCreate))
	route("POST /admin/accounts/{id}/status", h.page(h.accountStatus))
	route("POST /admin/accounts/{id}/reset", h.page(h.accountReset))
	route("POST /admin/accounts/{id}/grants", h.page(h.accountGrants))
	route("POST /admin/accounts/{id}/unlock", h.page(h.accountUnlock))
	route("GET /audit", h.page(h.auditPage))
	route("POST /audit/verify", h.page(h.auditVerify))

	// Notifications: each person's inbox and choices; the system admin's
	// channels and background jobs.
	route("GET /inbox", h.page(h.inboxPage))
	route("POST /inbox/read-all", h.page(h.inboxReadAll))
	route("POST /inbox/{id}/read", h.page(h.inboxRead))
	route("POST /inbox/{id}/open", h.page(h.inboxOpen))
	route("GET /me/notify", h.page(h.notifyPrefsPage))
	route("POST /me/notify", h.page(h.notifyPrefsSave))
	route("GET /admin/notifications", h.page(h.notifyAdminPage))
	route("POST /admin/notifications", h.page(h.notifySettingsSave))
	route("POST /admin/notifications/{channel}", h.page(h.channelSave))
	route("POST /admin/notifications/{channel}/test", h.page(h.channelTest))
	route("POST /admin/deliveries/{id}/retry", h.page(h.deliveryRetry))
	route("GET /admin/jobs", h.page(h.jobsPage))
	route("POST /admin/jobs/{id}/retry", h.page(h.jobRetry))
	// Inspections (督查检查), rectification (整改) and 举一反三.
	route("GET /inspections", h.page(h.inspectionsPage))
	route("GET /inspections/new", h.page(h.inspectionNewPage))
	route("POST /inspections", h.page(h.inspectionCreate))
	route("GET /inspections/{id}", h.page(h.inspectionPage))
	route("GET /inspections/{id}/edit", h.page(h.inspectionEditPage))
	route("POST /inspections/{id}", h.page(h.inspectionUpdate))
	route("POST /inspections/{id}/start", h.page(h.inspectionStart))
	route("POST /inspections/{id}/conclude", h.page(h.inspectionConclude))
	route("POST /inspections/{id}/findings", h.page(h.findingCreate))
	route("POST /findings/{id}/rectifications", h.page(h.findingIssue))
	route("POST /findings/{id}/self-checks", h.page(h.findingSelfCheck))
	route("GET /rectifications", h.page(h.rectBoardPage))
	route("GET /rectifications/mine", h.page(h.rectMinePage))
	route("GET /rectifications/ledger.xlsx", h.page(h.rectLedger))
	route("GET /rectifications/files/{id}", h.page(h.rectFileDownload))
	route("GET /rectifications/{id}", h.page(h.rectificationPage))
	route("POST /rectifications/{id}/measures", h.page(h.rectMeasuresSave))
	route("POST /rectifications/{id}/progress", h.page(h.rectProgressSave))
	route("POST /rectifications/{id}/apply", h.page(h.rectApplySave))
	route("POST /rectifications/{id}/verify", h.page(h.rectVerifySave))
	route("POST /rectifications/{id}/close", h.page(h.rectCloseSave))
	route("POST /rectifications/{id}/recheck-date", h.page(h.rectRecheckDateSave))
	route("POST /rectifications/{id}/recheck", h.page(h.rectRecheckSave))
	route("GET /self-checks/{id}", h.page(h.selfCheckPage))
	route("POST /self-checks/{id}/answer", h.page(h.selfCheckAnswer))
	// Supervision cases (督办件): a unit's inbox, the office's listing,
	// board, ledger import and export and rules, each case with its
	// timeline and steps, and escalating a lagging task.
	route("GET /cases/inbox", h.page(h.caseInboxPage))
	route("GET /cases", h.page(h.caseList))
	route("GET /cases/new", h.page(h.caseNewPage))
	route("POST /cases", h.page(h.caseCreate))
	route("GET /cases/board", h.page(h.caseBoardPage))
	route("GET /cases/settings", h.page(h.caseSettingsPage))
	route("POST /cases/settings", h.page(h.caseSettingsSave))
	route("GET /cases/import", h.page(h.caseImportPage))
	route("POST /cases/import", h.pageWithin(importLimit, h.caseImportUpload))
	route("GET /cases/import/template.xlsx", h.page(h.caseImportTemplate))
	route("GET /cases/export.xlsx", h.page(h.caseExport))
	route("GET /cases/{id}", h.page(h.casePage))
	route("GET /cases/{id}/edit", h.page(h.caseEditPage))
	route("POST /cases/{id}", h.page(h.caseUpdate))
	route("POST /cases/{id}/{action}", h.page(h.caseStepPost))
	route("GET /cases/{id}/files/{file}", h.page(h.caseFileDownload))
	route("POST /tasks/{id}/case", h.page(h.taskEscalate))

	// The escalation ladder's records: 约谈 (proposals, talks), 问责, 容错免责
	// and the sweep's runs.
	route("GET /talks", h.page(h.talksPage))
	route("GET /talks/new", h.page(h.talkNewPage))
	route("POST /talks", h.page(h.talkCreate))
	route("POST /talks/proposals/{case}/decline", h.page(h.proposalDecline))
	route("GET /talks/{id}", h.page(h.talkPage))
	route("POST /talks/{id}/record", h.page(h.talkRecord))
	route("POST /talks/{id}/cancel", h.page(h.talkCancel))
	route("GET /accountability", h.page(h.accountabilityPage))
	route("GET /accountability/new", h.page(h.accountabilityNewPage))
	route("POST /accountability", h.page(h.accountabilityCreate))
	route("POST /accountability/measures", h.page(h.measuresSave))
	route("GET /accountability/{id}", h.page(h.accountabilityRecordPage))
	route("GET /exemptions", h.page(h.exemptionsPage))
	route("GET /exemptions/apply", h.page(h.exemptionApplyPage))
	route("POST /exemptions", h.pageWithin(reportLimit, h.exemptionApply))
	route("GET /exemptions/{id}", h.page(h.exemptionPage))
	route("POST /exemptions/{id}/decide", h.page(h.exemptionDecide))
	route("GET /exemptions/{id}/files/{file}", h.page(h.exemptionFileDownload))
	route("GET /escalations", h.page(h.escalationsPage))
	route("POST /escalations/run", h.page(h.escalationRun))
	route("GET /escalations/{id}", h.page(h.escalationRunPage))

	// 考核方案: schemes by year, one scheme's tree and versions, the office's
	// steps, the examiners' score grid.
	route("GET /assess", h.page(h.assessPage))
	route("POST /assess", h.pageWithin(importLimit, h.assessCreate))
	route("GET /assess/schemes/{id}", h.page(h.assessSchemePage))
	route("GET /assess/schemes/{id}/export", h.page(h.assessExport))
	route("GET /assess/schemes/{id}/score", h.page(h.assessScorePage))
	route("POST /assess/schemes/{id}/score", h.pageWithin(reportLimit, h.assessScoreSave))
	route("GET /assess/schemes/{id}/score/template.xlsx", h.page(h.assessScoreTemplate))
	route("POST /assess/schemes/{id}/score/import", h.pageWithin(importLimit, h.assessScoreImport))
	route("GET /assess/schemes/{id}/results", h.page(h.assessResultsPage))
	route("GET /assess/schemes/{id}/results.xlsx", h.page(h.assessResultsExport))
	route("GET /assess/schemes/{id}/results/{unit}", h.page(h.assessUnitPage))
	route("GET /assess/schemes/{id}/files/{file}", h.page(h.assessFileDownload))
	route("POST /assess/schemes/{id}/{action}", h.page(h.assessStep))

	// 时间过半、任务过半: the review of every group on a date, and its Excel file.
	route("GET /review", h.page(h.reviewPage))
	route("GET /review/export.xlsx", h.page(h.reviewExport))

	// 亮点 declarations, the office's decisions and year-end evaluations.
	route("GET /highlights", h.page(h.highlightsPage))
	route("GET /highlights/export.xlsx", h.page(h.highlightExport))
	route("POST /highlights", h.page(h.highlightCreate))
	route("POST /highlights/{id}", h.page(h.highlightUpdate))
	route("POST /highlights/{id}/delete", h.page(h.highlightDelete))
	route("POST /highlights/{id}/decide", h.page(h.highlightDecide))
	route("POST /highlights/{id}/evaluate", h.page(h.highlightEvaluate))
	route("POST /highlights/{id}/files", h.pageWithin(reportLimit, h.highlightFiles))
	route("GET /highlight-files/{id}", h.page(h.highlightFileDownload))

	// 测评/评议: voting with a one-time code (no login), and the office's
	// evaluations, codes, turnout and results.
	route("GET /vote", h.public(h.voteEnter))
	route("GET /vote/thanks", h.public(h.voteThanks))
	route("GET /v/{code}", h.public(h.votePage))
	route("POST /v/{code}", h.public(h.voteCast))
	route("GET /evaluations", h.page(h.evaluationsPage))
	route("GET /evaluations/new", h.page(h.evaluationNewPage))
	route("POST /evaluations", h.page(h.evaluationCreate))
	route("GET /evaluations/{id}", h.page(h.evaluationPage))
	route("POST /evaluations/{id}", h.page(h.evaluationUpdate))
	route("POST /evaluations/{id}/open", h.page(h.evaluationOpen))
	route("POST /evaluations/{id}/close", h.page(h.evaluationClose))
	route("GET /evaluations/{id}/turnout", h.page(h.evaluationTurnout))
	route("GET /evaluations/{id}/codes", h.page(h.evaluationCodesPage))
	route("POST /evaluations/{id}/codes", h.page(h.evaluationCodesIssue))
	// Published assessment results (考核结果公示): the runs, a unit's
	// breakdown and appeal, the office's decisions; the public pages need
	// no login.
	route("GET /assess/runs", h.page(h.assessRunsPage))
	route("POST /assess/runs", h.page(h.assessPublish))
	route("GET /assess/runs/{id}", h.page(h.assessRunPage))
	route("GET /assess/runs/{id}/export.xlsx", h.page(h.assessRunExport))
	route("POST /assess/runs/{id}/adjust", h.page(h.assessAdjust))
	route("POST /assess/runs/{id}/finalize", h.page(h.assessFinalize))
	route("GET /assess/runs/{id}/units/{unit}", h.page(h.assessRunUnitPage))
	route("POST /assess/runs/{id}/units/{unit}/appeals", h.pageWithin(reportLimit, h.assessAppealFile))
	route("POST /assess/appeals/{id}/decide", h.page(h.assessAppealDecide))
	route("GET /assess/appeal-files/{id}", h.page(h.assessAppealFileDownload))
	route("GET /public/assess", h.publicRead(h.publicAssessList))
	route("GET /public/assess/{id}", h.publicRead(h.publicAssessRun))
	route("GET /public/assess/{id}/units/{unit}", h.publicRead(h.publicAssessUnit))

	return securityHeaders(http.NewCrossOriginProtection().Handler(h.session(mux)))
}
