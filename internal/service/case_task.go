// Escalating a lagging or overdue task into a case (任务滞后转督办).

package service

import (
	"context"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// TaskCaseInput adjusts the case raised from a task; zero fields take the
// task's data and the office's default time limit.
type TaskCaseInput struct {
	LimitDays int                `json:"limit_days"`
	LimitDate domain.Date        `json:"limit_date"`
	Urgency   domain.CaseUrgency `json:"urgency"`
	// Note is added to the content drawn from the task's status.
	Note   string `json:"note"`
	Assign bool   `json:"assign"`
}

// EscalateTask raises a case (source 任务滞后) from a task that is lagging,
// severely lagging or overdue today (office covering its lead units): the
// title, units, leader and a content describing the gap come from the task,
// and the case is linked to it. A task with a case still open is refused.
func (s *Service) EscalateTask(ctx context.Context, p *Principal, taskID domain.ID, in TaskCaseInput) (*CaseDetail, error) {
	if err := requireAny(ctx, p, domain.RoleOffice); err != nil {
		return nil, err
	}
	t, m, err := s.Task(ctx, p, taskID)
	if err != nil {
		return nil, err
	}
	if err := s.requireTaskOffice(ctx, p, m, t.LeadUnitIDs); err != nil {
		return nil, err
	}
	pr := printer(ctx)
	if len(t.LeadUnitIDs) == 0 {
		return nil, invalid(ctx, "lead_unit_id", "cases.err.lead_unit_required")
	}
	today := s.Today()
	res := m.Evaluate(today, m.Calendar).Of(t)
	label := t.Number + " " + t.Title
	if !res.Status.Behind() {
		return nil, conflict(ctx, "cases.err.task_not_behind", label, pr.T("status."+string(res.Status)))
	}
	open, err := s.db.Read().Cases(ctx, store.CaseFilter{TaskID: t.ID,
		States: []domain.CaseState{domain.CaseDraft, domain.CaseAssigned, domain.CaseWorking, domain.CaseReported}})
	if err != nil {
		return nil, err
	}
	if len(open) > 0 {
		return nil, conflict(ctx, "cases.err.task_has_case", label, open[0].Number)
	}
	st, err := s.caseSettings(ctx, s.db.Read())
	if err != nil {
		return nil, err
	}
	ts := TaskStatusOf(m, t, res)
	units := strings.Join(m.UnitNames(t.LeadUnitIDs), "、")
	var content string
	if res.Status == domain.StatusOverdue {
		content = pr.T("cases.task.content_overdue", t.Number, t.Title, units, t.Due.String(), today.String(), ts.Progress)
	} else {
		content = pr.T("cases.task.content_behind", t.Number, t.Title, units, today.String(), ts.Progress, deref(ts.Expected),
			deref(ts.Gap), pr.T("status."+string(res.Status)))
	}
	if res.Missed > 0 {
		content += pr.T("cases.task.missed", res.Missed)
	}
	if note := strings.TrimSpace(in.Note); note != "" {
		content += "\n" + note
	}
	ci := CaseInput{Title: pr.T("cases.task.title", t.Title), Content: content, Source: domain.CaseSourceTask, Urgency: in.Urgency,
		LeadUnitID: t.LeadUnitIDs[0], CoUnitIDs: append(append([]domain.ID{}, t.LeadUnitIDs[1:]...), t.CoUnitIDs...),
		TaskIDs: []domain.ID{t.ID}, LimitDays: in.LimitDays, LimitDate: in.LimitDate, Assign: in.Assign}
	if len(t.LeaderIDs) > 0 {
		ci.LeaderID = t.LeaderIDs[0]
	}
	if ci.Urgency == "" {
		ci.Urgency = domain.UrgencyNormal
		if res.Status != domain.StatusLagging {
			ci.Urgency = domain.UrgencyUrgent
		}
	}
	if ci.LimitDays == 0 && ci.LimitDate.IsZero() {
		ci.LimitDays = st.TaskCaseDays
	}
	return s.createCase(ctx, p, ci, pr.T("cases.task.origin", label, pr.T("status."+string(res.Status))))
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
