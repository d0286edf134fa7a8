package status

import (
	"math"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
)

var d = domain.MustDate

func TestExpected(t *testing.T) {
	cases := []struct {
		name string
		in   Input
		asOf string
		want float64
		has  bool
	}{
		{"whole year mid July", Input{Start: d("2023-01-01"), Due: d("2023-12-31")}, "2023-07-15", 196.0 * 100 / 365, true},
		{"first day counts", Input{Start: d("2023-01-01"), Due: d("2023-01-10")}, "2023-01-01", 10, true},
		{"last day is 100", Input{Start: d("2023-01-01"), Due: d("2023-01-10")}, "2023-01-10", 100, true},
		{"after due is 100", Input{Start: d("2023-01-01"), Due: d("2023-01-10")}, "2023-02-10", 100, true},
		{"before start is 0", Input{Start: d("2023-03-01"), Due: d("2023-12-31")}, "2023-02-10", 0, true},
		{"one-day task", Input{Start: d("2023-05-05"), Due: d("2023-05-05")}, "2023-05-05", 100, true},
		{"ongoing has none", Input{Start: d("2023-01-01")}, "2023-07-15", 0, false},
		{"milestones: last due on or before", Input{Start: d("2023-01-01"), Due: d("2023-12-31"), Milestones: []Milestone{
			{Due: d("2023-03-31"), PlannedPct: 20}, {Due: d("2023-06-30"), PlannedPct: 60}, {Due: d("2023-09-30"), PlannedPct: 80}}}, "2023-07-15", 60, true},
		{"milestone due that day counts", Input{Start: d("2023-01-01"), Due: d("2023-12-31"), Milestones: []Milestone{
			{Due: d("2023-06-30"), PlannedPct: 60}}}, "2023-06-30", 60, true},
		{"milestones: none yet is 0", Input{Start: d("2023-01-01"), Due: d("2023-12-31"), Milestones: []Milestone{
			{Due: d("2023-09-30"), PlannedPct: 80}}}, "2023-07-15", 0, true},
		{"milestones in any order", Input{Start: d("2023-01-01"), Due: d("2023-12-31"), Milestones: []Milestone{
			{Due: d("2023-06-30"), PlannedPct: 60}, {Due: d("2023-03-31"), PlannedPct: 20}}}, "2023-07-15", 60, true},
		{"milestones on an ongoing task", Input{Start: d("2023-01-01"), Milestones: []Milestone{
			{Due: d("2023-03-31"), PlannedPct: 30}}}, "2023-07-15", 30, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, has := Expected(c.in, d(c.asOf))
			if has != c.has || math.Abs(got-c.want) > 1e-9 {
				t.Errorf("Expected = %v, %v; want %v, %v", got, has, c.want, c.has)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	year := Input{Start: d("2023-01-01"), Due: d("2023-12-31")}
	with := func(in Input, progress float64) Input { in.Progress = progress; return in }
	ms := func(in Input, m ...Milestone) Input { in.Milestones = m; return in }
	cases := []struct {
		name string
		in   Input
		asOf string
		p    Params
		want domain.Status
	}{
		// The example: 49% against 53.7% expected.
		{"lagging below expected", with(year, 49), "2023-07-15", Params{}, domain.StatusLagging},
		{"on track above expected", with(year, 54), "2023-07-15", Params{}, domain.StatusOnTrack},
		{"severe at the gap", with(year, 196.0*100/365-20), "2023-07-15", Params{}, domain.StatusSevere},
		{"lagging just under the gap", with(year, 34), "2023-07-15", Params{}, domain.StatusLagging},
		{"configured gap", with(year, 43), "2023-07-15", Params{SevereGap: 10}, domain.StatusSevere},
		{"done beats everything", with(Input{Start: d("2023-01-01"), Due: d("2023-03-31")}, 100), "2023-07-15", Params{}, domain.StatusDone},
		{"overdue", with(Input{Start: d("2023-01-01"), Due: d("2023-06-30")}, 99), "2023-07-01", Params{}, domain.StatusOverdue},
		{"due day itself is not overdue", with(Input{Start: d("2023-01-01"), Due: d("2023-06-30")}, 99.9), "2023-06-30", Params{}, domain.StatusLagging},
		{"not started", with(Input{Start: d("2023-09-01"), Due: d("2023-12-31")}, 0), "2023-07-15", Params{}, domain.StatusNotStarted},
		{"not started even with progress", with(Input{Start: d("2023-09-01"), Due: d("2023-12-31")}, 10), "2023-07-15", Params{}, domain.StatusNotStarted},
		{"start day is started", with(Input{Start: d("2023-07-15"), Due: d("2023-12-31")}, 0), "2023-07-15", Params{}, domain.StatusLagging},
		{"ongoing", with(Input{Start: d("2023-01-01")}, 10), "2023-07-15", Params{}, domain.StatusOngoing},
		{"ongoing done", with(Input{Start: d("2023-01-01")}, 100), "2023-07-15", Params{}, domain.StatusDone},
		{"ongoing before start", Input{Start: d("2023-08-01")}, "2023-07-15", Params{}, domain.StatusNotStarted},
		// 时间过半、任务过半: 49 lags against 50, 50 does not.
		{"49 is not half", ms(with(year, 49), Milestone{Due: d("2023-06-30"), PlannedPct: 50, CompletedOn: d("2023-06-28")}), "2023-07-15", Params{}, domain.StatusLagging},
		{"50 is half", ms(with(year, 50), Milestone{Due: d("2023-06-30"), PlannedPct: 50, CompletedOn: d("2023-06-28")}), "2023-07-15", Params{}, domain.StatusOnTrack},
		{"missed milestone lags whatever the percent", ms(with(year, 80), Milestone{Due: d("2023-06-30"), PlannedPct: 50}), "2023-07-15", Params{}, domain.StatusLagging},
		{"milestone completed later than as-of still missed", ms(with(year, 80), Milestone{Due: d("2023-06-30"), PlannedPct: 50, CompletedOn: d("2023-07-20")}), "2023-07-15", Params{}, domain.StatusLagging},
		{"milestone completed late but by as-of", ms(with(year, 80), Milestone{Due: d("2023-06-30"), PlannedPct: 50, CompletedOn: d("2023-07-10")}), "2023-07-15", Params{}, domain.StatusOnTrack},
		{"milestone due today is not missed yet", ms(with(year, 60), Milestone{Due: d("2023-07-15"), PlannedPct: 60}), "2023-07-15", Params{}, domain.StatusOnTrack},
		{"severe by milestones", ms(with(year, 30), Milestone{Due: d("2023-06-30"), PlannedPct: 60, CompletedOn: d("2023-06-30")}), "2023-07-15", Params{}, domain.StatusSevere},
		// due_soon counts working days after as-of up to the due date.
		{"due soon within 5 working days", with(Input{Start: d("2023-07-01"), Due: d("2023-07-21")}, 90), "2023-07-14", Params{}, domain.StatusDueSoon},
		{"not due soon at 6 working days", with(Input{Start: d("2023-07-01"), Due: d("2023-07-24")}, 90), "2023-07-14", Params{}, domain.StatusOnTrack},
		{"due soon on the due day", with(Input{Start: d("2023-07-01"), Due: d("2023-07-14")}, 99.9), "2023-07-14", Params{SevereGap: 50}, domain.StatusLagging},
		{"weekend does not count", with(Input{Start: d("2023-06-01"), Due: d("2023-07-17")}, 99), "2023-07-14", Params{DueSoonDays: 1}, domain.StatusDueSoon},
		{"due soon off", with(Input{Start: d("2023-06-01"), Due: d("2023-07-17")}, 99), "2023-07-14", Params{DueSoonDays: -1}, domain.StatusOnTrack},
		{"lagging beats due soon", with(Input{Start: d("2023-07-01"), Due: d("2023-07-21")}, 50), "2023-07-14", Params{}, domain.StatusLagging},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Evaluate(c.in, d(c.asOf), c.p)
			if got.Status != c.want {
				t.Errorf("status = %s, want %s (expected %.2f, progress %.2f, missed %d)", got.Status, c.want, got.Expected, got.Progress, got.Missed)
			}
		})
	}
}

func TestProgressAt(t *testing.T) {
	pts := []Point{
		{Date: d("2023-07-07"), Seq: 5, Progress: 40},
		{Date: d("2023-06-30"), Seq: 1, Progress: 30},
		{Date: d("2023-07-07"), Seq: 3, Progress: 45},
		{Date: d("2023-07-14"), Seq: 9, Progress: 49},
	}
	SortPoints(pts)
	cases := []struct {
		asOf string
		want float64
	}{
		{"2023-06-29", 0},
		{"2023-06-30", 30},
		{"2023-07-07", 40}, // same date: the later approval wins
		{"2023-07-13", 40},
		{"2023-07-14", 49},
		{"2024-01-01", 49},
	}
	for _, c := range cases {
		if got := ProgressAt(pts, d(c.asOf)); got != c.want {
			t.Errorf("ProgressAt(%s) = %v, want %v", c.asOf, got, c.want)
		}
	}
	if ProgressAt(nil, d("2023-01-01")) != 0 {
		t.Error("no points must give 0")
	}
}

func TestRollup(t *testing.T) {
	r := func(s domain.Status, p, e float64) Result {
		return Result{Status: s, Progress: p, Expected: e, HasExpected: true}
	}
	cases := []struct {
		name          string
		items         []Item
		progress, exp float64
		behind        bool
		measured, ok  int
	}{
		{"weighted", []Item{
			{Weight: 3, HasDue: true, Result: r(domain.StatusOnTrack, 60, 50)},
			{Weight: 1, HasDue: true, Result: r(domain.StatusLagging, 20, 50)},
		}, 50, 50, false, 2, 1},
		{"ongoing counted but not averaged", []Item{
			{Weight: 1, HasDue: true, Result: r(domain.StatusLagging, 49, 50)},
			{Weight: 5, HasDue: false, Result: Result{Status: domain.StatusOngoing, Progress: 100}},
		}, 49, 50, true, 1, 0},
		{"zero weights average plainly", []Item{
			{Weight: 0, HasDue: true, Result: r(domain.StatusOnTrack, 80, 60)},
			{Weight: 0, HasDue: true, Result: r(domain.StatusLagging, 20, 60)},
		}, 50, 60, true, 2, 1},
		{"progress over 100 is capped", []Item{
			{Weight: 1, HasDue: true, Result: r(domain.StatusDone, 120, 100)},
		}, 100, 100, false, 1, 1},
		{"empty", nil, 0, 0, false, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Rollup(c.items)
			if math.Abs(s.Progress-c.progress) > 1e-9 || math.Abs(s.Expected-c.exp) > 1e-9 || s.Behind != c.behind || s.Measured != c.measured || s.AtOrAbove != c.ok {
				t.Errorf("got %+v", s)
			}
			if s.Tasks != len(c.items) {
				t.Errorf("tasks = %d, want %d", s.Tasks, len(c.items))
			}
		})
	}
}
