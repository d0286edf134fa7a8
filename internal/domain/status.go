package domain

// Status is where a task stands on a date. The engine that assigns it lives
// in package status.
type Status string

const (
	StatusDone       Status = "done"        // 已完成
	StatusOverdue    Status = "overdue"     // 逾期
	StatusNotStarted Status = "not_started" // 未启动
	StatusOngoing    Status = "ongoing"     // 持续推进 (no due date)
	StatusSevere     Status = "severe"      // 严重滞后
	StatusLagging    Status = "lagging"     // 滞后
	StatusDueSoon    Status = "due_soon"    // 临期
	StatusOnTrack    Status = "on_track"    // 正常
)

// Statuses lists every status by precedence, the most urgent for a leader's
// eye (overdue, severe, lagging) reachable by index.
var Statuses = []Status{StatusDone, StatusOverdue, StatusNotStarted, StatusOngoing, StatusSevere, StatusLagging, StatusDueSoon, StatusOnTrack}

// Valid reports whether s is known.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Behind reports whether s is one of the states that need attention.
func (s Status) Behind() bool {
	return s == StatusOverdue || s == StatusSevere || s == StatusLagging
}
