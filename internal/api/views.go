package api

import (
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/service"
)

// refView names a row another row points to.
type refView struct {
	ID   domain.ID `json:"id"`
	Name string    `json:"name"`
}

func unitRefs(m *readmodel.Model, ids []domain.ID) []refView {
	out := []refView{}
	for _, id := range ids {
		if u := m.Unit(id); u != nil {
			out = append(out, refView{ID: id, Name: u.Name})
		}
	}
	return out
}

func personRefs(m *readmodel.Model, ids []domain.ID) []refView {
	out := []refView{}
	for _, id := range ids {
		if p := m.Person(id); p != nil {
			out = append(out, refView{ID: id, Name: p.Name})
		}
	}
	return out
}

func frontRefs(m *readmodel.Model, ids []domain.ID) []refView {
	out := []refView{}
	for _, id := range ids {
		if f := m.Front(id); f != nil {
			out = append(out, refView{ID: id, Name: f.Name})
		}
	}
	return out
}

// taskView is a task with where it stands on the as-of date. Start is the
// effective start (the plan's start for tasks without their own).
type taskView struct {
	domain.Task
	Start    domain.Date   `json:"start"`
	PlanName string        `json:"plan_name"`
	AsOf     domain.Date   `json:"as_of"`
	Status   domain.Status `json:"status"`
	// Progress is the latest approved cumulative percent on the as-of date.
	Progress float64 `json:"progress"`
	// Expected (序时进度) and Gap (expected − progress) are null for tasks
	// with neither a due date nor milestones.
	Expected         *float64 `json:"expected"`
	Gap              *float64 `json:"gap"`
	MissedMilestones int      `json:"missed_milestones"`
}

func newTaskView(m *readmodel.Model, ev *readmodel.Evaluation, t *readmodel.Task) taskView {
	// TaskStatusOf is the status contract's own rounding and nulls; reuse it
	// so the API and `luoshi status --json` never disagree.
	ts := service.TaskStatusOf(m, t, ev.Of(t))
	v := taskView{Task: t.Task, Start: t.Start(), AsOf: ev.AsOf, Status: ts.Status, Progress: ts.Progress,
		Expected: ts.Expected, Gap: ts.Gap, MissedMilestones: ts.MissedMilestones, PlanName: ts.Plan}
	if v.FrontIDs == nil {
		v.FrontIDs = []domain.ID{}
	}
	if v.LeadUnitIDs == nil {
		v.LeadUnitIDs = []domain.ID{}
	}
	if v.CoUnitIDs == nil {
		v.CoUnitIDs = []domain.ID{}
	}
	if v.LeaderIDs == nil {
		v.LeaderIDs = []domain.ID{}
	}
	return v
}

// taskDetailView is one task with its nodes, children and names.
type taskDetailView struct {
	taskView
	Milestones []domain.Milestone `json:"milestones"`
	// Children are the sub-tasks the caller can see.
	Children  []taskView `json:"children"`
	LeadUnits []refView  `json:"lead_units"`
	CoUnits   []refView  `json:"co_units"`
	Leaders   []refView  `json:"leaders"`
	Fronts    []refView  `json:"fronts"`
	Sector    *refView   `json:"sector"`
	// Cadence is the effective reporting cadence (the task's, else its plan's).
	Cadence domain.Cadence `json:"cadence"`
	// CanEdit and CanReport say what the caller may do with the task.
	CanEdit   bool `json:"can_edit"`
	CanReport bool `json:"can_report"`
	// Exemption is the approved exemption (容错免责) from the task lagging
	// or being overdue, when there is one.
	Exemption *domain.ExemptionRef `json:"exemption,omitempty"`
}

// unitView is a unit of the org tree.
type unitView struct {
	ID       domain.ID       `json:"id"`
	ParentID domain.ID       `json:"parent_id,omitempty"`
	Name     string          `json:"name"`
	Short    string          `json:"short_name,omitempty"`
	Aliases  []string        `json:"aliases"`
	Kind     domain.UnitKind `json:"kind"`
	Category string          `json:"category,omitempty"`
	SectorID domain.ID       `json:"sector_id,omitempty"`
	Sort     int             `json:"sort"`
	Active   bool            `json:"active"`
	// Depth is 0 for roots.
	Depth int `json:"depth"`
}

func newUnitView(u *readmodel.Unit) unitView {
	v := unitView{ID: u.ID, ParentID: u.ParentID, Name: u.Name, Short: u.Short, Aliases: u.Aliases, Kind: u.Kind,
		Category: u.Category, SectorID: u.SectorID, Sort: u.Sort, Active: u.Active, Depth: u.Depth}
	if v.Aliases == nil {
		v.Aliases = []string{}
	}
	return v
}

// reportView is a report with the names of its task and unit.
type reportView struct {
	domain.Report
	TaskNumber string     `json:"task_number,omitempty"`
	TaskTitle  string     `json:"task_title,omitempty"`
	UnitName   string     `json:"unit_name,omitempty"`
	Files      []fileView `json:"files"`
	// CanReview is true when the caller may approve or return it now.
	CanReview bool `json:"can_review"`
}

// fileView is an evidence file with where to download it.
type fileView struct {
	domain.File
	URL string `json:"url"`
}

func newReportView(m *readmodel.Model, r domain.Report, canReview bool) reportView {
	v := reportView{Report: r, Files: []fileView{}, UnitName: m.UnitName(r.UnitID), CanReview: canReview}
	if t := m.Task(r.TaskID); t != nil {
		v.TaskNumber, v.TaskTitle = t.Number, t.Title
	}
	for _, f := range r.Files {
		v.Files = append(v.Files, fileView{File: f, URL: fileURL(f.ID)})
	}
	return v
}
