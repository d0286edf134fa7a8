package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/service"
)

// reviewOperations describes the 时间过半、任务过半 review of routes.go.
func reviewOperations() []operation {
	return []operation{
		{pattern: "GET /api/v1/review", id: "getHalfTimeReview", tag: "review", summary: "时间过半、任务过半: every unit, sector, front and leader the caller sees, checked on a date",
			query:  []param{qp("date", "string", "the date checked, YYYY-MM-DD (default: today)"), qp("plan", "integer", "review one plan against its own span")},
			status: http.StatusOK, resp: typeOf[service.HalfTimeReview](),
			description: "time_progress is the elapsed share of the calendar year of date (days counted inclusively), or of the plan's span when plan is given. " +
				"A group's progress is Σw·p/Σw over its tasks with a due date; it passes when progress ≥ time_progress, with no rounding (49.9 against 50 fails). " +
				"share is the percent of measured tasks at or above their own expected progress (序时进度). Rows come failing first, largest gap first; " +
				"behind lists each row's lagging, severely lagging and overdue tasks. A unit's accounts get their own units; leaders the sectors and fronts they lead, " +
				"the units in them and themselves; offices every group they cover."},
	}
}
