package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// taskFilterParams are the filters of /tasks, /status and /compliance.
func taskFilterParams() []param {
	return []param{
		qp("plan", "string", "plan ID or exact plan name"),
		{name: "status", typ: "string", desc: "evaluated status on as_of", enum: strs(domain.Statuses...)},
		qp("behind", "boolean", "only overdue, severe or lagging tasks"),
		qp("sector", "integer", "sector (口) ID"),
		qp("front", "integer", "front (线) ID"),
		qp("unit", "integer", "unit ID: tasks it leads or co-operates on"),
		qp("lead_only", "boolean", "with unit: only tasks the unit leads"),
		qp("leader", "integer", "person ID of a leader in charge"),
		qp("parent", "integer", "parent task ID"),
		{name: "category", typ: "string", desc: "task category", enum: strs(domain.Categories...)},
		qp("q", "string", "search text: simplified or traditional Chinese, every term must occur"),
		qp("year", "integer", "plan year"),
		qp("include_archived", "boolean", "include tasks of archived plans"),
		qp("as_of", "date", "evaluate on this date (default today)"),
	}
}

// operations describes every route of routes.go, in the same order.
func operations() []operation {
	asOfParam := qp("as_of", "date", "evaluate on this date (default today)")
	limitParam := qp("limit", "integer", "page size, 1–1000 (default 100)")
	offsetParam := qp("offset", "integer", "entries to skip")
	tasksQuery := append(taskFilterParams(), limitParam, offsetParam,
		param{name: "sort", typ: "string", desc: "number (default) or urgency", enum: []string{"number", "urgency"}})
	return append([]operation{
		{pattern: "GET /api/v1/openapi.json", id: "openapi", tag: "meta", summary: "This document", status: http.StatusOK, resp: typeOf[map[string]any](), public: true},
		{pattern: "POST /api/v1/tokens", id: "issueToken", tag: "auth", summary: "Issue an API token by password",
			body: typeOf[tokenInput](), status: http.StatusCreated, resp: typeOf[service.APITokenCreated](), public: true,
			description: "Five failed passwords in a row lock the account for 15 minutes (423). The token is shown once."},
		{pattern: "GET /api/v1/tokens", id: "listTokens", tag: "auth", summary: "The caller's tokens", status: http.StatusOK, resp: typeOf[store.APIToken](), list: true},
		{pattern: "DELETE /api/v1/tokens/{id}", id: "revokeToken", tag: "auth", summary: "Revoke one of the caller's tokens", status: http.StatusNoContent},
		{pattern: "GET /api/v1/me", id: "me", tag: "auth", summary: "The caller: account, grants, scope and permissions", status: http.StatusOK, resp: typeOf[meView]()},
		{pattern: "POST /api/v1/me/password", id: "changePassword", tag: "auth", summary: "Change the caller's password",
			body: typeOf[passwordInput](), status: http.StatusNoContent,
			description: "The only call allowed while the account must change its password."},

		{pattern: "GET /api/v1/accounts", id: "listAccounts", tag: "accounts", summary: "All accounts (system and security admins)", status: http.StatusOK, resp: typeOf[domain.Account](), list: true},
		{pattern: "POST /api/v1/accounts", id: "createAccount", tag: "accounts", summary: "Create an account without roles (system admin)",
			body: typeOf[service.AccountInput](), status: http.StatusCreated, resp: typeOf[accountCreatedView]()},
		{pattern: "GET /api/v1/accounts/{id}", id: "getAccount", tag: "accounts", summary: "One account (admins, or the caller's own)", status: http.StatusOK, resp: typeOf[domain.Account]()},
		{pattern: "PUT /api/v1/accounts/{id}/status", id: "setAccountStatus", tag: "accounts", summary: "Enable or disable an account (system admin)",
			body: typeOf[accountStatusInput](), status: http.StatusOK, resp: typeOf[domain.Account]()},
		{pattern: "POST /api/v1/accounts/{id}/password-reset", id: "resetPassword", tag: "accounts", summary: "Give an account a one-time password (system admin)",
			status: http.StatusOK, resp: typeOf[passwordResetView]()},
		{pattern: "PUT /api/v1/accounts/{id}/grants", id: "setGrants", tag: "accounts", summary: "Replace an account's roles (security admin)",
			body: typeOf[grantsInput](), status: http.StatusOK, resp: typeOf[domain.Account]()},
		{pattern: "POST /api/v1/accounts/{id}/unlock", id: "unlockAccount", tag: "accounts", summary: "Clear a login lockout (security admin)", status: http.StatusOK, resp: typeOf[domain.Account]()},

		{pattern: "GET /api/v1/units", id: "listUnits", tag: "org", summary: "The unit directory",
			query: []param{qp("flat", "boolean", "a flat list instead of a tree")}, status: http.StatusOK, resp: typeOf[unitNodeView](), alt: typeOf[unitView](), list: true,
			description: "A tree of root units with nested children (total counts every unit), or with flat=1 every unit in tree order with its depth."},
		{pattern: "POST /api/v1/units", id: "createUnit", tag: "org", summary: "Create a unit (office)", body: typeOf[service.UnitInput](), status: http.StatusCreated, resp: typeOf[unitDetailView]()},
		{pattern: "GET /api/v1/units/{id}", id: "getUnit", tag: "org", summary: "A unit's page: roll-up and the tasks it leads",
			query: []param{asOfParam}, status: http.StatusOK, resp: typeOf[unitDetailView]()},
		{pattern: "PUT /api/v1/units/{id}", id: "updateUnit", tag: "org", summary: "Edit a unit (office)", body: typeOf[service.UnitInput](), status: http.StatusOK, resp: typeOf[unitDetailView]()},
		{pattern: "GET /api/v1/sectors", id: "listSectors", tag: "org", summary: "Sectors (口) with their current leaders", status: http.StatusOK, resp: typeOf[groupView](), list: true},
		{pattern: "POST /api/v1/sectors", id: "createSector", tag: "org", summary: "Create a sector (district office)", body: typeOf[service.GroupInput](), status: http.StatusCreated, resp: typeOf[groupView]()},
		{pattern: "PUT /api/v1/sectors/{id}", id: "updateSector", tag: "org", summary: "Rename or reorder a sector", body: typeOf[service.GroupInput](), status: http.StatusOK, resp: typeOf[groupView]()},
		{pattern: "GET /api/v1/fronts", id: "listFronts", tag: "org", summary: "Fronts (线) with their current leaders", status: http.StatusOK, resp: typeOf[groupView](), list: true},
		{pattern: "POST /api/v1/fronts", id: "createFront", tag: "org", summary: "Create a front (district office)", body: typeOf[service.GroupInput](), status: http.StatusCreated, resp: typeOf[groupView]()},
		{pattern: "PUT /api/v1/fronts/{id}", id: "updateFront", tag: "org", summary: "Rename or reorder a front", body: typeOf[service.GroupInput](), status: http.StatusOK, resp: typeOf[groupView]()},
		{pattern: "GET /api/v1/people", id: "listPeople", tag: "org", summary: "The people directory",
			query: []param{qp("unit", "integer", "unit ID"), qp("q", "string", "part of the name")}, status: http.StatusOK, resp: typeOf[domain.Person](), list: true},
		{pattern: "POST /api/v1/people", id: "createPerson", tag: "org", summary: "Add a person (office)", body: typeOf[service.PersonInput](), status: http.StatusCreated, resp: typeOf[personDetailView]()},
		{pattern: "GET /api/v1/people/{id}", id: "getPerson", tag: "org", summary: "A person with posts and leaderships", status: http.StatusOK, resp: typeOf[personDetailView]()},
		{pattern: "PUT /api/v1/people/{id}", id: "updatePerson", tag: "org", summary: "Edit a person (office)", body: typeOf[service.PersonInput](), status: http.StatusOK, resp: typeOf[personDetailView]()},
		{pattern: "GET /api/v1/posts", id: "listPosts", tag: "org", summary: "Posts (任职), past and present",
			query:  []param{qp("person", "integer", "person ID"), qp("unit", "integer", "unit ID"), qp("current", "boolean", "only posts held today")},
			status: http.StatusOK, resp: typeOf[domain.Post](), list: true},
		{pattern: "POST /api/v1/posts", id: "addPost", tag: "org", summary: "Record a post (office)", body: typeOf[postInput](), status: http.StatusCreated, resp: typeOf[domain.Post]()},
		{pattern: "POST /api/v1/posts/{id}/end", id: "endPost", tag: "org", summary: "End a post (the record stays as history)",
			body: typeOf[endInput](), optionalBody: true, status: http.StatusOK, resp: typeOf[domain.Post]()},
		{pattern: "GET /api/v1/leaderships", id: "listLeaderships", tag: "org", summary: "Who leads which sector or front",
			query: []param{qp("person", "integer", "person ID"), {name: "group", typ: "string", desc: "sector or front", enum: strs(domain.GroupSector, domain.GroupFront)},
				qp("group_id", "integer", "sector or front ID"), qp("current", "boolean", "only leaderships in force today")},
			status: http.StatusOK, resp: typeOf[domain.Leadership](), list: true},
		{pattern: "POST /api/v1/leaderships", id: "addLeadership", tag: "org", summary: "Make a person lead a sector or front (district office)",
			description: "A new lead leader ends the previous lead's term the day before.", body: typeOf[leadershipInput](), status: http.StatusCreated, resp: typeOf[domain.Leadership]()},
		{pattern: "POST /api/v1/leaderships/{id}/end", id: "endLeadership", tag: "org", summary: "End a leadership",
			body: typeOf[endInput](), optionalBody: true, status: http.StatusOK, resp: typeOf[domain.Leadership]()},

		{pattern: "GET /api/v1/plans", id: "listPlans", tag: "plans", summary: "All plans", status: http.StatusOK, resp: typeOf[domain.Plan](), list: true},
		{pattern: "POST /api/v1/plans", id: "createPlan", tag: "plans", summary: "Create a plan (office)", body: typeOf[service.PlanInput](), status: http.StatusCreated, resp: typeOf[planDetailView]()},
		{pattern: "GET /api/v1/plans/{id}", id: "getPlan", tag: "plans", summary: "A plan with the roll-up of the caller's tasks in it",
			query: []param{asOfParam}, status: http.StatusOK, resp: typeOf[planDetailView]()},
		{pattern: "PUT /api/v1/plans/{id}", id: "updatePlan", tag: "plans", summary: "Edit a plan (office)", body: typeOf[service.PlanInput](), status: http.StatusOK, resp: typeOf[planDetailView]()},
		{pattern: "GET /api/v1/plans/{id}/goals", id: "listGoals", tag: "plans", summary: "A plan's goals", status: http.StatusOK, resp: typeOf[domain.Goal](), list: true},
		{pattern: "POST /api/v1/plans/{id}/goals", id: "createGoal", tag: "plans", summary: "Add a goal (office)", body: typeOf[goalInput](), status: http.StatusCreated, resp: typeOf[domain.Goal]()},
		{pattern: "PUT /api/v1/plans/{id}/goals/{goal_id}", id: "updateGoal", tag: "plans", summary: "Edit a goal (office)", body: typeOf[goalInput](), status: http.StatusOK, resp: typeOf[domain.Goal]()},
		{pattern: "GET /api/v1/plans/{id}/indicators", id: "listIndicators", tag: "plans", summary: "A plan's indicators with their actual values",
			status: http.StatusOK, resp: typeOf[service.IndicatorStatus](), list: true,
			description: "Values count when the office recorded them or when the report that carried them was approved."},
		{pattern: "POST /api/v1/plans/{id}/indicators", id: "createIndicator", tag: "plans", summary: "Add an indicator (office)", body: typeOf[indicatorInput](), status: http.StatusCreated, resp: typeOf[domain.Indicator]()},
		{pattern: "PUT /api/v1/plans/{id}/indicators/{indicator_id}", id: "updateIndicator", tag: "plans", summary: "Edit an indicator (office)", body: typeOf[indicatorInput](), status: http.StatusOK, resp: typeOf[domain.Indicator]()},
		{pattern: "POST /api/v1/plans/{id}/indicators/{indicator_id}/values", id: "recordIndicatorValue", tag: "plans", summary: "Record an indicator's actual value (office)",
			body: typeOf[indicatorValueInput](), status: http.StatusCreated, resp: typeOf[domain.IndicatorValue]()},

		{pattern: "GET /api/v1/tasks", id: "listTasks", tag: "tasks", summary: "Tasks in the caller's scope with their status on as_of",
			query: tasksQuery, status: http.StatusOK, resp: typeOf[taskView](), list: true},
		{pattern: "POST /api/v1/tasks", id: "createTask", tag: "tasks", summary: "Create a task (office covering its lead units)",
			body: typeOf[service.TaskInput](), status: http.StatusCreated, resp: typeOf[taskDetailView]()},
		{pattern: "GET /api/v1/tasks/{id}", id: "getTask", tag: "tasks", summary: "A task with milestones, status and children",
			query: []param{asOfParam}, status: http.StatusOK, resp: typeOf[taskDetailView]()},
		{pattern: "PUT /api/v1/tasks/{id}", id: "updateTask", tag: "tasks", summary: "Replace a task's fields (office)",
			body: typeOf[service.TaskInput](), status: http.StatusOK, resp: typeOf[taskDetailView](),
			description: "Leaving milestones out (or null) keeps the task's nodes; a list, even empty, replaces them."},
		{pattern: "GET /api/v1/tasks/{id}/reports", id: "listTaskReports", tag: "reports", summary: "A task's reports, newest first (drafts only for their own unit)",
			status: http.StatusOK, resp: typeOf[reportView](), list: true},
		{pattern: "POST /api/v1/tasks/{id}/reports", id: "saveReport", tag: "reports", summary: "Write the caller's unit's report for the period of its date",
			body: typeOf[service.ReportInput](), multipart: true, status: http.StatusOK, resp: typeOf[reportView](),
			description: "Edits the period's open report, makes a new version when the period's report was approved (the approved one is kept), " +
				"or starts the period's report. submit=true sends it to the unit head. JSON, or multipart/form-data with the same fields and files."},
		{pattern: "GET /api/v1/reports/queue", id: "reviewQueue", tag: "reports", summary: "Reports waiting for the caller's approval (unit heads)",
			status: http.StatusOK, resp: typeOf[reportView](), list: true},
		{pattern: "GET /api/v1/reports/open", id: "openReports", tag: "reports", summary: "Drafts and returned reports of the caller's units",
			status: http.StatusOK, resp: typeOf[reportView](), list: true},
		{pattern: "GET /api/v1/reports/{id}", id: "getReport", tag: "reports", summary: "One report with its files", status: http.StatusOK, resp: typeOf[reportView]()},
		{pattern: "POST /api/v1/reports/{id}/approve", id: "approveReport", tag: "reports", summary: "Approve a submitted report (unit head)",
			body: typeOf[commentInput](), optionalBody: true, status: http.StatusOK, resp: typeOf[reportView](),
			description: "The milestones it declares are completed on its date; its progress counts from now on."},
		{pattern: "POST /api/v1/reports/{id}/return", id: "returnReport", tag: "reports", summary: "Return a submitted report with a reason (unit head)",
			body: typeOf[commentInput](), status: http.StatusOK, resp: typeOf[reportView]()},
		{pattern: "GET /api/v1/files/{id}", id: "downloadFile", tag: "reports", summary: "Download an evidence file", status: http.StatusOK, binary: true},

		{pattern: "POST /api/v1/imports/tasks", id: "importTasks", tag: "imports", summary: "Import a task decomposition sheet (任务分解表)",
			query:   importParams(qp("sheet", "string", "only this sheet"), qp("create_units", "boolean", "create the units, sectors, fronts and leaders the sheet names but the system lacks")),
			rawBody: xlsxType, status: http.StatusOK, resp: typeOf[service.ImportSummary](),
			description: "All or nothing: any bad row or unknown name refuses the whole sheet (422, every problem in details). Tasks are matched by number, so a second import updates instead of duplicating."},
		{pattern: "POST /api/v1/imports/progress", id: "importProgress", tag: "imports", summary: "Import a progress sheet; its rows count as approved reports",
			query:   importParams(qp("sheet", "string", "only this sheet"), qp("date", "date", "report date for rows that give none")),
			rawBody: xlsxType, status: http.StatusOK, resp: typeOf[service.ImportSummary]()},
		{pattern: "GET /api/v1/imports/templates/{kind}", id: "importTemplate", tag: "imports", summary: "Download a blank template: tasks.xlsx or progress.xlsx",
			query: []param{qp("year", "integer", "plan year printed in the template")}, status: http.StatusOK, binary: true},

		{pattern: "GET /api/v1/status", id: "status", tag: "status", summary: "The status report (same contract as `luoshi status --json`)",
			query: taskFilterParams(), status: http.StatusOK, resp: typeOf[service.StatusReport]()},
		{pattern: "GET /api/v1/compliance", id: "compliance", tag: "status", summary: "Missing and late reports by unit and by task",
			query: taskFilterParams(), status: http.StatusOK, resp: typeOf[complianceView]()},

		{pattern: "GET /api/v1/audit", id: "auditLog", tag: "audit", summary: "The audit log, newest first (auditor)",
			query: []param{qp("entity", "string", "task, report, account, unit, …"), qp("entity_id", "string", "the entity's ID"),
				qp("actor_id", "integer", "account ID of the actor"), qp("action", "string", "e.g. report.approve"),
				qp("before", "integer", "entries with a sequence number below this (the next_before of the previous page)"), limitParam, offsetParam},
			status: http.StatusOK, resp: typeOf[auditPage](),
			description: "Paged by sequence number: total counts the entries of this page, and next_before, when present, is the before= of the next page."},
		{pattern: "GET /api/v1/audit/verify", id: "verifyAudit", tag: "audit", summary: "Verify the SM3 hash chain of the audit log (auditor)",
			status: http.StatusOK, resp: typeOf[verifyView]()},
	}, notifyOperations(limitParam, offsetParam)...)
}

// importParams are the query parameters of both imports.
func importParams(extra ...param) []param {
	return append([]param{
		qp("plan", "string", "plan ID or exact name; a task sheet creates a plan of that name"),
		qp("plan_name", "string", "name for a new plan (task sheets; default: the sheet's title)"),
		qp("year", "integer", "plan year (default: read from the title row)"),
		qp("file_name", "string", "the workbook's file name, for the audit log"),
	}, extra...)
}
