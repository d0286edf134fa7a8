package status

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/workday"
)

// due_soon counts working days with the official calendar: across the
// Mid-Autumn and National Day holidays of 2023 (9/29–10/6 off, 10/7 and
// 10/8 worked) a task due Monday 10/9 is four working days away on
// Wednesday 9/27, though eight weekdays.
func TestDueSoonCountsOfficialWorkingDays(t *testing.T) {
	in := Input{Start: d("2023-09-01"), Due: d("2023-10-09"), Milestones: []Milestone{{Due: d("2023-10-09"), PlannedPct: 100}}}
	p := Params{DueSoonDays: 5}
	if got := Evaluate(in, d("2023-09-27"), p).Status; got != domain.StatusOnTrack {
		t.Errorf("Monday to Friday: %s, want on_track", got)
	}
	p.Calendar = workday.OfficialTable()
	if got := Evaluate(in, d("2023-09-27"), p).Status; got != domain.StatusDueSoon {
		t.Errorf("official calendar: %s, want due_soon", got)
	}
	// A week earlier it is nine working days away: not yet.
	if got := Evaluate(in, d("2023-09-20"), p).Status; got != domain.StatusOnTrack {
		t.Errorf("a week earlier: %s", got)
	}
}
