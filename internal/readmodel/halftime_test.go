package readmodel

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/status"
)

// 2024 is a leap year: on 2024-07-01, 183 of 366 days are gone, exactly 50%.
var (
	htPlan = domain.Plan{ID: 1, Name: "2024年工作要点", Year: 2024, Start: domain.MustDate("2024-01-01"), End: domain.MustDate("2024-12-31"), SevereGap: 20}
	htDate = domain.MustDate("2024-07-01")
)

type htTask struct {
	unit, sector domain.ID
	fronts       []domain.ID
	leaders      []domain.ID
	weight, pct  float64
	ongoing      bool
	due          string
}

// handModel builds a model of two units, one sector and one front led by
// person 10, and the tasks given, each reported at its percent in June.
func handModel(ts ...htTask) *Model {
	m := &Model{
		Units:   []*Unit{{Unit: domain.Unit{ID: 1, Name: "甲局"}}, {Unit: domain.Unit{ID: 2, Name: "乙局"}}},
		Sectors: []domain.Sector{{ID: 1, Name: "经济发展口"}},
		Fronts:  []domain.Front{{ID: 1, Name: "重大项目"}},
		People:  []domain.Person{{ID: 10, Name: "张区长"}, {ID: 11, Name: "李副区长"}},
		Plans:   []domain.Plan{htPlan},
		Leads: []domain.Leadership{{ID: 1, PersonID: 10, Group: domain.GroupSector, GroupID: 1, Role: domain.LeaderLead},
			{ID: 2, PersonID: 10, Group: domain.GroupFront, GroupID: 1, Role: domain.LeaderLead},
			// An old leadership that ended: it does not count on htDate.
			{ID: 3, PersonID: 11, Group: domain.GroupSector, GroupID: 1, End: domain.MustDate("2024-03-31")}},
	}
	for i, x := range ts {
		due := x.due
		if due == "" {
			due = "2024-12-31"
		}
		t := &Task{Task: domain.Task{ID: domain.ID(i + 1), PlanID: 1, Number: string(rune('1' + i)), Title: "任务", LeadUnitIDs: []domain.ID{x.unit},
			SectorID: x.sector, FrontIDs: x.fronts, LeaderIDs: x.leaders, Start: htPlan.Start, Due: domain.MustDate(due), Ongoing: x.ongoing, Weight: x.weight}}
		t.Plan = &m.Plans[0]
		if x.pct > 0 {
			t.Points = []status.Point{{Date: domain.MustDate("2024-06-15"), Seq: 1, Progress: x.pct}}
		}
		m.Tasks = append(m.Tasks, t)
	}
	m.index()
	return m
}

func TestTimeShare(t *testing.T) {
	d := domain.MustDate
	for _, c := range []struct {
		start, end, on string
		want           float64
	}{
		{"2024-01-01", "2024-12-31", "2024-07-01", 50},
		{"2024-01-01", "2024-12-31", "2024-01-01", 100.0 / 366},
		{"2023-01-01", "2023-12-31", "2023-07-02", 18300.0 / 365},
		{"2024-01-01", "2024-12-31", "2023-12-31", 0},
		{"2024-01-01", "2024-12-31", "2024-12-31", 100},
		{"2024-01-01", "2024-12-31", "2025-03-01", 100},
		{"2024-03-01", "2024-03-10", "2024-03-05", 50},
	} {
		if got := TimeShare(d(c.start), d(c.end), d(c.on)); got != c.want {
			t.Errorf("TimeShare(%s, %s, %s) = %v, want %v", c.start, c.end, c.on, got, c.want)
		}
	}
}

func TestHalfTimeRule(t *testing.T) {
	for _, c := range []struct {
		name     string
		tasks    []htTask
		time     float64
		pass     bool
		progress float64
		lagging  int
	}{
		{"exactly at the line passes", []htTask{{unit: 1, weight: 1, pct: 50}}, 50, true, 50, 0},
		{"49.9 against 50 fails", []htTask{{unit: 1, weight: 1, pct: 49.9}}, 50, false, 49.9, 1},
		{"49 is not half", []htTask{{unit: 1, weight: 1, pct: 49}}, 50, false, 49, 1},
		{"above the line passes", []htTask{{unit: 1, weight: 1, pct: 50.1}}, 50, true, 50.1, 0},
		{"weighted to exactly half", []htTask{{unit: 1, weight: 3, pct: 40}, {unit: 1, weight: 1, pct: 80}}, 50, true, 50, 1},
		{"weights decide", []htTask{{unit: 1, weight: 1, pct: 40}, {unit: 1, weight: 3, pct: 53}}, 50, false, 49.75, 1},
		{"float noise does not fail", []htTask{{unit: 1, weight: 1, pct: 49.9}, {unit: 1, weight: 1, pct: 50.1}}, 50, true, 50, 1},
		{"zero weights average plainly", []htTask{{unit: 1, pct: 30}, {unit: 1, pct: 70}}, 50, true, 50, 1},
		{"ongoing tasks are not averaged", []htTask{{unit: 1, weight: 1, pct: 60}, {unit: 1, weight: 5, ongoing: true}}, 50, true, 60, 0},
		{"nothing measured passes", []htTask{{unit: 1, weight: 1, ongoing: true}}, 50, true, 0, 0},
		{"a done task counts at 100", []htTask{{unit: 1, weight: 1, pct: 100, due: "2024-03-31"}, {unit: 1, weight: 1, pct: 0}}, 50, true, 50, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := handModel(c.tasks...)
			ev := m.Evaluate(htDate, nil)
			share := TimeShare(htPlan.Start, htPlan.End, htDate)
			if share != c.time {
				t.Fatalf("time share %v", share)
			}
			g := m.HalfTime(ev, m.Tasks, share, nil)
			if len(g.Units) != 1 {
				t.Fatalf("units: %+v", g.Units)
			}
			u := g.Units[0]
			if u.Pass != c.pass || g.Total.Pass != c.pass {
				t.Errorf("pass = %v (total %v), want %v; progress %v", u.Pass, g.Total.Pass, c.pass, u.Summary.Progress)
			}
			if d := u.Summary.Progress - c.progress; d > 1e-9 || d < -1e-9 {
				t.Errorf("progress = %v, want %v", u.Summary.Progress, c.progress)
			}
			if got := u.Lagging + u.Severe + u.Overdue; got != c.lagging || len(u.Behind) != c.lagging {
				t.Errorf("behind = %d (%d listed), want %d", got, len(u.Behind), c.lagging)
			}
		})
	}
}

// Groups: failing rows first; a leader's tasks are their own and those of
// the sectors and fronts they lead now, each once; rows kept by keep.
func TestHalfTimeGroups(t *testing.T) {
	m := handModel(
		htTask{unit: 1, sector: 1, fronts: []domain.ID{1}, leaders: []domain.ID{10}, weight: 1, pct: 70},
		htTask{unit: 2, weight: 1, pct: 20},                               // severe: 30 points behind
		htTask{unit: 2, leaders: []domain.ID{11}, weight: 1, pct: 45},     // lagging
		htTask{unit: 1, sector: 1, weight: 1, pct: 10, due: "2024-06-30"}, // overdue
	)
	ev := m.Evaluate(htDate, nil)
	g := m.HalfTime(ev, m.Tasks, 50, nil)
	if len(g.Units) != 2 || g.Units[0].Name != "乙局" || g.Units[0].Pass || g.Units[1].Name != "甲局" || g.Units[1].Pass {
		t.Fatalf("units: %+v", g.Units)
	}
	b := g.Units[0]
	if b.Severe != 1 || b.Lagging != 1 || b.Overdue != 0 || b.Summary.Progress != 32.5 {
		t.Errorf("乙局: %+v", b)
	}
	a := g.Units[1]
	if a.Overdue != 1 || a.Done != 0 || a.Summary.Tasks != 2 || a.Behind[0].ID != 4 {
		t.Errorf("甲局: %+v", a)
	}
	if len(g.Leaders) != 2 || g.Leaders[0].Name != "张区长" || g.Leaders[1].Name != "李副区长" {
		t.Fatalf("leaders: %+v", g.Leaders)
	}
	if n := g.Leaders[0].Summary.Tasks; n != 2 {
		t.Errorf("张区长 leads tasks 1 (own, sector and front) and 4 (sector): %d", n)
	}
	if n := g.Leaders[1].Summary.Tasks; n != 1 {
		t.Errorf("李副区长's ended leadership of the sector counted: %d", n)
	}
	if len(g.Sectors) != 1 || len(g.Fronts) != 1 || g.Fronts[0].Pass != true {
		t.Errorf("sectors %+v fronts %+v", g.Sectors, g.Fronts)
	}
	if g.Total.Summary.Tasks != 4 || g.Total.Pass {
		t.Errorf("total: %+v", g.Total)
	}
	if names := m.TaskLeaders(m.Tasks[3], htDate); len(names) != 1 || names[0] != "张区长" {
		t.Errorf("a task without leaders is led by its sector's: %v", names)
	}
	only := m.HalfTime(ev, m.Tasks, 50, func(by GroupBy, id domain.ID) bool { return by == ByUnit && id == 1 })
	if len(only.Units) != 1 || only.Units[0].ID != 1 || len(only.Sectors)+len(only.Fronts)+len(only.Leaders) != 0 {
		t.Errorf("keep: %+v", only)
	}
}
