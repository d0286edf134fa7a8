package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// status answers with the status engine's report for the caller's scope:
// the same JSON contract as `luoshi status --json`. It takes the task
// filters of /tasks; plan may be an ID or a name.
func (s *server) status(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	ctx := r.Context()
	m, err := s.svc.Model(ctx)
	if err != nil {
		return err
	}
	q := query(r)
	f := s.taskFilter(ctx, q, m)
	asOf := s.asOf(q)
	if q.err != nil {
		return q.err
	}
	rep, err := s.svc.StatusReport(ctx, p, f, asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// complianceView is who has reported on time (按时报送), late (迟报) or
// not at all (未报送), by unit and by task.
type complianceView struct {
	AsOf  domain.Date          `json:"as_of"`
	Units []unitComplianceView `json:"units"`
	Tasks []taskComplianceView `json:"tasks"`
}

type unitComplianceView struct {
	UnitID   domain.ID `json:"unit_id"`
	UnitName string    `json:"unit_name"`
	Tasks    int       `json:"tasks"`
	Missing  int       `json:"missing"`
	Late     int       `json:"late"`
	OnTime   int       `json:"on_time"`
}

type taskComplianceView struct {
	TaskID      domain.ID             `json:"task_id"`
	Number      string                `json:"number"`
	Title       string                `json:"title"`
	LeadUnitIDs []domain.ID           `json:"lead_unit_ids"`
	Cadence     domain.Cadence        `json:"cadence"`
	Missing     int                   `json:"missing"`
	Late        int                   `json:"late"`
	OnTime      int                   `json:"on_time"`
	Periods     []cadence.PeriodState `json:"periods"`
}

func (s *server) compliance(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
	ctx := r.Context()
	m, err := s.svc.Model(ctx)
	if err != nil {
		return err
	}
	q := query(r)
	f := s.taskFilter(ctx, q, m)
	asOf := s.asOf(q)
	if q.err != nil {
		return q.err
	}
	tasks, units, err := s.svc.Compliance(ctx, p, f, asOf)
	if err != nil {
		return err
	}
	out := complianceView{AsOf: asOf, Units: []unitComplianceView{}, Tasks: []taskComplianceView{}}
	for _, u := range units {
		uv := unitComplianceView{Tasks: u.Tasks, Missing: u.Missing, Late: u.Late, OnTime: u.OnTime}
		if u.Unit != nil {
			uv.UnitID, uv.UnitName = u.Unit.ID, u.Unit.Name
		}
		out.Units = append(out.Units, uv)
	}
	for _, tc := range tasks {
		tv := taskComplianceView{TaskID: tc.Task.ID, Number: tc.Task.Number, Title: tc.Task.Title, LeadUnitIDs: tc.Task.LeadUnitIDs,
			Cadence: tc.Task.Cadence(), Missing: tc.Missing, Late: tc.Late, OnTime: tc.OnTime, Periods: tc.Periods}
		if tv.Periods == nil {
			tv.Periods = []cadence.PeriodState{}
		}
		if tv.LeadUnitIDs == nil {
			tv.LeadUnitIDs = []domain.ID{}
		}
		out.Tasks = append(out.Tasks, tv)
	}
	return writeJSON(w, http.StatusOK, out)
}
